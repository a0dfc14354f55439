using System.Diagnostics;
using System.Net.Http.Headers;

namespace QueueEngine.Tests.Api;

/// <summary>The service as <c>dotnet QueueEngine.Host.dll</c> on a free loopback port.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public const string AdminKey = "process-admin-key";
    public const string GatewayKey = "process-gateway-key";

    private readonly Process _process;
    private readonly Task _drain;

    private ServiceProcess(Process process, Uri address, Task drain)
    {
        _process = process;
        Address = address;
        _drain = drain;
    }

    public Uri Address { get; }

    /// <summary><c>dotnet QueueEngine.Host.dll</c> with these arguments, output redirected, run from the host's folder.</summary>
    public static ProcessStartInfo HostStartInfo(IEnumerable<string> arguments)
    {
        var hostDll = typeof(Program).Assembly.Location;
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
        };
        start.ArgumentList.Add(hostDll);
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        return start;
    }

    public static async Task<ServiceProcess> StartAsync(string dataDirectory, params string[] extraArguments)
    {
        var start = HostStartInfo(new[]
        {
            "--urls", "http://127.0.0.1:0", "--QueueEngine:DataDirectory", dataDirectory,
            "--QueueEngine:AdminApiKey", AdminKey, "--QueueEngine:GatewayApiKey", GatewayKey,
            "--Logging:Console:FormatterName", "simple",
        }.Concat(extraArguments));
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var drain = Task.Run(async () =>
        {
            const string marker = "Now listening on: ";
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                var at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0) listening.TrySetResult(new Uri(line[(at + marker.Length)..].Trim()));
            }
            if (listening.Task.IsCompleted) return;
            await process.WaitForExitAsync();
            listening.TrySetException(new InvalidOperationException($"The service exited ({process.ExitCode}) before it listened."));
        });
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new ServiceProcess(process, address, drain);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        await _drain;
        _process.Dispose();
    }
}
