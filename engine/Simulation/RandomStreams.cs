namespace QueueEngine.Simulation;

/// <summary>What a random stream is used for; each purpose (and queue or agent group) has its own stream.</summary>
internal enum StreamPurpose
{
    Arrivals = 1,
    Patience = 2,
    ExitKey = 3,
    RepeatCaller = 4,
    RingOutcome = 5,
    AnswerDelay = 6,
    TalkTime = 7,
    Rating = 8,
    Strategy = 9,
}

/// <summary>
/// Independent <see cref="Random"/> streams derived from the scenario's seed, one per purpose and
/// owner, so that a change in one (say, a queue's patience) does not shift the draws of another.
/// </summary>
internal static class RandomStreams
{
    public static Random Create(long seed, StreamPurpose purpose, long owner = 0) => new(SeedOf(seed, purpose, owner));

    public static int SeedOf(long seed, StreamPurpose purpose, long owner = 0)
    {
        var x = SplitMix((ulong)seed);
        x = SplitMix(x ^ (ulong)purpose);
        x = SplitMix(x ^ (ulong)owner);
        return (int)(x ^ (x >> 32));
    }

    /// <summary>The SplitMix64 finaliser: a fixed, well-mixing bijection of 64-bit values.</summary>
    private static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
