using System.Data;
using Dapper;

namespace NAPhoneline.Data;

// Npgsql maps TimeOnly to `time` and DateOnly to `date` natively; Dapper only needs to be told to pass them through.
internal static class DapperTypeHandlers
{
    static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new PassThrough<TimeOnly>());
        SqlMapper.AddTypeHandler(new PassThrough<DateOnly>());
    }

    sealed class PassThrough<T> : SqlMapper.TypeHandler<T>
    {
        public override void SetValue(IDbDataParameter parameter, T? value) => parameter.Value = value;
        public override T Parse(object value) => (T)value;
    }
}
