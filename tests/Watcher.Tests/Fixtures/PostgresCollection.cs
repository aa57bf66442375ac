using Xunit;

namespace Watcher.Tests.Fixtures;

/// <summary>
/// Test classes marked <c>[Collection(PostgresCollection.Name)]</c> share one cluster and receive
/// <see cref="PostgresServer"/> in their constructor. Classes in one collection run one after another;
/// the collections below run beside each other, each with a cluster of its own (every test still makes
/// its own database), so that the suite's waits on processes, browsers and mail overlap.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}

/// <summary>Tests that run the service or kill `watcher` processes.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresProcessCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL, processes";
}

/// <summary>Admin commands run as processes.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCommandCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL, commands";
}

/// <summary>The admin pages in Chromium and over HTTP.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresAdminCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL, admin pages";
}

/// <summary>Digests, their links and pages.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresWebCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL, web";
}
