using System.Text;
using NAPhoneline.Helplines;

namespace NAPhoneline.Tests.Helplines;

public sealed class HelplineConfigValidatorTests
{
    const string Valid = """
        {
          "serviceBodies": [
            { "key": "wso", "name": "NA World Services", "kind": "WSO", "timeZone": "America/Los_Angeles" },
            { "key": "asc-sd", "name": "San Diego Area", "kind": "ASC", "parent": "wso", "timeZone": "America/Los_Angeles",
              "languages": ["en", "es"], "helplineNumbers": ["+16195550100"], "postalCodeDigits": 5,
              "routing": { "strategy": "round-robin", "ringSeconds": 20, "maxWaitSeconds": 120, "fallbackNumber": "+16195550199" },
              "escalation": { "acknowledgeWithin": "00:30:00" },
              "contacts": [ { "role": "helpline", "name": "Helpline Chair", "phone": "+16195550111" } ] }
          ],
          "volunteers": [ { "key": "v-pat", "name": "Pat R.", "phone": "+16195550121", "languages": ["en", "es"], "twelfthStep": true } ],
          "shifts": [
            { "volunteer": "v-pat", "serviceBody": "asc-sd", "day": "monday", "start": "18:00", "end": "22:00" },
            { "volunteer": "v-pat", "serviceBody": "asc-sd", "day": "Friday", "start": "22:00", "end": "02:00" }
          ]
        }
        """;

    static (ImportPlan? Plan, IReadOnlyList<ConfigError> Errors) Check(string json, ExistingStructure? existing = null)
    {
        var (config, error) = HelplineImport.Parse(Encoding.UTF8.GetBytes(json));
        return config is null ? (null, [error!])
            : HelplineConfigValidator.Validate(config, existing ?? ExistingStructure.Empty);
    }

    static ConfigError Single(string json, ExistingStructure? existing = null) =>
        Assert.Single(Check(json, existing).Errors);

    static string Change(string from, string to) => Valid.Replace(from, to, StringComparison.Ordinal);

    [Fact]
    public void The_contract_example_is_valid_and_normalised()
    {
        var (plan, errors) = Check(Valid);

        Assert.Empty(errors);
        var body = plan!.Bodies.Single(b => b.Key == "asc-sd");
        Assert.Equal("wso", body.ParentKey);
        Assert.Equal(TimeSpan.FromMinutes(30), body.AcknowledgeWithin);
        Assert.Equal(["+16195550100"], body.HelplineNumbers);
        Assert.Equal(5, plan.Shifts[1].Day);
    }

    [Fact]
    public void An_unknown_time_zone_names_the_item_and_field()
    {
        var error = Single(Change("\"timeZone\": \"America/Los_Angeles\",\n      \"languages\"",
            "\"timeZone\": \"America/San_Diego\",\n      \"languages\""));

        Assert.Equal("serviceBodies[asc-sd].timeZone", error.Where);
        Assert.Contains("America/San_Diego", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_phone_number_that_is_not_a_number_is_refused() =>
        Assert.Equal("volunteers[v-pat].phone", Single(Change("+16195550121", "call me maybe")).Where);

    [Fact]
    public void An_obvious_national_form_is_normalised_to_E164()
    {
        var (plan, errors) = Check(Change("\"+16195550121\"", "\"(619) 555-0121\""));

        Assert.Empty(errors);
        Assert.Equal("+16195550121", plan!.Volunteers.Single().Phone);
    }

    [Fact]
    public void A_duplicate_key_is_refused()
    {
        var errors = Check(Change("\"key\": \"asc-sd\"", "\"key\": \"wso\"")).Errors;

        Assert.Contains(errors,
            e => e.Where == "serviceBodies[wso].key" && e.Message.Contains("more than once", StringComparison.Ordinal));
    }

    [Fact]
    public void A_duplicate_contact_role_is_refused() =>
        Assert.Equal("serviceBodies[asc-sd].contacts[1].role", Single(Change(
            "\"contacts\": [ { \"role\": \"helpline\", \"name\": \"Helpline Chair\", \"phone\": \"+16195550111\" } ]",
            "\"contacts\": [ { \"role\": \"helpline\", \"name\": \"A\", \"phone\": \"+16195550111\" }, { \"role\": " +
            "\"helpline\", \"name\": \"B\", \"phone\": \"+16195550112\" } ]")).Where);

    [Fact]
    public void A_missing_parent_is_refused() =>
        Assert.Equal("serviceBodies[asc-sd].parent",
            Single(Change("\"parent\": \"wso\"", "\"parent\": \"rsc-nowhere\"")).Where);

    [Fact]
    public void A_parent_in_the_database_is_accepted()
    {
        var existing = new ExistingStructure(new Dictionary<string, string?> { ["rsc-socal"] = null },
            new HashSet<string>(), new Dictionary<string, string>());

        Assert.Empty(Check(Change("\"parent\": \"wso\"", "\"parent\": \"rsc-socal\""), existing).Errors);
    }

    [Fact]
    public void A_cycle_through_the_database_is_refused()
    {
        // In the database rsc-x already hangs under asc-sd; the file now puts asc-sd under rsc-x.
        var existing = new ExistingStructure(new Dictionary<string, string?> { ["rsc-x"] = "asc-sd",
            ["asc-sd"] = null }, new HashSet<string>(), new Dictionary<string, string>());

        var error = Single(Change("\"parent\": \"wso\"", "\"parent\": \"rsc-x\""), existing);

        Assert.Equal("serviceBodies[asc-sd].parent", error.Where);
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_its_own_parent_is_a_cycle() =>
        Assert.Contains("cycle", Single(Change("\"parent\": \"wso\"", "\"parent\": \"asc-sd\"")).Message,
            StringComparison.Ordinal);

    [Theory]
    [InlineData("\"day\": \"monday\"", "\"day\": \"mon\"", "shifts[0].day")]
    [InlineData("\"start\": \"18:00\"", "\"start\": \"6pm\"", "shifts[0].start")]
    [InlineData("\"end\": \"22:00\"", "\"end\": \"24:00\"", "shifts[0].end")]
    [InlineData("\"volunteer\": \"v-pat\", \"serviceBody\": \"asc-sd\", \"day\": \"monday\"",
        "\"volunteer\": \"v-nobody\", \"serviceBody\": \"asc-sd\", \"day\": \"monday\"", "shifts[0].volunteer")]
    [InlineData("\"kind\": \"ASC\"", "\"kind\": \"AREA\"", "serviceBodies[asc-sd].kind")]
    [InlineData("\"strategy\": \"round-robin\"", "\"strategy\": \"loudest\"", "serviceBodies[asc-sd].routing.strategy")]
    [InlineData("\"ringSeconds\": 20", "\"ringSeconds\": 2", "serviceBodies[asc-sd].routing.ringSeconds")]
    [InlineData("\"acknowledgeWithin\": \"00:30:00\"", "\"acknowledgeWithin\": \"half an hour\"",
        "serviceBodies[asc-sd].escalation.acknowledgeWithin")]
    [InlineData("\"acknowledgeWithin\": \"00:30:00\"",
        "\"acknowledgeWithin\": \"00:30:00\", \"byType\": { \"lunch\": \"00:10:00\" }",
        "serviceBodies[asc-sd].escalation.byType.lunch")]
    [InlineData("\"acknowledgeWithin\": \"00:30:00\"",
        "\"acknowledgeWithin\": \"00:30:00\", \"byType\": { \"twelfth-step\": \"soon\" }",
        "serviceBodies[asc-sd].escalation.byType.twelfth-step")]
    [InlineData("\"languages\": [\"en\", \"es\"], \"twelfthStep\"", "\"languages\": [\"en\", \"xx\"], \"twelfthStep\"",
        "volunteers[v-pat].languages")]
    [InlineData("\"postalCodeDigits\": 5", "\"postalCodeDigits\": 50", "serviceBodies[asc-sd].postalCodeDigits")]
    public void Each_rule_names_the_item_and_field(string from, string to, string where) =>
        Assert.Equal(where, Single(Change(from, to)).Where);

    [Fact]
    public void Deadlines_by_request_type_are_kept_in_seconds()
    {
        var (plan, errors) = Check(Change("\"acknowledgeWithin\": \"00:30:00\"", "\"acknowledgeWithin\": " +
            "\"00:30:00\", \"byType\": { \"twelfth-step\": \"00:10:00\", \"callback\": \"04:00:00\" }"));

        Assert.Empty(errors);
        Assert.Equal("{\"callback\":14400,\"twelfth-step\":600}",
            plan!.Bodies.Single(b => b.Key == "asc-sd").AcknowledgeWithinByType);
    }

    [Fact]
    public void A_shift_ending_at_its_start_is_a_24_hour_shift_and_one_ending_earlier_runs_past_midnight()
    {
        var (plan, errors) =
            Check(Change("\"start\": \"18:00\", \"end\": \"22:00\"", "\"start\": \"08:00\", \"end\": \"08:00\""));

        Assert.Empty(errors);
        Assert.Equal(plan!.Shifts[0].Start, plan.Shifts[0].End);
        Assert.True(plan.Shifts[1].End < plan.Shifts[1].Start);
    }

    [Fact]
    public void A_helpline_number_owned_by_another_body_in_the_database_is_refused()
    {
        var existing = new ExistingStructure(new Dictionary<string, string?> { ["asc-other"] = null },
            new HashSet<string>(),
            new Dictionary<string, string> { ["+16195550100"] = "asc-other" });

        var error = Single(Valid, existing);

        Assert.Equal("serviceBodies[asc-sd].helplineNumbers[0]", error.Where);
        Assert.Contains("asc-other", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_is_reported_with_its_position()
    {
        var error = Single("{ \"serviceBodies\": [ { \"key\": \"wso\", } ");

        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_json_type_names_the_field()
    {
        var error = Single(Change("\"ringSeconds\": 20", "\"ringSeconds\": \"twenty\""));

        Assert.Equal("serviceBodies[1].routing.ringSeconds", error.Where);
    }

    [Fact]
    public void An_unknown_field_is_reported_to_catch_typos()
    {
        var error = Single(Change("\"timeZone\": \"America/Los_Angeles\" }", "\"timeZon\": \"America/Los_Angeles\" }"));

        Assert.Equal("serviceBodies[0].timeZon", error.Where);
        Assert.Contains("not a known field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once() =>
        Assert.Equal(3, Check(Change("\"kind\": \"WSO\"", "\"kind\": \"X\"")
            .Replace("+16195550121", "nope", StringComparison.Ordinal)
            .Replace("\"day\": \"monday\"", "\"day\": \"someday\"", StringComparison.Ordinal)).Errors.Count);

    [Fact]
    public void An_empty_file_is_refused() =>
        Assert.Equal("(file)", Single("{}").Item);

    [Fact]
    public void Two_volunteers_cannot_share_a_phone_number()
    {
        var json = Change("\"volunteers\": [ { \"key\": \"v-pat\", \"name\": \"Pat R.\", \"phone\": " +
            "\"+16195550121\", \"languages\": [\"en\", \"es\"], \"twelfthStep\": true } ]",
            "\"volunteers\": [ { \"key\": \"v-pat\", \"name\": \"Pat R.\", \"phone\": \"+16195550121\" }, { \"key\": " +
            "\"v-sam\", \"name\": \"Sam\", \"phone\": \"(619) 555-0121\" } ]");

        Assert.Equal("volunteers[v-sam].phone", Single(json).Where);
    }

    [Fact]
    public void Coverage_is_kept_as_written_with_prefixes_in_upper_case()
    {
        var (plan, errors) = Check(Change("\"postalCodeDigits\": 5,",
            "\"postalCodeDigits\": 5, \"coverage\": { \"postalCodes\": [\"921\", \" m5v \"], "
            + "\"places\": [\"San Diego\", \"Gaslamp\", \"san diego\"] },"),
            ExistingStructure.Empty with { LocalPlaces = new HashSet<string> { "gaslamp" } });
        Assert.Empty(errors);
        var body = plan!.Bodies.Single(b => b.Key == "asc-sd");
        Assert.Equal(["921", "M5V"], body.CoveragePostalCodes!);
        // "san diego" again is the same place: listed once, as first written.
        Assert.Equal(["San Diego", "Gaslamp"], body.CoveragePlaces!);
    }

    [Fact]
    public void An_unknown_place_or_a_bad_prefix_is_named_with_its_field()
    {
        var errors = Check(Change("\"postalCodeDigits\": 5,",
            "\"postalCodeDigits\": 5, \"coverage\": { \"postalCodes\": [\"92-1\", \"921\", \"921\"], "
            + "\"places\": [\"Atlantis Springs\", \"\"] },")).Errors;
        Assert.Contains(errors, e => e.Field == "coverage.postalCodes[0]" && e.Message.Contains("'92-1'"));
        Assert.Contains(errors, e => e.Field == "coverage.postalCodes[2]" && e.Message.Contains("twice"));
        Assert.Contains(errors, e => e.Field == "coverage.places[0]" && e.Message.Contains("'Atlantis Springs'"));
        Assert.Contains(errors, e => e.Field == "coverage.places[1]" && e.Message.Contains("empty"));
    }

    [Fact]
    public void Gender_choice_is_off_unless_asked_for()
    {
        Assert.False(Check(Valid).Plan!.Bodies.Single(b => b.Key == "asc-sd").GenderChoice);
        var plan = Check(Change("\"strategy\": \"round-robin\",",
            "\"strategy\": \"round-robin\", \"genderChoice\": true,")).Plan;
        Assert.True(plan!.Bodies.Single(b => b.Key == "asc-sd").GenderChoice);
    }
}
