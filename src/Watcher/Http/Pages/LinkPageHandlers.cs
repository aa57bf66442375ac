using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Watcher.Data;
using Watcher.Digest;
using Watcher.Labels;
using Watcher.Links;

namespace Watcher.Http.Pages;

/// <summary>
/// The pages the digest's links open. A GET only shows a page (mail scanners open every link); the form's
/// POST, with its antiforgery token, records. Each page needs a valid token for its kind; an invalid one
/// gets 404, an expired one 410, a form without its antiforgery token 400, and nothing is recorded.
/// </summary>
internal sealed class LinkPageHandlers(
    LinkTokens tokens,
    IAntiforgery antiforgery,
    IOptions<AntiforgeryOptions> antiforgeryOptions,
    FeedbackStore feedback,
    MissedArticleReader pages,
    ListOptOuts optOuts,
    DigestDispatcher digests,
    IOptions<DigestOptions> digestOptions,
    ILogger<LinkPageHandlers> logger)
{
    public const int MaxUrlChars = 2048;

    /// <summary>The largest form body a page accepts: a URL and a note.</summary>
    public const long MaxFormBytes = 16 * 1024;

    private const string OneClickField = "List-Unsubscribe";
    private const string OneClickValue = "One-Click";

    public async Task FeedbackPageAsync(HttpContext context, string token)
    {
        if (await ClaimsAsync(context, LinkKind.Feedback, token) is not { } claims)
            return;
        var locale = LocaleOf(claims.List);
        StoredItem? item;
        try
        {
            item = await feedback.FindItemAsync(null, claims.HitId, context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LinkFeedbackFailed(claims.HitId!.Value, claims.List, e.Message);
            await ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, locale, locale.NotSaved);
            return;
        }
        if (item is null)
        {
            await ProblemAsync(context, StatusCodes.Status410Gone, locale, locale.ArticleGone);
            return;
        }
        var body = PageHtml.Paragraph(PageLocale.Format(locale.FeedbackExplain, claims.List))
            + PageHtml.Paragraph(item.Title, "article", "article")
            + Form(context, "feedback-form", locale.FeedbackButton);
        await WriteAsync(context, StatusCodes.Status200OK, PageHtml.Document(locale, "feedback", locale.FeedbackHeading, body));
    }

    public async Task FeedbackPostAsync(HttpContext context, string token)
    {
        if (await ClaimsAsync(context, LinkKind.Feedback, token) is not { } claims)
            return;
        var locale = LocaleOf(claims.List);
        if (!await FormIsGenuineAsync(context, locale))
            return;
        try
        {
            // The same source, recipient and article: a second POST updates the same row.
            await feedback.AddAsync(new FeedbackInput(FeedbackLabels.Irrelevant, FeedbackSources.DigestLink)
            {
                HitId = claims.HitId,
                ListName = claims.List,
                Recipient = claims.Recipient,
            }, context.RequestAborted);
        }
        catch (ArgumentException)
        {
            await ProblemAsync(context, StatusCodes.Status410Gone, locale, locale.ArticleGone);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LinkFeedbackFailed(claims.HitId!.Value, claims.List, e.Message);
            await ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, locale, locale.NotSaved);
            return;
        }
        logger.LinkFeedbackRecorded(claims.HitId!.Value, FeedbackLabels.Irrelevant, claims.Recipient, claims.List);
        await DoneAsync(context, locale, "feedback-done", locale.FeedbackDone);
    }

    public async Task MissedPageAsync(HttpContext context, string token)
    {
        if (await ClaimsAsync(context, LinkKind.Missed, token) is not { } claims)
            return;
        await MissedFormAsync(context, LocaleOf(claims.List), claims, StatusCodes.Status200OK, null, null, null);
    }

    public async Task MissedPostAsync(HttpContext context, string token)
    {
        if (await ClaimsAsync(context, LinkKind.Missed, token) is not { } claims)
            return;
        var locale = LocaleOf(claims.List);
        if (!await FormIsGenuineAsync(context, locale))
            return;
        var form = context.Request.Form;
        var url = form["url"].ToString().Trim();
        var note = form["note"].ToString().Trim();
        if (note.Length > FeedbackStore.MaxNoteChars)
            note = note[..FeedbackStore.MaxNoteChars];
        if (url.Length > MaxUrlChars || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            await MissedFormAsync(context, locale, claims, StatusCodes.Status422UnprocessableEntity, locale.MissedNotHttp, url, note);
            return;
        }

        var input = new FeedbackInput(FeedbackLabels.Relevant, FeedbackSources.MissedReport)
        {
            Url = uri.AbsoluteUri,
            Note = note.Length > 0 ? note : null,
            ListName = claims.List,
            Recipient = claims.Recipient,
        };
        try
        {
            // An article Watcher polled is labelled from what it stored; any other page is read first.
            if (await feedback.FindByUrlAsync(uri.AbsoluteUri, context.RequestAborted) is null)
            {
                var page = await pages.FetchAsync(uri.AbsoluteUri, context.RequestAborted);
                if (page.Summary is not { } summary)
                {
                    logger.MissedArticleUnreadable(claims.Recipient, uri.AbsoluteUri, page.Error ?? "unknown");
                    await MissedFormAsync(context, locale, claims, StatusCodes.Status422UnprocessableEntity,
                        PageLocale.Format(locale.MissedUnreadable, page.Error ?? "?"), url, note);
                    return;
                }
                input = input with { Title = summary.Title, Text = summary.Description };
            }
            await feedback.AddAsync(input, context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.MissedArticleUnreadable(claims.Recipient, uri.AbsoluteUri, e.Message);
            await MissedFormAsync(context, locale, claims, StatusCodes.Status503ServiceUnavailable, locale.NotSaved, url, note);
            return;
        }
        logger.MissedArticleReported(claims.Recipient, claims.List, uri.AbsoluteUri);
        await DoneAsync(context, locale, "missed-done", locale.MissedDone);
    }

    public async Task UnsubscribePageAsync(HttpContext context, string token)
    {
        if (await ClaimsAsync(context, LinkKind.Unsubscribe, token) is not { } claims)
            return;
        var locale = LocaleOf(claims.List);
        var body = PageHtml.Paragraph(PageLocale.Format(locale.UnsubscribeExplain, claims.List, claims.Recipient), "explain")
            + Form(context, "unsubscribe-form", locale.UnsubscribeButton);
        await WriteAsync(context, StatusCodes.Status200OK, PageHtml.Document(locale, "unsubscribe", locale.UnsubscribeHeading, body));
    }

    /// <summary>
    /// The page's form (antiforgery checked), or a mail client's RFC 8058 one-click POST, whose body is
    /// exactly "List-Unsubscribe=One-Click" and which cannot carry an antiforgery token: there the signed
    /// token in the address is the whole protection, and it only ever unsubscribes the one it names.
    /// </summary>
    public async Task UnsubscribePostAsync(HttpContext context, string token)
    {
        if (await ClaimsAsync(context, LinkKind.Unsubscribe, token) is not { } claims)
            return;
        var locale = LocaleOf(claims.List);
        var oneClick = await IsOneClickAsync(context);
        if (!oneClick && !await FormIsGenuineAsync(context, locale))
            return;
        var method = oneClick ? OptOutMethods.OneClick : OptOutMethods.Page;
        try
        {
            if (await optOuts.OptOutAsync(claims.List, claims.Recipient, method, context.RequestAborted))
                logger.RecipientUnsubscribed(claims.List, claims.Recipient, method);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LinkRefused("unsubscribe", e.Message);
            await ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, locale, locale.NotSaved);
            return;
        }
        await DoneAsync(context, locale, "unsubscribe-done", PageLocale.Format(locale.UnsubscribeDone, claims.List, claims.Recipient));
    }

    private async Task<bool> IsOneClickAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
            return false;
        try
        {
            LimitBody(context);
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            return form.Count == 1 && form.Files.Count == 0 && form.TryGetValue(OneClickField, out var value)
                && value.Count == 1 && value[0] == OneClickValue;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return false;
        }
    }

    /// <summary>The token's claims, or null after answering 404 (invalid, tampered, another kind's) or 410 (expired).</summary>
    private async Task<LinkClaims?> ClaimsAsync(HttpContext context, LinkKind kind, string token)
    {
        var check = tokens.Read(kind, token, out var claims);
        if (check == LinkCheck.Valid)
            return claims;
        var locale = LocaleOf(claims?.List);
        logger.LinkRefused(kind.ToString().ToLowerInvariant(), check == LinkCheck.Expired ? "expired" : "not a valid token");
        await ProblemAsync(context, check == LinkCheck.Expired ? StatusCodes.Status410Gone : StatusCodes.Status404NotFound, locale,
            check == LinkCheck.Expired ? locale.ExpiredLink : locale.InvalidLink);
        return null;
    }

    /// <summary>The form came from our own page: its antiforgery field matches the cookie. Otherwise 400.</summary>
    private async Task<bool> FormIsGenuineAsync(HttpContext context, PageLocale locale)
    {
        bool valid;
        try
        {
            LimitBody(context);
            valid = context.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(context);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException or AntiforgeryValidationException)
        {
            valid = false;
        }
        if (!valid)
            await ProblemAsync(context, StatusCodes.Status400BadRequest, locale, locale.BadForm);
        return valid;
    }

    private static void LimitBody(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxFormBytes;
    }

    private string Form(HttpContext context, string id, string button, string fields = "")
    {
        var pair = antiforgery.GetAndStoreTokens(context);
        return PageHtml.Form(id, antiforgeryOptions.Value.FormFieldName, pair.RequestToken!, button, fields);
    }

    private async Task MissedFormAsync(HttpContext context, PageLocale locale, LinkClaims claims, int status, string? problem, string? url, string? note)
    {
        var body = PageHtml.Paragraph(PageLocale.Format(locale.MissedExplain, claims.List))
            + (problem is null ? "" : PageHtml.Paragraph(problem, "problem", "problem"))
            + Form(context, "missed-form", locale.MissedButton, PageHtml.MissedFields(locale, url, note));
        await WriteAsync(context, status, PageHtml.Document(locale, "missed", locale.MissedHeading, body));
    }

    private static Task DoneAsync(HttpContext context, PageLocale locale, string page, string text) =>
        WriteAsync(context, StatusCodes.Status200OK, PageHtml.Document(locale, page, locale.ThanksHeading, PageHtml.Paragraph(text, "outcome")));

    private static Task ProblemAsync(HttpContext context, int status, PageLocale locale, string text) =>
        WriteAsync(context, status, PageHtml.Document(locale, "error", locale.InvalidHeading, PageHtml.Paragraph(text, "problem", "problem")));

    internal static Task WriteAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        PageHeaders(context.Response.Headers);
        return context.Response.WriteAsync(html, context.RequestAborted);
    }

    /// <summary>
    /// Narrower than the listener's policy (<see cref="SecurityHeaders"/> sends no-referrer, nosniff and DENY
    /// on every answer): nothing but the style sheet is fetched, and a page with a token in it is not kept.
    /// </summary>
    internal static void PageHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = SecurityHeaders.LinkPagePolicy;
        headers.CacheControl = "no-store";
        headers["X-Robots-Tag"] = "noindex";
    }

    /// <summary>The list's language; for a list no longer configured (or an unreadable token), the first list's.</summary>
    private PageLocale LocaleOf(string? listName)
    {
        var list = digests.Lists.FirstOrDefault(l => string.Equals(l.Name, listName, StringComparison.OrdinalIgnoreCase));
        return PageLocale.For(list?.Language ?? digests.Lists.FirstOrDefault()?.Language ?? digestOptions.Value.Language);
    }
}
