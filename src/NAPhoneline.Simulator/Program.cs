namespace NAPhoneline.Simulator;

public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        SimulatorOptions? options;
        try { options = SimulatorOptions.Parse(args, Console.Error); }
        catch (ArgumentException ex) { await Console.Error.WriteLineAsync(ex.Message); return 2; }
        if (options is null) return 2;

        using var http = new HttpClient { BaseAddress = options.ServiceUrl, Timeout = TimeSpan.FromSeconds(15) };
        var phone = new SimulatedPhone(http, options, Console.In, Console.Out);
        try
        {
            return options.Sms ? await phone.TextAsync(options.Text!) : await phone.CallAsync();
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"Could not reach the service at {options.ServiceUrl}: {ex.Message}");
            return 1;
        }
    }
}
