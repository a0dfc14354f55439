using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using QueueEngine.Domain;
using QueueEngine.Host.Setup;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Api;

/// <summary>
/// A client's sounds (QUEUE-SPEC §1.6): WAV uploads stored under <c>DATA/sounds</c>, with the
/// duration read from the WAV header. A sound that a queue or an agent uses cannot be deleted.
/// </summary>
public static class SoundsApi
{
    private static readonly string[] QueueSoundFields =
    [
        "agent_announce_sound", "announce_sound", "quality_rate_finish_sound", "quality_rate_sound", "sound", "start_sound", "vm_greeting",
    ];

    public static IEndpointRouteBuilder MapSoundsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/client/{client_id:long}/sound").WithTags("Sounds");
        group.MapPost("/", (long client_id, HttpRequest request, ClaimsPrincipal user, ConfigStore store, TimeProvider time,
                    IOptions<ApiOptions> options, ILogger<ApiLog> log, CancellationToken ct) =>
                Upload(client_id, request, user, store, time, options.Value, log, ct))
            .WithSummary("Upload a WAV sound (multipart/form-data: file, name)")
            .Accepts<SoundUploadDoc>("multipart/form-data")
            .Produces<SoundResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/", (long client_id, ClaimsPrincipal user, ConfigStore store) =>
                store.Read(s => s.ClientVisible(user, client_id) ? s.ListSounds(client_id) : null) is { } sounds
                    ? TypedResults.Ok(sounds.Select(ToResponse).ToList())
                    : Problems.NotFound($"Client {client_id}"))
            .WithSummary("List the client's sounds")
            .Produces<SoundResponse[]>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{sound_id:long}/", (long client_id, long sound_id, ClaimsPrincipal user, ConfigStore store) =>
                store.Read(s => Find(s, client_id, sound_id, user)) is { } sound
                    ? TypedResults.Ok(ToResponse(sound))
                    : Problems.NotFound($"Sound {sound_id}"))
            .WithSummary("Get a sound")
            .Produces<SoundResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{sound_id:long}/file", (long client_id, long sound_id, ClaimsPrincipal user, ConfigStore store) =>
                store.Read(s => Find(s, client_id, sound_id, user)) is { } sound && File.Exists(store.SoundPath(sound))
                    ? Results.File(store.SoundPath(sound), "audio/wav", $"{sound.Name}.wav", enableRangeProcessing: true)
                    : Problems.NotFound($"Sound {sound_id}"))
            .WithSummary("Download a sound's audio")
            .Produces(StatusCodes.Status200OK, contentType: "audio/wav")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{sound_id:long}/", (long client_id, long sound_id, ClaimsPrincipal user, ConfigStore store,
                    ILogger<ApiLog> log, CancellationToken ct) =>
                Delete(client_id, sound_id, user, store, log, ct))
            .WithSummary("Delete a sound (409 while a queue or an agent uses it)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static SoundRecord? Find(StoreSession s, long clientId, long soundId, ClaimsPrincipal user) =>
        s.ClientVisible(user, clientId) && s.FindSound(soundId) is { } sound && sound.ClientId == clientId ? sound : null;

    private static SoundResponse ToResponse(SoundRecord s) => new(s.Id, s.Name, s.DurationSeconds, s.SizeBytes);

    private static async Task<IResult> Upload(
        long clientId, HttpRequest request, ClaimsPrincipal user, ConfigStore store, TimeProvider time, ApiOptions options,
        ILogger log, CancellationToken ct)
    {
        if (!store.Read(s => s.ClientVisible(user, clientId))) return Problems.NotFound($"Client {clientId}");
        var tooLarge = Problems.TooLarge($"A sound may have at most {options.MaxSoundBytes} bytes.");
        const long formOverhead = 64 * 1024; // multipart boundaries, headers and the name field
        if (request.ContentLength > options.MaxSoundBytes + formOverhead) return tooLarge;
        if (!request.HasFormContentType)
            return Problems.Validation("file", "is required: upload multipart/form-data with a 'file' field");

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = options.MaxSoundBytes + formOverhead }, ct);
        }
        catch (InvalidDataException)
        {
            return tooLarge; // a multipart limit was exceeded
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return tooLarge;
        }
        catch (IOException)
        {
            return Problems.Validation("$", "is not a readable multipart/form-data body");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var key in form.Keys.Where(k => k != "name")) errors[key] = ["unknown field"];
        foreach (var f in form.Files.Where(f => f.Name != "file")) errors[f.Name] = ["unknown field"];
        var file = form.Files.GetFile("file");
        if (file is null) errors["file"] = ["is required"];
        else if (form.Files.GetFiles("file").Count > 1) errors["file"] = ["is given more than once"];
        var name = form["name"].Count switch
        {
            0 => Path.GetFileNameWithoutExtension(file?.FileName),
            1 => form["name"][0],
            _ => null,
        };
        if (form["name"].Count > 1) errors["name"] = ["is given more than once"];
        else if (string.IsNullOrWhiteSpace(name)) name = "sound";
        else if (name.Length > 255 || name.Any(char.IsControl)) errors["name"] = ["must be at most 255 characters, without control characters"];
        if (errors.Count > 0) return Problems.Validation(errors);
        if (file!.Length > options.MaxSoundBytes) return tooLarge;

        string fileName;
        long size;
        await using (var upload = file.OpenReadStream())
            (fileName, size) = await SoundFiles.SaveAsync(upload, store.SoundsDirectory, ct);
        var path = Path.Combine(store.SoundsDirectory, fileName);
        var (wav, wavError) = SoundFiles.ReadWav(path);
        if (wav is null)
        {
            SoundFiles.TryDelete(path, log);
            return Problems.Validation("file", wavError!);
        }

        try
        {
            var sound = await store.WriteAsync(tx =>
            {
                var created = tx.ClientVisible(user, clientId)
                    ? tx.InsertSound(new SoundRecord(0, clientId, name!, fileName, wav.DurationSeconds, size, ApiAccess.Timestamp(time)))
                    : null;
                tx.Commit();
                return Task.FromResult(created);
            }, ct);
            if (sound is null)
            {
                SoundFiles.TryDelete(path, log);
                return Problems.NotFound($"Client {clientId}");
            }
            log.LogInformation("Sound {SoundId} uploaded for client {ClientId}: {DurationSeconds} s of {Encoding} at {SampleRate} Hz, {SizeBytes} bytes",
                sound.Id, clientId, wav.DurationSeconds, wav.Encoding, wav.SampleRate, size);
            return TypedResults.Created($"/client/{ApiAccess.Id(clientId)}/sound/{ApiAccess.Id(sound.Id)}", ToResponse(sound));
        }
        catch
        {
            SoundFiles.TryDelete(path, log);
            throw;
        }
    }

    private static Task<IResult> Delete(long clientId, long soundId, ClaimsPrincipal user, ConfigStore store, ILogger log, CancellationToken ct) =>
        store.WriteAsync<IResult>(tx =>
        {
            if (Find(tx, clientId, soundId, user) is not { } sound) return Task.FromResult(Problems.NotFound($"Sound {soundId}"));
            var queues = tx.ListQueues(clientId).Where(q => UsesSound(q.Settings, soundId)).Select(q => q.ExtensionId).ToList();
            var agents = tx.ListAgents(clientId, null).Where(a => a.Settings.AgentSoundId == soundId).Select(a => a.Id).ToList();
            if (queues.Count > 0 || agents.Count > 0)
                return Task.FromResult(Problems.Conflict($"Sound {soundId} is in use.",
                    new Dictionary<string, object?> { ["queues"] = queues, ["agents"] = agents }));
            tx.DeleteSound(soundId);
            tx.Commit();
            SoundFiles.TryDelete(store.SoundPath(sound), log);
            log.LogInformation("Sound {SoundId} of client {ClientId} deleted", soundId, clientId);
            return Task.FromResult<IResult>(TypedResults.NoContent());
        }, ct);

    /// <summary>Whether any sound field of the settings names the sound (read from their JSON form, so none is missed).</summary>
    private static bool UsesSound(QueueSettings settings, long soundId)
    {
        var json = QueueSettingsValidator.ToJson(settings);
        return QueueSoundFields.Any(f => json[f]?.GetValue<long>() == soundId);
    }
}
