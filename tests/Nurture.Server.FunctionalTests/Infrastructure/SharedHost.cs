namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// One host shared by the test classes that need no isolation (no settings of their own, no faults): a
/// class joins with <c>[Collection(SharedHost.Name)]</c> and takes <see cref="NurtureApp"/> in its
/// constructor. Such classes run one after another, on one silo and one pair of databases, so each
/// test keeps to its own visitors, emails and leads.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedHost : ICollectionFixture<NurtureApp>
{
    public const string Name = "shared host";
}
