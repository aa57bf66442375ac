using System.Net;
using System.Net.Sockets;

namespace Watcher.Labels;

/// <summary>
/// Connects only to public addresses: an editor's reported URL is untrusted input, and must not make the
/// service read its own machine or the internal network (loopback, private, link-local, carrier NAT,
/// multicast and reserved ranges). Checked on the resolved address of every connection, redirects
/// included, so a public name that resolves to 10.0.0.5 is refused too.
/// </summary>
internal static class PublicAddresses
{
    public static SocketsHttpHandler Guard(SocketsHttpHandler handler)
    {
        handler.ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var usable = addresses.Where(IsPublic).ToArray();
            if (usable.Length == 0)
                throw new HttpRequestException($"{host} is not a public address (loopback, private or reserved); Watcher does not fetch those for a reported article");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(usable, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        return handler;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 198 && b[1] is 18 or 19));
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        var v6 = address.GetAddressBytes();
        return !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast || (v6[0] & 0xfe) == 0xfc
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8));
    }
}
