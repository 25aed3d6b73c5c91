using System.Text;
using LiverScreen.Storage.Local;

namespace LiverScreen.Storage.Tests.Local;

public sealed class When_objects_are_stored_in_local_files : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "liverscreen-store-tests", Guid.NewGuid().ToString("N"));
    private readonly LocalFileObjectStore _store;

    public When_objects_are_stored_in_local_files() => _store = new LocalFileObjectStore(_root);

    [Fact]
    public async Task Should_read_back_what_was_put_and_replace_on_a_second_put()
    {
        await Put("studies/a/volumes/nc.lsvol", "first");
        await Put("studies/a/volumes/nc.lsvol", "second");

        Assert.Equal("second", await Read("studies/a/volumes/nc.lsvol"));
        Assert.True(await _store.ExistsAsync("studies/a/volumes/nc.lsvol"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "studies", "a", "volumes"), "*.tmp"));
    }

    [Fact]
    public async Task Should_list_keys_under_a_prefix_in_ordinal_order()
    {
        await Put("b/2", "x");
        await Put("b/10", "x");
        await Put("b/sub/1", "x");
        await Put("bb/1", "x");
        await Put("a/1", "x");

        var folder = await _store.ListAsync("b/").ToListAsync();
        var prefix = await _store.ListAsync("b").ToListAsync();

        Assert.Equal(["b/10", "b/2", "b/sub/1"], folder);
        Assert.Equal(["b/10", "b/2", "b/sub/1", "bb/1"], prefix);
        Assert.Empty(await _store.ListAsync("zzz/").ToListAsync());
    }

    [Fact]
    public async Task Should_name_the_key_when_an_object_is_missing()
    {
        var ex = await Assert.ThrowsAsync<FileNotFoundException>(() => _store.OpenReadAsync("no/such/key"));
        Assert.Contains("no/such/key", ex.Message, StringComparison.Ordinal);
        Assert.False(await _store.ExistsAsync("no/such/key"));
    }

    [Fact]
    public async Task Should_delete_and_tolerate_deleting_twice()
    {
        await Put("d/1", "x");
        await _store.DeleteAsync("d/1");
        await _store.DeleteAsync("d/1");
        Assert.False(await _store.ExistsAsync("d/1"));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    public async Task Should_reject_keys_that_are_not_clean_relative_paths(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Put(key, "x"));
    }

    [Fact]
    public async Task Should_never_show_a_reader_a_torn_object_while_writers_replace_it()
    {
        var big = new string('a', 1 << 20);
        var other = new string('b', 1 << 20);
        await Put("race/obj", big);
        var writers = Task.WhenAll(Enumerable.Range(0, 20).Select(i => Put("race/obj", i % 2 == 0 ? big : other)));
        while (!writers.IsCompleted)
        {
            var text = await Read("race/obj");
            Assert.True(text == big || text == other, "reader saw a partial object");
        }

        await writers;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task Put(string key, string text)
    {
        using var ms = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await _store.PutAsync(key, ms);
    }

    private async Task<string> Read(string key)
    {
        await using var s = await _store.OpenReadAsync(key);
        using var reader = new StreamReader(s);
        return await reader.ReadToEndAsync();
    }
}
