using System.Runtime.InteropServices;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// <c>swarm manage</c> fixes glibc's mmap threshold (<see cref="MallocTuning"/>): a large block freed no longer
/// raises it, so the next large block is again a mapping of its own, given back when freed instead of kept in an arena.
/// </summary>
public sealed class MallocTuningTests
{
    [Fact]
    public void After_the_fix_a_large_block_is_mapped_of_its_own_even_after_a_larger_one_was_freed()
    {
        Assert.True(MallocTuning.FixMmapThreshold());
        // Without the fix, freeing this 4 MB mapping raises the threshold to 4 MB, and 1 MB then comes from an arena.
        Marshal.FreeHGlobal(Marshal.AllocHGlobal(4 << 20));
        nint block = Marshal.AllocHGlobal(1 << 20);
        try
        {
            // glibc's chunk header: the size word before the block has IS_MMAPPED (2) set for a mapping of its own.
            Assert.Equal(2, Marshal.ReadIntPtr(block - IntPtr.Size) & 2);
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }
}
