using MimeKit;

namespace NAPhoneline.Notifications;

// Email addresses are personal data: logs show them masked ("he***@example.org"), like phone numbers.
public static class MailAddresses
{
    public static bool IsMailbox(string? value) =>
        MailboxAddress.TryParse(value?.Trim() ?? "", out var mailbox) && mailbox.Address.Contains('@');

    public static string Mask(string? value)
    {
        var address = MailboxAddress.TryParse(value ?? "", out var mailbox) ? mailbox.Address : value ?? "";
        var at = address.LastIndexOf('@');
        if (at < 0) return "***";
        return address[..Math.Min(2, at)] + "***" + address[at..];
    }
}
