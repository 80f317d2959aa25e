using Microsoft.Extensions.Options;
using NAPhoneline.Hosting;
using NAPhoneline.Shared.Calls;
using NAPhoneline.Shared.Journal;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;

namespace NAPhoneline.Shared;

public static class SharedSetup
{
    // The kits every feature uses: the in-memory state, call records and legs, the journal, the voice vocabulary.
    public static IHostApplicationBuilder AddShared(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddOptions<Privacy.PrivacyOptions>().BindConfiguration(Privacy.PrivacyOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<Privacy.PrivacyOptions>, Privacy.PrivacyOptionsValidator>();
        builder.Services.AddSingleton<Privacy.NumberHashes>();
        builder.Services.AddSingleton<Privacy.NumberVault>();
        builder.Services.AddSingleton<Privacy.KeyRotation>();
        Privacy.KeyRotation.Register();
        builder.Services.AddSingleton<VoiceAnswers>();

        builder.Services.AddSingleton<HelplineDirectory>();
        builder.Services.AddSingleton<IReloadable>(sp => sp.GetRequiredService<HelplineDirectory>());
        builder.Services.AddSingleton<StateRefresher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StateRefresher>());

        builder.Services.AddSingleton<LocalJournal>();
        builder.Services.AddSingleton<JournalReplayer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JournalReplayer>());
        builder.Services.AddSingleton<CallLog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CallLog>());
        builder.Services.AddSingleton<IJournalHandler, CallRecordsReplay>();
        builder.Services.AddSingleton<LegStore>();
        builder.Services.AddSingleton<IMetricsSource, CoverageGauges>();
        builder.Services.AddSingleton<MeetingTally>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MeetingTally>());
        return builder;
    }
}
