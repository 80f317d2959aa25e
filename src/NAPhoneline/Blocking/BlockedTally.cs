using NAPhoneline.Shared;
using Npgsql;

namespace NAPhoneline.Blocking;

// Blocked calls and texts per body and hour (blocked_counts), counted behind the caller and never with the number.
public sealed class BlockedTally(NpgsqlDataSource db, TimeProvider time, ILogger<BlockedTally> log)
    : HourlyTally(db, time, log, "blocked_counts", "calls", "texts")
{
    public void Call(long serviceBodyId) => Count(serviceBodyId, 1, 0);

    public void Text(long serviceBodyId) => Count(serviceBodyId, 0, 1);
}
