using Swarm.Scheduling.Model;

namespace Swarm.Scheduling.Tests.Model;

public class CpuSharesTests
{
    [Theory]
    [InlineData(1, 2, 512)]
    [InlineData(1, 3, 342)]
    [InlineData(2, 2, 1024)]
    [InlineData(0, 4, 0)]
    [InlineData(1, 0, 0)]
    public void Cpus_become_engine_shares_rounded_up(long cpus, long engineCpus, long shares)
    {
        Assert.Equal(shares, CpuShares.ToEngineShares(cpus, engineCpus));
    }

    [Theory]
    [InlineData(512, 2, 1)]
    [InlineData(342, 3, 1)]
    [InlineData(1024, 8, 8)]
    [InlineData(100, 2, 0)]
    [InlineData(0, 2, 0)]
    public void Engine_shares_read_back_as_whole_cpus(long shares, long engineCpus, long cpus)
    {
        Assert.Equal(cpus, CpuShares.FromEngineShares(shares, engineCpus));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(1, 3)]
    [InlineData(5, 7)]
    [InlineData(16, 64)]
    public void A_reservation_survives_the_round_trip_through_the_engine(long cpus, long engineCpus)
    {
        Assert.Equal(cpus, CpuShares.FromEngineShares(CpuShares.ToEngineShares(cpus, engineCpus), engineCpus));
    }
}
