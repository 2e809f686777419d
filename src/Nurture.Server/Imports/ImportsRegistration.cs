namespace Nurture.Server.Imports;

/// <summary>Registers customer-list imports: their store, previews, the email index they match against, and the runner.</summary>
public static class ImportsRegistration
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration("Nurture:Imports");
        services.AddSingleton<ImportStore>();
        services.AddSingleton<ImportEmailIndex>();
        services.AddSingleton<ImportPreviewer>();
        return services;
    }

    /// <summary>The runner writes rows into lead grains, so after the silo.</summary>
    public static IServiceCollection AddImportsWorkers(this IServiceCollection services) => services.AddHostedService<ImportRunner>();
}
