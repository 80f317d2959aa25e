using Dapper;
using NAPhoneline.Console.Audit;
using NAPhoneline.State;
using Npgsql;
using NpgsqlTypes;

namespace NAPhoneline.Meetings;

public sealed class MeetingStore(NpgsqlDataSource db, TimeProvider time)
{
    // A source is replaced as a whole in one transaction (binary COPY: tens of thousands of meetings in seconds);
    // other sources are left alone, and a failure leaves the old meetings in place. With an actor, the audit row
    // (the source and how many meetings before and after) is written in the same transaction.
    public async Task<(int Replaced, int Imported)> ReplaceSourceAsync(string source, long? serviceBodyId,
        IReadOnlyList<Meeting> meetings, CancellationToken ct, string? actor = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(7362002)", transaction: tx, cancellationToken: ct));
        var replaced = await conn.ExecuteAsync(new CommandDefinition(
            "delete from meetings where source = @source", new { source }, tx, 300, cancellationToken: ct));
        await using (var copy = await conn.BeginBinaryImportAsync("""
            copy meetings (source, external_id, name, weekday, start_time, duration_minutes, time_zone,
                           latitude, longitude, location_name, location_street, location_city, location_region,
                           location_postal_code, location_info, open, attendance, temporarily_closed, formats,
                           virtual_link, service_body_id) from stdin (format binary)
            """, ct))
        {
            foreach (var m in meetings)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(source, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(m.ExternalId, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(m.Name, NpgsqlDbType.Text, ct);
                await copy.WriteAsync((short)m.Weekday, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(m.Start, NpgsqlDbType.Time, ct);
                await WriteNullable(copy, m.DurationMinutes, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(m.TimeZone, NpgsqlDbType.Text, ct);
                await WriteNullable(copy, m.Latitude, NpgsqlDbType.Double, ct);
                await WriteNullable(copy, m.Longitude, NpgsqlDbType.Double, ct);
                foreach (var text in new[] { m.LocationName, m.Street, m.City, m.Region, m.PostalCode, m.LocationInfo })
                    await copy.WriteAsync(text, NpgsqlDbType.Text, ct);
                await WriteNullable(copy, m.Open, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(
                    m.Attendance switch
                    {
                        Attendance.Hybrid => "hybrid", Attendance.Virtual => "virtual", _ => "in-person"
                    },
                    NpgsqlDbType.Text, ct);
                await copy.WriteAsync(m.TemporarilyClosed, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(m.Formats.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                if (m.VirtualLink is null) await copy.WriteNullAsync(ct);
                else await copy.WriteAsync(m.VirtualLink, NpgsqlDbType.Text, ct);
                await WriteNullable(copy, serviceBodyId, NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }
        if (actor is not null)
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(actor, serviceBodyId, "meetings", source, "imported",
                new { Meetings = replaced }, new { Meetings = meetings.Count }), time.GetUtcNow(), ct);
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Meetings, ct);
        await tx.CommitAsync(ct);
        return (replaced, meetings.Count);
    }

    public async Task<int> CountAsync(string? source, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*)::int from meetings where @source::text is null or source = @source", new { source },
            cancellationToken: ct));
    }

    public async Task<(long Id, string TimeZone)?> ServiceBodyAsync(string key, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<(long, string)?>(new CommandDefinition(
            "select id, time_zone from service_bodies where key = @key", new { key }, cancellationToken: ct));
    }

    static async Task WriteNullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct)
        where T : struct
    {
        if (value is { } v) await copy.WriteAsync(v, type, ct);
        else await copy.WriteNullAsync(ct);
    }
}
