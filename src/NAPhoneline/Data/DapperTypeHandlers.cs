using System.Data;
using Dapper;

namespace NAPhoneline.Data;

// Npgsql writes TimeOnly as `time` and DateOnly as `date` natively; Dapper only needs to be told to pass them through.
internal static class DapperTypeHandlers
{
    static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(
            new PassThrough<TimeOnly>(v => v is TimeSpan t ? TimeOnly.FromTimeSpan(t) : (TimeOnly)v));
        SqlMapper.AddTypeHandler(
            new PassThrough<DateOnly>(v => v is DateTime d ? DateOnly.FromDateTime(d) : (DateOnly)v));
    }

    // Reading goes through GetValue, which gives TimeSpan for `time` and DateTime for `date`.
    sealed class PassThrough<T>(Func<object, T> parse) : SqlMapper.TypeHandler<T>
    {
        public override void SetValue(IDbDataParameter parameter, T? value) => parameter.Value = value;
        public override T Parse(object value) => parse(value);
    }
}
