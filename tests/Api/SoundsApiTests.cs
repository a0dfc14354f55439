using System.Net;
using System.Net.Http.Headers;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Api;

/// <summary>/client/{client_id}/sound/ (QUEUE-SPEC §1.6).</summary>
public sealed class SoundsApiTests(SmallUploadsFixture fixture) : IClassFixture<SmallUploadsFixture>
{
    private readonly ApiHost _host = fixture.Host;

    private static async Task<long> Upload(TestTenant t, byte[] wav, string? name = null) =>
        (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/sound/", TestWav.Upload(wav, name))))["id"]!.GetValue<long>();

    [Fact]
    public async Task An_upload_is_stored_with_the_duration_from_its_header_and_can_be_read_back()
    {
        using var t = await _host.CreateTenantAsync();
        var wav = TestWav.Create(2.5, sampleRate: 16000, bitsPerSample: 8, channels: 2);
        var response = await t.Http.PostAsync($"/client/{t.Id}/sound", TestWav.Upload(wav, "Welcome"));
        var sound = await Expect(HttpStatusCode.Created, response);
        var id = sound["id"]!.GetValue<long>();
        Assert.Equal($"/client/{t.Id}/sound/{id}", response.Headers.Location?.OriginalString);
        // 2.5 s rounds up to 3 whole seconds.
        AssertJson($$"""{"id": {{id}}, "name": "Welcome", "duration_seconds": 3, "size_bytes": {{wav.Length}}}""", sound);
        AssertJson(sound.ToJsonString(), await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/client/{t.Id}/sound/{id}/")));
        AssertJson($"[{sound.ToJsonString()}]", await ReadArray(await t.Http.GetAsync($"/client/{t.Id}/sound/")));

        var file = await t.Http.GetAsync($"/client/{t.Id}/sound/{id}/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("audio/wav", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal(wav, await file.Content.ReadAsByteArrayAsync());
        Assert.Single(Directory.GetFiles(Path.Combine(_host.DataDirectory, "sounds")), f => File.ReadAllBytes(f).SequenceEqual(wav));
    }

    [Fact]
    public async Task The_name_defaults_to_the_file_name()
    {
        using var t = await _host.CreateTenantAsync();
        var sound = await Expect(HttpStatusCode.Created,
            await t.Http.PostAsync($"/client/{t.Id}/sound/", TestWav.Upload(TestWav.Create(1), fileName: "hold-music.wav")));
        Assert.Equal("hold-music", sound["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Uploads_that_are_not_wav_files_are_400_naming_the_field()
    {
        using var t = await _host.CreateTenantAsync();
        var url = $"/client/{t.Id}/sound/";
        await ExpectInvalid(await t.Http.PostAsync(url, TestWav.Upload("ID3 not a wav file at all"u8.ToArray())), "file");
        var truncated = TestWav.Create(1)[..100];
        await ExpectInvalid(await t.Http.PostAsync(url, TestWav.Upload(truncated)), "file");
        await ExpectInvalid(await t.Http.PostAsync(url, TestWav.Upload(TestWav.Create(0))), "file");

        var noFile = new MultipartFormDataContent { { new StringContent("Welcome"), "name" } };
        await ExpectInvalid(await t.Http.PostAsync(url, noFile), "file");
        var extra = TestWav.Upload(TestWav.Create(1), "ok");
        extra.Add(new StringContent("1"), "loop");
        await ExpectInvalid(await t.Http.PostAsync(url, extra), "loop");
        await ExpectProblem(HttpStatusCode.UnsupportedMediaType, await t.Http.PostAsync(url, Json("""{"name": "x"}""")));
        var bare = new ByteArrayContent(TestWav.Create(1));
        await ExpectInvalid(await t.Http.PostAsync(url, bare), "file");

        Assert.Empty(await ReadArray(await t.Http.GetAsync(url)));
    }

    [Fact]
    public async Task An_oversized_upload_is_413()
    {
        using var t = await _host.CreateTenantAsync();
        var big = TestWav.Create(SmallUploadsFixture.MaxSoundBytes / 16000.0 + 1);
        await ExpectProblem(HttpStatusCode.RequestEntityTooLarge, await t.Http.PostAsync($"/client/{t.Id}/sound/", TestWav.Upload(big)));
        Assert.Empty(await ReadArray(await t.Http.GetAsync($"/client/{t.Id}/sound/")));
    }

    [Fact]
    public async Task A_sound_in_use_by_a_queue_or_an_agent_cannot_be_deleted()
    {
        using var t = await _host.CreateTenantAsync();
        var sound = await Upload(t, TestWav.Create(1));
        var q = (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/extension/",
            Json("""{"name": "300", "type": "queue"}"""))))["id"]!.GetValue<long>();
        await Expect(HttpStatusCode.OK, await t.Http.PutAsync($"/extension/{q}/queue/", Json($$"""{"vm_greeting": {{sound}}}""")));
        var agent = (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/agent/remote/",
            Json($$"""{"name": "Bob", "number": "100", "agent_sound_id": {{sound}}}"""))))["id"]!.GetValue<long>();

        var conflict = await ExpectProblem(HttpStatusCode.Conflict, await t.Http.DeleteAsync($"/client/{t.Id}/sound/{sound}"));
        AssertJson($"[{q}]", conflict["queues"]);
        AssertJson($"[{agent}]", conflict["agents"]);

        await Expect(HttpStatusCode.OK, await t.Http.PutAsync($"/extension/{q}/queue/", Json("""{"vm_greeting": null}""")));
        conflict = await ExpectProblem(HttpStatusCode.Conflict, await t.Http.DeleteAsync($"/client/{t.Id}/sound/{sound}"));
        AssertJson("[]", conflict["queues"]);
        await Expect(HttpStatusCode.OK, await t.Http.PutAsync($"/client/{t.Id}/agent/remote/{agent}", Json("""{"agent_sound_id": 0}""")));

        var files = Directory.GetFiles(Path.Combine(_host.DataDirectory, "sounds")).Length;
        Assert.Equal(HttpStatusCode.NoContent, (await t.Http.DeleteAsync($"/client/{t.Id}/sound/{sound}/")).StatusCode);
        Assert.Equal(files - 1, Directory.GetFiles(Path.Combine(_host.DataDirectory, "sounds")).Length);
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/client/{t.Id}/sound/{sound}"));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/client/{t.Id}/sound/{sound}/file"));
        // A deleted sound can no longer be chosen.
        await ExpectInvalid(await t.Http.PutAsync($"/extension/{q}/queue/", Json($$"""{"sound": {{sound}}}""")), "sound");
    }

    [Fact]
    public async Task Another_clients_sounds_are_not_found()
    {
        using var t = await _host.CreateTenantAsync();
        using var other = await _host.CreateTenantAsync("Other");
        var sound = await Upload(t, TestWav.Create(1));
        await ExpectProblem(HttpStatusCode.NotFound, await other.Http.GetAsync($"/client/{other.Id}/sound/{sound}"));
        await ExpectProblem(HttpStatusCode.NotFound, await other.Http.DeleteAsync($"/client/{other.Id}/sound/{sound}"));
        await ExpectProblem(HttpStatusCode.NotFound, await other.Http.GetAsync($"/client/{t.Id}/sound/{sound}/file"));
        await ExpectProblem(HttpStatusCode.NotFound, await other.Http.PostAsync($"/client/{t.Id}/sound/", TestWav.Upload(TestWav.Create(1))));
        Assert.Single(await ReadArray(await t.Http.GetAsync($"/client/{t.Id}/sound/")));
    }
}
