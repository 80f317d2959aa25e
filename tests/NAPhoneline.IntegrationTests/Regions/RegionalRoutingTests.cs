using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using System.Xml.XPath;
using Dapper;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Regions;

// CONTRACT 14: the demo's regional number (+16195550190, Southern California Region) over San Diego (921, 920,
// 919, San Diego, Chula Vista ...) and East County (92020, El Cajon, Santee ...), plus a third area here, Imperial
// Valley (922, El Centro). The clock: Tuesday 12:00 in San Diego. On duty: San Diego Pat (f, en/es) and Jordan
// (f, en); East County Drew (m, en) and Lee (f, en/es), who ask callers for a man or a woman; Imperial Riley (m).
[Collection(DatabaseCollection.Name)]
public sealed class RegionalRoutingTests(TestDatabase database) : IAsyncLifetime
{
    const string Pat = "+16195550121", Jordan = "+16195550124", Drew = "+16195550221", Lee = "+16195550222",
        Riley = "+17605550321", Quinn = "+13105550131";
    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;
    HttpClient client = null!;

    // A third area and a volunteer of the region's own, so that "not covered" rings someone we can name.
    const string Imperial = """
        {
          "serviceBodies": [
            {"key": "asc-imperial", "name": "Imperial Valley Area", "kind": "ASC", "parent": "rsc-socal",
             "timeZone": "America/Los_Angeles", "languages": ["en", "es"],
             "coverage": {"postalCodes": ["922"], "places": ["El Centro", "Calexico"]}}
          ],
          "volunteers": [
            {"key": "v-riley", "name": "Riley V.", "phone": "+17605550321", "languages": ["en"], "gender": "male"},
            {"key": "v-quinn", "name": "Quinn R.", "phone": "+13105550131", "languages": ["en"], "gender": "male"}
          ],
          "shifts": [
            {"volunteer": "v-riley", "serviceBody": "asc-imperial", "day": "tuesday", "start": "08:00", "end": "20:00"},
            {"volunteer": "v-quinn", "serviceBody": "rsc-socal", "day": "tuesday", "start": "08:00", "end": "20:00"}
          ]
        }
        """;

    public async Task InitializeAsync()
    {
        app = new PhonelineApp(database, new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = twilio.Url });
        await database.ResetAsync();
        await DemoData.ImportAsync(app);
        await DemoData.ImportRegionAsync(app);
        await DemoData.ImportRegionAsync(app, Imperial);
        await DemoData.ImportMeetingsAsync(app);
        client = app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Dispose();
    }

    // Dials the regional number, chooses English, presses 2 and answers where they are.
    async Task<(CallFlow Call, XDocument Answer)> TalkFromAsync(string callSid, string? digits = null,
        string? speech = null, string language = "1")
    {
        var call = new CallFlow(client, callSid, to: DemoData.RegionNumber);
        var incoming = await call.PostAsync("/voice/incoming");
        Assert.NotNull(incoming.XPathSelectElement("/Response/Gather[@action]"));
        var menu = await call.PostAsync(Action(incoming), ("Digits", language));
        var ask = await call.PostAsync(Action(menu), ("Digits", "2"));
        var gather = ask.XPathSelectElement("/Response/Gather")!;
        Assert.Contains("/voice/route/where", gather.Attribute("action")!.Value, StringComparison.Ordinal);
        Assert.Equal("dtmf speech", gather.Attribute("input")!.Value);
        return (call, await call.PostAsync(Action(ask), ("Digits", digits ?? ""), ("SpeechResult", speech ?? "")));
    }

    static string Action(XDocument twiml) => twiml.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value;

    static string Said(XDocument twiml) => string.Join(" ", twiml.Descendants("Say").Select(s => s.Value));

    static string[] Rung(XDocument twiml) =>
        twiml.XPathSelectElements("/Response/Dial/Number").Select(n => n.Value).ToArray();

    [Theory]
    [InlineData("92101", null, "San Diego Area", "asc-sd", "postal-code", "921")]
    [InlineData("92071", null, "East County Area", "asc-east", "postal-code", "92071")]
    [InlineData("92243", null, "Imperial Valley Area", "asc-imperial", "postal-code", "922")]
    [InlineData(null, "Chula Vista", "San Diego Area", "asc-sd", "place", "Chula Vista")]
    [InlineData(null, "El Centro California", "Imperial Valley Area", "asc-imperial", "place", "El Centro")]
    public async Task A_postal_code_or_a_spoken_city_reaches_the_area_that_covers_it(string? digits, string? speech,
        string name, string key, string why, string match)
    {
        var sid = $"CA-region-{digits ?? speech!.Replace(' ', '-')}";
        var (call, answer) = await TalkFromAsync(sid, digits, speech);
        Assert.Contains($"Connecting you to the {name} helpline.", Said(answer), StringComparison.Ordinal);
        // East County asks for a man or a woman first: anyone.
        if (key == "asc-east") answer = await call.PostAsync(Action(answer), ("Digits", "3"));
        var rung = Assert.Single(Rung(answer));
        Assert.Equal(key switch { "asc-sd" => Pat, "asc-east" => Drew, _ => Riley }, rung);
        // The volunteer sees the number the caller dialled, never the caller's.
        Assert.Equal(DemoData.RegionNumber,
            answer.XPathSelectElement("/Response/Dial")!.Attribute("callerId")!.Value);

        await app.CallRecordsWrittenAsync();
        await using var db = new NpgsqlConnection(database.ConnectionString);
        var record = await db.QuerySingleAsync<(string Body, string From, string Why, string Match)>("""
            select b.key, f.key, c.route_reason, c.route_match from calls c
            join service_bodies b on b.id = c.service_body_id join service_bodies f on f.id = c.routed_from
            where c.call_sid = @sid
            """, new { sid });
        Assert.Equal((key, "rsc-socal", why, match), record);
    }

    [Fact]
    public async Task The_longest_prefix_wins_between_areas_and_the_area_takes_the_whole_chain()
    {
        // 92020 is in San Diego's "920" and in East County's own list: East County's, who ask for a man or a woman.
        var (call, answer) = await TalkFromAsync("CA-region-east", "92020");
        Assert.Contains("Connecting you to the East County Area helpline.", Said(answer), StringComparison.Ordinal);
        Assert.Contains("speak with a woman, press 1", Said(answer), StringComparison.Ordinal);
        var rang = await call.PostAsync(Action(answer), ("Digits", "3"));
        Assert.Equal([Drew], Rung(rang));
        // Nobody takes it: the next round is East County's too, then the region's own volunteers (Quinn), then the
        // global number, never San Diego's.
        var next = await call.DialEndsAsync(rang, "no-answer");
        Assert.Equal([Lee], Rung(next));
        Assert.Contains("body=", next.XPathSelectElement("/Response/Dial")!.Attribute("action")!.Value,
            StringComparison.Ordinal);
        var backstop = await call.DialEndsAsync(next, "no-answer");
        Assert.Equal([Quinn], Rung(backstop));
        Assert.Contains("stage=region", backstop.XPathSelectElement("/Response/Dial")!.Attribute("action")!.Value,
            StringComparison.Ordinal);
        var accepted = await call.LegAnswersAsync(CallFlow.Number(backstop), keys: "1");
        Assert.Null(accepted.XPathSelectElement("/Response/Hangup"));
        var done = await call.DialEndsAsync(backstop, "completed", duration: 60);
        Assert.NotNull(done.XPathSelectElement("/Response/Hangup"));
        await app.CallRecordsWrittenAsync();
        await using var db = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(("answered", "asc-east"), await db.QuerySingleAsync<(string, string)>("""
            select c.outcome, b.key from calls c join service_bodies b on b.id = c.service_body_id
            where c.call_sid = 'CA-region-east'
            """));
    }

    [Fact]
    public async Task Choosing_a_woman_rings_the_woman_on_duty_first_and_a_man_the_man()
    {
        // Round-robin would start with Drew (the lower id): the caller who asks for a woman gets Lee first.
        var (call, answer) = await TalkFromAsync("CA-region-woman", "92021");
        var woman = await call.PostAsync(Action(answer), ("Digits", "1"));
        Assert.Equal([Lee], Rung(woman));
        // Then anyone on duty, never nobody.
        var drew = await call.DialEndsAsync(woman, "no-answer");
        Assert.Equal([Drew], Rung(drew));
        // The call ends: both are free for the next caller.
        await call.DialEndsAsync(drew, "no-answer");
        await client.PostTwilioAsync("/voice/status", call.Form(("CallStatus", "completed")));

        var (other, again) = await TalkFromAsync("CA-region-man", "92021");
        var man = await other.PostAsync(Action(again), ("Digits", "2"));
        Assert.Equal([Drew], Rung(man));
        await client.PostTwilioAsync("/voice/status", other.Form(("CallStatus", "completed")));

        // Silence is no preference, not a wait: the rotation's next.
        var (quiet, asked) = await TalkFromAsync("CA-region-silent", "92021");
        Assert.Single(Rung(await quiet.PostAsync(Action(asked), ("Digits", ""))));

        await app.CallRecordsWrittenAsync();
        await using var db = new NpgsqlConnection(database.ConnectionString);
        var record = await db.QuerySingleAsync<(string Sid, string[] Path)>(
            "select call_sid, path from calls where call_sid = 'CA-region-woman'");
        Assert.Contains("gender:female", record.Path);
    }

    [Fact]
    public async Task A_caller_asking_for_a_man_where_only_women_are_on_duty_still_reaches_a_woman()
    {
        var women = DemoData.RegionJson.Replace("\"gender\": \"male\"", "\"gender\": \"female\"",
            StringComparison.Ordinal);
        await DemoData.ImportRegionAsync(app, women);
        var (call, answer) = await TalkFromAsync("CA-region-nomen", "92021");
        var rung = Rung(await call.PostAsync(Action(answer), ("Digits", "2")));
        Assert.Single(rung);
        Assert.Contains(rung[0], new[] { Drew, Lee });
    }

    [Fact]
    public async Task A_Spanish_caller_reaches_the_Spanish_speaker_of_the_right_area_in_Spanish()
    {
        var (call, answer) = await TalkFromAsync("CA-region-es", "92021", language: "2");
        Assert.Contains("Le estamos comunicando con la línea de ayuda de East County Area.", Said(answer),
            StringComparison.Ordinal);
        Assert.All(answer.Descendants("Say"), s => Assert.Equal("es-US", s.Attribute("language")!.Value));
        var rang = await call.PostAsync(Action(answer), ("Digits", "3"));
        // Lee speaks Spanish; Drew, first in the rotation, does not.
        Assert.Equal([Lee], Rung(rang));
    }

    [Fact]
    public async Task A_place_nobody_covers_or_that_cannot_be_understood_rings_the_regions_own_roster()
    {
        // Boise is a real city, far from every meeting here: not covered.
        var (farCall, far) = await TalkFromAsync("CA-region-far", speech: "Boise");
        Assert.Contains("Connecting you to the Southern California Region helpline.", Said(far),
            StringComparison.Ordinal);
        Assert.Equal([Quinn], Rung(far));
        await client.PostTwilioAsync("/voice/status", farCall.Form(("CallStatus", "completed")));

        // Twice nothing understood: one retry, then the region, never a dead end.
        var (call, first) = await TalkFromAsync("CA-region-mumble", speech: "mmm");
        Assert.Contains("could not find that place", Said(first), StringComparison.Ordinal);
        var second = await call.PostAsync(Action(first), ("SpeechResult", "hmm"));
        Assert.Equal([Quinn], Rung(second));

        await app.CallRecordsWrittenAsync();
        await using var db = new NpgsqlConnection(database.ConnectionString);
        var why = await db.QueryAsync<(string Sid, string Why)>(
            "select call_sid, route_reason from calls where call_sid like 'CA-region-%' order by call_sid");
        Assert.Equal([("CA-region-far", "not-covered"), ("CA-region-mumble", "not-understood")], why.ToArray());
    }

    [Fact]
    public async Task A_place_outside_every_list_goes_to_the_area_with_the_nearest_meetings()
    {
        // Lemon Grove is listed nowhere; the demo's meetings (San Diego Area's) are the nearest.
        var (_, answer) = await TalkFromAsync("CA-region-lemon", speech: "Lemon Grove");
        Assert.Contains("San Diego Area", Said(answer), StringComparison.Ordinal);
        Assert.Equal([Pat], Rung(answer));
    }

    [Fact]
    public async Task A_meeting_search_place_is_not_asked_again_and_a_request_goes_to_the_area()
    {
        // Meetings first, from El Cajon (92020): then 3, a person, without being asked where again.
        var call = new CallFlow(client, "CA-region-meet", to: DemoData.RegionNumber);
        var incoming = await call.PostAsync("/voice/incoming");
        var menu = await call.PostAsync(Action(incoming), ("Digits", "1"));
        var place = await call.PostAsync(Action(menu), ("Digits", "1"));
        var read = await call.PostAsync(Action(place), ("Digits", "92020"));
        var talk = await call.PostAsync(Action(read), ("Digits", "3"));
        Assert.Contains("East County Area", Said(talk), StringComparison.Ordinal);
        Assert.DoesNotContain("ZIP code", Said(talk), StringComparison.Ordinal);

        // A Twelfth Step request on the regional number: asked where, then East County's; the choice is kept.
        var twelfth = new CallFlow(client, "CA-region-12", to: DemoData.RegionNumber);
        var start = await twelfth.PostAsync("/voice/incoming");
        var english = await twelfth.PostAsync(Action(start), ("Digits", "1"));
        var where = await twelfth.PostAsync(Action(english), ("Digits", "3"));
        var routed = await twelfth.PostAsync(Action(where), ("Digits", "92071"));
        Assert.Contains("East County Area", Said(routed), StringComparison.Ordinal);
        var number = await twelfth.PostAsync(Action(routed), ("Digits", "1"));
        var record = await twelfth.PostAsync(Action(number), ("Digits", "1"));
        var recorded = record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value;
        var thanks = await twelfth.PostAsync(recorded, ("RecordingUrl", "https://api.twilio.com/rec/RE1"),
            ("RecordingDuration", "4"));
        Assert.NotNull(thanks.XPathSelectElement("/Response/Hangup"));

        await using var db = new NpgsqlConnection(database.ConnectionString);
        var request = await db.QuerySingleAsync<(string Body, string Gender)>("""
            select b.key, r.gender_preference from requests r join service_bodies b on b.id = r.service_body_id
            where r.type = 'twelfth-step'
            """);
        Assert.Equal(("asc-east", "female"), request);
        // Only the woman on duty is told first, and the text says what the caller asked for.
        await twilio.WaitForMessagesAsync(1);
        var told = twilio.Messages.Where(m => m["Body"].Contains("Twelfth Step", StringComparison.Ordinal)).ToList();
        Assert.Equal([Lee], told.Select(m => m["To"]).ToArray());
        Assert.Contains("asked to speak with a woman", told[0]["Body"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_count_a_routed_call_under_the_area_that_took_it()
    {
        var (call, answer) = await TalkFromAsync("CA-region-report", "92021");
        var rang = await call.PostAsync(Action(answer), ("Digits", "1"));
        await call.LegAnswersAsync(CallFlow.Number(rang), keys: "1");
        await call.DialEndsAsync(rang, "completed", duration: 120);
        await client.PostTwilioAsync("/voice/status", call.Form(("CallStatus", "completed")));
        await app.CallRecordsWrittenAsync();

        using var admin = app.CreateAdminClient();
        async Task<JsonElement> Summary(string body) => await admin.GetFromJsonAsync<JsonElement>(
            $"/admin/api/reports/summary?serviceBody={body}&from=2026-11-01&to=2026-11-30");
        var east = (await Summary("asc-east")).GetProperty("talkToMember");
        Assert.Equal((1, 1), (east.GetProperty("offered").GetInt32(), east.GetProperty("answered").GetInt32()));
        // The region counts it too (its subtree), San Diego does not.
        Assert.Equal(1, (await Summary("rsc-socal")).GetProperty("talkToMember").GetProperty("answered").GetInt32());
        Assert.Equal(0, (await Summary("asc-sd")).GetProperty("calls").GetInt32());
    }

    [Fact]
    public async Task The_route_preview_says_where_a_place_would_go_and_why()
    {
        using var admin = app.CreateAdminClient();
        async Task<JsonElement> Route(string place) =>
            await admin.GetFromJsonAsync<JsonElement>($"/admin/api/route?serviceBody=rsc-socal&place={place}");

        var sd = await Route("92101");
        Assert.Equal(("asc-sd", "postal-code", "921"), (sd.GetProperty("serviceBody").GetString(),
            sd.GetProperty("why").GetString(), sd.GetProperty("match").GetString()));
        var east = await Route("Santee");
        Assert.Equal(("asc-east", "place"), (east.GetProperty("serviceBody").GetString(),
            east.GetProperty("why").GetString()));
        var nobody = await Route("qqqq");
        Assert.Equal(("rsc-socal", "not-understood"), (nobody.GetProperty("serviceBody").GetString(),
            nobody.GetProperty("why").GetString()));

        var bad = await admin.GetAsync("/admin/api/route?serviceBody=nope&place=92101");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.GetAsync("/admin/api/route?serviceBody=rsc-socal&place=92101")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_place_in_a_coverage_list_is_refused_by_name()
    {
        using var admin = app.CreateAdminClient();
        var file = DemoData.RegionJson.Replace("\"Alpine\"", "\"Atlantis Springs\"", StringComparison.Ordinal)
            .Replace("\"92071\"", "\"9-2\"", StringComparison.Ordinal);
        using var body = new StringContent(file, System.Text.Encoding.UTF8, "application/json");
        var response = await admin.PutAsync("/admin/api/config", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Atlantis Springs", text, StringComparison.Ordinal);
        Assert.Contains("coverage.places[4]", text, StringComparison.Ordinal);
        Assert.Contains("coverage.postalCodes[7]", text, StringComparison.Ordinal);
    }
}
