using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class MemberAndTeamSearchKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "name_key",
                table: "teams",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(coalesce(display_name, ''))",
                stored: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "display_name_key",
                table: "accounts",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(display_name)",
                stored: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "email_key",
                table: "accounts",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(email)",
                stored: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "sort_key",
                table: "accounts",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(coalesce(display_name, email, user_name, ''))",
                stored: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "user_name_key",
                table: "accounts",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(user_name)",
                stored: true,
                collation: "C");

            migrationBuilder.CreateIndex(
                name: "ix_teams_name",
                table: "teams",
                columns: new[] { "organization_id", "name_key", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_display_name_key",
                table: "accounts",
                columns: new[] { "organization_id", "display_name_key" });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_email_key",
                table: "accounts",
                columns: new[] { "organization_id", "email_key" });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_sort",
                table: "accounts",
                columns: new[] { "organization_id", "sort_key", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_user_name_key",
                table: "accounts",
                columns: new[] { "organization_id", "user_name_key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_teams_name",
                table: "teams");

            migrationBuilder.DropIndex(
                name: "ix_accounts_display_name_key",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "ix_accounts_email_key",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "ix_accounts_sort",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "ix_accounts_user_name_key",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "name_key",
                table: "teams");

            migrationBuilder.DropColumn(
                name: "display_name_key",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "email_key",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "sort_key",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "user_name_key",
                table: "accounts");
        }
    }
}
