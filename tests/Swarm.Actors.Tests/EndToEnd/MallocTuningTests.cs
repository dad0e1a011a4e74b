namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// <c>swarm manage</c> fixes glibc's mmap threshold (<see cref="MallocTuning"/>): glibc accepts the setting, and a
/// threshold the environment chooses is left alone. (Its effect, measured in the scale benchmark with <c>malloc_info</c>:
/// README, Performance. Whether one block is mapped on its own depends on the free space the process's arenas already
/// hold, which a test host shared with other tests cannot control: a check of that failed in CI with 28 MB free.)
/// </summary>
public sealed class MallocTuningTests
{
    [Fact]
    public void Glibc_takes_the_fixed_threshold_unless_the_environment_chooses_one()
    {
        Assert.True(MallocTuning.FixMmapThreshold());
        Environment.SetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_", "65536");
        try
        {
            Assert.False(MallocTuning.FixMmapThreshold());
        }
        finally
        {
            Environment.SetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_", null);
        }
    }
}
