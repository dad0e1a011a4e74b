using System.Runtime.InteropServices;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// <c>swarm manage</c> fixes glibc's mmap threshold (<see cref="MallocTuning"/>): a large block freed no longer
/// raises it, so the next large block is again a mapping of its own, given back when freed instead of kept in an arena.
/// </summary>
public sealed class MallocTuningTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void After_the_fix_a_large_block_is_mapped_of_its_own_even_after_a_larger_one_was_freed()
    {
        Assert.True(MallocTuning.FixMmapThreshold());
        // Larger than all free space in this process's arenas (other tests ran here), so no arena holds it already:
        // only the threshold decides whether it is mapped on its own. Without the fix, freeing a mapping twice its
        // size raises the threshold past it (up to glibc's 32 MB), and it comes from an arena.
        MallocTrim(0);
        long free = (long)MallInfo2().FreeInArenas;
        long size = free + 4 * MiB;
        Assert.True(size <= 16 * MiB, $"{free / MiB} MB free in the arenas: too much to tell the threshold from it");
        Marshal.FreeHGlobal(Marshal.AllocHGlobal((nint)(2 * size)));
        nint block = Marshal.AllocHGlobal((nint)size);
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

    // glibc's struct mallinfo2; fordblks is the free space in all arenas.
    [StructLayout(LayoutKind.Sequential)]
    private struct MallocInfo
    {
        public nuint Arena, OrdinaryBlocks, SmallBlocks, MappedBlocks, MappedBytes, MaxUsed, FreeSmall, Used, FreeInArenas, TopReleasable;
    }

    [DllImport("libc.so.6", EntryPoint = "mallinfo2")]
    private static extern MallocInfo MallInfo2();

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
