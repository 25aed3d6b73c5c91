using System.Globalization;
using LiverScreen.Storage.Azure;
using LiverScreen.TestServers;

namespace LiverScreen.Storage.Tests.Azure;

/// <summary>Direct, signed REST calls to Azurite that go around the store: to inspect what it wrote or to damage it.</summary>
internal static class RawBlobRest
{
    private static readonly HttpClient Http = new();

    public static async Task<HttpResponseMessage> SendAsync(AzuriteServer server, HttpMethod method, string path, HttpContent? content = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(server.BlobEndpoint + "/" + path)) { Content = content };
        request.Headers.Add("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        request.Headers.Add("x-ms-version", AzureBlobObjectStore.ServiceVersion);
        foreach (var (name, value) in headers)
            request.Headers.Add(name, value);
        SharedKeySigner.Authorize(request, AzuriteServer.AccountName, Convert.FromBase64String(AzuriteServer.AccountKey));
        return await Http.SendAsync(request);
    }
}
