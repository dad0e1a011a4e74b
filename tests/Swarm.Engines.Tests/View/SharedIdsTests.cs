using Swarm.Engines.View;

namespace Swarm.Engines.Tests.View;

/// <summary>An ID read again is the instance read first, until it is forgotten or goes unread for a whole generation.</summary>
public class SharedIdsTests
{
    private static string NewId() => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    private static string Copy(string text) => new(text.AsSpan());

    [Fact]
    public void An_equal_id_comes_back_as_the_first_instance()
    {
        string id = NewId();
        string copy = Copy(id);
        Assert.NotSame(id, copy);

        Assert.Same(SharedIds.Of(id), SharedIds.Of(copy));
        Assert.Same(id, SharedIds.Of(copy));
        Assert.Equal("", SharedIds.Of(""));
    }

    [Fact]
    public void A_forgotten_id_is_held_anew()
    {
        string id = SharedIds.Of(NewId());
        SharedIds.Forget(Copy(id));

        string copy = Copy(id);
        Assert.Same(copy, SharedIds.Of(copy));
    }

    [Fact]
    public void An_id_unread_for_two_generations_is_let_go_and_one_read_in_each_is_kept()
    {
        string unread = SharedIds.Of(NewId());
        string read = SharedIds.Of(NewId());
        for (int i = 0; i < 2 * SharedIds.GenerationSize + 1; i++)
        {
            SharedIds.Of(NewId());
            if (i % 1_000 == 0) Assert.Same(read, SharedIds.Of(Copy(read)));
        }

        string copy = Copy(unread);
        Assert.Same(copy, SharedIds.Of(copy));
        Assert.Same(read, SharedIds.Of(Copy(read)));
    }
}
