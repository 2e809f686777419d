using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Nurture.Flows;
using Nurture.Scoring;
using Nurture.Scoring.Model;
using Nurture.Server.Storage;
using Orleans.TestingHost;

namespace Nurture.Leads.Tests;

/// <summary>
/// An Orleans TestCluster whose grain storage is the AdoNet provider on a fresh PostgreSQL database
/// with our schema, so state really round-trips through PostgreSQL.
/// </summary>
/// <summary>
/// The one cluster the grain test classes share (its silo configurator reads the database from a static,
/// so two clusters in one test run would race for it).
/// </summary>
[CollectionDefinition(Name)]
public sealed class LeadCluster : ICollectionFixture<LeadClusterFixture>
{
    public const string Name = "lead cluster";
}

public sealed class LeadClusterFixture : IAsyncLifetime
{
    internal static string Postgres { get; private set; } = "";

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var admin = Environment.GetEnvironmentVariable("NURTURE_TEST_PG")
            ?? throw new InvalidOperationException("NURTURE_TEST_PG is not set: run the tests through deploy/local.sh test.");
        var name = $"nl_{Guid.NewGuid():N}"[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        Postgres = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        await PostgresSchema.ApplyAsync(Postgres);

        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<PostgresStorage>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class NoEmail : IFlowEmailSender
    {
        public Task<bool> QueueAsync(Abstractions.Leads.LeadState lead, string templateId, Guid sendId, string origin, CancellationToken cancellationToken) =>
            Task.FromResult(false);
    }

    private sealed class FirstChoice : IFlowEmailChooser
    {
        public Task<(string Template, string Reason)> ChooseAsync(string choiceKey, IReadOnlyList<string> templates) => Task.FromResult((templates[0], "first"));

        public Task RecordClickAsync(string choiceKey, string template) => Task.CompletedTask;
    }

    private sealed class PostgresStorage : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddAdoNetGrainStorage(StorageNames.Leads, o => { o.Invariant = "Npgsql"; o.ConnectionString = Postgres; o.DeleteStateOnClear = true; });
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddSingleton<Nurture.Leads.Segments.ISegmentCatalog>(new Nurture.Leads.Segments.StaticSegmentCatalog());
            silo.Services.AddSingleton(new FlowRunner(new StaticFlowCatalog(), new NoEmail(), new FirstChoice()));
            silo.Services.AddSingleton<IScoringModelSource>(new StaticScoringModelSource(ScoringModelParser.Default().WithVersion(1)));
        }
    }
}
