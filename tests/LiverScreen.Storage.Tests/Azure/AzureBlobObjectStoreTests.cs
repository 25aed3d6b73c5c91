using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using Xunit.Abstractions;
using LiverScreen.Storage.Azure;
using LiverScreen.TestServers;
using LiverScreen.Tests.Support;

namespace LiverScreen.Storage.Tests.Azure;

/// <summary>The Blob REST client against a real Azurite started for this class.</summary>
public sealed class AzureBlobObjectStoreTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [ServerFact(ServerKind.Azurite)]
    public async Task When_a_64_MiB_volume_goes_through_default_settings_Should_round_trip_and_report_loopback_throughput()
    {
        using var store = CreateStore();
        var data = RandomBytes(64 * 1024 * 1024, seed: 10);

        var sw = System.Diagnostics.Stopwatch.StartNew();
        await store.PutAsync("throughput/64mib.lsvol", new MemoryStream(data));
        var put = sw.Elapsed;
        sw.Restart();
        var back = await ReadAllAsync(store, "throughput/64mib.lsvol");
        var get = sw.Elapsed;

        Assert.Equal(data, back);
        Assert.Equal(8, await CommittedBlockCountAsync(store.Container, "throughput/64mib.lsvol"));
        // Reported, not asserted: speed claims belong to benchmarks, not timed tests.
        output.WriteLine($"Azurite on loopback, 64 MiB: put {put.TotalSeconds:0.00} s ({64 / put.TotalSeconds:0} MiB/s, 8 MiB blocks x4), "
            + $"get {get.TotalSeconds:0.00} s ({64 / get.TotalSeconds:0} MiB/s, MD5 verified); Azurite started in {azurite.Server.LastStartupTime.TotalSeconds:0.0} s");
    }

    [ServerFact(ServerKind.Azurite)]
    public async Task When_a_small_object_is_put_Should_read_back_the_same_bytes()
    {
        using var store = CreateStore();
        var data = RandomBytes(1000, seed: 1);

        await store.PutAsync("studies/1.2.3/volumes/a.lsvol", new MemoryStream(data));

        Assert.True(await store.ExistsAsync("studies/1.2.3/volumes/a.lsvol"));
        Assert.Equal(data, await ReadAllAsync(store, "studies/1.2.3/volumes/a.lsvol"));
    }

    [ServerFact(ServerKind.Azurite)]
    public async Task When_an_object_is_larger_than_a_block_Should_commit_it_as_blocks_and_read_back_the_same_bytes()
    {
        const int blockSize = 64 * 1024;
        using var store = CreateStore(o => { o.BlockSizeBytes = blockSize; o.MaxParallelBlockUploads = 3; });
        var data = RandomBytes((5 * blockSize) + 123, seed: 2);

        await store.PutAsync("big/seekable.bin", new MemoryStream(data));
        // A non-seekable source whose length is an exact multiple of the block size: the last read comes back empty.
        var exact = RandomBytes(2 * blockSize, seed: 3);
        await store.PutAsync("big/forward-only.bin", new ForwardOnlyStream(exact));

        Assert.Equal(data, await ReadAllAsync(store, "big/seekable.bin"));
        Assert.Equal(exact, await ReadAllAsync(store, "big/forward-only.bin"));
        Assert.Equal(6, await CommittedBlockCountAsync(store.Container, "big/seekable.bin"));
        Assert.Equal(2, await CommittedBlockCountAsync(store.Container, "big/forward-only.bin"));
    }

    [ServerFact(ServerKind.Azurite)]
    public async Task When_a_range_is_read_Should_return_exactly_those_bytes_even_across_verified_pieces()
    {
        using var store = CreateStore(o => o.BlockSizeBytes = 1024 * 1024);
        var data = RandomBytes(9 * 1024 * 1024, seed: 4);
        await store.PutAsync("ranged.bin", new MemoryStream(data));

        // 5 MiB from an odd offset: two ranged requests (4 MiB + 1 MiB), each MD5-checked.
        var offset = (1024 * 1024) + 7;
        var range = await store.ReadRangeAsync("ranged.bin", offset, 5 * 1024 * 1024);
        var tail = await store.ReadRangeAsync("ranged.bin", data.Length - 10, 100);

        Assert.Equal(data.AsSpan(offset, 5 * 1024 * 1024).ToArray(), range);
        Assert.Equal(data.AsSpan(data.Length - 10).ToArray(), tail);
    }

    [ServerFact(ServerKind.Azurite)]
    public async Task When_listing_with_a_prefix_over_several_pages_Should_return_every_key_under_it_in_order()
    {
        using var store = CreateStore(o => o.ListPageSize = 2);
        string[] wanted = ["a/1", "a/2", "a/3/x", "a/4", "a/5"];
        foreach (var key in wanted.Concat(["b/1", "ab"]).Reverse())
            await store.PutAsync(key, new MemoryStream([1, 2, 3]));

        var listed = await ToListAsync(store.ListAsync("a/"));
        var all = await ToListAsync(store.ListAsync(string.Empty));

        Assert.Equal(wanted, listed);
        Assert.Equal(7, all.Count);
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
    }

    [ServerFact(ServerKind.Azurite)]
    public async Task When_an_object_is_deleted_Should_be_gone_and_deleting_again_is_harmless()
    {
        using var store = CreateStore();
        await store.PutAsync("to-delete.bin", new MemoryStream([9]));

        await store.DeleteAsync("to-delete.bin");
        await store.DeleteAsync("to-delete.bin");

        Assert.False(await store.ExistsAsync("to-delete.bin"));
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync("to-delete.bin"));
    }

    [ServerFact(ServerKind.Azurite)]
    public async Task When_stored_bytes_no_longer_match_their_MD5_Should_fail_the_read_naming_container_and_key()
    {
        using var store = CreateStore();
        var original = RandomBytes(4096, seed: 5);
        await store.PutAsync("results/corrupt.json", new MemoryStream(original));

        // Silent corruption: different bytes committed under the original object's MD5, written around the store
        // (Put Blob would have the service check the MD5, a committed block list does not).
        var corrupted = (byte[])original.Clone();
        corrupted[100] ^= 0xFF;
        var blob = $"{store.Container}/results/corrupt.json";
        var blockId = Uri.EscapeDataString(Convert.ToBase64String("corrupt-0"u8.ToArray()));
        using (var block = await RawBlobRest.SendAsync(azurite.Server, HttpMethod.Put, $"{blob}?comp=block&blockid={blockId}", new ByteArrayContent(corrupted)))
            Assert.Equal(HttpStatusCode.Created, block.StatusCode);
        var list = $"<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>{Convert.ToBase64String("corrupt-0"u8.ToArray())}</Latest></BlockList>";
        using (var commit = await RawBlobRest.SendAsync(azurite.Server, HttpMethod.Put, $"{blob}?comp=blocklist", new StringContent(list),
            ("x-ms-blob-content-md5", Convert.ToBase64String(OriginalMd5(original)))))
            Assert.Equal(HttpStatusCode.Created, commit.StatusCode);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(store, "results/corrupt.json"));
        Assert.Contains($"'{store.Container}/results/corrupt.json'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Checksum mismatch", ex.Message, StringComparison.Ordinal);
    }

    [ServerFact(ServerKind.Azurite)]
    public async Task When_authorised_by_a_container_SAS_Should_read_write_and_list_and_a_read_only_SAS_cannot_write()
    {
        using var owner = CreateStore();
        await owner.PutAsync("shared/a.bin", new MemoryStream([1, 2, 3]));
        var key = Convert.FromBase64String(AzuriteServer.AccountKey);
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        var full = BlobSas.CreateContainerSas(AzuriteServer.AccountName, key, owner.Container, "racwdl", expires);
        var readOnly = BlobSas.CreateContainerSas(AzuriteServer.AccountName, key, owner.Container, "rl", expires);

        using var writer = SasStore(owner.Container, full);
        using var reader = SasStore(owner.Container, readOnly);
        await writer.PutAsync("shared/b.bin", new MemoryStream([4, 5]));

        Assert.Equal(new byte[] { 1, 2, 3 }, await ReadAllAsync(reader, "shared/a.bin"));
        Assert.Equal(new byte[] { 4, 5 }, await ReadAllAsync(reader, "shared/b.bin"));
        Assert.Equal(["shared/a.bin", "shared/b.bin"], await ToListAsync(reader.ListAsync("shared/")));
        var denied = await Assert.ThrowsAsync<AzureBlobException>(() => reader.PutAsync("shared/c.bin", new MemoryStream([6])));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains($"'{owner.Container}/shared/c.bin'", denied.Message, StringComparison.Ordinal);
    }

    [ServerFact(ServerKind.Azurite)]
    public async Task When_a_blob_is_missing_Should_throw_FileNotFound_naming_the_key_and_container()
    {
        using var store = CreateStore();
        await store.CreateContainerIfNotExistsAsync();

        var ex = await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync("studies/9.9/volumes/missing.lsvol"));

        Assert.Equal("studies/9.9/volumes/missing.lsvol", ex.FileName);
        Assert.Contains("'studies/9.9/volumes/missing.lsvol'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{store.Container}'", ex.Message, StringComparison.Ordinal);
        Assert.False(await store.ExistsAsync("studies/9.9/volumes/missing.lsvol"));
    }

    [ServerFact(ServerKind.Azurite)]
    public async Task When_the_account_key_is_wrong_Should_fail_at_once_with_the_status_and_no_retries()
    {
        using var store = CreateStore(o => o.ConnectionString = azurite.Server.ConnectionString.Replace(AzuriteServer.AccountKey,
            Convert.ToBase64String(RandomBytes(64, seed: 6)), StringComparison.Ordinal));

        var ex = await Assert.ThrowsAsync<AzureBlobException>(() => store.PutAsync("x.bin", new MemoryStream([1])));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Contains($"'{store.Container}/x.bin'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.RetriedAttempts);
    }

    private AzureBlobObjectStore CreateStore(Action<AzureBlobOptions>? configure = null)
    {
        var options = new AzureBlobOptions { ConnectionString = azurite.Server.ConnectionString, Container = "t" + Guid.NewGuid().ToString("N")[..20] };
        configure?.Invoke(options);
        return new AzureBlobObjectStore(options);
    }

    private AzureBlobObjectStore SasStore(string container, string sas) => new(new AzureBlobOptions
    {
        AccountName = AzuriteServer.AccountName,
        SasToken = sas,
        BlobEndpoint = azurite.Server.BlobEndpoint,
        Container = container,
    });

    private async Task<int> CommittedBlockCountAsync(string container, string key)
    {
        using var response = await RawBlobRest.SendAsync(azurite.Server, HttpMethod.Get, $"{container}/{key}?comp=blocklist&blocklisttype=committed");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        return xml.Descendants("CommittedBlocks").Elements("Block").Count();
    }

    internal static async Task<byte[]> ReadAllAsync(IObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

#pragma warning disable CA5351 // Content-MD5 is the Blob protocol's integrity checksum
    private static byte[] OriginalMd5(byte[] data) => MD5.HashData(data);
#pragma warning restore CA5351

    internal static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> source)
    {
        var list = new List<string>();
        await foreach (var item in source)
            list.Add(item);
        return list;
    }
}
