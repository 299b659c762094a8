using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workteam.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class SamlSignIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "saml_assertion_uses",
                columns: table => new
                {
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    assertion_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    keep_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saml_assertion_uses", x => new { x.organization_id, x.assertion_id });
                    table.ForeignKey(
                        name: "fk_saml_assertion_uses_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "saml_requests",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    relay_state = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    consumed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saml_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_saml_requests_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "saml_settings",
                columns: table => new
                {
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    required = table.Column<bool>(type: "boolean", nullable: false),
                    idp_entity_id = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    idp_sign_on_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    idp_certificates = table.Column<List<string>>(type: "text[]", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by_account_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saml_settings", x => x.organization_id);
                    table.ForeignKey(
                        name: "fk_saml_settings_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_saml_assertion_uses_keep_until",
                table: "saml_assertion_uses",
                column: "keep_until");

            migrationBuilder.CreateIndex(
                name: "ix_saml_requests_expires_at",
                table: "saml_requests",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_saml_requests_organization_id",
                table: "saml_requests",
                column: "organization_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "saml_assertion_uses");

            migrationBuilder.DropTable(
                name: "saml_requests");

            migrationBuilder.DropTable(
                name: "saml_settings");
        }
    }
}
