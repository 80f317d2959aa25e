using System.Globalization;
using System.Text;

namespace NAPhoneline.Helplines;

// A volunteer added in the console gets a key from their name ("Pat R." -> "v-pat-r"), unique among every key in
// the database, retired volunteers included, so a key never names two people in the audit log.
public static class VolunteerKeys
{
    const int MaxSlug = 40;

    public static string From(string? name, IReadOnlySet<string> taken)
    {
        var slug = Slug(name);
        var key = "v-" + (slug.Length == 0 ? "volunteer" : slug);
        if (!taken.Contains(key)) return key;
        for (var n = 2; ; n++)
            if (!taken.Contains($"{key}-{n}")) return $"{key}-{n}";
    }

    // Letters and digits without accents, lower case, anything else one '-'.
    static string Slug(string? name)
    {
        var text = new StringBuilder();
        foreach (var c in (name ?? "").Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) text.Append(char.ToLowerInvariant(c));
            else if (text.Length > 0 && text[^1] != '-') text.Append('-');
            if (text.Length >= MaxSlug) break;
        }
        return text.ToString().Trim('-');
    }
}
