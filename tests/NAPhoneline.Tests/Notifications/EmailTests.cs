using Microsoft.Extensions.Configuration;
using NAPhoneline.Notifications;
using NAPhoneline.Requests;
using NAPhoneline.Shared.Requests;

namespace NAPhoneline.Tests.Notifications;

public sealed class SmtpOptionsTests
{
    static SmtpOptions Valid() => new()
    {
        Host = "smtp.example.org", User = "helpline@example.org", Password = "secret",
        From = "NA Helpline <helpline@example.org>",
    };

    [Fact]
    public void Email_is_off_without_a_host_and_then_nothing_else_is_checked()
    {
        var off = new SmtpOptions { Port = 0, From = "not an address" };

        Assert.False(off.Enabled);
        Assert.Empty(off.Problems());
    }

    [Fact]
    public void Defaults_are_the_submission_port_with_STARTTLS()
    {
        var options = Valid();

        Assert.Equal((587, SmtpSecurity.StartTls), (options.Port, options.Security));
        Assert.Empty(options.Problems());
    }

    [Theory]
    [InlineData(nameof(SmtpOptions.From), null, "Smtp:From is required")]
    [InlineData(nameof(SmtpOptions.From), "helpline", "Smtp:From 'helpline' is not an address")]
    [InlineData(nameof(SmtpOptions.Password), null, "Smtp:User and Smtp:Password go together")]
    [InlineData(nameof(SmtpOptions.Port), "70000", "Smtp:Port must be between 1 and 65535")]
    public void A_bad_setting_is_named(string property, string? value, string problem)
    {
        var options = Valid();
        if (property == nameof(SmtpOptions.Port))
            options.Port = int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture);
        else typeof(SmtpOptions).GetProperty(property)!.SetValue(options, value);

        Assert.StartsWith(problem, Assert.Single(options.Problems()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("smtp.example.org", false)]
    [InlineData("10.0.0.5", false)]
    public void No_security_only_on_loopback(string host, bool allowed)
    {
        var options = Valid();
        options.Host = host;
        options.Security = SmtpSecurity.None;

        Assert.Equal(allowed, options.Problems().Count == 0);
    }
}

public sealed class MailAddressesTests
{
    [Theory]
    [InlineData("helpline@example.org", "he***@example.org")]
    [InlineData("Helpline Chair <chair@sandiegona.org>", "ch***@sandiegona.org")]
    [InlineData("a@example.org", "a***@example.org")]
    [InlineData("nonsense", "***")]
    public void Logs_show_an_address_masked(string address, string masked) =>
        Assert.Equal(masked, MailAddresses.Mask(address));

    [Fact]
    public void A_server_error_quoting_the_address_is_logged_masked() =>
        Assert.Equal("550 5.1.1 <ch***@example.org>: unknown user", MailAddresses.Scrub(
            "550 5.1.1 <Chair@Example.org>: unknown user", "Helpline Chair <chair@example.org>"));

    [Fact]
    public void Retries_wait_longer_each_time_up_to_the_cap()
    {
        Assert.Equal([2, 4, 8, 16, 32, 60], Enumerable.Range(1, 6)
            .Select(n => Backoff.After(n, TimeSpan.FromMinutes(1)).TotalSeconds));
    }
}

public sealed class RequestEmailsTests
{
    const string Link = "https://phoneline.example.org/console/requests/4821";

    static RequestRow Voicemail(string? recording = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1") =>
        new() { Id = 7, Code = "4821", Type = RequestTypes.Voicemail, RecordingUrl = recording };

    static readonly Recipient Chair = new("Helpline Chair", "+16195550111", null, "helpline", "chair@example.org");

    [Fact]
    public void A_voicemail_reaches_the_contact_with_the_words_of_the_text_and_its_recording()
    {
        var email = Assert.Single(
            RequestEmails.Plan(Voicemail(), [Chair], "NA San Diego Area: a message.", "en", Link));

        Assert.Equal(("chair@example.org", "NA helpline: a voicemail, request 4821"), (email.To, email.Subject));
        Assert.Equal("NA San Diego Area: a message.\n\nThe request in the console: " + Link, email.Body);
        Assert.Equal(7, email.Recording!.RequestId);
        Assert.Contains("not attached", email.Recording.IfMissing, StringComparison.Ordinal);
        Assert.Contains(Link, email.Recording.IfMissing, StringComparison.Ordinal);
    }

    [Fact]
    public void In_the_language_of_the_text()
    {
        var email = Assert.Single(RequestEmails.Plan(Voicemail(), [Chair], "NA: un mensaje.", "es", Link));

        Assert.StartsWith("Línea de ayuda de NA", email.Subject, StringComparison.Ordinal);
        Assert.Contains("consola", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Nobody_without_an_address_nor_volunteers_nor_other_requests()
    {
        Assert.Empty(RequestEmails.Plan(Voicemail(), [Chair with { Email = null }], "text", "en", Link));
        Assert.Empty(RequestEmails.Plan(Voicemail(), [new("Pat R.", "+16195550121", 3, null, "pat@example.org")],
            "text", "en", Link));
        Assert.Empty(RequestEmails.Plan(Voicemail() with { Type = RequestTypes.TwelfthStep }, [Chair], "text", "en",
            Link));
    }

    [Fact]
    public void Without_a_recording_nothing_is_to_be_attached() =>
        Assert.Null(Assert.Single(RequestEmails.Plan(Voicemail(recording: null), [Chair], "text", "en", Link))
            .Recording);
}

public sealed class ExampleSmtpSettingsTests
{
    [Fact]
    public void The_example_turns_email_on_with_valid_settings()
    {
        var example = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.example.json"), optional: false)
            .Build();
        var smtp = example.GetSection(SmtpOptions.Section).Get<SmtpOptions>()!;

        Assert.True(smtp.Enabled);
        Assert.Equal((587, SmtpSecurity.StartTls), (smtp.Port, smtp.Security));
        Assert.Empty(smtp.Problems());
    }
}
