using Xunit;

namespace Watcher.Tests.Fixtures;

/// <summary>
/// Test classes marked <c>[Collection(PostgresCollection.Name)]</c> share one cluster and receive
/// <see cref="PostgresServer"/> in their constructor.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
