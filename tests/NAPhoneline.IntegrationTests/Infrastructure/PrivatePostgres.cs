using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NAPhoneline.IntegrationTests.Infrastructure;

// A throw-away PostgreSQL cluster for this test run, started by deploy/private-postgres.sh (the same script the
// local-run command uses) on a free port with its data in a temporary folder, and removed when the run ends.
sealed class PrivatePostgres
{
    readonly string dataDir;
    public string ConnectionString { get; }
    public int Port { get; }

    PrivatePostgres(string dataDir, int port, string connectionString)
    {
        this.dataDir = dataDir;
        Port = port;
        ConnectionString = connectionString;
    }

    public static PrivatePostgres Start()
    {
        var dataDir = System.IO.Path.Combine(System.IO.Path.GetTempPath(),
            "naphoneline-test-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var port = FreePort();
        var output = Script("start", dataDir, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var cluster = new PrivatePostgres(dataDir, port, output.Trim());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    public void Stop()
    {
        try { Script("stop", dataDir, "--remove"); } catch (InvalidOperationException) { }
    }

    public void Restart()
    {
        Script("start", dataDir, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public void StopServerOnly() => Script("stop", dataDir);

    // SIGSTOP on the postmaster and every backend: connections are accepted by the kernel and nothing answers, as in a
    // failover, a full disk or a lost network path. The postmaster first, so it starts no new backend meanwhile.
    public IReadOnlyList<int> Freeze()
    {
        var postmaster = int.Parse(File.ReadLines(System.IO.Path.Combine(dataDir, "postmaster.pid")).First().Trim(),
            System.Globalization.CultureInfo.InvariantCulture);
        Signal("STOP", [postmaster]);
        var children = Children(postmaster);
        Signal("STOP", children);
        return [postmaster, .. children];
    }

    public void Thaw(IReadOnlyList<int> frozen) =>
        Signal("CONT", [.. frozen.Skip(1), .. Children(frozen[0]), frozen[0]]);

    static IReadOnlyList<int> Children(int parent)
    {
        var start = new ProcessStartInfo("pgrep",
            ["-P", parent.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    static void Signal(string signal, IEnumerable<int> pids)
    {
        var list = pids.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (list.Count == 0) return;
        using var process = Process.Start(new ProcessStartInfo("kill", ["-" + signal, .. list]))!;
        process.WaitForExit();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static string Script(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(System.IO.Path.Combine(RepositoryRoot.Path, "deploy", "private-postgres.sh"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("private-postgres.sh " + string.Join(' ', args) + " timed out");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"private-postgres.sh {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }
}
