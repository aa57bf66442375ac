using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Links;

/// <summary>
/// A test class whose every test gets the service of <see cref="LinkService"/> on a database of its own,
/// with links on, and a real SMTP server to deliver its digests to.
/// </summary>
public abstract class LinkServiceTest(PostgresServer postgres) : IAsyncLifetime
{
    protected static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);

    private LinkService? _service;

    protected PostgresServer Postgres { get; } = postgres;

    protected SmtpServerFixture Smtp { get; } = new();

    protected LinkService Service => _service!;

    public async Task InitializeAsync() => _service = await LinkService.StartAsync(await Postgres.CreateDatabaseAsync(), Smtp);

    public async Task DisposeAsync()
    {
        if (_service is not null)
            await _service.DisposeAsync();
        Smtp.Dispose();
    }
}
