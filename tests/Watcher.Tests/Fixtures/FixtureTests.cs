using System.Net;
using System.Text;
using Npgsql;
using Xunit;

namespace Watcher.Tests.Fixtures;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresServer server)
{
    [Fact]
    public async Task CreatedDatabaseAnswersSelectVersion()
    {
        var connectionString = await server.CreateDatabaseAsync();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select version(), current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.StartsWith("PostgreSQL ", reader.GetString(0), StringComparison.Ordinal);
        Assert.Equal(new NpgsqlConnectionStringBuilder(connectionString).Database, reader.GetString(1));
    }

    [Fact]
    public async Task EachDatabaseStartsEmptyAndIsolated()
    {
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();
        Assert.NotEqual(first, second);

        await ExecuteAsync(first, "create table marker (id int)");

        Assert.Equal(1L, await ScalarAsync(first, "select count(*) from information_schema.tables where table_name = 'marker'"));
        Assert.Equal(0L, await ScalarAsync(second, "select count(*) from information_schema.tables where table_name = 'marker'"));
    }

    [Fact]
    public async Task DatabaseCanBeNamed()
    {
        var name = "named_" + Guid.NewGuid().ToString("N")[..8];

        var connectionString = await server.CreateDatabaseAsync(name);

        Assert.Equal(name, new NpgsqlConnectionStringBuilder(connectionString).Database);
        Assert.Equal(1L, await ScalarAsync(server.AdminConnectionString, $"select count(*) from pg_database where datname = '{name}'"));
    }

    [Fact]
    public async Task UnsafeDatabaseNameIsRejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => server.CreateDatabaseAsync("x\"; drop database postgres; --"));
    }

    [Fact]
    public async Task TextFunctionsHandleFrenchAccents()
    {
        var connectionString = await server.CreateDatabaseAsync();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select lower('ÉTÉ À MOSCOU')", connection);

        Assert.Equal("été à moscou", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task StoppedServerRefusesConnectionsUntilStartedAgain()
    {
        var connectionString = await server.CreateDatabaseAsync();
        if (!server.IsThrowaway)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => server.StopAsync());
            return;
        }

        await server.StopAsync();
        try
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(connectionString, "select 1"));
        }
        finally
        {
            await server.StartAsync();
        }

        Assert.Equal(1, await ScalarAsync(connectionString, "select 1"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}

public sealed class FeedServerTests
{
    private static readonly byte[] FeedBody = Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Bamako</title></channel></rss>");

    [Fact]
    public async Task ServesBodyWithValidatorsOnLoopback()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feeds/a.xml", FeedBody, "application/rss+xml");
        using var client = new HttpClient();

        using var response = await client.GetAsync(server.UrlFor("/feeds/a.xml"));

        Assert.Equal(IPAddress.Loopback.ToString(), server.BaseUri.Host);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FeedBody, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(FeedServerResponses.ETagFor(FeedBody), response.Headers.ETag?.Tag);
        Assert.False(response.Headers.ETag?.IsWeak);
        Assert.NotNull(response.Content.Headers.LastModified);
    }

    [Fact]
    public async Task RepeatedGetWithIfNoneMatchGetsNotModifiedAndIsLogged()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", FeedBody, "application/rss+xml");
        using var client = new HttpClient();
        using var first = await client.GetAsync(server.UrlFor("feed"));
        var etag = first.Headers.ETag!;

        using var conditional = new HttpRequestMessage(HttpMethod.Get, server.UrlFor("/feed"));
        conditional.Headers.IfNoneMatch.Add(etag);
        using var second = await client.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        var log = server.RequestsFor("/feed");
        Assert.Equal(2, log.Count);
        Assert.Null(log[0].IfNoneMatch);
        Assert.Equal(etag.Tag, log[1].IfNoneMatch);
        Assert.All(log, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task IfModifiedSinceIsHonouredAgainstLastModified()
    {
        await using var server = await FeedServer.StartAsync();
        var lastModified = new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);
        server.Serve("/feed", FeedBody, "application/rss+xml", lastModified);
        using var client = new HttpClient();

        using var current = new HttpRequestMessage(HttpMethod.Get, server.UrlFor("/feed"));
        current.Headers.IfModifiedSince = lastModified;
        using var notModified = await client.SendAsync(current);
        using var stale = new HttpRequestMessage(HttpMethod.Get, server.UrlFor("/feed"));
        stale.Headers.IfModifiedSince = lastModified.AddDays(-1);
        using var modified = await client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Equal(lastModified, modified.Content.Headers.LastModified);
        Assert.NotNull(server.Requests[0].IfModifiedSince);
    }

    [Fact]
    public async Task ServingNewContentChangesTheETag()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", FeedBody, "application/rss+xml");
        using var client = new HttpClient();
        using var first = await client.GetAsync(server.UrlFor("/feed"));

        var updated = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>Moscou</title></channel></rss>");
        server.Serve("/feed", updated, "application/rss+xml");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, server.UrlFor("/feed"));
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(updated, await second.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task UnknownPathIsNotFound()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", FeedBody, "application/rss+xml");
        using var client = new HttpClient();

        using var response = await client.GetAsync(server.UrlFor("/nothing-here.xml"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("/nothing-here.xml", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task CustomResponsesCarryStatusRetryAfterAndRedirects()
    {
        await using var server = await FeedServer.StartAsync();
        server.Respond("/busy", FeedServerResponses.Status(429, TimeSpan.FromSeconds(120)));
        server.Respond("/old", FeedServerResponses.Redirect("/new"));
        server.Serve("/new", FeedBody, "application/rss+xml");
        using var client = new HttpClient();

        using var busy = await client.GetAsync(server.UrlFor("/busy"));
        using var moved = await client.GetAsync(server.UrlFor("/old"));

        Assert.Equal(HttpStatusCode.TooManyRequests, busy.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), busy.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(server.UrlFor("/new"), moved.RequestMessage?.RequestUri);
        Assert.Equal(["/busy", "/old", "/new"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task ServeFileSendsTheFileBytes()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, FeedBody);
            await using var server = await FeedServer.StartAsync();
            server.ServeFile("/file.xml", file, "application/xml");
            using var client = new HttpClient();

            using var response = await client.GetAsync(server.UrlFor("/file.xml"));

            Assert.Equal(FeedBody, await response.Content.ReadAsByteArrayAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task SlowDripIsCutByTheClientTimeout()
    {
        await using var server = await FeedServer.StartAsync();
        server.Respond("/slow", FeedServerResponses.SlowDrip(FeedBody, "application/rss+xml", 4, TimeSpan.FromSeconds(1)));
        using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetByteArrayAsync(server.UrlFor("/slow")));
    }

    [Fact]
    public async Task HugeBodyHasTheAnnouncedLength()
    {
        await using var server = await FeedServer.StartAsync();
        server.Respond("/huge", FeedServerResponses.Huge(3_000_000));
        using var client = new HttpClient();

        using var response = await client.GetAsync(server.UrlFor("/huge"), HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(3_000_000, response.Content.Headers.ContentLength);
        Assert.Equal(3_000_000, body.Length);
        Assert.StartsWith("<?xml", Encoding.UTF8.GetString(body, 0, 5), StringComparison.Ordinal);
    }
}
