namespace NAPhoneline.Helplines;

// A problem with one field of a console form: the id of the field it is shown beside (empty: the form as a whole),
// the key of its words in the page's .resx, or, for a problem the page has no words for, the validator's own text.
public sealed record FormError(string Field, string? WordsKey, string Detail = "");

public static class FormErrors
{
    // The summary lists problems in the order of the fields on the page; `fields` names them in that order, a
    // trailing '*' for a family ("contact-*" sorts contact-2-name before contact-10-phone).
    public static List<FormError> InPageOrder(IEnumerable<FormError> errors, params string[] fields) =>
        errors.Select((e, i) => (e, i)).OrderBy(x => Rank(x.e.Field, fields)).ThenBy(x => Number(x.e.Field))
            .ThenBy(x => x.i).Select(x => x.e).ToList();

    static int Rank(string field, string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
            if (fields[i].EndsWith('*') ? field.StartsWith(fields[i][..^1], StringComparison.Ordinal)
                : field == fields[i])
                return i;
        return fields.Length;
    }

    static int Number(string field) =>
        int.TryParse(new string(field.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).ToArray()),
            out var n) ? n : 0;
}
