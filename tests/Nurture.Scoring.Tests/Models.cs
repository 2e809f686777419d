using Nurture.Abstractions.Events;
using Nurture.Scoring.Model;

namespace Nurture.Scoring.Tests;

internal static class Models
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A small model with round numbers, so expected scores are easy to read.</summary>
    public const string Simple = """
        {
          "categories": { "pricing": { "halfLifeDays": 10 }, "careers": { "halfLifeDays": 10 } },
          "rules": [
            { "id": "pricing", "category": "pricing", "points": 10, "match": { "type": "page_view", "path": "/pricing*" } },
            { "id": "pricing-daily", "category": "pricing", "points": 1, "match": { "type": "page_view", "path": "/plans" }, "cap": { "perDay": 2 } },
            { "id": "pricing-once", "category": "pricing", "points": 5, "match": { "type": "page_view", "path": "/compare" }, "cap": { "perLead": 1 } },
            { "id": "pricing-session", "category": "pricing", "points": 3, "match": { "type": "page_view", "path": "/calculator" }, "cap": { "oncePerSession": true } },
            { "id": "careers", "category": "careers", "points": -4, "match": { "type": "page_view", "path": "/careers*", "host": "*.example.com" } },
            { "id": "campaign", "category": "pricing", "points": 7, "match": { "utmCampaign": "black-friday", "props": { "plan": "pro" } } }
          ],
          "fit": {
            "rules": [
              { "id": "corporate", "emailDomain": "corporate", "points": 10 },
              { "id": "cto", "trait": "jobTitle", "equals": "CTO", "points": 20 },
              { "id": "big", "trait": "companySize", "atLeast": 100, "points": 15 },
              { "id": "jp", "trait": "country", "in": ["JP", "US"], "points": 5 }
            ],
            "grades": { "a": 40, "b": 25, "c": 10 }
          },
          "stages": {
            "engaged": { "enter": 10, "leave": 5 },
            "mql": { "enter": 30, "leave": 20, "minFit": 10 },
            "hot": { "enter": 50, "leave": 40, "minFit": 10 }
          }
        }
        """;

    public static ScoringModel Parse(string json = Simple)
    {
        var (model, errors) = ScoringModelParser.Parse(json);
        Assert.Empty(errors);
        return model!.WithVersion(1);
    }

    public static TrackedEvent PageView(string path, DateTimeOffset at, string visitor = "v", string host = "www.example.com") => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        SiteId = Guid.Empty,
        VisitorId = visitor,
        LeadId = Guid.Empty,
        Type = EventTypes.PageView,
        Url = $"https://{host}{path}",
        Host = host,
        Path = path,
        ReceivedAt = at,
    };
}
