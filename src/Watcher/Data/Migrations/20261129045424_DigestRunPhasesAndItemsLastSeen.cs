using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watcher.Data.Migrations
{
    /// <inheritdoc />
    public partial class DigestRunPhasesAndItemsLastSeen : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_seen_at",
                table: "seen_items",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "checked_at",
                table: "digests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "destination",
                table: "digests",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "phase",
                table: "digests",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "phase_at",
                table: "digests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_seen_items_feed_id_last_seen_at",
                table: "seen_items",
                columns: new[] { "feed_id", "last_seen_at" });

            // "interrupted" was a run cut off at an unknown point: what "ambiguous" now means.
            migrationBuilder.Sql("UPDATE digests SET status = 'ambiguous' WHERE status = 'interrupted'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_seen_items_feed_id_last_seen_at",
                table: "seen_items");

            migrationBuilder.DropColumn(
                name: "last_seen_at",
                table: "seen_items");

            migrationBuilder.DropColumn(
                name: "checked_at",
                table: "digests");

            migrationBuilder.DropColumn(
                name: "destination",
                table: "digests");

            migrationBuilder.DropColumn(
                name: "phase",
                table: "digests");

            migrationBuilder.DropColumn(
                name: "phase_at",
                table: "digests");
        }
    }
}
