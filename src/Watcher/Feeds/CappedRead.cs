namespace Watcher.Feeds;

/// <summary>Reads a whole stream into memory, but never more than a cap (Polling:MaxBodyBytes).</summary>
internal static class CappedRead
{
    /// <summary>The stream's bytes; null as soon as there are more than <paramref name="cap"/> (a gzip bomb or /dev/zero stops there).</summary>
    public static async Task<byte[]?> ReadAsync(Stream stream, long cap, long? expectedLength, CancellationToken ct)
    {
        using var buffer = new MemoryStream(expectedLength is { } length and > 0 && length <= cap ? (int)length : 16 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > cap)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>A local file, with the same cap as an HTTP body (device files such as /dev/zero never end).</summary>
    public static async Task<byte[]?> ReadFileAsync(string path, long cap, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, useAsync: true);
        return await ReadAsync(file, cap, file.CanSeek ? file.Length : null, ct);
    }
}
