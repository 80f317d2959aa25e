using System.Net;
using Microsoft.Extensions.Options;

namespace NAPhoneline.Notifications;

// How the SMTP connection is secured: STARTTLS on the submission port (587), TLS from the first byte (465), or
// nothing at all, which is allowed only for a relay on this machine (loopback).
public enum SmtpSecurity { StartTls, SslOnConnect, None }

// Settings of the `Smtp` section. Email is off while Host is empty: nothing is queued and nothing is sent.
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? User { get; set; }
    public string? Password { get; set; }
    // The sender, with a display name: "NA Helpline <helpline@example.org>".
    public string? From { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    // What is wrong with these settings, each naming its key; empty when they are usable (or email is off).
    public IReadOnlyList<string> Problems()
    {
        if (!Enabled) return [];
        var problems = new List<string>();
        if (Port is < 1 or > 65535) problems.Add("Smtp:Port must be between 1 and 65535.");
        if (string.IsNullOrWhiteSpace(From))
            problems.Add("Smtp:From is required when Smtp:Host is set: an address such as "
                + "\"NA Helpline <helpline@example.org>\".");
        else if (!MailAddresses.IsMailbox(From))
            problems.Add($"Smtp:From '{From}' is not an address such as \"NA Helpline <helpline@example.org>\".");
        if (string.IsNullOrEmpty(User) != string.IsNullOrEmpty(Password))
            problems.Add("Smtp:User and Smtp:Password go together: set both, or neither for a relay without login.");
        if (Security == SmtpSecurity.None && !IsLoopback(Host!))
            problems.Add($"Smtp:Security None sends in the clear: only for a relay on loopback, not '{Host}'.");
        return problems;
    }

    static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

// Every problem at once, each naming its key, so start-up stops with the whole list.
sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;
}
