using System.Text;
using Microsoft.Extensions.Logging;

namespace Watcher.Digest;

/// <summary>
/// The stream under MailKit's ProtocolLogger: each line of the SMTP conversation becomes one Debug
/// record. The ProtocolLogger has already replaced the credentials of AUTH with asterisks.
/// </summary>
internal sealed class SmtpProtocolLog(ILogger logger, string endpoint) : Stream
{
    // A line longer than this is logged in pieces rather than held in memory.
    private const int MaxLine = 4096;
    private readonly List<byte> _line = [];

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        foreach (var b in buffer)
        {
            if (b == (byte)'\n' || _line.Count >= MaxLine)
                Emit();
            if (b != (byte)'\n')
                _line.Add(b);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _line.Count > 0)
            Emit();
        base.Dispose(disposing);
    }

    private void Emit()
    {
        var text = Encoding.UTF8.GetString([.. _line]).TrimEnd('\r');
        _line.Clear();
        if (text.Length > 0)
            logger.SmtpProtocol(endpoint, text);
    }
}
