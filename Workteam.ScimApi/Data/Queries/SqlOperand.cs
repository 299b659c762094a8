namespace Workteam.ScimApi.Data.Queries;

internal enum SqlOperandType { Text, Boolean, DateTime, Number, Uuid, Complex }

/// <summary>A SQL expression standing for one attribute value, with what comparing it needs to know.</summary>
internal sealed record SqlOperand(string Sql, SqlOperandType Type, bool CaseExact = false)
{
    /// <summary>The expression as compared and sorted: lower-cased unless the attribute is case-exact.</summary>
    public string Folded => Type == SqlOperandType.Text && !CaseExact ? $"lower({Sql})" : Sql;
}

/// <summary>
/// How the elements of a multi-valued attribute are reached in SQL: an EXISTS over some rows, in which each
/// sub-attribute is an operand.
/// </summary>
internal sealed record SqlElementSource(string ExistsPrefix, Func<string, SqlOperand?> SubAttribute);
