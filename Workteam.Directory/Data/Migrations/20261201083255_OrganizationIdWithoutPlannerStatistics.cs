using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrganizationIdWithoutPlannerStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The planner must never think an organization holds a single row (what statistics gathered before a new
            // organization's initial sync say of it): it would then look a resource up by id through an organization
            // index and read the whole organization. Without statistics on organization_id, every organization counts
            // as 0.5% of the table. Changing the column to its own type drops the statistics gathered so far without
            // rewriting the table. See docs/decisions/0009-planner-statistics-and-prepared-statements.md.
            migrationBuilder.Sql("ALTER TABLE accounts ALTER COLUMN organization_id SET STATISTICS 0");
            migrationBuilder.Sql("ALTER TABLE accounts ALTER COLUMN organization_id TYPE uuid");
            migrationBuilder.DropIndex(
                name: "ix_accounts_organization_id",
                table: "accounts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE accounts ALTER COLUMN organization_id SET STATISTICS -1");
            migrationBuilder.CreateIndex(
                name: "ix_accounts_organization_id",
                table: "accounts",
                column: "organization_id");
        }
    }
}
