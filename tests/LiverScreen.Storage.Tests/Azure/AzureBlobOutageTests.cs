using LiverScreen.Storage.Azure;
using LiverScreen.TestServers;
using static LiverScreen.Storage.Tests.Azure.AzureBlobObjectStoreTests;

namespace LiverScreen.Storage.Tests.Azure;

/// <summary>
/// Storage outages: this class's own Azurite is stopped and started again (same port, same on-disk data) while the
/// store is working. Needs a locally started Azurite (an external LIVERSCREEN_TEST_AZURITE server cannot be stopped).
/// </summary>
public sealed class AzureBlobOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [ServerFact(ServerKind.Azurite)]
    public async Task When_storage_is_down_for_seconds_Should_retry_until_it_is_back_and_lose_nothing()
    {
        using var store = PatientStore();
        var before = RandomBytes(300_000, seed: 11);
        var during = RandomBytes(200_000, seed: 12);
        await store.PutAsync("outage/before.bin", new MemoryStream(before));

        await azurite.Server.StopAsync();
        var put = store.PutAsync("outage/during.bin", new MemoryStream(during));
        var read = ReadAllAsync(store, "outage/before.bin");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var completedWhileDown = put.IsCompleted || read.IsCompleted;
        await azurite.Server.StartAsync();

        await put;
        Assert.Equal(before, await read);
        Assert.False(completedWhileDown);
        Assert.Equal(during, await ReadAllAsync(store, "outage/during.bin"));
        Assert.True(store.RetriedAttempts >= 2, $"expected retries while storage was down, saw {store.RetriedAttempts}");
    }

    [ServerFact(ServerKind.Azurite)]
    public async Task When_storage_goes_down_in_the_middle_of_a_download_Should_resume_where_it_broke_and_verify_the_whole()
    {
        using var store = PatientStore();
        var data = RandomBytes(48 * 1024 * 1024, seed: 13);
        await store.PutAsync("outage/large.bin", new MemoryStream(data));

        await using var stream = await store.OpenReadAsync("outage/large.bin");
        var copy = new byte[data.Length];
        var head = await stream.ReadAtLeastAsync(copy.AsMemory(0, 1024 * 1024), 1024 * 1024);
        await azurite.Server.RestartAsync();
        var rest = await stream.ReadAtLeastAsync(copy.AsMemory(head), data.Length - head, throwOnEndOfStream: false);

        Assert.Equal(data.Length, head + rest);
        Assert.Equal(data, copy);
        Assert.Equal(0, await stream.ReadAsync(new byte[1]));
        Assert.True(store.ResumedReads >= 1, "the download should have broken and been resumed");
    }

    private AzureBlobObjectStore PatientStore() => new(new AzureBlobOptions
    {
        ConnectionString = azurite.Server.ConnectionString,
        Container = "outage" + Guid.NewGuid().ToString("N")[..12],
        MaxRetryAttempts = 40,
        RetryBaseDelay = TimeSpan.FromMilliseconds(200),
        RetryMaxDelay = TimeSpan.FromSeconds(1),
        AttemptTimeout = TimeSpan.FromSeconds(15),
    });
}
