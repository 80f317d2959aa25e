namespace NAPhoneline.IntegrationTests.Infrastructure;

// Tests that place calls or texts to the demo helpline: a clean database with the demo file imported through
// the admin API, and the service in-process.
[Collection(DatabaseCollection.Name)]
public abstract class DemoHelplineTest(TestDatabase database) : IAsyncLifetime
{
    protected TestDatabase Database { get; } = database;
    protected PhonelineApp App { get; } = new(database);
    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.ResetAsync();
        await DemoData.ImportAsync(App);
        Client = App.CreateClient();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
