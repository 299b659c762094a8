using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccessSwitches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "entra_active",
                table: "accounts",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "role_from_entra",
                table: "accounts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "status_changed_at",
                table: "accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "status_changed_by",
                table: "accounts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "suspended_by_admin",
                table: "accounts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Directory did not record which side suspended an account (decision 0019): Entra's for the accounts it
            // manages, so that no admin can give a leaver access back; the admins' for the others.
            migrationBuilder.Sql("UPDATE accounts SET entra_active = false WHERE status = 'Suspended' AND scim_user_id IS NOT NULL");
            migrationBuilder.Sql("UPDATE accounts SET suspended_by_admin = true WHERE status = 'Suspended' AND scim_user_id IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "entra_active",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "role_from_entra",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "status_changed_at",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "status_changed_by",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "suspended_by_admin",
                table: "accounts");
        }
    }
}
