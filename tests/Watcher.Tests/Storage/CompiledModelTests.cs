using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Watcher.Data;
using Watcher.Data.CompiledModel;
using Xunit;

namespace Watcher.Tests.Storage;

/// <summary>
/// Watcher runs on the committed compiled model (Data/CompiledModel), not on a model built from the entity
/// classes at every start. A change to the entities or to OnModelCreating without running
/// `dotnet ef dbcontext optimize` again fails here instead of running on a stale model.
/// </summary>
public sealed class CompiledModelTests
{
    [Fact]
    public void TheCompiledModelIsTheOneTheCodeDescribes()
    {
        // No server: neither model needs a connection.
        using var db = new WatcherDbContext(new DbContextOptionsBuilder<WatcherDbContext>().UseNpgsql("Host=127.0.0.1;Database=watcher").Options);

        Assert.IsType<WatcherDbContextModel>(db.Model);
        var fromCode = db.GetService<IDesignTimeModel>().Model;
        // Entity types, properties, keys, relationships and indexes; then what they map to in the database.
        Assert.Equal(fromCode.ToDebugString(MetadataDebugStringOptions.IncludePropertyIndexes), db.Model.ToDebugString(MetadataDebugStringOptions.IncludePropertyIndexes));
        Assert.Equal(Schema(fromCode.GetRelationalModel()), Schema(db.Model.GetRelationalModel()));
    }

    private static List<string> Schema(IRelationalModel model) =>
        model.Tables.SelectMany(table =>
                table.Columns.Select(c => $"{table.Name}.{c.Name} {c.StoreType}{(c.IsNullable ? " null" : "")}")
                    .Concat(table.Indexes.Select(i => $"{table.Name} index {i.Name} ({string.Join(", ", i.Columns.Select(c => c.Name))}){(i.IsUnique ? " unique" : "")}"))
                    .Concat(table.ForeignKeyConstraints.Select(f => $"{table.Name} fk {f.Name} -> {f.PrincipalTable.Name} {f.OnDeleteAction}"))
                    .Prepend($"{table.Name} pk {table.PrimaryKey?.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();
}
