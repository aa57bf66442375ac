using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Watcher.Data;

/// <remarks>
/// Also the Data Protection key store: every instance and every CLI process signs and reads digest links
/// with the same keys, and the keys survive restarts.
/// </remarks>
public sealed class WatcherDbContext(DbContextOptions<WatcherDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Feed> Feeds => Set<Feed>();
    public DbSet<SeenItem> SeenItems => Set<SeenItem>();
    public DbSet<Hit> Hits => Set<Hit>();
    public DbSet<Keyword> Keywords => Set<Keyword>();
    public DbSet<DigestRun> Digests => Set<DigestRun>();
    public DbSet<DigestHit> DigestHits => Set<DigestHit>();
    public DbSet<KeywordChange> KeywordChanges => Set<KeywordChange>();
    public DbSet<Feedback> Feedback => Set<Feedback>();
    public DbSet<AdminUser> AdminUsers => Set<AdminUser>();
    public DbSet<ListOptOut> ListOptOuts => Set<ListOptOut>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Feed>(feed =>
        {
            feed.HasIndex(f => f.Url).IsUnique();
            feed.Property(f => f.Url).HasMaxLength(2048);
            feed.Property(f => f.Label).HasMaxLength(Feed.MaxLabelChars);
            feed.Property(f => f.ClaimedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<SeenItem>(seen =>
        {
            seen.HasIndex(s => new { s.FeedId, s.Identity }).IsUnique();
            seen.HasIndex(s => new { s.FeedId, s.LinkIdentity });
            // Background corpus and dry runs read recent items.
            seen.HasIndex(s => s.FirstSeenAt);
            // Rows stored before the column existed count as seen when it was added: never forgotten early.
            seen.Property(s => s.LastSeenAt).HasDefaultValueSql("now()");
            // Retention looks for a feed's items by how recently the feed carried them.
            seen.HasIndex(s => new { s.FeedId, s.LastSeenAt });
            seen.HasOne<Feed>().WithMany().HasForeignKey(s => s.FeedId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Hit>(hit =>
        {
            hit.HasOne(h => h.Feed).WithMany().HasForeignKey(h => h.FeedId).OnDelete(DeleteBehavior.Cascade);
            hit.HasIndex(h => h.FoundAt);
        });
        modelBuilder.Entity<Keyword>(keyword => keyword.HasIndex(k => k.Term).IsUnique());
        modelBuilder.Entity<DigestRun>(digest =>
        {
            digest.HasIndex(d => d.MessageId).IsUnique();
            digest.HasIndex(d => new { d.ListName, d.CreatedAt });
        });
        modelBuilder.Entity<DigestHit>(claim =>
        {
            claim.HasKey(c => new { c.DigestId, c.HitId });
            claim.HasIndex(c => new { c.ListName, c.HitId }).IsUnique();
            claim.HasOne<DigestRun>().WithMany().HasForeignKey(c => c.DigestId).OnDelete(DeleteBehavior.Cascade);
            claim.HasOne<Hit>().WithMany().HasForeignKey(c => c.HitId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<KeywordChange>(change => change.HasIndex(c => c.At));
        modelBuilder.Entity<Feedback>(feedback =>
        {
            feedback.ToTable(t => t.HasCheckConstraint("ck_feedback_label", "label IN ('relevant', 'irrelevant')"));
            feedback.Property(f => f.Label).HasMaxLength(16);
            feedback.Property(f => f.Source).HasMaxLength(40);
            // Labelling the same article again (same source and recipient) updates the row; a CLI label has no recipient.
            feedback.HasIndex(f => new { f.Source, f.Recipient, f.SubjectKey }).IsUnique().AreNullsDistinct(false);
            feedback.HasIndex(f => f.CreatedAt);
            // Retention may prune items and hits: the label keeps its copied text and loses only the reference.
            feedback.HasOne<SeenItem>().WithMany().HasForeignKey(f => f.SeenItemId).OnDelete(DeleteBehavior.SetNull);
            feedback.HasOne<Hit>().WithMany().HasForeignKey(f => f.HitId).OnDelete(DeleteBehavior.SetNull);
        });
        modelBuilder.Entity<ListOptOut>(optOut =>
        {
            optOut.HasIndex(o => new { o.ListName, o.Address }).IsUnique();
            optOut.Property(o => o.ListName).HasMaxLength(40);
            optOut.Property(o => o.Method).HasMaxLength(20);
        });

        modelBuilder.Entity<AdminUser>(user =>
        {
            user.HasIndex(u => u.Name).IsUnique();
            user.Property(u => u.Name).HasMaxLength(AdminUser.MaxNameChars);
        });

        SnakeCaseNames.Apply(modelBuilder);
    }
}
