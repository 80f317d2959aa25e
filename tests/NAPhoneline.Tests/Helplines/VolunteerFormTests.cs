using NAPhoneline.Helplines;

namespace NAPhoneline.Tests.Helplines;

public sealed class VolunteerFormTests
{
    static VolunteerForm Form(string? name = "Dana Q.", string? phone = "(619) 555-0177", string? gender = null) =>
        new() { Name = name, Phone = phone, Languages = ["en", "es", "en"], Gender = gender, TwelfthStep = true };

    [Fact]
    public void A_national_number_is_read_in_the_bodys_country()
    {
        var config = Form().ToConfig("v-dana-q", "US", active: true);
        Assert.Equal("+16195550177", config.Phone);
        Assert.Equal(["en", "es"], config.Languages);
        Assert.Null(config.Gender);
        Assert.Equal("+442079460958", Form(phone: "020 7946 0958").ToConfig("k", "GB", true).Phone);
    }

    [Fact]
    public void The_import_validator_accepts_the_form_and_refuses_what_the_import_would()
    {
        Assert.Empty(Validate(Form()));
        var errors = Validate(Form(name: " ", phone: "12")).Select(VolunteerForm.FieldOf).ToList();
        Assert.Equal([("name", "NameRequired"), ("phone", "PhoneInvalid")],
            errors.Select(e => (e.Field, e.WordsKey!)).ToList());
    }

    [Fact]
    public void The_form_refuses_what_the_validator_does_not_check()
    {
        // A US number in a British body's form: the import (US by default) would take it, the form does not.
        Assert.Contains(Form().Check("GB", null), e => e.Field == "phone");
        Assert.Contains(new VolunteerForm { Name = "A", Phone = "+16195550177" }.Check("US", null),
            e => e is { Field: "languages", WordsKey: "LanguagesNone" });
        Assert.Contains(Form(gender: "robot").Check("US", null), e => e.Field == "gender");
        // A gender the import gave the volunteer stays choosable.
        Assert.Empty(Form(gender: "nonbinary").Check("US", "nonbinary"));
    }

    [Fact]
    public void Languages_keep_the_order_they_had_the_first_being_the_one_texted_in()
    {
        // The checkboxes post in the page's order (en, es); a Spanish-first volunteer stays Spanish-first.
        var form = new VolunteerForm { Name = "Ana", Phone = "+16195550177", Languages = ["en", "es"] };
        Assert.Equal(["es", "en"], form.ToConfig("v-ana", "US", true, ["es", "en"]).Languages);
        Assert.Equal(["es", "en"], VolunteerForm.InOrder(["en", "es"], ["es"]));
        Assert.Equal(["en"], VolunteerForm.InOrder(["en"], ["es", "en"]));
    }

    [Fact]
    public void An_error_the_form_has_no_words_for_keeps_the_validators_text()
    {
        var error = VolunteerForm.FieldOf(new ConfigError("volunteers[0]", "key", "is required"));
        Assert.Equal(("", null, "volunteers[0].key is required"), (error.Field, error.WordsKey, error.Detail));
    }

    static IReadOnlyList<ConfigError> Validate(VolunteerForm form) => HelplineConfigValidator.Validate(
        new HelplineConfig { Volunteers = [form.ToConfig("v-x", "US", true)] }, ExistingStructure.Empty).Errors;
}
