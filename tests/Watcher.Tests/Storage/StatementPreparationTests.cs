using Npgsql;
using Watcher.Data;
using Xunit;

namespace Watcher.Tests.Storage;

/// <summary>Watcher prepares the statements it repeats unless the connection string says otherwise.</summary>
public sealed class StatementPreparationTests
{
    [Fact]
    public void AConnectionStringWithoutMaxAutoPrepareGetsWatchersDefault()
    {
        var prepared = StorageServices.WithStatementPreparation("Host=db.example;Database=watcher;Username=watcher");

        var builder = new NpgsqlConnectionStringBuilder(prepared);
        Assert.Equal(StorageServices.DefaultMaxAutoPrepare, builder.MaxAutoPrepare);
        Assert.Equal(("db.example", "watcher", "watcher"), (builder.Host, builder.Database, builder.Username));
    }

    [Theory]
    [InlineData("Host=db.example;Max Auto Prepare=0", 0)]
    [InlineData("Host=db.example;MaxAutoPrepare=5", 5)]
    public void TheConnectionStringsOwnSettingIsKept(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(StorageServices.WithStatementPreparation(connectionString)).MaxAutoPrepare);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a connection string")]
    public void AMissingOrBrokenConnectionStringIsLeftForValidationToName(string? connectionString) =>
        Assert.Equal(connectionString, StorageServices.WithStatementPreparation(connectionString));
}
