using NAPhoneline.Shared;

namespace NAPhoneline.Helplines;

// What the add and edit forms post, kept as typed so a refused form shows it again unchanged.
public sealed class VolunteerForm
{
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public List<string> Languages { get; set; } = [];
    public bool TwelfthStep { get; set; }
    // An unticked box posts nothing: false is the form's default, and the add page starts it ticked.
    public bool Reminders { get; set; }
    public string? Gender { get; set; }
    public string? HomeBody { get; set; }

    public static readonly IReadOnlyList<string> Genders = ["female", "male"];

    // The phone in E.164 when it reads as a number in the body's country ("(619) 555-0177" in the US).
    public string? NormalizedPhone(string region) => E164.Normalize(Phone, region);

    // The row the import validator checks; a phone that could not be read goes in as typed, for it to refuse.
    // The languages keep the order they had (the first is the one the volunteer is texted in), new ones after.
    public VolunteerConfig ToConfig(string key, string region, bool active, IEnumerable<string>? before = null) => new()
    {
        Key = key,
        Name = Name?.Trim(),
        Phone = NormalizedPhone(region) ?? Phone?.Trim(),
        Languages = InOrder(Languages, before),
        Gender = string.IsNullOrWhiteSpace(Gender) ? null : Gender,
        TwelfthStep = TwelfthStep,
        Active = active,
        Reminders = Reminders,
    };

    // What the import validator does not check: a number of the body's country, at least one language, a gender
    // of the list (or the one the volunteer already has).
    public List<FormError> Check(string region, string? currentGender)
    {
        var errors = new List<FormError>();
        if (!string.IsNullOrWhiteSpace(Phone) && NormalizedPhone(region) is null)
            errors.Add(new FormError("phone", "PhoneInvalid"));
        if (Languages.Count == 0) errors.Add(new FormError("languages", "LanguagesNone"));
        if (!string.IsNullOrEmpty(Gender) && !Genders.Contains(Gender) && Gender != currentGender)
            errors.Add(new FormError("gender", "GenderInvalid"));
        return errors;
    }

    public static List<string> InOrder(IEnumerable<string> chosen, IEnumerable<string>? before)
    {
        var set = chosen.ToHashSet(StringComparer.Ordinal);
        return (before ?? []).Where(set.Contains).Concat(chosen).Distinct(StringComparer.Ordinal).ToList();
    }

    public static FormError FieldOf(ConfigError error) => error.Field switch
    {
        "name" => new FormError("name", "NameRequired"),
        "phone" => new FormError("phone", "PhoneInvalid"),
        "languages" => new FormError("languages", "LanguagesInvalid"),
        _ => new FormError("", null, error.Where + " " + error.Message),
    };
}
