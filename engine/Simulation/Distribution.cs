namespace QueueEngine.Simulation;

/// <summary>
/// A distribution of seconds (QUEUE-SPEC §7): <c>fixed {value}</c>, <c>exponential {mean}</c>,
/// <c>uniform {min, max}</c>, <c>lognormal {mean, stddev}</c> (the mean and standard deviation of
/// the values themselves, not of their logarithm). Samples are never negative.
/// </summary>
public abstract record Distribution
{
    public abstract double Sample(Random random);

    /// <summary>The distribution's mean.</summary>
    public abstract double Mean { get; }

    /// <summary>The wire name of the type.</summary>
    public abstract string Type { get; }

    public sealed record Fixed(double Value) : Distribution
    {
        public override double Sample(Random random) => Value;
        public override double Mean => Value;
        public override string Type => "fixed";
    }

    public sealed record Exponential(double MeanValue) : Distribution
    {
        // 1 - U lies in (0, 1], so the logarithm is finite.
        public override double Sample(Random random) => -MeanValue * Math.Log(1.0 - random.NextDouble());
        public override double Mean => MeanValue;
        public override string Type => "exponential";
    }

    public sealed record Uniform(double Min, double Max) : Distribution
    {
        public override double Sample(Random random) => Min + (Max - Min) * random.NextDouble();
        public override double Mean => (Min + Max) / 2;
        public override string Type => "uniform";
    }

    public sealed record LogNormal : Distribution
    {
        private readonly double _mu;
        private readonly double _sigma;

        public LogNormal(double mean, double stddev)
        {
            MeanValue = mean;
            StdDev = stddev;
            var variance = Math.Log(1 + stddev * stddev / (mean * mean));
            _sigma = Math.Sqrt(variance);
            _mu = Math.Log(mean) - variance / 2;
        }

        public double MeanValue { get; }
        public double StdDev { get; }

        public override double Sample(Random random)
        {
            // Box–Muller, one normal per sample (two uniforms), so the stream stays easy to reason about.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return Math.Exp(_mu + _sigma * z);
        }

        public override double Mean => MeanValue;
        public override string Type => "lognormal";
    }
}
