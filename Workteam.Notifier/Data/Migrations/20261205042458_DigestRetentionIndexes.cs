using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Notifier.Data.Migrations
{
    /// <inheritdoc />
    public partial class DigestRetentionIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_received_failures_digest_id",
                table: "received_failures");

            migrationBuilder.CreateIndex(
                name: "ix_received_failures_digest_id_occurred_at_message_id",
                table: "received_failures",
                columns: new[] { "digest_id", "occurred_at", "message_id" });

            migrationBuilder.CreateIndex(
                name: "ix_received_failures_pending_received_at",
                table: "received_failures",
                column: "received_at",
                filter: "digest_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_failure_digests_sent",
                table: "failure_digests",
                column: "sent_at",
                filter: "sent_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_received_failures_digest_id_occurred_at_message_id",
                table: "received_failures");

            migrationBuilder.DropIndex(
                name: "ix_received_failures_pending_received_at",
                table: "received_failures");

            migrationBuilder.DropIndex(
                name: "ix_failure_digests_sent",
                table: "failure_digests");

            migrationBuilder.CreateIndex(
                name: "ix_received_failures_digest_id",
                table: "received_failures",
                column: "digest_id");
        }
    }
}
