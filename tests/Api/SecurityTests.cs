using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Api;

/// <summary>API keys (QUEUE-SPEC §1.7): 401 without a valid key, another client's resources are 404, the admin acts on all.</summary>
public sealed class SecurityTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    /// <summary>A client with one of everything, for probing from outside.</summary>
    private sealed record Resources(long Client, long Phone, long Queue, long Local, long Remote, long Sound);

    private static async Task<Resources> Populate(TestTenant t)
    {
        async Task<long> Post(string url, HttpContent body) => (await Expect(HttpStatusCode.Created, await t.Http.PostAsync(url, body)))["id"]!.GetValue<long>();
        var phone = await Post($"/client/{t.Id}/extension/", Json("""{"name": "101", "type": "phone"}"""));
        var queue = await Post($"/client/{t.Id}/extension/", Json("""{"name": "300", "type": "queue"}"""));
        var local = await Post($"/client/{t.Id}/agent/local/", Json($$"""{"name": "Ann", "extension_id": {{phone}}}"""));
        var remote = await Post($"/client/{t.Id}/agent/remote/", Json("""{"name": "Bob", "number": "100"}"""));
        var sound = await Post($"/client/{t.Id}/sound/", TestWav.Upload(TestWav.Create(1)));
        await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/extension/{queue}/queue/agents/local/", Json($$"""{"agent_id": {{local}}}""")));
        await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/extension/{queue}/queue/agents/remote/", Json($$"""{"agent_id": {{remote}}}""")));
        return new Resources(t.Id, phone, queue, local, remote, sound);
    }

    /// <summary>Every endpoint of the API with the ids of <paramref name="r"/> and a body that would be valid.</summary>
    private static IEnumerable<(HttpMethod Method, string Url, string? Body)> Endpoints(Resources r) =>
    [
        (HttpMethod.Get, $"/client/{r.Client}/", null),
        (HttpMethod.Get, $"/client/{r.Client}/extension/", null),
        (HttpMethod.Post, $"/client/{r.Client}/extension/", """{"name": "999", "type": "phone"}"""),
        (HttpMethod.Get, $"/extension/{r.Phone}/", null),
        (HttpMethod.Put, $"/extension/{r.Phone}/", """{"label": "mine now"}"""),
        (HttpMethod.Delete, $"/extension/{r.Queue}/", null),
        (HttpMethod.Get, $"/extension/{r.Queue}/queue/", null),
        (HttpMethod.Put, $"/extension/{r.Queue}/queue/", """{"strategy": "random"}"""),
        (HttpMethod.Get, $"/extension/{r.Queue}/queue/status/", null),
        (HttpMethod.Get, $"/client/{r.Client}/agent/local/", null),
        (HttpMethod.Post, $"/client/{r.Client}/agent/local/", $$"""{"name": "Eve", "extension_id": {{r.Phone}}}"""),
        (HttpMethod.Get, $"/client/{r.Client}/agent/local/{r.Local}", null),
        (HttpMethod.Put, $"/client/{r.Client}/agent/local/{r.Local}", """{"status": "logged_out"}"""),
        (HttpMethod.Delete, $"/client/{r.Client}/agent/local/{r.Local}", null),
        (HttpMethod.Get, $"/client/{r.Client}/agent/remote/", null),
        (HttpMethod.Post, $"/client/{r.Client}/agent/remote/", """{"name": "Eve", "number": "666"}"""),
        (HttpMethod.Get, $"/client/{r.Client}/agent/remote/{r.Remote}", null),
        (HttpMethod.Put, $"/client/{r.Client}/agent/remote/{r.Remote}", """{"status": "logged_out"}"""),
        (HttpMethod.Delete, $"/client/{r.Client}/agent/remote/{r.Remote}", null),
        (HttpMethod.Get, $"/extension/{r.Queue}/queue/agents/local/", null),
        (HttpMethod.Post, $"/extension/{r.Queue}/queue/agents/local/", $$"""{"agent_id": {{r.Local}}}"""),
        (HttpMethod.Get, $"/extension/{r.Queue}/queue/agents/local/{r.Local}", null),
        (HttpMethod.Put, $"/extension/{r.Queue}/queue/agents/local/{r.Local}", """{"level": 9}"""),
        (HttpMethod.Delete, $"/extension/{r.Queue}/queue/agents/local/{r.Local}", null),
        (HttpMethod.Get, $"/extension/{r.Queue}/queue/agents/remote/", null),
        (HttpMethod.Post, $"/extension/{r.Queue}/queue/agents/remote/", $$"""{"agent_id": {{r.Remote}}}"""),
        (HttpMethod.Get, $"/extension/{r.Queue}/queue/agents/remote/{r.Remote}", null),
        (HttpMethod.Put, $"/extension/{r.Queue}/queue/agents/remote/{r.Remote}", """{"level": 9}"""),
        (HttpMethod.Delete, $"/extension/{r.Queue}/queue/agents/remote/{r.Remote}", null),
        (HttpMethod.Get, $"/client/{r.Client}/sound/", null),
        (HttpMethod.Post, $"/client/{r.Client}/sound/", null), // multipart, below
        (HttpMethod.Get, $"/client/{r.Client}/sound/{r.Sound}", null),
        (HttpMethod.Get, $"/client/{r.Client}/sound/{r.Sound}/file", null),
        (HttpMethod.Delete, $"/client/{r.Client}/sound/{r.Sound}", null),
        (HttpMethod.Post, "/client/", """{"name": "Mallory"}"""),
        (HttpMethod.Get, "/client/", null),
    ];

    private static HttpRequestMessage Request(HttpMethod method, string url, string? body) => new(method, url)
    {
        Content = body is not null ? Json(body)
            : method == HttpMethod.Post && url.Contains("/sound/") ? TestWav.Upload(TestWav.Create(1)) : null,
    };

    /// <summary>Everything a client can read about <paramref name="r"/>, to show nothing changed.</summary>
    private static async Task<string> Everything(TestTenant t, Resources r)
    {
        var text = new StringBuilder();
        foreach (var url in new[]
                 {
                     $"/client/{r.Client}/extension/", $"/extension/{r.Queue}/queue/", $"/client/{r.Client}/agent/local/",
                     $"/client/{r.Client}/agent/remote/", $"/extension/{r.Queue}/queue/agents/local/",
                     $"/extension/{r.Queue}/queue/agents/remote/", $"/client/{r.Client}/sound/",
                 })
        {
            var response = await t.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text.AppendLine(await response.Content.ReadAsStringAsync());
        }
        return text.ToString();
    }

    [Fact]
    public async Task No_key_or_a_wrong_key_is_401_on_every_endpoint_and_changes_nothing()
    {
        using var t = await _host.CreateTenantAsync();
        var r = await Populate(t);
        var before = await Everything(t, r);
        using var anonymous = _host.Anonymous();
        using var wrong = _host.WithKey("qe_not-a-key");
        using var basic = _host.Anonymous();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:x"u8.ToArray()));
        using var prefixOnly = _host.Anonymous();
        prefixOnly.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer ");
        foreach (var client in new[] { anonymous, wrong, basic, prefixOnly })
        foreach (var (method, url, body) in Endpoints(r))
        {
            var response = await client.SendAsync(Request(method, url, body));
            await ExpectProblem(HttpStatusCode.Unauthorized, response);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
        Assert.Equal(before, await Everything(t, r));
    }

    [Fact]
    public async Task Another_clients_resources_are_404_on_every_endpoint_and_change_nothing()
    {
        using var owner = await _host.CreateTenantAsync("Owner");
        using var intruder = await _host.CreateTenantAsync("Intruder");
        var r = await Populate(owner);
        var before = await Everything(owner, r);
        foreach (var (method, url, body) in Endpoints(r))
        {
            var response = await intruder.Http.SendAsync(Request(method, url, body));
            if (url == "/client/")
            {
                if (method == HttpMethod.Post) await ExpectProblem(HttpStatusCode.Forbidden, response);
                else AssertJson($$"""[{"id": {{intruder.Id}}, "name": "Intruder", "create_date": "{{ApiHost.CreateDate}}"}]""", await ReadArray(response));
                continue;
            }
            var problem = await ExpectProblem(HttpStatusCode.NotFound, response);
            Assert.EndsWith("was not found.", problem["detail"]!.GetValue<string>());
        }
        Assert.Equal(before, await Everything(owner, r));
    }

    [Fact]
    public async Task Ids_of_another_client_cannot_be_used_in_bodies_either()
    {
        using var owner = await _host.CreateTenantAsync("Owner");
        using var intruder = await _host.CreateTenantAsync("Intruder");
        var r = await Populate(owner);
        var mine = await Populate(intruder);
        await ExpectInvalid(await intruder.Http.PostAsync($"/client/{mine.Client}/agent/local/",
            Json($$"""{"name": "Eve", "extension_id": {{r.Phone}}}""")), "extension_id");
        await ExpectInvalid(await intruder.Http.PutAsync($"/extension/{mine.Queue}/queue/", Json($$"""{"sound": {{r.Sound}}}""")), "sound");
        await ExpectProblem(HttpStatusCode.NotFound, await intruder.Http.PutAsync(
            $"/extension/{mine.Queue}/queue/agents/remote/{r.Remote}", Json("""{"level": 1}""")));
        await ExpectProblem(HttpStatusCode.NotFound, await intruder.Http.PostAsync(
            $"/extension/{mine.Queue}/queue/agents/local/", Json($$"""{"agent_id": {{r.Local}}}""")));
    }

    [Fact]
    public async Task The_admin_key_acts_on_every_client()
    {
        using var t = await _host.CreateTenantAsync();
        var r = await Populate(t);
        using var admin = _host.Admin();
        foreach (var (method, url, body) in Endpoints(r).Where(e => e.Method == HttpMethod.Get))
            Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(Request(method, url, body))).StatusCode);
        await Expect(HttpStatusCode.OK, await admin.PutAsync($"/extension/{r.Queue}/queue/", Json("""{"strategy": "top-down"}""")));
        await Expect(HttpStatusCode.Created, await admin.PostAsync($"/client/{t.Id}/agent/remote/", Json("""{"name": "Admin-made", "number": "200"}""")));
        Assert.Equal("top-down", (await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/extension/{r.Queue}/queue/")))["strategy"]!.GetValue<string>());
        Assert.Contains(await ReadArray(await admin.GetAsync("/client/")), c => c!["id"]!.GetValue<long>() == t.Id);
    }

    [Fact]
    public async Task A_client_key_is_answered_once_and_stored_only_as_a_hash()
    {
        using var t = await _host.CreateTenantAsync("Hashed Ltd");
        Assert.StartsWith("qe_", t.Key);
        Assert.True(t.Key.Length >= 40);
        var client = await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/client/{t.Id}/"));
        AssertJson($$"""{"id": {{t.Id}}, "name": "Hashed Ltd", "create_date": "{{ApiHost.CreateDate}}"}""", client);

        using var connection = new SqliteConnection($"Data Source={Path.Combine(_host.DataDirectory, "queue-engine.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_hash FROM clients WHERE id = $id";
        command.Parameters.AddWithValue("$id", t.Id);
        var stored = (string)command.ExecuteScalar()!;
        Assert.NotEqual(t.Key, stored);
        Assert.Equal(QueueEngine.Host.Security.ApiKeys.Hash(t.Key), stored);
        // Nowhere in the database files is the key in clear.
        foreach (var file in Directory.GetFiles(_host.DataDirectory, "queue-engine.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.DoesNotContain(t.Key, Encoding.UTF8.GetString(copy.ToArray()));
        }
    }

    [Fact]
    public async Task Client_creation_is_validated()
    {
        using var admin = _host.Admin();
        await ExpectInvalid(await admin.PostAsync("/client/", Json("{}")), "name");
        await ExpectInvalid(await admin.PostAsync("/client", Json("""{"name": "", "api_key": "mine"}""")), "name", "api_key");
        await ExpectInvalid(await admin.PostAsync("/client/", Json("""{"name": "x" """)), "$");
    }

    [Fact]
    public async Task Health_probes_and_the_openapi_document_need_no_key()
    {
        using var anonymous = _host.Anonymous();
        AssertJson("""{"status": "alive"}""", await Expect(HttpStatusCode.OK, await anonymous.GetAsync("/healthz")));
        var ready = await Expect(HttpStatusCode.OK, await anonymous.GetAsync("/readyz"));
        Assert.Equal("ready", ready["status"]!.GetValue<string>());
        Assert.Equal("healthy", ready["checks"]!["storage"]!["status"]!.GetValue<string>());
        Assert.Equal("healthy", ready["checks"]!["engine"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_admin_key_there_is_no_admin()
    {
        await using var host = new ApiHost(new Dictionary<string, string?> { ["QueueEngine:AdminApiKey"] = "" });
        using var empty = host.Anonymous();
        empty.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer");
        await ExpectProblem(HttpStatusCode.Unauthorized, await empty.PostAsync("/client/", Json("""{"name": "x"}""")));
        using var guess = host.WithKey(ApiHost.AdminKey);
        await ExpectProblem(HttpStatusCode.Unauthorized, await guess.PostAsync("/client/", Json("""{"name": "x"}""")));
    }
}
