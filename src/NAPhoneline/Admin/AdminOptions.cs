using System.ComponentModel.DataAnnotations;

namespace NAPhoneline.Admin;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    // Without a key the admin API and the jobs dashboard refuse everyone (401): closed by default.
    [MinLength(32, ErrorMessage = "Admin:ApiKey must be at least 32 characters.")]
    public string? ApiKey { get; set; }
}
