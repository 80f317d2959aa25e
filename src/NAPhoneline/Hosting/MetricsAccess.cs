using System.Net;

namespace NAPhoneline.Hosting;

// Who may read /metrics: Prometheus on this host (loopback) without a key, anyone else only with the admin key.
// The address is the one UseForwardedHeaders left: behind nginx that is the person's, not nginx's loopback. An
// unknown address (no socket at all) is not loopback; a dual-stack socket's ::ffff:127.0.0.1 is.
public static class MetricsAccess
{
    public static bool Allows(IPAddress? remote, bool hasAdminKey) =>
        hasAdminKey || (remote is not null
            && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote));
}
