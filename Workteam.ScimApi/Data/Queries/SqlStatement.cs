using Npgsql;

namespace Workteam.ScimApi.Data.Queries;

/// <summary>One SQL statement and its parameters (each parameter belongs to this statement only).</summary>
public sealed record SqlStatement(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);
