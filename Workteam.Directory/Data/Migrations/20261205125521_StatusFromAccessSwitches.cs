using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class StatusFromAccessSwitches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The status becomes what PostgreSQL computes from the switches (decision 0019), so that it can never
            // disagree with them. A column cannot be altered into a generated one: it is dropped and added back, with
            // the values the switches that migration AccessSwitches filled give (the same as before).
            migrationBuilder.Sql("ALTER TABLE accounts DROP COLUMN status");
            migrationBuilder.Sql("""
                ALTER TABLE accounts ADD COLUMN status character varying(20) NOT NULL
                    GENERATED ALWAYS AS (CASE WHEN entra_active AND NOT suspended_by_admin AND NOT deleted THEN 'Active' ELSE 'Suspended' END) STORED
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE accounts ALTER COLUMN status DROP EXPRESSION");
        }
    }
}
