using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watcher.Data.Migrations
{
    /// <inheritdoc />
    public partial class DigestRejectedRecipients : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "rejected_recipients",
                table: "digests",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "rejected_recipients",
                table: "digests");
        }
    }
}
