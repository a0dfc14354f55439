using Akka.Actor;
using QueueEngine.Clock;

namespace QueueEngine.Tests.Clock;

/// <summary>The HOCON wiring and <see cref="VirtualTime.Of"/>.</summary>
public class VirtualTimeConfigTests
{
    [Fact]
    public async Task The_config_installs_the_scheduler_and_the_synchronous_dispatchers()
    {
        var system = ActorSystem.Create("wired", VirtualTime.Config);
        try
        {
            Assert.IsType<VirtualTimeScheduler>(system.Scheduler);
            Assert.Same(system.Scheduler, VirtualTime.Of(system));
            Assert.IsType<SynchronousDispatcher>(system.Dispatchers.Lookup(SynchronousDispatcher.Id));
            Assert.IsType<SynchronousDispatcher>(system.Dispatchers.Lookup("akka.actor.internal-dispatcher"));
            Assert.IsNotType<SynchronousDispatcher>(system.Dispatchers.DefaultGlobalDispatcher);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task Of_refuses_a_system_on_the_real_clock_with_a_clear_message()
    {
        var system = ActorSystem.Create("real-clock");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => VirtualTime.Of(system));
            Assert.Contains("not on virtual time", error.Message);
            Assert.Contains(VirtualTime.SchedulerImplementation, error.Message);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
