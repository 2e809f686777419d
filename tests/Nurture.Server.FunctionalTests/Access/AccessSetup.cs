using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Access;

/// <summary>Users, keys and reps made through the admin API (with the bootstrap key), for the access tests.</summary>
public static class AccessSetup
{
    public const string Password = "correct horse battery staple";

    public static async Task<JsonElement> CreateRepAsync(NurtureApp app, string id)
    {
        using var response = await app.Api().PostAsJsonAsync("/api/reps", new { id, name = "Rep " + id, email = $"{id}@sales.example", capacity = 10 });
        Assert.Equal(201, (int)response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<Guid> CreateUserAsync(NurtureApp app, string role, string? repId = null, string? email = null, string password = Password)
    {
        email ??= $"{role}-{Guid.NewGuid():N}@team.example";
        using var response = await app.Api().PostAsJsonAsync("/api/users", new { email, displayName = role, role, password, repId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>An API key of that role (sales keys act for a user); answers the secret and the key's id.</summary>
    public static async Task<(string Key, Guid Id)> CreateKeyAsync(NurtureApp app, string role, Guid? userId = null, string? expiresAt = null)
    {
        using var response = await app.Api().PostAsJsonAsync("/api/keys", new { name = role + " key", role, userId, expiresAt });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, body);
        var key = JsonDocument.Parse(body).RootElement;
        return (key.GetProperty("key").GetString()!, key.GetProperty("id").GetGuid());
    }

    public static async Task<HttpResponseMessage> SignInAsync(NurtureApp app, string email, string password) =>
        await app.CreateClient().PostAsJsonAsync("/api/auth/sign-in", new { email, password });

    public static HttpClient Client(NurtureApp app, string? key)
    {
        var client = app.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task ExecuteAsync(NurtureApp app, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(app.PostgresConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.AddWithValue(p);
        await command.ExecuteNonQueryAsync();
    }
}
