using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Http;
using Nurture.Handoff.Sales;

namespace Nurture.Server.FunctionalTests.Access;

/// <summary>
/// Calls every endpoint of the running app under /api with no key, an admin, a marketer and a sales
/// key, and checks 401/403 against the role matrix. A new route must carry .AllowRoles(...); routes
/// listed in <see cref="Matrix"/> must also match it exactly, and an .AllowAnonymous() route must be listed.
/// Then every route again with bad requests: each error answer must be problem details.
/// </summary>
public sealed class RouteWalkTests(NurtureApp app) : IClassFixture<NurtureApp>
{
    private const string A = Roles.Admin, M = Roles.Marketer, S = Roles.Sales;

    /// <summary>The matrix as README.md documents it. Routes added later are checked against their own metadata.</summary>
    private static readonly Dictionary<string, string[]> Matrix = new()
    {
        ["POST /api/auth/sign-in"] = ["anonymous"],
        ["POST /api/auth/sign-out"] = [A, M, S],
        ["POST /api/auth/password"] = [A, M, S],
        ["GET /api/auth/me"] = [A, M, S],
        ["PATCH /api/auth/me"] = [A, M, S],
        ["POST /api/users/"] = [A],
        ["GET /api/users/"] = [A],
        ["GET /api/users/{id}"] = [A],
        ["PUT /api/users/{id}"] = [A],
        ["POST /api/users/{id}/password"] = [A],
        ["POST /api/keys/"] = [A],
        ["GET /api/keys/"] = [A],
        ["DELETE /api/keys/{id}"] = [A],
        ["GET /api/leads/{id}"] = [A, M, S],
        ["GET /api/leads/"] = [A, M],
        ["GET /api/leads/{id}/timeline"] = [A, M, S],
        ["GET /api/leads/{id}/history"] = [A, M, S],
        ["GET /api/leads/export"] = [A, M],
        ["POST /api/leads/"] = [A, M],
        ["PATCH /api/leads/{id}"] = [A, M],
        ["GET /api/leads/{id}/export"] = [A],
        ["DELETE /api/leads/{id}"] = [A],
        ["GET /api/duplicates"] = [A, M],
        ["POST /api/leads/merge"] = [A, M],
        ["GET /api/leads/{id}/merges"] = [A, M],
        ["GET /api/segments/"] = [A, M],
        ["GET /api/segments/{id}"] = [A, M],
        ["PUT /api/segments/{id}"] = [A, M],
        ["DELETE /api/segments/{id}"] = [A, M],
        ["POST /api/segments/{id}/refresh"] = [A, M],
        ["POST /api/segments/preview"] = [A, M],
        ["GET /api/analysis/sources"] = [A, M],
        ["GET /api/analysis/funnel"] = [A, M],
        ["GET /api/analysis/segments"] = [A, M],
        ["GET /api/dashboard"] = [A, M],
        ["GET /api/analysis/attribution/"] = [A, M],
        ["GET /api/analysis/attribution/export"] = [A, M],
        ["GET /api/analysis/attribution/costs"] = [A, M],
        ["GET /api/analysis/attribution/costs/export"] = [A, M],
        ["POST /api/analysis/attribution/costs"] = [A, M],
        ["DELETE /api/analysis/attribution/costs/{id}"] = [A, M],
        ["GET /api/analysis/emails/"] = [A, M],
        ["GET /api/analysis/emails/series"] = [A, M],
        ["GET /api/analysis/emails/links"] = [A, M],
        ["POST /api/imports/"] = [A, M],
        ["GET /api/imports/"] = [A, M],
        ["GET /api/imports/{id}"] = [A, M],
        ["GET /api/imports/{id}/rows"] = [A, M],
        ["POST /api/imports/{id}/start"] = [A, M],
        ["POST /api/imports/{id}/undo"] = [A, M],
        ["GET /api/leads/{id}/score"] = [A, M, S],
        ["GET /api/leads/{id}/score/history"] = [A, M, S],
        ["GET /api/leads/{id}/prediction"] = [A, M],
        ["POST /api/leads/{id}/emails"] = [A, M],
        ["POST /api/leads/{id}/feedback"] = [A, S],
        ["POST /api/leads/{id}/activities"] = [A, S],
        ["POST /api/leads/{id}/rescore"] = [A],
        ["POST /api/sites/"] = [A, M],
        ["GET /api/sites/"] = [A, M],
        ["GET /api/sites/{id}"] = [A, M],
        ["PATCH /api/sites/{id}"] = [A, M],
        ["GET /api/sites/{id}/activity"] = [A, M],
        ["GET /api/cluster/"] = [A],
        ["GET /api/cluster/leads/{id}/activation"] = [A],
        ["GET /api/scoring/model"] = [A, M],
        ["PUT /api/scoring/model"] = [A, M],
        ["POST /api/scoring/model/preview"] = [A, M],
        ["GET /api/scoring/model/versions"] = [A, M],
        ["POST /api/scoring/rescore"] = [A, M],
        ["GET /api/scoring/rescore"] = [A, M],
        ["POST /api/scoring/predictive/train"] = [A, M],
        ["GET /api/scoring/predictive/models"] = [A, M],
        ["POST /api/scoring/predictive/models/{version}/activate"] = [A, M],
        ["POST /api/scoring/predictive/uploads"] = [A, M],
        ["POST /api/scoring/predictive/uploads/{id}/train"] = [A, M],
        ["GET /api/scoring/predictive/outcomes"] = [A, M],
        ["GET /api/templates/"] = [A, M],
        ["GET /api/templates/{id}"] = [A, M],
        ["PUT /api/templates/{id}"] = [A, M],
        ["POST /api/templates/{id}/preview"] = [A, M],
        ["POST /api/templates/{id}/test"] = [A, M],
        ["GET /api/email/senders"] = [A, M],
        ["GET /api/email/sends/{id}"] = [A, M],
        ["POST /api/email/bounces"] = [A, M],
        ["GET /api/flows/"] = [A, M],
        ["GET /api/flows/{id}"] = [A, M],
        ["PUT /api/flows/{id}"] = [A, M],
        ["POST /api/flows/{id}/activate"] = [A, M],
        ["POST /api/flows/{id}/pause"] = [A, M],
        ["GET /api/flows/{id}/stats"] = [A, M],
        ["POST /api/flows/{id}/enrolments"] = [A, M],
        ["POST /api/reps"] = [A],
        ["GET /api/reps"] = [A, M],
        ["GET /api/reps/{id}"] = [A, M],
        ["PUT /api/reps/{id}"] = [A],
        ["GET /api/alerts"] = [A, M],
        ["POST /api/alerts/{id}/replay"] = [A],
        ["GET /api/handoff/webhook-secret"] = [A],
        ["GET /api/routing/rules"] = [A, M],
        ["PUT /api/routing/rules"] = [A],
        ["GET /api/routing/reps"] = [A, M],
        ["POST /api/routing/test"] = [A, M],
        ["GET /api/sales/inbox"] = [A, M, S],
        ["GET /api/sales/stream"] = [A, M, S],
        ["GET /api/sales/feedback/report"] = [A, M],
    };

    [Fact]
    public async Task EveryApiRoute_AnswersEachRoleAsTheMatrixSays()
    {
        await AccessSetup.CreateRepAsync(app, "walk-rep");
        var salesUser = await AccessSetup.CreateUserAsync(app, S, repId: "walk-rep");
        var callers = new Dictionary<string, string?>
        {
            ["no key"] = null,
            [A] = NurtureApp.ApiKey,
            [M] = (await AccessSetup.CreateKeyAsync(app, M)).Key,
            [S] = (await AccessSetup.CreateKeyAsync(app, S, salesUser)).Key,
        };

        var routes = Routes();
        var problems = new List<string>();
        foreach (var stale in Matrix.Keys.Except(routes.Select(r => r.Name)))
            problems.Add($"{stale}: in the test's matrix but not a route any more");

        foreach (var route in routes)
        {
            var expected = Matrix.TryGetValue(route.Name, out var listed) ? listed : null;
            if (route.Anonymous)
            {
                // Open to anyone: only ever on purpose, so it must be in the matrix.
                if (expected?.SequenceEqual(["anonymous"]) != true) problems.Add($"{route.Name}: anonymous, the matrix says {string.Join(",", expected ?? ["nothing"])}");
            }
            else if (route.Roles is null)
            {
                problems.Add($"{route.Name}: no .AllowRoles(...) metadata (see src/Nurture.Http/AllowedRoles.cs)");
                continue;
            }
            else if (expected is not null && !route.Roles.Append(A).Order().Distinct().SequenceEqual(expected.Order()))
            {
                problems.Add($"{route.Name}: allows {string.Join(",", route.Roles)}, the matrix says {string.Join(",", expected)}");
            }
            if (route.Roles?.Contains(S) == true && route.Pattern.Contains("/leads/{id}") && !route.SalesScoped)
                problems.Add($"{route.Name}: sales may call it but it lacks .ScopeSalesToAssignedLeads()");

            foreach (var (who, key) in callers)
            {
                var (status, problem) = await CallAsync(route, key);
                if (problem is not null) problems.Add($"{route.Name} as {who}: {problem}");
                var allowed = route.Anonymous || (key is not null && (who == A || (expected ?? route.Roles!).Contains(who)));
                var refusal = key is null ? 401 : 403;
                if (allowed ? status is 401 or 403 : status != refusal)
                    problems.Add($"{route.Name} as {who}: {status}, expected {(allowed ? "neither 401 nor 403" : refusal.ToString())}");
                if (status >= 500 && status != 503) problems.Add($"{route.Name} as {who}: {status}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(routes.Count >= Matrix.Count, $"only {routes.Count} routes found");
    }

    private sealed record Route(string Method, string Pattern, IReadOnlyList<string>? Roles, bool Anonymous, bool SalesScoped)
    {
        public string Name => $"{Method} {Pattern}";
    }

    private List<Route> Routes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.OrdinalIgnoreCase) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new Route(
                method, e.RoutePattern.RawText!, e.Metadata.GetMetadata<AllowedRoles>()?.Roles,
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null, e.Metadata.GetMetadata<SalesLeadScope>() is not null)))
            .ToList();

    [Fact]
    public async Task EveryRoute_GivenABadRequest_AnswersProblemDetails()
    {
        var admin = NurtureApp.ApiKey;
        var sales = (await AccessSetup.CreateKeyAsync(app, S, await AccessSetup.CreateUserAsync(app, S))).Key;
        var calls = new List<(string What, string Method, string Path, string? Body, string? ContentType, string? Key)>();
        foreach (var route in Routes())
        {
            var good = Fill(route.Pattern);
            var hasBody = route.Method is "POST" or "PUT" or "PATCH";
            calls.Add(("no key", route.Method, good, hasBody ? "{}" : null, "application/json", null));
            if (route.Pattern.Contains('{')) calls.Add(("bad id", route.Method, Fill(route.Pattern, "not-an-id%20'%22"), hasBody ? "{}" : null, "application/json", admin));
            if (hasBody)
            {
                calls.Add(("malformed JSON", route.Method, good, "{\"name\": ", "application/json", admin));
                calls.Add(("wrong content type", route.Method, good, "<lead/>", "application/xml", admin));
            }
            if (!route.Anonymous && route.Roles?.Contains(S) != true) calls.Add(("wrong role", route.Method, good, hasBody ? "{}" : null, "application/json", sales));
        }
        calls.AddRange(
        [
            ("unknown route", "GET", "/api/no-such-route", null, null, admin),
            ("unknown route", "POST", "/api/leads/a/b/c", "{}", "application/json", admin),
            ("unknown route", "GET", "/no-such-page", null, null, null),
            ("unknown console file", "GET", "/console/js/no-such-module.js", null, null, null),
            ("method not allowed", "DELETE", "/api/sites", null, null, admin),
            ("method not allowed", "PUT", "/collect", "[]", "application/json", null),
            ("malformed JSON", "POST", "/collect", "[{\"siteKey\": ", "application/json", null),
            ("wrong content type", "POST", "/collect", "<event/>", "application/xml", null),
            ("bad token", "GET", "/e/c/forged", null, null, null),
            ("bad token", "GET", "/e/o/forged.gif", null, null, null),
            ("bad token", "GET", "/e/u/forged", null, null, null),
            ("bad token", "POST", "/e/u/forged", "", "application/x-www-form-urlencoded", null),
        ]);

        var problems = new List<string>();
        var statuses = new SortedSet<int>();
        foreach (var (what, method, path, body, contentType, key) in calls)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, contentType!);
            using var response = await AccessSetup.Client(app, key).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            if (what == "bad id" && status < 400) problems.Add($"{what}: {method} {path} answered {status}");
            if (status < 400) continue;
            statuses.Add(status);
            try
            {
                await ProblemBody.ReadAsync(response);
            }
            catch (Exception ex) when (ex is Xunit.Sdk.XunitException)
            {
                problems.Add($"{what}: {ex.Message}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Superset(new SortedSet<int> { 400, 401, 403, 404, 405, 415 }, statuses);
    }

    /// <summary>Route parameters get dummy values and bodies are an empty object: only 401/403 versus the rest matters here.</summary>
    private async Task<(int Status, string? Problem)> CallAsync(Route route, string? key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), Fill(route.Pattern));
        if (route.Method is "POST" or "PUT") request.Content = AccessSetup.Json("{}");
        // Headers only: a stream (GET /api/sales/stream) answers its status at once and never ends.
        using var response = await AccessSetup.Client(app, key).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        if (status < 400) return (status, null);
        try
        {
            await ProblemBody.ReadAsync(response);
            return (status, null);
        }
        catch (Xunit.Sdk.XunitException ex)
        {
            return (status, ex.Message);
        }
    }

    /// <summary>The pattern with every parameter given <paramref name="value"/>, or a plausible dummy (a version number, a UUID).</summary>
    private static string Fill(string pattern, string? value = null) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)[^}]*\}",
            m => value ?? (m.Groups[1].Value == "version" ? "1" : "0b0e7d1e-57ab-4c1e-9a5e-000000000001"));
}
