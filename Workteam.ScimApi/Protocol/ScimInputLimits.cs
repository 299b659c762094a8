namespace Workteam.ScimApi.Protocol;

/// <summary>Size limits on what a SCIM client may send; larger input is refused with 400 invalidValue.</summary>
public static class ScimInputLimits
{
    public const int MaxStringLength = 1024;

    /// <summary>Binary values (base64 X.509 certificates) are longer than ordinary strings.</summary>
    public const int MaxBinaryLength = 16384;

    public const int MaxMultiValuedElements = 100;

    /// <summary>Member values in one request, over all its operations.</summary>
    public const int MaxGroupMembersPerRequest = 10000;

    /// <summary>Operations in one PATCH request: Entra sends a handful; more only make one request hold its locks longer.</summary>
    public const int MaxPatchOperations = 1000;
}
