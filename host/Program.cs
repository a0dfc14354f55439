using QueueEngine.Host.Demo;
using QueueEngine.Host.Security;
using QueueEngine.Host.Setup;

if (args.Length > 0 && args[0] == "simulate") return await QueueEngine.Host.Simulation.SimulateCommand.RunAsync(args[1..]);

var demo = args is [DemoSetup.Command, ..]; // `demo`: the service with a sample queue and a simulated PBX
var builder = WebApplication.CreateBuilder(demo ? args[1..] : args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://localhost:5080");

builder.AddQueueEngineLogging();
if (demo) builder.AddQueueEngineDemo();
builder.Services
    .AddQueueEngineStorage(builder.Configuration)
    .AddQueueEngineGateway(builder.Configuration)
    .AddQueueEngineEventStreams(builder.Configuration)
    .AddQueueEngineActors()
    .AddQueueEngineSecurity(builder.Configuration)
    .AddQueueEngineRateLimiting()
    .AddQueueEngineApi(builder.Configuration)
    .AddQueueEngineTelemetry(builder.Configuration);

var app = builder.Build();
app.UseQueueEngineApi();
app.MapQueueEngineApi();
app.MapQueueEngineGateway();
app.MapQueueEngineEventStreams();
app.MapQueueEngineTelemetry();
await app.RunAsync();
return 0;

/// <summary>The entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
