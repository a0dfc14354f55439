using Akka.Actor;
using Akka.Hosting;
using QueueEngine.Hosting;
using QueueEngine.Host.Gateway;
using QueueEngine.Queues;

if (args.Length > 0 && args[0] == "simulate") return await QueueEngine.Host.Simulation.SimulateCommand.RunAsync(args[1..]);

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://localhost:5080");

var engineOptions = builder.Configuration.GetSection("QueueEngine:Engine").Get<EngineOptions>() ?? new EngineOptions();
builder.Services.AddAkka("queue-engine", akka => akka
    .WithActors((system, registry) =>
        registry.Register<GatewayCommands>(system.ActorOf(Props.Create<LoggingGateway>(), "gateway")))
    .WithQueueEngine(engineOptions));

var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));
// Endpoint routing accepts the path with and without the trailing slash.
app.MapGet("/extension/{extensionId:long}/queue/status", async (long extensionId, IRequiredActor<QueueRegion> queues, CancellationToken ct) =>
{
    var region = await queues.GetAsync(ct);
    var status = await region.Ask<QueueStatus>(new GetQueueStatus(extensionId), TimeSpan.FromSeconds(5), ct);
    return Results.Ok(new { answered_members = status.Answered, trying_members = status.Trying, waiting_members = status.Waiting });
});
await app.RunAsync();
return 0;
