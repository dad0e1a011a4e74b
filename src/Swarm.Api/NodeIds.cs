using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Swarm.Api;

/// <summary>
/// The swarm-mode node ID users see for an engine: 25 lowercase base-36 characters, the shape of swarmkit's
/// IDs, derived from the engine ID (<c>dockerdID|address</c>) so it is the same on every manager and across
/// restarts, and typeable (engine IDs hold <c>|</c> and <c>:</c>).
/// </summary>
public static class NodeIds
{
    public const int Length = 25;
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>The first 128 bits of SHA-256 of the engine ID, in base 36, zero-padded (36^25 &gt; 2^128).</summary>
    public static string Of(string engineId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(engineId));
        var value = new BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        var id = new char[Length];
        for (int i = Length - 1; i >= 0; i--)
        {
            id[i] = Digits[(int)(value % 36)];
            value /= 36;
        }
        return new string(id);
    }
}
