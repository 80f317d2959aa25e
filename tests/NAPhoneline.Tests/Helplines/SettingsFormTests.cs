using NAPhoneline.Helplines;
using NAPhoneline.State;

namespace NAPhoneline.Tests.Helplines;

public sealed class SettingsFormTests
{
    static readonly ServiceBodyConfig Current = new()
    {
        Key = "asc-sd", Name = "San Diego Area", Kind = "ASC", Parent = "rsc", TimeZone = "America/Los_Angeles",
        Languages = ["en", "es"], HelplineNumbers = ["+16195550100"], PostalCodeDigits = 5,
        Routing = new RoutingConfig { Strategy = "round-robin", RingSeconds = 20, MaxWaitSeconds = 120 },
        Contacts =
        [
            new ContactConfig { Role = "helpline", Name = "Helpline Chair", Phone = "+16195550111" },
            new ContactConfig { Role = "coordinator", Name = "Robin C.", Phone = "+16195550115", AcceptsCalls = false },
        ],
    };

    static readonly ExistingStructure Existing = new(
        new Dictionary<string, string?> { ["rsc"] = null, ["asc-sd"] = "rsc" },
        new HashSet<string>(), new Dictionary<string, string> { ["+16195550100"] = "asc-sd" });

    static (ImportPlan? Plan, IReadOnlyList<ConfigError> Errors) Validate(ServiceBodyConfig body) =>
        HelplineConfigValidator.Validate(new HelplineConfig { ServiceBodies = [body] }, Existing);

    static SettingsForm Form() => SettingsForm.From(new Helpline
    {
        Key = "asc-sd", Languages = ["en", "es"], RingSeconds = 20, MaxWaitSeconds = 120,
        FallbackNumber = "+16195550199", AcknowledgeWithin = TimeSpan.FromMinutes(30),
        AcknowledgeWithinByType = new Dictionary<string, TimeSpan> { ["voicemail"] = TimeSpan.FromSeconds(90) },
    }, [new Contact(1, "helpline", "Helpline Chair", "+16195550111", true),
        new Contact(1, "coordinator", "Robin C.", "+16195550115", false)]);

    static (ServiceBodyConfig Body, List<FormError> Errors, List<int> Rows) Apply(SettingsForm form)
    {
        var errors = new List<FormError>();
        var rows = new List<int>();
        return (form.ApplyTo(Current, "US", errors, rows), errors, rows);
    }

    [Fact]
    public void The_form_shows_deadlines_in_minutes()
    {
        var form = Form();
        Assert.Equal("30", form.AcknowledgeWithin);
        Assert.Equal("1.5", form.ByType["voicemail"]);
        Assert.Null(form.ByType["twelfth-step"]);
        Assert.Equal(("round-robin", "20", "+16195550199"), (form.Strategy, form.RingSeconds, form.FallbackNumber));
    }

    [Fact]
    public void The_form_unchanged_gives_the_body_back_and_keeps_what_it_does_not_show()
    {
        var (body, errors, rows) = Apply(Form());
        Assert.Empty(errors);
        Assert.Equal([0, 1], rows);
        Assert.Equal(("San Diego Area", "rsc", 5), (body.Name, body.Parent, body.PostalCodeDigits));
        Assert.Equal(["+16195550100"], body.HelplineNumbers);
        Assert.Equal("00:30:00", body.Escalation!.AcknowledgeWithin);
        Assert.Equal("00:01:30", body.Escalation.ByType!["voicemail"]);
        var (plan, problems) = Validate(body);
        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromMinutes(30), plan!.Bodies[0].AcknowledgeWithin);
    }

    [Fact]
    public void Changes_and_a_new_contact_are_normalised()
    {
        var form = Form();
        form.Strategy = "simultaneous";
        form.RingSeconds = " 25 ";
        form.ByType["twelfth-step"] = "10";
        form.Contacts[0].Remove = true;
        form.Contacts.Add(new ContactForm());
        form.Contacts.Add(new ContactForm { OtherRole = "Treasurer", Name = "Terry", Phone = "(619) 555-0131" });

        var (body, errors, rows) = Apply(form);

        Assert.Empty(errors);
        Assert.Equal([1, 3], rows);
        Assert.Equal(("simultaneous", 25), (body.Routing!.Strategy, body.Routing.RingSeconds));
        Assert.Equal("00:10:00", body.Escalation!.ByType!["twelfth-step"]);
        Assert.Equal(["coordinator", "treasurer"], body.Contacts!.Select(c => c.Role));
        Assert.Equal("+16195550131", body.Contacts![1].Phone);
    }

    [Theory]
    [InlineData("RingSeconds", "abc", "ringSeconds", "RingSecondsInvalid")]
    [InlineData("RingSeconds", "", "ringSeconds", "RingSecondsInvalid")]
    [InlineData("MaxWaitSeconds", "2.5", "maxWaitSeconds", "MaxWaitInvalid")]
    [InlineData("FallbackNumber", "12345", "fallbackNumber", "PhoneInvalid")]
    [InlineData("AcknowledgeWithin", "-5", "acknowledgeWithin", "MinutesInvalid")]
    [InlineData("AcknowledgeWithin", "20000", "acknowledgeWithin", "MinutesInvalid")]
    public void What_the_form_cannot_read_is_refused_on_its_field(string property, string value, string field,
        string words)
    {
        var form = Form();
        typeof(SettingsForm).GetProperty(property)!.SetValue(form, value);
        var (_, errors, _) = Apply(form);
        Assert.Equal((field, words), (Assert.Single(errors).Field, errors[0].WordsKey));
    }

    [Fact]
    public void The_validators_errors_land_on_the_fields_of_the_form()
    {
        var form = Form();
        form.RingSeconds = "0";
        form.AcknowledgeWithin = "0";
        form.Contacts[0].Remove = true;
        form.Contacts.Add(new ContactForm { Role = "coordinator", Name = "", Phone = "12" });
        var (body, errors, rows) = Apply(form);
        Assert.Contains(errors, e => e.Field == "contact-2-phone");
        var (_, problems) = Validate(body);

        var fields = problems.Select(p => form.FieldOf(p, rows)).Select(e => (e.Field, e.WordsKey)).ToList();

        Assert.Contains(("ringSeconds", "RingSecondsInvalid"), fields);
        Assert.Contains(("acknowledgeWithin", "MinutesInvalid"), fields);
        Assert.Contains(("contact-2-role", "RoleTwice"), fields);
    }

    [Fact]
    public void A_wrong_other_role_is_shown_beside_the_field_it_was_written_in()
    {
        var form = Form();
        form.Contacts.Add(new ContactForm { OtherRole = "Tesorería!", Name = "T", Phone = "+16195550131" });
        var (body, _, rows) = Apply(form);
        var (_, problems) = Validate(body);
        Assert.Equal(("contact-2-other", "RoleInvalid"),
            (form.FieldOf(Assert.Single(problems), rows).Field, form.FieldOf(problems[0], rows).WordsKey));
    }

    [Fact]
    public void Reminders_are_shown_in_minutes_and_off_when_the_body_has_none()
    {
        Assert.Equal((false, null, null), (Form().Reminders, Form().LeadTime, Form().CoverWithin));
        var form = SettingsForm.From(new Helpline
        {
            Key = "asc-sd", ReminderLead = TimeSpan.FromDays(1), CoverWithin = TimeSpan.FromHours(4),
        }, []);
        Assert.Equal((true, "1440", "240"), (form.Reminders, form.LeadTime, form.CoverWithin));
    }

    [Fact]
    public void Ticked_reminders_are_written_as_durations_and_unticked_ones_are_none()
    {
        var form = Form();
        form.Reminders = true;
        form.LeadTime = "90";
        form.CoverWithin = "45";
        var (body, errors, _) = Apply(form);
        Assert.Empty(errors);
        Assert.Equal(("01:30:00", "00:45:00"), (body.Reminders!.LeadTime, body.Reminders.CoverWithin));
        var plan = Validate(body).Plan!;
        Assert.Equal((TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(45)),
            (plan.Bodies[0].ReminderLead, plan.Bodies[0].CoverWithin));

        // Unticked, the minutes left in the fields are not read: no reminders.
        form.Reminders = false;
        form.LeadTime = "abc";
        (body, errors, _) = Apply(form);
        Assert.Empty(errors);
        Assert.Null(body.Reminders);
    }

    [Fact]
    public void An_empty_cover_deadline_is_the_default()
    {
        var form = Form();
        form.Reminders = true;
        form.LeadTime = "1440";
        var (body, errors, _) = Apply(form);
        Assert.Empty(errors);
        Assert.Null(body.Reminders!.CoverWithin);
        Assert.Equal(HelplineConfigValidator.DefaultCoverWithin, Validate(body).Plan!.Bodies[0].CoverWithin);
    }

    [Theory]
    [InlineData("abc", "240", "leadTime", "LeadTimeInvalid")]
    [InlineData("3", "240", "leadTime", "LeadTimeInvalid")]
    [InlineData("", "240", "leadTime", "LeadTimeInvalid")]
    [InlineData("20000", "240", "leadTime", "LeadTimeInvalid")]
    [InlineData("90", "-1", "coverWithin", "CoverWithinInvalid")]
    [InlineData("90", "3000", "coverWithin", "CoverWithinInvalid")]
    public void A_reminder_time_out_of_bounds_is_refused_on_its_field(string lead, string cover, string field,
        string words)
    {
        var form = Form();
        form.Reminders = true;
        form.LeadTime = lead;
        form.CoverWithin = cover;
        var (body, errors, rows) = Apply(form);
        var (plan, problems) = Validate(body);
        // Refused by the form itself or by the validator: either way nothing is written.
        Assert.True(errors.Count > 0 || plan is null);

        var all = errors.Concat(problems.Select(p => form.FieldOf(p, rows))).Select(e => (e.Field, e.WordsKey));

        Assert.Equal((field, words), all.Distinct().Single());
    }

    [Fact]
    public void A_contacts_email_is_the_one_typed_and_blank_is_none()
    {
        var current = Current with
        {
            Contacts = [Current.Contacts![0] with { Email = "chair@example.org" }, Current.Contacts[1]],
        };
        var form = Form();
        form.Contacts[0].Email = "  ";
        form.Contacts[1].Email = " Robin C. <robin@example.org> ";
        var errors = new List<FormError>();

        var body = form.ApplyTo(current, "US", errors, []);

        Assert.Empty(errors);
        Assert.Equal([null, "Robin C. <robin@example.org>"], body.Contacts!.Select(c => c.Email));
        Assert.Empty(Validate(body).Errors);
    }

    [Fact]
    public void The_form_shows_the_contacts_addresses()
    {
        var form = SettingsForm.From(new Helpline { Key = "asc-sd" },
            [new Contact(1, "helpline", "Helpline Chair", "+16195550111", true, "chair@example.org")]);
        Assert.Equal("chair@example.org", Assert.Single(form.Contacts).Email);
    }

    [Fact]
    public void A_bad_email_is_refused_beside_the_field_of_its_row()
    {
        var form = Form();
        form.Contacts[0].Remove = true;
        form.Contacts.Add(new ContactForm());
        form.Contacts.Add(new ContactForm
            { Role = "pi", Name = "PI Chair", Phone = "+16195550113", Email = "pi at example.org" });
        var (body, errors, rows) = Apply(form);
        Assert.Empty(errors);

        var problem = Assert.Single(Validate(body).Errors);

        Assert.Equal(("contact-3-email", "EmailInvalid"),
            (form.FieldOf(problem, rows).Field, form.FieldOf(problem, rows).WordsKey));
    }

    [Fact]
    public void A_row_with_only_an_email_is_not_blank() =>
        Assert.False(new ContactForm { Email = "x@example.org" }.IsBlank);

    [Fact]
    public void Removing_ones_own_coordinator_role_is_noticed()
    {
        var before = Current.Contacts!;
        Assert.True(SettingsForm.RemovesOwnCoordinatorRole("+16195550115", before, before.Take(1)));
        Assert.True(SettingsForm.RemovesOwnCoordinatorRole("+16195550115", before,
            [before[0], before[1] with { Phone = "+16195550116" }]));
        Assert.False(SettingsForm.RemovesOwnCoordinatorRole("+16195550115", before, before));
        Assert.False(SettingsForm.RemovesOwnCoordinatorRole("+16195550111", before, before.Skip(1)));
    }

    [Fact]
    public void Problems_are_listed_in_the_order_of_the_page()
    {
        FormError[] errors = [new("contact-10-name", "x"), new("", null, "whole"), new("contact-2-phone", "x"),
            new("ringSeconds", "x"), new("byType-pi", "x")];
        Assert.Equal(["ringSeconds", "byType-pi", "contact-2-phone", "contact-10-name", ""],
            FormErrors.InPageOrder(errors, "ringSeconds", "byType-*", "contact-*").Select(e => e.Field));
    }
}
