using Microsoft.EntityFrameworkCore;

namespace Watcher.Data;

public sealed class WatcherDbContext(DbContextOptions<WatcherDbContext> options) : DbContext(options)
{
    public DbSet<Feed> Feeds => Set<Feed>();
    public DbSet<SeenItem> SeenItems => Set<SeenItem>();
    public DbSet<Hit> Hits => Set<Hit>();
    public DbSet<Keyword> Keywords => Set<Keyword>();
    public DbSet<DigestRun> Digests => Set<DigestRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Feed>(feed =>
        {
            feed.HasIndex(f => f.Url).IsUnique();
            feed.Property(f => f.Url).HasMaxLength(2048);
        });
        modelBuilder.Entity<SeenItem>(seen =>
        {
            seen.HasIndex(s => new { s.FeedId, s.Identity }).IsUnique();
            seen.HasOne<Feed>().WithMany().HasForeignKey(s => s.FeedId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Hit>(hit =>
        {
            hit.HasOne(h => h.Feed).WithMany().HasForeignKey(h => h.FeedId).OnDelete(DeleteBehavior.Cascade);
            hit.HasOne(h => h.Digest).WithMany().HasForeignKey(h => h.DigestId).OnDelete(DeleteBehavior.SetNull);
            // The digest job's question: which hits are still pending?
            hit.HasIndex(h => h.DigestId);
        });
        modelBuilder.Entity<Keyword>(keyword => keyword.HasIndex(k => k.Term).IsUnique());
        modelBuilder.Entity<DigestRun>(digest => digest.HasIndex(d => d.MessageId).IsUnique());

        SnakeCaseNames.Apply(modelBuilder);
    }
}
