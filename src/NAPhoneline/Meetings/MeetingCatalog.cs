using Dapper;
using NAPhoneline.Shared;
using NAPhoneline.State;
using Npgsql;

namespace NAPhoneline.Meetings;

// All meetings in memory for searching: loaded before the service listens and rebuilt when an import on any
// instance says so (StateRefresher), so a search never waits on the database. A failed reload keeps the last index.
public sealed class MeetingCatalog(NpgsqlDataSource db) : IReloadable
{
    sealed record Loaded(MeetingIndex Index, IReadOnlyDictionary<long, (double Lat, double Lon)> Centres);

    volatile Loaded current = new(new MeetingIndex([]), new Dictionary<long, (double, double)>());

    public StateTopic Topic => StateTopic.Meetings;

    public MeetingIndex Index => current.Index;

    // Where a service body's meetings are, to tell which of several same-named cities a caller means.
    public (double Lat, double Lon)? Centre(long serviceBodyId) =>
        current.Centres.TryGetValue(serviceBodyId, out var centre) ? centre : null;

    public async Task ReloadAsync(CancellationToken ct)
    {
        const string sql = """
            select external_id, name, weekday, start_time as start, duration_minutes, time_zone, latitude, longitude,
                   location_name, location_street as street, location_city as city, location_region as region,
                   location_postal_code as postal_code, location_info, open, attendance as attendance_text,
                   temporarily_closed, formats, virtual_link, service_body_id
            from meetings where not temporarily_closed and latitude is not null
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(sql, cancellationToken: ct, commandTimeout: 120)))
            .ToList();
        var pool = new StringPool();
        var meetings = rows.Select(r => r.ToMeeting(pool)).ToList();
        var centres = rows.Where(r => r.ServiceBodyId is not null).GroupBy(r => r.ServiceBodyId!.Value)
            .ToDictionary(g => g.Key, g => (g.Average(r => r.Latitude!.Value), g.Average(r => r.Longitude!.Value)));
        current = new Loaded(new MeetingIndex(meetings), centres);
        rows.Clear();
        if (meetings.Count > 10_000) ReturnMemory();
    }

    // A large load leaves its rows behind: one compacting collection gives that memory back to the system instead of
    // keeping it resident (a pause of some tens of milliseconds, after an import or at start-up only).
    public static void ReturnMemory() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    sealed record Row
    {
        public string ExternalId { get; init; } = "";
        public string Name { get; init; } = "";
        public short Weekday { get; init; }
        public TimeOnly Start { get; init; }
        public int? DurationMinutes { get; init; }
        public string TimeZone { get; init; } = "";
        public double? Latitude { get; init; }
        public double? Longitude { get; init; }
        public string LocationName { get; init; } = "";
        public string Street { get; init; } = "";
        public string City { get; init; } = "";
        public string Region { get; init; } = "";
        public string PostalCode { get; init; } = "";
        public string LocationInfo { get; init; } = "";
        public bool? Open { get; init; }
        public string AttendanceText { get; init; } = "";
        public bool TemporarilyClosed { get; init; }
        public string[] Formats { get; init; } = [];
        public string? VirtualLink { get; init; }
        public long? ServiceBodyId { get; init; }

        public Meeting ToMeeting(StringPool pool) => new()
        {
            ExternalId = ExternalId, Name = Name, Weekday = Weekday, Start = Start, DurationMinutes = DurationMinutes,
            TimeZone = pool.Get(TimeZone), Latitude = Latitude, Longitude = Longitude,
            LocationName = pool.Get(LocationName),
            Street = Street, City = pool.Get(City), Region = pool.Get(Region), PostalCode = pool.Get(PostalCode),
            LocationInfo = pool.Get(LocationInfo), Open = Open, TemporarilyClosed = TemporarilyClosed,
            Formats = pool.Get(Formats),
            VirtualLink = VirtualLink, ServiceBodyId = ServiceBodyId,
            Attendance = AttendanceText switch
            {
                "hybrid" => Attendance.Hybrid, "virtual" => Attendance.Virtual, _ => Attendance.InPerson
            },
        };
    }
}
