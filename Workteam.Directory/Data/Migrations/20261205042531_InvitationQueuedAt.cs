using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class InvitationQueuedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "queued_at",
                table: "invitations",
                type: "timestamp with time zone",
                nullable: true);

            // Until now an invitation counted as sent once its email was queued.
            migrationBuilder.Sql("UPDATE invitations SET queued_at = sent_at WHERE sent_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "queued_at",
                table: "invitations");
        }
    }
}
