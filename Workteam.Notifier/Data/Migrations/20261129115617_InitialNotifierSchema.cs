using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Notifier.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialNotifierSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "failure_digests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_name = table.Column<string>(type: "text", nullable: false),
                    recipient = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_failure_digests", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "received_failures",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    operation = table.Column<string>(type: "text", nullable: false),
                    subject = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    digest_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_received_failures", x => x.message_id);
                    table.ForeignKey(
                        name: "fk_received_failures_failure_digests_digest_id",
                        column: x => x.digest_id,
                        principalTable: "failure_digests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_failure_digests_organization_id_sent_at",
                table: "failure_digests",
                columns: new[] { "organization_id", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_failure_digests_unsent",
                table: "failure_digests",
                column: "next_attempt_at",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_received_failures_digest_id",
                table: "received_failures",
                column: "digest_id");

            migrationBuilder.CreateIndex(
                name: "ix_received_failures_pending",
                table: "received_failures",
                column: "organization_id",
                filter: "digest_id IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "received_failures");

            migrationBuilder.DropTable(
                name: "failure_digests");
        }
    }
}
