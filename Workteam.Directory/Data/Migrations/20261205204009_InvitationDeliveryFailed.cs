using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class InvitationDeliveryFailed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "delivery_failed_at",
                table: "invitations",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "delivery_failed_at",
                table: "invitations");
        }
    }
}
