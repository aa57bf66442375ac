using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Watcher.Data.Migrations
{
    /// <inheritdoc />
    public partial class KeywordConcepts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "concept",
                table: "keywords",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "concept",
                table: "keywords");
        }
    }
}
