namespace Nurture.Http;

/// <summary>
/// Who is calling, as lead history records it: the signed-in user or the API key the access filter
/// put on the request, else "api".
/// </summary>
public static class ApiActor
{
    public const string ItemKey = "nurture.actor";

    public static string Of(HttpContext http) => http.Items[ItemKey] as string ?? "api";
}
