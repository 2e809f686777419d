using Microsoft.AspNetCore.Http.Features;
using Nurture.Http;
using Nurture.Spreadsheets;

namespace Nurture.Server.Apis;

/// <summary>
/// The multipart form that carries a spreadsheet upload (training files for predictive models, campaign costs):
/// read within the file limit plus the form's own overhead, with a refusal at the file field otherwise.
/// </summary>
internal static class SpreadsheetUploadForm
{
    private const long MultipartOverhead = 64 * 1024;

    /// <summary>The form, or the problem to answer: too large (413), not multipart, or unreadable (400 at "file").</summary>
    public static async Task<(IFormCollection? Form, IResult? Problem)> ReadAsync(
        HttpRequest request, SpreadsheetReadOptions limits, string notMultipart, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limits.MaxFileBytes + MultipartOverhead) return (null, TooLarge(limits));
        // Without a Content-Length (chunked), the server stops reading at the same cap.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = limits.MaxFileBytes + MultipartOverhead;
        if (!request.HasFormContentType) return (null, ApiErrors.BadRequest("file", notMultipart));
        try
        {
            return (await request.ReadFormAsync(cancellationToken), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limits));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, ApiErrors.BadRequest("file", $"the upload could not be read: {ex.Message}"));
        }
    }

    public static IResult TooLarge(SpreadsheetReadOptions limits) =>
        ApiErrors.Problem(StatusCodes.Status413PayloadTooLarge, [new FieldError("file", $"must be at most {limits.MaxFileBytes / (1024 * 1024)} MB")], "The upload is too large.");
}
