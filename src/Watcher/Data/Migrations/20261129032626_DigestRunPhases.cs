using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watcher.Data.Migrations
{
    /// <inheritdoc />
    public partial class DigestRunPhases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            // "interrupted" was a run cut off at an unknown point: what "ambiguous" now means.
            migrationBuilder.Sql("UPDATE digests SET status = 'ambiguous' WHERE status = 'interrupted'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE digests SET status = 'interrupted' WHERE status = 'ambiguous'");

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
