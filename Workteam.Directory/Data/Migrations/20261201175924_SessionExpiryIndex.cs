using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionExpiryIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_sessions_expires_at",
                table: "sessions",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sessions_expires_at",
                table: "sessions");
        }
    }
}
