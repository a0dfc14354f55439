using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using QueueEngine.Host.Events;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Engine;

/// <summary>Whether the engine holds the stored configuration (for <c>/readyz</c>).</summary>
public sealed class EngineReadiness
{
    private volatile bool _loaded;

    public bool Loaded => _loaded;

    internal void MarkLoaded() => _loaded = true;
}

/// <summary>
/// At start-up, after the ActorSystem is up and before the server takes requests: pushes every
/// stored queue, agent and membership into the engine (each queue takes back its stored waiting
/// callers at its first configuration), then marks the engine ready.
/// </summary>
public sealed class EngineLoader(
    ConfigStore store, EngineClient engine, EngineReadiness readiness, IRequiredActor<ClientEventHub> events, ILogger<EngineLoader> log)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (queues, agents, memberships, soundFiles) = store.Read(s =>
            (s.ListQueues(), s.ListAgents(null, null), s.ListAllMemberships(), s.AllSoundFileNames()));

        foreach (var q in queues) await engine.ConfigureQueueAsync(q.ExtensionId, q.Settings);
        foreach (var a in agents) await engine.ConfigureAgentAsync(a.Key, a.Settings);
        foreach (var m in memberships) await engine.SetMemberAsync(m.QueueId, m.ToMembership());

        RemoveOrphanSoundFiles(soundFiles);
        // The agents' logins of the load restore their stored status: not new logins for the history.
        (await events.GetAsync(cancellationToken)).Tell(ClientEventHub.EngineLoaded.Instance);
        readiness.MarkLoaded();
        log.LogInformation(
            "Engine loaded {Queues} queues, {Agents} agents and {Memberships} memberships from the store in {ElapsedMs} ms",
            queues.Count, agents.Count, memberships.Count, clock.ElapsedMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// An upload is written to disk before its row is committed, and a file is removed after its
    /// row: a crash in between leaves a file no row names, removed here.
    /// </summary>
    private void RemoveOrphanSoundFiles(IReadOnlyList<string> known)
    {
        var names = new HashSet<string>(known, StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(store.SoundsDirectory))
        {
            if (names.Contains(Path.GetFileName(path))) continue;
            log.LogInformation("Removing sound file {Path} that no sound refers to", path);
            SoundFiles.TryDelete(path, log);
        }
    }
}
