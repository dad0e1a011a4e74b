using System.Numerics;

namespace Swarm.Scheduling.State;

/// <summary>
/// A set of node slots as a bit array: filters narrow candidates with word-wide AND/ANDNOT instead of
/// walking node lists. Sets of different lengths combine as if the shorter one were padded with zeros.
/// </summary>
public sealed class NodeSet
{
    private ulong[] words;

    public NodeSet(int capacity) => words = new ulong[WordsFor(capacity)];

    private NodeSet(ulong[] words) => this.words = words;

    public NodeSet Clone() => new((ulong[])words.Clone());

    public bool Contains(int slot)
    {
        int word = slot >> 6;
        return word < words.Length && (words[word] & (1UL << slot)) != 0;
    }

    public void Add(int slot)
    {
        int word = slot >> 6;
        if (word >= words.Length) Array.Resize(ref words, Math.Max(word + 1, words.Length * 2));
        words[word] |= 1UL << slot;
    }

    public void Remove(int slot)
    {
        int word = slot >> 6;
        if (word < words.Length) words[word] &= ~(1UL << slot);
    }

    public void Clear() => Array.Clear(words);

    public bool IsEmpty
    {
        get
        {
            foreach (ulong w in words)
            {
                if (w != 0) return false;
            }
            return true;
        }
    }

    public int Count
    {
        get
        {
            int count = 0;
            foreach (ulong w in words) count += BitOperations.PopCount(w);
            return count;
        }
    }

    public void IntersectWith(NodeSet other)
    {
        int shared = Math.Min(words.Length, other.words.Length);
        for (int i = 0; i < shared; i++) words[i] &= other.words[i];
        for (int i = shared; i < words.Length; i++) words[i] = 0;
    }

    public void ExceptWith(NodeSet other)
    {
        int shared = Math.Min(words.Length, other.words.Length);
        for (int i = 0; i < shared; i++) words[i] &= ~other.words[i];
    }

    public void UnionWith(NodeSet other)
    {
        if (other.words.Length > words.Length) Array.Resize(ref words, other.words.Length);
        for (int i = 0; i < other.words.Length; i++) words[i] |= other.words[i];
    }

    /// <summary>Enumerates the slots in ascending order without allocating (the scheduler's hot loops).</summary>
    public Enumerator GetEnumerator() => new(words);

    public struct Enumerator(ulong[] words)
    {
        private int word = -1;
        private ulong remaining;

        public int Current { get; private set; }

        public bool MoveNext()
        {
            while (remaining == 0)
            {
                if (++word >= words.Length) return false;
                remaining = words[word];
            }
            Current = (word << 6) + BitOperations.TrailingZeroCount(remaining);
            remaining &= remaining - 1;
            return true;
        }
    }

    private static int WordsFor(int capacity) => Math.Max(1, (capacity + 63) >> 6);
}
