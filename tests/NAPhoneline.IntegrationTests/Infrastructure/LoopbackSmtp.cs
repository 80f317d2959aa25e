using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace NAPhoneline.IntegrationTests.Infrastructure;

// A real SMTP server on 127.0.0.1 (the SmtpServer package), not a mock: MailKit in the service speaks SMTP to it,
// and it keeps every message it accepted, parsed by MimeKit. Its port is chosen before it starts, so a test can
// configure the service first and bring the server up (or down) later.
public sealed class LoopbackSmtp : IAsyncDisposable
{
    readonly ConcurrentQueue<MimeMessage> received = new();
    readonly ConcurrentDictionary<string, bool> refused = new(StringComparer.OrdinalIgnoreCase);
    CancellationTokenSource? stop;
    SmtpServer.SmtpServer? server;
    Task? listening;

    public int Port { get; } = FreePort();

    public IReadOnlyList<MimeMessage> Received => [.. received];

    // Mail to this address is refused at RCPT TO with 550, as a server refuses an unknown mailbox.
    public void Refuse(string address) => refused[address] = true;

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(received));
        services.Add(new DelegatingMailboxFilter((IMailbox to, IMailbox _) =>
            !refused.ContainsKey($"{to.User}@{to.Host}")));
        server = new SmtpServer.SmtpServer(options, services);
        stop = new CancellationTokenSource();
        listening = server.StartAsync(stop.Token);
        // Listening once a connection is accepted (bounded).
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { await Task.Delay(20); }
        }
        throw new InvalidOperationException($"The SMTP server did not listen on port {Port}.");
    }

    public async Task StopAsync()
    {
        if (server is null) return;
        server.Shutdown();
        await stop!.CancelAsync();
        try { await listening!; } catch (OperationCanceledException) { }
        stop.Dispose();
        server = null;
    }

    // The sender works in the background: wait (bounded) until this many messages have arrived.
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, int seconds = 10)
    {
        for (var i = 0; i < seconds * 20 && received.Count < count; i++) await Task.Delay(50);
        return Received;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    sealed class Store(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
