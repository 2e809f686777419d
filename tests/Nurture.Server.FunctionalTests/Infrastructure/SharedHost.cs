namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// One host shared by the test classes that need no isolation (no settings of their own, no faults): a
/// class joins with <c>[Collection(SharedHost.Name)]</c> and takes <see cref="NurtureApp"/> in its
/// constructor. Such classes run one after another, on one silo and one pair of databases, so each
/// test keeps to its own visitors, emails, leads, flow triggers and templates, and reads what counts the
/// whole workspace (the funnel, a rep's inbox) as what it added or filtered to its own. A class that changes
/// what every lead sees (the scoring model, a predictive model), counts all of something, or needs its reps
/// to be the only ones keeps a host of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedHost : ICollectionFixture<NurtureApp>
{
    public const string Name = "shared host";
}
