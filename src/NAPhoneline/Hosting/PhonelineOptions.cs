using System.ComponentModel.DataAnnotations;
namespace NAPhoneline.Hosting;

public sealed class PhonelineOptions
{
    public const string Section = "Phoneline";

    // The number that gets a call when nothing else can: unknown helpline, database down, nobody answers.
    [Required(ErrorMessage = "Phoneline:FallbackNumber is required (an E.164 number such as +16195550199).")]
    // The E.164 pattern of Shared/E164 (hosting sits below the shared kits and does not import them).
    [RegularExpression(
        @"^\+[1-9][0-9]{6,14}$",
        ErrorMessage = "Phoneline:FallbackNumber must be an E.164 number such as +16195550199.")]
    public string FallbackNumber { get; set; } = "";

    // Where what callers leave while the database is unavailable waits (local disk, one folder per instance).
    // Relative paths are under the service's content root.
    [Required(ErrorMessage = "Phoneline:JournalPath must name a folder.")]
    public string JournalPath { get; set; } = "journal";

    // The in-memory state is reloaded on every change notice; this full reload is the safety net.
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00",
        ErrorMessage = "Phoneline:StateReloadInterval must be between 00:00:05 and 1.00:00:00.")]
    public TimeSpan StateReloadInterval { get; set; } = TimeSpan.FromMinutes(5);
}
