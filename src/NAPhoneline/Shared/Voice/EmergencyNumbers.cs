namespace NAPhoneline.Shared.Voice;

// The emergency notice names the number of the helpline's own country; 112 works in the EU and on most mobiles.
public static class EmergencyNumbers
{
    public static string For(string? helplineNumber) => helplineNumber switch
    {
        not null when helplineNumber.StartsWith("+1", StringComparison.Ordinal) => "911",
        not null when helplineNumber.StartsWith("+44", StringComparison.Ordinal) => "999",
        not null when helplineNumber.StartsWith("+61", StringComparison.Ordinal) => "000",
        not null when helplineNumber.StartsWith("+64", StringComparison.Ordinal) => "111",
        _ => "112",
    };
}
