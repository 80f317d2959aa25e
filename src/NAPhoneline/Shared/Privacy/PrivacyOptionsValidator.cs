using Microsoft.Extensions.Options;

namespace NAPhoneline.Shared.Privacy;

// CONTRACT 15: outside Development the service does not start without a usable Privacy:Key, since caller numbers
// would otherwise rest under the development key everyone can read in this repository. Development keeps working
// without one (the fixed development key), and says so once.
sealed class PrivacyOptionsValidator(IHostEnvironment env, ILogger<PrivacyOptionsValidator> log)
    : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Key))
        {
            if (env.IsDevelopment())
                log.LogWarning("Privacy:Key is not set: caller numbers are encrypted under the development key");
            else problems.Add("Privacy:Key is required outside Development (make one with `openssl rand -base64 32`).");
        }
        if (PrivacyOptions.Problem("Privacy:Key", options.Key) is { } p) problems.Add(p);
        problems.AddRange(options.PreviousKeys.Select((k, i) => PrivacyOptions.Problem($"Privacy:PreviousKeys:{i}", k))
            .OfType<string>());
        return problems.Count > 0 ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
