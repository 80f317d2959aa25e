using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Hosting;

// Bad configuration stops start-up with a message naming the key, instead of failing a caller at 3 a.m.
[Collection(DatabaseCollection.Name)]
public sealed class StartupConfigurationTests(TestDatabase database)
{
    [Theory]
    [InlineData("Phoneline:FallbackNumber", "", "Phoneline:FallbackNumber")]
    [InlineData("Phoneline:FallbackNumber", "619-555-0199", "Phoneline:FallbackNumber")]
    [InlineData("Admin:ApiKey", "short", "Admin:ApiKey")]
    [InlineData("Telephony:AuthToken", "", "Telephony:AuthToken")]
    [InlineData("Telephony:PublicBaseUrl", "", "Telephony:PublicBaseUrl")]
    [InlineData("Telephony:ValidateSignatures", "false", "Telephony:ValidateSignatures")]
    [InlineData("Jobs:PollInterval", "00:00:00", "Jobs:PollInterval")]
    [InlineData("Privacy:Key", "", "Privacy:Key")]
    [InlineData("Privacy:Key", "c2hvcnQ=", "Privacy:Key")]
    [InlineData("Privacy:PreviousKeys:0", "not base64", "Privacy:PreviousKeys:0")]
    public void Refuses_to_start_and_names_the_key(string key, string value, string named)
    {
        using var app = new PhonelineApp(database, new Dictionary<string, string?> { [key] = value });

        var error = Record.Exception(() => app.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
    }

    static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is null ? "" : " | " + Flatten(error.InnerException));
}
