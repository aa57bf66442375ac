using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Watcher.Links;

public enum LinkKind { Feedback, Missed, Unsubscribe }

/// <summary>What a link's token says: for whom, for which list, and for a feedback link which hit.</summary>
/// <param name="Expires">Null for an unsubscribe link, which works for ever.</param>
public sealed record LinkClaims(LinkKind Kind, string List, string Recipient, long? HitId, DateTimeOffset? Expires);

public enum LinkCheck { Valid, Invalid, Expired }

/// <summary>
/// Signs and reads the tokens of the digest's links with ASP.NET Core Data Protection: one purpose per kind
/// (a feedback token is no unsubscribe token), keys in PostgreSQL shared by every instance and CLI process.
/// </summary>
/// <remarks>
/// The expiry travels inside the protected payload and is checked against the injected clock: the
/// framework's time-limited protector reads DateTimeOffset.UtcNow itself (.NET 10), which no test can
/// move. The payload is authenticated, so the expiry cannot be changed without breaking the token.
/// </remarks>
public sealed class LinkTokens(IDataProtectionProvider protection, IOptions<DigestLinkOptions> options, TimeProvider clock)
{
    public const string FeedbackPurpose = "watcher.feedback.v1";
    public const string MissedPurpose = "watcher.missed.v1";
    public const string UnsubscribePurpose = "watcher.unsubscribe.v1";

    /// <summary>Longer than any token we make; a longer path segment is refused before any decryption.</summary>
    public const int MaxTokenChars = 2048;

    private readonly IDataProtector _feedback = protection.CreateProtector(FeedbackPurpose);
    private readonly IDataProtector _missed = protection.CreateProtector(MissedPurpose);
    private readonly IDataProtector _unsubscribe = protection.CreateProtector(UnsubscribePurpose);

    /// <summary>
    /// Loads the key ring, creating the first key in the database when there is none: the first process
    /// to start (the service, after migrating) makes it, and every later one reads it.
    /// </summary>
    public void EnsureKey() => _unsubscribe.Protect([0]);

    public string Create(LinkKind kind, string list, string recipient, long? hitId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(list);
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        if ((kind == LinkKind.Feedback) != hitId.HasValue)
            throw new ArgumentException("a feedback link names one hit; other links name none", nameof(hitId));
        DateTimeOffset? expires = kind == LinkKind.Unsubscribe ? null : clock.GetUtcNow() + options.Value.LinkLifetime;
        var payload = new Payload(kind.ToString(), list, recipient, hitId, expires?.ToUnixTimeSeconds());
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, PayloadJson.Default.Payload);
        return WebEncoders.Base64UrlEncode(Protector(kind).Protect(bytes));
    }

    /// <summary>Valid only when the token was made by Watcher's keys for this <paramref name="kind"/> and has not expired.</summary>
    public LinkCheck Read(LinkKind kind, string? token, out LinkClaims? claims)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenChars)
            return LinkCheck.Invalid;
        Payload? payload;
        try
        {
            var bytes = Protector(kind).Unprotect(WebEncoders.Base64UrlDecode(token));
            payload = JsonSerializer.Deserialize(bytes, PayloadJson.Default.Payload);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            return LinkCheck.Invalid;
        }
        if (payload is null || payload.Kind != kind.ToString() || string.IsNullOrWhiteSpace(payload.List)
            || string.IsNullOrWhiteSpace(payload.Recipient) || (kind == LinkKind.Feedback) != payload.Hit.HasValue)
            return LinkCheck.Invalid;
        DateTimeOffset? expires = payload.Expires is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        claims = new LinkClaims(kind, payload.List, payload.Recipient, payload.Hit, expires);
        return expires is { } at && clock.GetUtcNow() > at ? LinkCheck.Expired : LinkCheck.Valid;
    }

    private IDataProtector Protector(LinkKind kind) => kind switch
    {
        LinkKind.Feedback => _feedback,
        LinkKind.Missed => _missed,
        _ => _unsubscribe,
    };

    internal sealed record Payload(
        [property: JsonPropertyName("k")] string Kind,
        [property: JsonPropertyName("l")] string List,
        [property: JsonPropertyName("r")] string Recipient,
        [property: JsonPropertyName("h")] long? Hit,
        [property: JsonPropertyName("e")] long? Expires);
}

[JsonSerializable(typeof(LinkTokens.Payload))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class PayloadJson : JsonSerializerContext;
