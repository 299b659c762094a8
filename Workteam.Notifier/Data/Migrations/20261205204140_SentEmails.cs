using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Notifier.Data.Migrations
{
    /// <inheritdoc />
    public partial class SentEmails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sent_emails",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claimed_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    claim_id = table.Column<Guid>(type: "uuid", nullable: false),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    server_response = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    repeats = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sent_emails", x => x.message_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sent_emails_accepted",
                table: "sent_emails",
                column: "accepted_at",
                filter: "accepted_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sent_emails");
        }
    }
}
