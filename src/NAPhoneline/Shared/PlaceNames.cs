using System.Globalization;
using System.Text;

namespace NAPhoneline.Shared;

public static class PlaceNames
{
    // Lower case, no accents or punctuation, single spaces: "Saint-Jérôme" and "saint jerome" meet.
    public static string Normalize(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            plain.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return string.Join(' ', plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
