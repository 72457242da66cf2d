namespace OctoOrchestrate.OctopusSimulator;

public enum FaultKind
{
    ServerError,
    ServiceUnavailable,
    RateLimited,
    DropConnection,
    Slow,

    /// <summary>The request is processed, then the connection drops before the answer arrives (the client cannot know it worked).</summary>
    LostAnswer,
}

/// <summary>
/// Faults the simulator injects before a request reaches its route, for tests: at a rate (seeded, so a run is reproducible) or for the next N
/// requests matching a filter. A faulted request is not processed (a 429 or 5xx changes nothing), except <see cref="FaultKind.Slow"/>, which
/// answers late.
/// </summary>
public sealed class Faults
{
    readonly object gate = new();
    readonly Queue<FaultKind> scripted = new();
    Random random = new(7);

    /// <summary>Share of requests (0..1) that get one of <see cref="Kinds"/> at random.</summary>
    public double Rate { get; set; }

    public FaultKind[] Kinds { get; set; } = [FaultKind.ServerError, FaultKind.ServiceUnavailable, FaultKind.RateLimited, FaultKind.DropConnection, FaultKind.LostAnswer];

    /// <summary>The Retry-After header of a 429, in seconds (null: none).</summary>
    public int? RetryAfterSeconds { get; set; } = 1;

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Which requests faults apply to (method, path); default all but the root document.</summary>
    public Func<string, string, bool> Applies { get; set; } = (_, path) => path.TrimEnd('/') != "/api";

    public int Injected { get; private set; }

    public void Seed(int seed)
    {
        lock (gate) random = new Random(seed);
    }

    /// <summary>The next matching requests get these faults, in order.</summary>
    public void Next(params FaultKind[] kinds)
    {
        lock (gate) foreach (var kind in kinds) scripted.Enqueue(kind);
    }

    public void Clear()
    {
        lock (gate)
        {
            scripted.Clear();
            Rate = 0;
        }
    }

    internal FaultKind? Pick(string method, string path)
    {
        lock (gate)
        {
            if (!Applies(method, path)) return null;
            FaultKind? kind = scripted.Count > 0 ? scripted.Dequeue()
                : Rate > 0 && random.NextDouble() < Rate ? Kinds[random.Next(Kinds.Length)] : null;
            if (kind is not null) Injected++;
            return kind;
        }
    }
}
