using Npgsql;

namespace NAPhoneline.Shared;

// Meeting searches made by text leave no call record: counted per body and hour into meeting_counts (Reports
// reads them), so a texter never waits on the database.
public sealed class MeetingTally(NpgsqlDataSource db, TimeProvider time, ILogger<MeetingTally> log)
    : HourlyTally(db, time, log, "meeting_counts", "searches", "texted")
{
    public void Searched(long serviceBodyId, bool texted) => Count(serviceBodyId, 1, texted ? 1 : 0);
}
