using Akka.Actor;
using Akka.Configuration;

namespace QueueEngine.Clock;

/// <summary>Puts an ActorSystem on virtual time and gets its <see cref="VirtualTimeScheduler"/> back.</summary>
public static class VirtualTime
{
    /// <summary>The value for <c>akka.scheduler.implementation</c>.</summary>
    public const string SchedulerImplementation = "QueueEngine.Clock.VirtualTimeScheduler, QueueEngine.Engine";

    /// <summary>
    /// The HOCON behind <see cref="Config"/>. Besides the scheduler and the dispatcher it makes Akka's
    /// internal dispatcher synchronous: the /user guardian runs there and it is what starts a top-level
    /// actor, so without this <c>system.ActorOf</c> would finish starting the actor (and deliver the first
    /// messages sent to it) later, on a pool thread.
    /// </summary>
    public const string Hocon = $"""
        akka.scheduler.implementation = "{SchedulerImplementation}"
        akka.actor.internal-dispatcher.type = "{SynchronousDispatcher.ConfiguratorType}"
        {SynchronousDispatcher.Hocon}
        """;

    /// <summary>
    /// Selects <see cref="VirtualTimeScheduler"/>, registers <see cref="SynchronousDispatcher.Id"/> and makes
    /// Akka's internal dispatcher (guardians, system actors) synchronous. User actors run synchronously only
    /// when their Props say <c>.WithDispatcher(SynchronousDispatcher.Id)</c>; children do not inherit it.
    /// Use it as the winning layer: <c>VirtualTime.Config.WithFallback(other)</c>.
    /// </summary>
    public static readonly Config Config = ConfigurationFactory.ParseString(Hocon);

    /// <summary>
    /// <see cref="Config"/> plus a synchronous <c>akka.actor.default-dispatcher</c>: every actor without an
    /// explicit dispatcher (children included) runs on the calling thread, so engine code needs no
    /// dispatcher setting to be driven deterministically.
    /// </summary>
    public static readonly Config FullySynchronousConfig = ConfigurationFactory
        .ParseString($"akka.actor.default-dispatcher.type = \"{SynchronousDispatcher.ConfiguratorType}\"")
        .WithFallback(Config);

    /// <summary>The system's scheduler; throws if the system was not started with <see cref="Config"/>.</summary>
    public static VirtualTimeScheduler Of(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.Scheduler as VirtualTimeScheduler
            ?? throw new InvalidOperationException(
                $"ActorSystem '{system.Name}' is not on virtual time: its scheduler is {system.Scheduler.GetType().FullName}. " +
                $"Start it with VirtualTime.Config (akka.scheduler.implementation = \"{SchedulerImplementation}\").");
    }
}
