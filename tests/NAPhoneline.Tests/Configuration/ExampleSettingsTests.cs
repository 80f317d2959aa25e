using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using NAPhoneline.Admin;
using NAPhoneline.Hosting;
using NAPhoneline.Jobs;
using NAPhoneline.Telephony;

namespace NAPhoneline.Tests.Configuration;

// appsettings.example.json is the operator's reference: it must name every setting and every one must bind
// and validate.
public sealed class ExampleSettingsTests
{
    static readonly IConfigurationRoot Example = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.example.json"), optional: false)
        .Build();

    [Theory]
    [InlineData("ConnectionStrings:Phoneline")]
    [InlineData("Telephony:AccountSid")]
    [InlineData("Telephony:AuthToken")]
    [InlineData("Telephony:PublicBaseUrl")]
    [InlineData("Telephony:ApiBaseUrl")]
    [InlineData("Telephony:ValidateSignatures")]
    [InlineData("Phoneline:FallbackNumber")]
    [InlineData("Phoneline:JournalPath")]
    [InlineData("Phoneline:StateReloadInterval")]
    [InlineData("Admin:ApiKey")]
    [InlineData("Privacy:Key")]
    [InlineData("Jobs:PollInterval")]
    [InlineData("Console:IdleTimeout")]
    [InlineData("Console:AbsoluteTimeout")]
    [InlineData("RateLimits:SmsCommands:Permits")]
    [InlineData("RateLimits:TwelfthStep:Window")]
    public void Names_every_contract_setting(string key) =>
        Assert.False(string.IsNullOrEmpty(Example[key]), key + " is missing from appsettings.example.json");

    [Fact]
    public void Every_section_binds_and_validates()
    {
        AssertValid(Example.GetSection(PhonelineOptions.Section).Get<PhonelineOptions>());
        AssertValid(Example.GetSection(AdminOptions.Section).Get<AdminOptions>());
        var console = Example.GetSection(NAPhoneline.Console.ConsoleOptions.Section)
            .Get<NAPhoneline.Console.ConsoleOptions>();
        AssertValid(console);
        Assert.Equal(TimeSpan.FromMinutes(10), console!.CodeLifetime);
        var jobs = Example.GetSection(JobsOptions.Section).Get<JobsOptions>()!;
        Assert.Equal(TimeSpan.FromSeconds(1), jobs.PollInterval);
        var limits = Example.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>()!;
        Assert.Null(limits.Problem());
        Assert.Equal(3, limits.TwelfthStep.Permits);
        var telephony = Example.GetSection(TelephonyOptions.Section).Get<TelephonyOptions>()!;
        Assert.True(Uri.IsWellFormedUriString(telephony.PublicBaseUrl, UriKind.Absolute));
        Assert.True(telephony.ValidateSignatures);
    }

    [Fact]
    public void Names_no_setting_the_service_does_not_read()
    {
        var known = new[] { "ConnectionStrings", "Telephony", "Phoneline", "Admin", "Privacy", "Jobs", "Console",
            "RateLimits", "Smtp" };

        Assert.All(Example.GetChildren(), section => Assert.Contains(section.Key, known));
    }

    [Fact]
    public void A_short_admin_key_is_refused() =>
        Assert.NotEmpty(Validate(new AdminOptions { ApiKey = "too-short" }));

    [Fact]
    public void A_fallback_number_that_is_not_E164_is_refused() =>
        Assert.NotEmpty(Validate(new PhonelineOptions { FallbackNumber = "619-555-0199" }));

    static void AssertValid(object? options)
    {
        Assert.NotNull(options);
        Assert.Empty(Validate(options));
    }

    static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
