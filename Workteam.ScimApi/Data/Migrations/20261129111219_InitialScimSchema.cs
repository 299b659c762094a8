using System;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Workteam.ScimApi.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialScimSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    payload = table.Column<JsonDocument>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scim_groups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    display_name = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    external_id = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_modified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scim_groups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scim_users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_name = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    external_id = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    manager_id = table.Column<Guid>(type: "uuid", nullable: true),
                    email_values = table.Column<string[]>(type: "text[]", nullable: false),
                    resource = table.Column<JsonDocument>(type: "jsonb", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_modified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scim_users", x => x.id);
                    table.ForeignKey(
                        name: "fk_scim_users_scim_users_manager_id",
                        column: x => x.manager_id,
                        principalTable: "scim_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "scim_group_members",
                columns: table => new
                {
                    group_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scim_group_members", x => new { x.group_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_scim_group_members_scim_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "scim_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_scim_group_members_users_user_id",
                        column: x => x.user_id,
                        principalTable: "scim_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_message_id",
                table: "outbox_messages",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages",
                column: "id",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_scim_group_members_user_id",
                table: "scim_group_members",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_scim_groups_organization_id_created_at_id",
                table: "scim_groups",
                columns: new[] { "organization_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_scim_groups_organization_id_external_id",
                table: "scim_groups",
                columns: new[] { "organization_id", "external_id" });

            migrationBuilder.CreateIndex(
                name: "ix_scim_users_email_values",
                table: "scim_users",
                column: "email_values")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_scim_users_manager_id",
                table: "scim_users",
                column: "manager_id");

            migrationBuilder.CreateIndex(
                name: "ix_scim_users_organization_id_created_at_id",
                table: "scim_users",
                columns: new[] { "organization_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_scim_users_organization_id_external_id",
                table: "scim_users",
                columns: new[] { "organization_id", "external_id" });

            // Case-insensitive uniqueness per organization, enforced by the database even under concurrent creates.
            migrationBuilder.Sql(
                "CREATE UNIQUE INDEX ux_scim_users_organization_user_name ON scim_users (organization_id, lower(user_name));");
            migrationBuilder.Sql(
                "CREATE UNIQUE INDEX ux_scim_groups_organization_display_name ON scim_groups (organization_id, lower(display_name));");

            // Wakes the outbox relays of every replica when outbox rows commit (delivered at commit, once per transaction).
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_scim_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('scim_outbox', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER outbox_messages_notify AFTER INSERT ON outbox_messages
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_scim_outbox();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "scim_group_members");

            migrationBuilder.DropTable(
                name: "scim_groups");

            migrationBuilder.DropTable(
                name: "scim_users");
        }
    }
}
