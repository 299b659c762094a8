using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Tests;

public sealed class LockKeyTests
{
    [Fact]
    public void Ids_created_in_the_same_millisecond_get_different_lock_keys()
    {
        var now = DateTimeOffset.UtcNow;
        var keys = Enumerable.Range(0, 1000).Select(_ => ProvisioningInbox.LockKey(Guid.CreateVersion7(now))).ToHashSet();

        Assert.Equal(1000, keys.Count);
    }

    [Fact]
    public void The_lock_key_of_an_id_is_always_the_same_and_comes_from_its_random_part()
    {
        var id = Guid.Parse("019aeb2c-7d4e-7a31-9f0e-0123456789ab");

        Assert.Equal(ProvisioningInbox.LockKey(id), ProvisioningInbox.LockKey(Guid.Parse(id.ToString())));
        Assert.Equal(BitConverter.ToInt64(Convert.FromHexString("9f0e0123456789ab")), ProvisioningInbox.LockKey(id));
    }
}
