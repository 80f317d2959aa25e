using System.Globalization;
using System.Resources;

namespace NAPhoneline.Console;

// The words of one page set in one language. Each console feature keeps its words in a .resx beside its pages
// (English, and .es.resx for Spanish); a test fails when a key is missing in a language.
public sealed class Words(ResourceManager resources, CultureInfo culture)
{
    public CultureInfo Culture => culture;

    public string this[string key] =>
        resources.GetString(key, culture) ?? throw new InvalidOperationException($"Console text '{key}' is missing.");

    public string Format(string key, params object?[] args) => string.Format(culture, this[key], args);
}
