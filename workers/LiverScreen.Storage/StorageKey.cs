namespace LiverScreen.Storage;

/// <summary>Rules every store applies to keys: relative, '/'-separated, no empty, "." or ".." segments, no backslashes.</summary>
public static class StorageKey
{
    public static void Validate(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.StartsWith('/') || key.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Storage key '{key}' must be relative and use '/' separators.", nameof(key));
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw new ArgumentException($"Storage key '{key}' has an empty, '.' or '..' segment.", nameof(key));
            }
        }
    }
}
