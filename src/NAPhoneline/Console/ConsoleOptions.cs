using System.ComponentModel.DataAnnotations;

namespace NAPhoneline.Console;

public sealed class ConsoleOptions
{
    public const string Section = "Console";

    // Signed out after this long without a page being opened.
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(2);

    // Signed out this long after signing in, however busy.
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 20)]
    public int CodeTries { get; set; } = 5;

    // Codes asked for one number, and from one address, per hour.
    [Range(1, 100)]
    public int CodesPerNumberPerHour { get; set; } = 5;

    [Range(1, 1000)]
    public int CodesPerAddressPerHour { get; set; } = 30;
}
