namespace Workteam.ScimApi.Data;

public static class ScimLimits
{
    /// <summary>Longest string attribute stored in an indexed column.</summary>
    public const int MaxStringLength = 1024;
}
