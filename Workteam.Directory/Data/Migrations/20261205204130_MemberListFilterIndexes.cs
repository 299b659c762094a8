using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class MemberListFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_accounts_managed",
                table: "accounts",
                columns: new[] { "organization_id", "sort_key", "id" },
                filter: "scim_user_id IS NOT NULL AND NOT deleted");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_role",
                table: "accounts",
                columns: new[] { "organization_id", "role", "sort_key", "id" },
                filter: "NOT deleted");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_status",
                table: "accounts",
                columns: new[] { "organization_id", "status", "sort_key", "id" },
                filter: "NOT deleted");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_workteam_only",
                table: "accounts",
                columns: new[] { "organization_id", "sort_key", "id" },
                filter: "scim_user_id IS NULL AND NOT deleted");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_accounts_managed",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "ix_accounts_role",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "ix_accounts_status",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "ix_accounts_workteam_only",
                table: "accounts");
        }
    }
}
