namespace Workteam.Directory.Provisioning.Guard;

public enum GuardDecision
{
    Apply,

    /// <summary>Hold it, and tell the admins: this action trips the guard.</summary>
    Trip,

    /// <summary>Hold it: the guard has already tripped and admins have not decided everything yet.</summary>
    HoldAlreadyTripped,
}

/// <summary>
/// Whether one more deactivation or deletion of an active member may be applied. The members active when the
/// window began are estimated as those active now plus the other members deprovisioned within the window; the action is held
/// when the deprovisionings in the window, this one included, would exceed both <c>MinimumActions</c> and
/// <c>Share</c> × that number. While anything is held, every further deprovisioning is held too.
/// </summary>
public static class DeprovisioningGuardRule
{
    public static GuardDecision Decide(int appliedInWindow, int activeMembersNow, bool anythingHeld, DeprovisioningGuardOptions options)
    {
        if (anythingHeld)
        {
            return GuardDecision.HoldAlreadyTripped;
        }

        var withThisOne = appliedInWindow + 1;
        var activeAtWindowStart = activeMembersNow + appliedInWindow;
        return withThisOne > options.MinimumActions && withThisOne > options.Share * activeAtWindowStart
            ? GuardDecision.Trip
            : GuardDecision.Apply;
    }
}
