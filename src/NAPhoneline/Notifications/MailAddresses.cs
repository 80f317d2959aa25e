using MimeKit;

namespace NAPhoneline.Notifications;

// Email addresses are personal data: logs show them masked ("he***@example.org"), like phone numbers.
public static class MailAddresses
{
    public static bool IsMailbox(string? value) =>
        MailboxAddress.TryParse(value?.Trim() ?? "", out var mailbox) && mailbox.Address.Contains('@');

    // A server's error often quotes the address ("550 5.1.1 <chair@example.org>: unknown user"): masked for logs.
    public static string Scrub(string text, string? value)
    {
        var address = MailboxAddress.TryParse(value ?? "", out var mailbox) ? mailbox.Address : value;
        return string.IsNullOrEmpty(address) ? text
            : text.Replace(address, Mask(address), StringComparison.OrdinalIgnoreCase);
    }

    public static string Mask(string? value)
    {
        var address = MailboxAddress.TryParse(value ?? "", out var mailbox) ? mailbox.Address : value ?? "";
        var at = address.LastIndexOf('@');
        if (at < 0) return "***";
        return address[..Math.Min(2, at)] + "***" + address[at..];
    }
}
