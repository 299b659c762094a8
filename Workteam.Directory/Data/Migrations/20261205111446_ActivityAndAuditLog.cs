using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class ActivityAndAuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_scim_write_at",
                table: "organizations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    target = table.Column<string>(type: "text", nullable: true),
                    target_account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    detail = table.Column<string>(type: "text", nullable: true),
                    actor_key = table.Column<string>(type: "text", nullable: true, computedColumnSql: "lower(actor)", stored: true, collation: "C"),
                    target_key = table.Column<string>(type: "text", nullable: true, computedColumnSql: "lower(target)", stored: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                    table.ForeignKey(
                        name: "fk_audit_log_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "provisioning_activity",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    operation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    resource_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    scim_id = table.Column<Guid>(type: "uuid", nullable: true),
                    external_id = table.Column<string>(type: "text", nullable: true),
                    subject = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    detail = table.Column<string>(type: "text", nullable: true),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome_detail = table.Column<string>(type: "text", nullable: true),
                    trace_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    subject_key = table.Column<string>(type: "text", nullable: true, computedColumnSql: "lower(subject)", stored: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provisioning_activity", x => x.id);
                    table.ForeignKey(
                        name: "fk_provisioning_activity_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_actor",
                table: "audit_log",
                columns: new[] { "organization_id", "actor_key" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                table: "audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_newest",
                table: "audit_log",
                columns: new[] { "organization_id", "at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_organization_id_target_account_id",
                table: "audit_log",
                columns: new[] { "organization_id", "target_account_id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_target",
                table: "audit_log",
                columns: new[] { "organization_id", "target_key" });

            migrationBuilder.CreateIndex(
                name: "ix_provisioning_activity_at",
                table: "provisioning_activity",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_provisioning_activity_failures",
                table: "provisioning_activity",
                columns: new[] { "organization_id", "at", "id" },
                descending: new[] { false, true, true },
                filter: "outcome IN ('Failed', 'Refused')");

            migrationBuilder.CreateIndex(
                name: "ix_provisioning_activity_resource",
                table: "provisioning_activity",
                columns: new[] { "organization_id", "scim_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_provisioning_activity_subject",
                table: "provisioning_activity",
                columns: new[] { "organization_id", "subject_key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "provisioning_activity");

            migrationBuilder.DropColumn(
                name: "last_scim_write_at",
                table: "organizations");
        }
    }
}
