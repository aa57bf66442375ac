using System.Buffers.Binary;
using Xunit;

namespace Watcher.Tests.Digest;

/// <summary>The HTML part as a phone shows it: rendered by headless Chromium at 420px wide.</summary>
public sealed class DigestScreenshotTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Html_part_renders_to_a_real_png_at_phone_width()
    {
        var png = Path.Combine(Path.GetTempPath(), $"watcher-digest-{Guid.NewGuid():N}.png");
        try
        {
            var sample = DigestSampleData.Render();
            var html = sample.Html;
            await ChromiumRenderer.ScreenshotAsync(html, png, 420, 1400);

            var bytes = await File.ReadAllBytesAsync(png);
            Assert.Equal(PngSignature, bytes[..8]);
            // The first chunk is IHDR: width and height, big-endian.
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.Equal(420, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.Equal(1400, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
            // A blank page compresses to a few kilobytes; text, links and highlights take far more.
            Assert.True(bytes.Length > 30_000, $"screenshot is only {bytes.Length} bytes");

            // WATCHER_DIGEST_SAMPLE=<file.png> keeps the picture, its HTML and the text part (docs/digest-sample.png is made this way).
            if (Environment.GetEnvironmentVariable("WATCHER_DIGEST_SAMPLE") is { Length: > 0 } keep)
            {
                File.Copy(png, keep, overwrite: true);
                await File.WriteAllTextAsync(Path.ChangeExtension(keep, ".html"), html);
                await File.WriteAllTextAsync(Path.ChangeExtension(keep, ".txt"), sample.Text);
            }
        }
        finally
        {
            File.Delete(png);
        }
    }
}
