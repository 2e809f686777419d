using Nurture.EventStore;
using Nurture.Scoring;
using Nurture.Scoring.Predictive;

namespace Nurture.Server.Scoring;

/// <summary>Registers the scoring model and the predictive model (kept in PostgreSQL), training sets, previews, and score changes for ClickHouse.</summary>
public static class ScoringRegistration
{
    public static IServiceCollection AddScoring(this IServiceCollection services)
    {
        services.AddSingleton<PostgresScoringModelStore>();
        services.AddSingleton<IScoringModelSource>(sp => sp.GetRequiredService<PostgresScoringModelStore>());
        services.AddSingleton<PostgresPredictiveModelStore>();
        services.AddSingleton<IPredictiveModelSource>(sp => sp.GetRequiredService<PostgresPredictiveModelStore>());
        services.AddSingleton<OutcomeTrainingSet>();
        services.AddSingleton<PredictiveUploadStore>();
        services.AddSingleton<ScoringModelPreview>();
        // Score changes get a spool of their own beside the events' (one consumer: ClickHouse); the spooler is
        // the first observer of every change.
        services.AddTableSpool(ScoreChangeSpooler.SpoolKey, new ScoreChangesTable());
        services.AddSingleton<IScoreChangeObserver, ScoreChangeSpooler>();
        // The models are loaded before the silo starts (see NurtureHost.AddNurture).
        services.AddHostedService(sp => sp.GetRequiredService<PostgresScoringModelStore>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresPredictiveModelStore>());
        return services;
    }
}
