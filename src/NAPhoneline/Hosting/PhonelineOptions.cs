using System.ComponentModel.DataAnnotations;
using NAPhoneline.Shared;

namespace NAPhoneline.Hosting;

public sealed class PhonelineOptions
{
    public const string Section = "Phoneline";

    // The number that gets a call when nothing else can: unknown helpline, database down, nobody answers.
    [Required(ErrorMessage = "Phoneline:FallbackNumber is required (an E.164 number such as +16195550199).")]
    [RegularExpression(E164.Pattern, ErrorMessage = "Phoneline:FallbackNumber must be an E.164 number such as +16195550199.")]
    public string FallbackNumber { get; set; } = "";
}
