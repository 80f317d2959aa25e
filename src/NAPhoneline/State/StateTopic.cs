using Dapper;
using Npgsql;

namespace NAPhoneline.State;

// What changed, as carried by NOTIFY: each in-memory part reloads only for its own topic.
public enum StateTopic { Structure, Meetings, Places, Blocklist }

public interface IReloadable
{
    StateTopic Topic { get; }
    Task ReloadAsync(CancellationToken ct);
}

// Imports and admin changes call Send inside their transaction: PostgreSQL delivers the notice at commit, to every
// instance listening (StateRefresher), and never for a rolled-back change.
public static class ChangeNotice
{
    public const string Channel = "phoneline_state";

    public static Task SendAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, StateTopic topic,
        CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("select pg_notify(@channel, @payload)",
            new { channel = Channel, payload = Payload(topic) }, tx, cancellationToken: ct));

    // The instance that made the change has reloaded already and reloads once more on its own notice: simpler than
    // telling instances apart, and a reload costs milliseconds (a whole region's meetings, about two seconds).
    public static string Payload(StateTopic topic) => topic.ToString().ToLowerInvariant();

    public static StateTopic? Parse(string payload) =>
        Enum.TryParse<StateTopic>(payload.Split(':', 2)[0], ignoreCase: true, out var topic) ? topic : null;
}
