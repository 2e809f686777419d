using Npgsql;

namespace Nurture.Server.Storage;

/// <summary>Registers PostgreSQL: the data source, the cluster's secrets, and the database step that runs first at start.</summary>
public static class StorageRegistration
{
    /// <summary>
    /// The data source and <see cref="ClusterSecrets"/>, and <see cref="DatabaseStartup"/> (the schema, then the
    /// secrets) as a hosted service: the host registers this before any other hosted service, so it starts first.
    /// </summary>
    /// <param name="postgres">The connection string from <see cref="PostgresConnectionString.FromConfiguration"/>.</param>
    public static IServiceCollection AddStorage(this IServiceCollection services, string postgres)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(postgres));
        services.AddSingleton<ClusterSecrets>();
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DatabaseStartup>(sp, postgres));
        return services;
    }
}
