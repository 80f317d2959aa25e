namespace NAPhoneline.Meetings;

public enum Attendance { InPerson, Hybrid, Virtual }

// One weekly meeting as every importer produces it: wall-clock start in the meeting's own time zone.
public sealed record Meeting
{
    public required string ExternalId { get; init; }
    public required string Name { get; init; }
    public required int Weekday { get; init; } // 0 = Sunday
    public required TimeOnly Start { get; init; }
    public int? DurationMinutes { get; init; }
    public required string TimeZone { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string LocationName { get; init; } = "";
    public string Street { get; init; } = "";
    public string City { get; init; } = "";
    public string Region { get; init; } = "";
    public string PostalCode { get; init; } = "";
    public string LocationInfo { get; init; } = "";
    public bool? Open { get; init; }
    public Attendance Attendance { get; init; } = Attendance.InPerson;
    public bool TemporarilyClosed { get; init; }
    public IReadOnlyList<string> Formats { get; init; } = [];
    public string? VirtualLink { get; init; }
    // The service body whose list the meeting came from (null: imported for no body).
    public long? ServiceBodyId { get; init; }
}

public sealed record MeetingError(string Id, string Field, string Message)
{
    public override string ToString() => $"meeting {Id}: {Field}: {Message}";
}
