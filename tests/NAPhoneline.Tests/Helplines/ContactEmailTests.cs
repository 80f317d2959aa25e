using System.Text;
using NAPhoneline.Helplines;

namespace NAPhoneline.Tests.Helplines;

// contacts[].email (issue 12): optional, read as MimeKit reads an address, an error naming item and field.
public sealed class ContactEmailTests
{
    static (ImportPlan? Plan, IReadOnlyList<ConfigError> Errors) Check(string email)
    {
        var json = $$"""
            { "serviceBodies": [ { "key": "asc-sd", "name": "San Diego Area", "kind": "ASC",
                "timeZone": "America/Los_Angeles", "helplineNumbers": ["+16195550100"],
                "contacts": [ { "role": "helpline", "name": "Helpline Chair", "phone": "+16195550111"{{email}} } ] } ] }
            """;
        var (config, error) = HelplineImport.Parse(Encoding.UTF8.GetBytes(json));
        return config is null ? (null, [error!]) : HelplineConfigValidator.Validate(config, ExistingStructure.Empty);
    }

    [Theory]
    [InlineData("helpline@example.org")]
    [InlineData("Helpline Chair <helpline@example.org>")]
    [InlineData("  helpline@sandiegona.org ")]
    public void An_address_is_kept_with_the_contact(string email)
    {
        var (plan, errors) = Check($", \"email\": \"{email}\"");

        Assert.Empty(errors);
        Assert.Equal(email.Trim(), plan!.Bodies.Single().Contacts.Single().Email);
    }

    [Fact]
    public void No_address_is_no_email() =>
        Assert.Null(Check("").Plan!.Bodies.Single().Contacts.Single().Email);

    [Theory]
    [InlineData("helpline at example.org")]
    [InlineData("helpline@")]
    [InlineData("<>")]
    public void A_bad_address_names_the_item_and_field(string email)
    {
        var error = Assert.Single(Check($", \"email\": \"{email}\"").Errors);

        Assert.Equal("serviceBodies[asc-sd].contacts[0].email", error.Where);
        Assert.Contains(email, error.Message, StringComparison.Ordinal);
    }
}
