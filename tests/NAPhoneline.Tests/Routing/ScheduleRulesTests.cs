using System.Xml.Linq;
using NAPhoneline.Routing;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Tests.Routing;

public sealed class ScheduleRulesTests
{
    static readonly HashSet<long> Volunteers = [1, 2];
    static readonly LocalDate Today = new(2026, 11, 24);

    [Theory]
    [InlineData("18:00", 18, 0)]
    [InlineData("9:05", 9, 5)]
    [InlineData(" 00:00 ", 0, 0)]
    [InlineData("23:59", 23, 59)]
    public void Times_are_24_hour_wall_clock_times(string text, int hour, int minute) =>
        Assert.Equal(new LocalTime(hour, minute), ScheduleRules.ParseTime(text));

    [Theory]
    [InlineData("24:00")]
    [InlineData("25:00")]
    [InlineData("18:60")]
    [InlineData("18")]
    [InlineData("6pm")]
    [InlineData("18:5")]
    [InlineData("-1:00")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_time(string? text) => Assert.Null(ScheduleRules.ParseTime(text));

    [Fact]
    public void An_end_of_24_00_is_midnight() =>
        Assert.Equal(LocalTime.Midnight, ScheduleRules.ParseTime("24:00", isEnd: true));

    [Theory]
    [InlineData(IsoDayOfWeek.Sunday, 0)]
    [InlineData(IsoDayOfWeek.Monday, 1)]
    [InlineData(IsoDayOfWeek.Saturday, 6)]
    public void The_shifts_table_counts_days_from_sunday(IsoDayOfWeek day, short db)
    {
        Assert.Equal(db, ScheduleRules.DbDay(day));
        Assert.Equal(day, ScheduleRules.ParseDay(ScheduleRules.DayValue(day)));
    }

    [Fact]
    public void A_shift_needs_a_volunteer_of_the_body_a_day_and_two_times()
    {
        var (shift, errors) = ScheduleRules.CheckShift(new ShiftInput("3", "someday", "25:00", ""), Volunteers, []);

        Assert.Null(shift);
        Assert.Equal("VolunteerRequired", errors["Volunteer"]);
        Assert.Equal("DayRequired", errors["Day"]);
        Assert.Equal("TimeFormat", errors["Start"]);
        Assert.Equal("TimeRequired", errors["End"]);
    }

    [Fact]
    public void An_end_before_the_start_runs_past_midnight()
    {
        var (shift, errors) = ScheduleRules.CheckShift(new ShiftInput("1", "friday", "22:00", "02:00"), Volunteers, []);

        Assert.Empty(errors);
        Assert.Equal(new ValidShift(1, IsoDayOfWeek.Friday, new LocalTime(22, 0), new LocalTime(2, 0)), shift);
    }

    [Theory]
    [InlineData("09:00", "09:00", false)]
    [InlineData("00:00", "00:00", true)] // the whole day
    [InlineData("00:00", "24:00", true)]
    [InlineData("16:00", "24:00", true)]
    public void The_same_start_and_end_is_refused_unless_it_is_the_whole_day(string start, string end, bool ok)
    {
        var (shift, errors) = ScheduleRules.CheckShift(new ShiftInput("1", "monday", start, end), Volunteers, []);

        Assert.Equal(ok, shift is not null);
        if (!ok) Assert.Equal("SameTimes", errors["End"]);
    }

    [Fact]
    public void The_same_shift_twice_is_refused_and_a_move_keeps_the_volunteer()
    {
        var existing = new RosterShift(1, IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(17, 0));

        var (_, errors) = ScheduleRules.CheckShift(new ShiftInput("1", "monday", "09:00", "17:00"), Volunteers,
            [existing]);
        var (moved, moveErrors) = ScheduleRules.CheckMove(2, new ShiftInput("1", "tuesday", "10:00", "12:00"),
            [existing]);

        Assert.Equal("DuplicateShift", errors["Start"]);
        Assert.Empty(moveErrors);
        Assert.Equal(2, moved!.VolunteerId);
    }

    static readonly RosterShift MondayNight = new(1, IsoDayOfWeek.Monday, new LocalTime(18, 0), new LocalTime(22, 0));

    static ShiftInput Monday(string? repeat = null, string? startsOn = null, string? week = null, string? from = null,
        string? until = null, bool backup = false) =>
        new("1", "monday", "18:00", "22:00", repeat, startsOn, week, from, until, backup);

    [Fact]
    public void A_backup_shift_on_the_last_monday_of_the_month_until_a_date()
    {
        var (shift, errors) = ScheduleRules.CheckShift(Monday("monthly", week: "-1", until: "2027-01-31",
            backup: true), Volunteers, []);

        Assert.Empty(errors);
        Assert.Equal(MondayNight with
        {
            Repeat = ShiftRepeat.Monthly, Week = -1, Until = new LocalDate(2027, 1, 31), Backup = true,
        }, shift!.ToShift());
        Assert.True(shift.ToShift().OccursOn(new LocalDate(2026, 11, 30)));
        Assert.False(shift.ToShift().OccursOn(new LocalDate(2026, 11, 23)));
    }

    [Fact]
    public void A_biweekly_shift_takes_the_weeks_of_its_date()
    {
        var (shift, errors) = ScheduleRules.CheckShift(Monday("biweekly", startsOn: "2026-11-26"), Volunteers, []);

        Assert.Empty(errors);
        Assert.Equal((ShiftRepeat.Biweekly, new LocalDate(2026, 11, 26)), (shift!.Pattern.Repeat,
            shift.Pattern.StartsOn));
        Assert.Equal([true, false, true], new[] { 23, 30 }.Select(d => new LocalDate(2026, 11, d))
            .Append(new LocalDate(2026, 12, 7)).Select(shift.ToShift().OccursOn));
    }

    // The import's rules (ShiftPattern), each problem on its own field of the form.
    [Theory]
    [InlineData("biweekly", null, null, null, null, "StartsOn", "PatternStartsOnMissing")]
    [InlineData("weekly", null, "1", null, null, "WeekOfMonth", "PatternWeekOnlyMonthly")]
    [InlineData(null, "2026-11-23", null, null, null, "StartsOn", "PatternStartsOnOnlyBiweekly")]
    [InlineData("monthly", null, null, null, null, "WeekOfMonth", "PatternWeekMissing")]
    [InlineData("monthly", null, "5", null, null, "WeekOfMonth", "PatternWeekOutOfRange")]
    [InlineData("monthly", null, "last", null, null, "WeekOfMonth", "PatternWeekOutOfRange")]
    [InlineData("weekly", null, null, "2026-12-31", "2026-12-01", "Until", "PatternUntilBeforeFrom")]
    [InlineData("weekly", null, null, "31/12/2026", null, "From", "PatternNotADate")]
    [InlineData("daily", null, null, null, null, "Repeat", "PatternUnknownRepeat")]
    public void A_pattern_the_import_would_refuse_is_refused_on_its_field(string? repeat, string? startsOn,
        string? week, string? from, string? until, string field, string message)
    {
        var (shift, errors) = ScheduleRules.CheckShift(Monday(repeat, startsOn, week, from, until), Volunteers, []);

        Assert.Null(shift);
        Assert.Equal(message, Assert.Single(errors, e => e.Key == field).Value);
        Assert.Contains(field, ScheduleRules.ShiftFields);
    }

    [Fact]
    public void Every_problem_of_a_form_is_given_at_once()
    {
        var (_, errors) = ScheduleRules.CheckShift(new ShiftInput("1", "", "18:00", "22:00", "biweekly", null, "2",
            "2027-02-01", "2027-01-01"), Volunteers, []);

        Assert.Equal(["Day", "StartsOn", "Until", "WeekOfMonth"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_duplicate_is_the_same_shift_on_the_same_dates()
    {
        var biweekly = MondayNight with { Repeat = ShiftRepeat.Biweekly, StartsOn = new LocalDate(2026, 11, 23) };
        RosterShift[] existing = [MondayNight, biweekly];

        string? Problem(ShiftInput input) =>
            ScheduleRules.CheckShift(input, Volunteers, existing).Errors.GetValueOrDefault("Start");

        Assert.Equal("DuplicateShift", Problem(Monday()));
        Assert.Equal("DuplicateShift", Problem(Monday(backup: true))); // a backup row would ring nobody more
        Assert.Equal("DuplicateShift", Problem(Monday("biweekly", "2026-12-09"))); // two weeks on: the same weeks
        Assert.Null(Problem(Monday("biweekly", "2026-12-02"))); // the other weeks
        Assert.Null(Problem(Monday("monthly", week: "1")));
        Assert.Null(Problem(Monday(until: "2026-12-31")));
    }

    [Fact]
    public void A_move_shows_the_shift_as_it_is_and_keeps_its_pattern()
    {
        var monthly = MondayNight with
        {
            Repeat = ShiftRepeat.Monthly, Week = 2, From = new LocalDate(2026, 12, 1), Backup = true,
        };

        var input = ShiftInput.Of(monthly);
        var (moved, errors) = ScheduleRules.CheckMove(1, input with { Day = "tuesday" }, []);

        Assert.Equal(new ShiftInput("1", "monday", "18:00", "22:00", "monthly", null, "2", "2026-12-01", null, true),
            input);
        Assert.Empty(errors);
        Assert.Equal(monthly with { Day = IsoDayOfWeek.Tuesday }, moved!.ToShift());
    }

    [Fact]
    public void A_pattern_is_written_out_in_words()
    {
        static string[] Words(RosterShift s) => ScheduleRules.PatternWords(s)
            .Select(w => w.Key + (w.Date is { } d ? " " + ScheduleRules.Date(d) : "")).ToArray();

        Assert.Empty(Words(MondayNight));
        Assert.Equal(["EveryOtherWeek", "UntilDate 2027-01-31"], Words(MondayNight with
        {
            Repeat = ShiftRepeat.Biweekly, StartsOn = Today, Until = new LocalDate(2027, 1, 31),
        }));
        Assert.Equal(["MonthlyLast"], Words(MondayNight with { Repeat = ShiftRepeat.Monthly, Week = -1 }));
        Assert.Equal(["Monthly3", "FromDate 2026-12-01"], Words(MondayNight with
        {
            Repeat = ShiftRepeat.Monthly, Week = 3, From = new LocalDate(2026, 12, 1),
        }));
    }

    [Fact]
    public void An_error_summary_links_to_its_fields()
    {
        Assert.Equal("add-starts-on", ErrorSummary.FieldId("add", "StartsOn"));
        Assert.Equal("move-week-of-month", ErrorSummary.FieldId("move", "WeekOfMonth"));
        Assert.Equal("ov-date", ErrorSummary.FieldId("ov", "Date"));
    }

    [Fact]
    public void An_override_is_for_today_or_later_and_a_cover_has_both_times_or_neither()
    {
        Assert.Equal("DatePast", Check(new OverrideInput("cover", "1", "2026-11-23")).Errors["Date"]);
        Assert.Equal("DateFormat", Check(new OverrideInput("cover", "1", "24/11/2026")).Errors["Date"]);
        Assert.Equal("DateTooFar", Check(new OverrideInput("cover", "1", "2030-11-24")).Errors["Date"]);
        Assert.Equal("BothOrNeither", Check(new OverrideInput("cover", "1", "2026-11-24", "10:00", "")).Errors["End"]);
        Assert.Equal("KindRequired", Check(new OverrideInput("swap", "1", "2026-11-24")).Errors["Kind"]);
        Assert.Equal("OffWholeDay",
            Check(new OverrideInput("off", "1", "2026-11-24", "10:00", "12:00")).Errors["Start"]);

        var whole = Check(new OverrideInput("cover", "2", "2026-11-24")).Override!;
        Assert.Equal((OverrideKind.Cover, (LocalTime?)null, (LocalTime?)null), (whole.Kind, whole.Start, whole.End));
        var part = Check(new OverrideInput("cover", "2", "2026-11-30", "22:00", "02:00")).Override!;
        Assert.Equal(new LocalTime(2, 0), part.End);
    }

    [Fact]
    public void A_volunteer_is_off_a_date_once()
    {
        var existing = new ShiftOverride(1, Today, OverrideKind.Off);

        var (o, errors) = ScheduleRules.CheckOverride(new OverrideInput("off", "1", "2026-11-24"), Volunteers, Today,
            [existing]);

        Assert.Null(o);
        Assert.Equal("AlreadyOff", errors["Date"]);
    }

    [Fact]
    public void A_volunteer_marks_unavailable_only_a_coming_date_they_have_a_shift_on()
    {
        RosterShift[] shifts = [new(1, IsoDayOfWeek.Wednesday, new LocalTime(4, 0), new LocalTime(10, 0))];

        Assert.Equal(new LocalDate(2026, 11, 25),
            ScheduleRules.CheckUnavailable("2026-11-25", Today, 1, shifts, []).Date);
        Assert.Equal("NoShiftThatDay",
            ScheduleRules.CheckUnavailable("2026-11-26", Today, 1, shifts, []).Errors["Date"]);
        Assert.Equal("NoShiftThatDay",
            ScheduleRules.CheckUnavailable("2026-11-25", Today, 2, shifts, []).Errors["Date"]);
        Assert.Equal("DatePast", ScheduleRules.CheckUnavailable("2026-11-18", Today, 1, shifts, []).Errors["Date"]);
        Assert.Equal("AlreadyOff", ScheduleRules.CheckUnavailable("2026-11-25", Today, 1, shifts,
            [new ShiftOverride(1, new LocalDate(2026, 11, 25), OverrideKind.Off)]).Errors["Date"]);
    }

    // Every word of the schedule page in both languages, and every message a rule can give has words.
    [Fact]
    public void The_schedule_speaks_english_and_spanish()
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "NAPhoneline", "Routing");
        static Dictionary<string, string> Keys(string path) => XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);
        var english = Keys(Path.Combine(folder, "ScheduleText.resx"));
        var spanish = Keys(Path.Combine(folder, "ScheduleText.es.resx"));

        Assert.Equal(english.Keys.Order(), spanish.Keys.Order());
        Assert.All(spanish, s => Assert.False(string.IsNullOrWhiteSpace(s.Value), s.Key));
        string[] messages = ["VolunteerRequired", "DayRequired", "TimeRequired", "TimeFormat", "SameTimes",
            "DuplicateShift", "KindRequired", "DateFormat", "DatePast", "DateTooFar", "BothOrNeither", "OffWholeDay",
            "AlreadyOff",
            "NoShiftThatDay"];
        Assert.All(messages, m => Assert.Contains(m, english.Keys));
        // A pattern's problems (the import's rules) and its words, whatever the shift.
        Assert.All(Enum.GetNames<PatternProblem>(), p => Assert.Contains("Pattern" + p, english.Keys));
        Assert.All(new[] { "EveryOtherWeek", "Monthly1", "Monthly2", "Monthly3", "Monthly4", "MonthlyLast",
            "FromDate", "UntilDate" }, k => Assert.Contains(k, english.Keys));
        var source = File.ReadAllText(Path.Combine(folder, "ScheduleRules.cs"));
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(source,
                     "\\] = \"([A-Za-z]+)\""))
            Assert.Contains(m.Groups[1].Value, messages);
    }

    [Theory]
    [InlineData("2026-12-01", "2026-12-01")]
    [InlineData("9999-12-31", "2026-11-24")] // far away, or not a date: this week
    [InlineData("0001-01-01", "2026-11-24")]
    [InlineData("next week", "2026-11-24")]
    public void The_week_in_the_address_is_a_date_near_today(string text, string expected) =>
        Assert.Equal(ScheduleRules.ParseDate(expected), ScheduleRules.WeekOf(text, Today));

    static (ValidOverride? Override, FormErrors Errors) Check(OverrideInput input) =>
        ScheduleRules.CheckOverride(input, Volunteers, Today, []);

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NAPhoneline.sln"))) return dir.FullName;
        throw new InvalidOperationException("NAPhoneline.sln not found above " + AppContext.BaseDirectory);
    }
}
