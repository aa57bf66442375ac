using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Watcher.Data.Migrations
{
    /// <inheritdoc />
    public partial class DigestListsKeywordHistoryItemText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.AddColumn<string>(
                name: "link",
                table: "seen_items",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "link_identity",
                table: "seen_items",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "published_at",
                table: "seen_items",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "summary",
                table: "seen_items",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "title",
                table: "seen_items",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "published_estimated",
                table: "hits",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "disabled_reason",
                table: "feeds",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_full_fetch_at",
                table: "feeds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_new_item_at",
                table: "feeds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "min_poll_interval",
                table: "feeds",
                type: "interval",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "html_body",
                table: "digests",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "digests",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "list_name",
                table: "digests",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "resend_of",
                table: "digests",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "text_body",
                table: "digests",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "digest_hits",
                columns: table => new
                {
                    digest_id = table.Column<long>(type: "bigint", nullable: false),
                    hit_id = table.Column<long>(type: "bigint", nullable: false),
                    list_name = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_digest_hits", x => new { x.digest_id, x.hit_id });
                    table.ForeignKey(
                        name: "fk_digest_hits_digests_digest_id",
                        column: x => x.digest_id,
                        principalTable: "digests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_digest_hits_hits_hit_id",
                        column: x => x.hit_id,
                        principalTable: "hits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Hits already sent keep their digest: the old column becomes rows of the default list.
            migrationBuilder.Sql(
                "INSERT INTO digest_hits (digest_id, hit_id, list_name) SELECT digest_id, id, 'desk' FROM hits WHERE digest_id IS NOT NULL;");

            migrationBuilder.DropForeignKey(
                name: "fk_hits_digests_digest_id",
                table: "hits");

            migrationBuilder.DropIndex(
                name: "ix_hits_digest_id",
                table: "hits");

            migrationBuilder.DropColumn(
                name: "digest_id",
                table: "hits");

            migrationBuilder.CreateTable(
                name: "keyword_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    term = table.Column<string>(type: "text", nullable: false),
                    action = table.Column<string>(type: "text", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    old_weight = table.Column<double>(type: "double precision", nullable: true),
                    new_weight = table.Column<double>(type: "double precision", nullable: true),
                    old_facet = table.Column<string>(type: "text", nullable: true),
                    new_facet = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_keyword_changes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_seen_items_feed_id_link_identity",
                table: "seen_items",
                columns: new[] { "feed_id", "link_identity" });

            migrationBuilder.CreateIndex(
                name: "ix_seen_items_first_seen_at",
                table: "seen_items",
                column: "first_seen_at");

            migrationBuilder.CreateIndex(
                name: "ix_hits_found_at",
                table: "hits",
                column: "found_at");

            migrationBuilder.CreateIndex(
                name: "ix_digests_list_name_created_at",
                table: "digests",
                columns: new[] { "list_name", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_digest_hits_hit_id",
                table: "digest_hits",
                column: "hit_id");

            migrationBuilder.CreateIndex(
                name: "ix_digest_hits_list_name_hit_id",
                table: "digest_hits",
                columns: new[] { "list_name", "hit_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_keyword_changes_at",
                table: "keyword_changes",
                column: "at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "digest_hits");

            migrationBuilder.DropTable(
                name: "keyword_changes");

            migrationBuilder.DropIndex(
                name: "ix_seen_items_feed_id_link_identity",
                table: "seen_items");

            migrationBuilder.DropIndex(
                name: "ix_seen_items_first_seen_at",
                table: "seen_items");

            migrationBuilder.DropIndex(
                name: "ix_hits_found_at",
                table: "hits");

            migrationBuilder.DropIndex(
                name: "ix_digests_list_name_created_at",
                table: "digests");

            migrationBuilder.DropColumn(
                name: "link",
                table: "seen_items");

            migrationBuilder.DropColumn(
                name: "link_identity",
                table: "seen_items");

            migrationBuilder.DropColumn(
                name: "published_at",
                table: "seen_items");

            migrationBuilder.DropColumn(
                name: "summary",
                table: "seen_items");

            migrationBuilder.DropColumn(
                name: "title",
                table: "seen_items");

            migrationBuilder.DropColumn(
                name: "published_estimated",
                table: "hits");

            migrationBuilder.DropColumn(
                name: "disabled_reason",
                table: "feeds");

            migrationBuilder.DropColumn(
                name: "last_full_fetch_at",
                table: "feeds");

            migrationBuilder.DropColumn(
                name: "last_new_item_at",
                table: "feeds");

            migrationBuilder.DropColumn(
                name: "min_poll_interval",
                table: "feeds");

            migrationBuilder.DropColumn(
                name: "html_body",
                table: "digests");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "digests");

            migrationBuilder.DropColumn(
                name: "list_name",
                table: "digests");

            migrationBuilder.DropColumn(
                name: "resend_of",
                table: "digests");

            migrationBuilder.DropColumn(
                name: "text_body",
                table: "digests");

            migrationBuilder.AddColumn<long>(
                name: "digest_id",
                table: "hits",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_hits_digest_id",
                table: "hits",
                column: "digest_id");

            migrationBuilder.AddForeignKey(
                name: "fk_hits_digests_digest_id",
                table: "hits",
                column: "digest_id",
                principalTable: "digests",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }
    }
}
