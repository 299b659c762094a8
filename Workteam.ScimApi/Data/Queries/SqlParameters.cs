using Npgsql;
using NpgsqlTypes;

namespace Workteam.ScimApi.Data.Queries;

/// <summary>The parameters of one SQL statement under construction; values never enter the SQL text.</summary>
public sealed class SqlParameters
{
    private readonly List<NpgsqlParameter> _parameters = [];

    public IReadOnlyList<NpgsqlParameter> All => _parameters;

    public string Add(object value, NpgsqlDbType type)
    {
        var name = $"p{_parameters.Count}";
        _parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        return "@" + name;
    }

    public NpgsqlParameter[] ToArray() => [.. _parameters];
}
