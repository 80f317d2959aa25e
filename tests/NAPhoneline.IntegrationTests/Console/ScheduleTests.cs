using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Console;

// CONTRACT 11, /console/schedule: the week of a body in its zone, edited in place by its coordinators; volunteers
// see first names, their own shifts, and mark dates unavailable. The clock stands at Tuesday 24 November 2026,
// 12:00 in San Diego; the demo roster has two volunteers on every six-hour block.
[Collection(DatabaseCollection.Name)]
public sealed class ScheduleTests(TestDatabase database) : ConsoleTest(database)
{
    const string Tuesday = "Tuesday 24 November";
    const string Wednesday = "Wednesday 25 November";
    const string Thursday = "Thursday 26 November";

    [Fact]
    public async Task A_coordinator_removes_shifts_and_sees_the_gap_then_closes_it_with_a_new_shift()
    {
        var page = await ScheduleAsync(Coordinator, Viewport.Phone);
        var tuesday = Day(page, Tuesday);
        await Assertions.Expect(tuesday).ToContainTextAsync("Covered all day.");
        Assert.Equal(["v-jordan", "v-pat"], (await OnDutyAsync()).Order());

        await tuesday.GetByRole(AriaRole.Button, new() { Name = "Remove Jordan K. Tuesday 24 November, 10:00–16:00" })
            .ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Shift removed.");
        await Assertions.Expect(tuesday).ToContainTextAsync("Covered all day.");
        await tuesday.GetByRole(AriaRole.Button, new() { Name = "Remove Pat R. Tuesday 24 November, 10:00–16:00" })
            .ClickAsync();

        await Assertions.Expect(tuesday).ToContainTextAsync("Uncovered: 10:00–16:00");
        await Assertions.Expect(page.GetByText("6 hours of this week are uncovered.")).ToBeVisibleAsync();
        Assert.Empty(await OnDutyAsync());

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Add a shift" });
        await form.GetByLabel("Volunteer").SelectOptionAsync(new SelectOptionValue { Label = "Sam T." });
        await form.GetByLabel("Day").SelectOptionAsync(new SelectOptionValue { Label = "Tuesday" });
        await form.GetByLabel("Start").FillAsync("10:00");
        await form.GetByLabel("End").FillAsync("16:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add shift" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Shift added.");
        await Assertions.Expect(tuesday).ToContainTextAsync("Covered all day.");
        await Assertions.Expect(People(tuesday, "10:00–16:00")).ToHaveCountAsync(1);
        await Assertions.Expect(People(tuesday, "10:00–16:00")).ToContainTextAsync("Sam T.");
        await Assertions.Expect(page.GetByText("Every hour of this week is covered.")).ToBeVisibleAsync();
        Assert.Equal(["v-sam"], await OnDutyAsync());

        var audit = await AuditAsync();
        Assert.Equal(["removed", "removed", "added"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.StartsWith("Robin C. (", a.Actor, StringComparison.Ordinal));
        Assert.All(audit, a => Assert.Equal("shift", a.Entity));
        Assert.Equal("v-jordan", Json(audit[0].Before!).GetProperty("volunteer").GetString());
        Assert.Null(audit[0].After);
        var added = Json(audit[2].After!);
        Assert.Equal(("v-sam", "tuesday", "10:00", "16:00"), (added.GetProperty("volunteer").GetString(),
            added.GetProperty("day").GetString(), added.GetProperty("start").GetString(),
            added.GetProperty("end").GetString()));
        await Browser.ScreenshotAsync(page, "schedule-coordinator-phone");
    }

    [Fact]
    public async Task A_coordinator_moves_a_shift_to_another_day()
    {
        var page = await ScheduleAsync(Coordinator);
        var tuesday = Day(page, Tuesday);

        await tuesday.GetByRole(AriaRole.Link, new() { Name = "Move Pat R. Tuesday 24 November, 16:00–22:00" })
            .ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Move this shift: Pat R." });
        await Assertions.Expect(form.GetByLabel("Start")).ToHaveValueAsync("16:00");
        await form.GetByLabel("Day").SelectOptionAsync(new SelectOptionValue { Label = "Wednesday" });
        await form.GetByLabel("Start").FillAsync("12:00");
        await form.GetByLabel("End").FillAsync("18:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Move shift" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Shift moved.");
        await Assertions.Expect(People(Day(page, Wednesday), "12:00–18:00")).ToContainTextAsync("Pat R.");
        await Assertions.Expect(People(tuesday, "16:00–22:00")).ToHaveCountAsync(1);
        await Assertions.Expect(People(tuesday, "16:00–22:00")).ToContainTextAsync("Sam T.");

        var moved = Assert.Single(await AuditAsync());
        Assert.Equal("changed", moved.Action);
        Assert.Equal("tuesday", Json(moved.Before!).GetProperty("day").GetString());
        Assert.Equal("wednesday", Json(moved.After!).GetProperty("day").GetString());
        Assert.Equal("12:00", Json(moved.After!).GetProperty("start").GetString());
    }

    [Fact]
    public async Task A_coordinator_adds_a_cover_for_one_date_and_removes_it()
    {
        var page = await ScheduleAsync(Coordinator);
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Change one date" });
        await form.GetByLabel("Change").SelectOptionAsync(new SelectOptionValue { Label = "Cover: on duty that date" });
        await form.GetByLabel("Volunteer").SelectOptionAsync(new SelectOptionValue { Label = "Alex M." });
        await form.GetByLabel("Date").FillAsync("2026-11-26");
        await form.GetByLabel("Start (optional)").FillAsync("12:00");
        await form.GetByLabel("End (optional)").FillAsync("14:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add change" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Change added.");
        var thursday = Day(page, Thursday);
        var cover = People(thursday, "12:00–14:00");
        await Assertions.Expect(cover).ToHaveCountAsync(1);
        await Assertions.Expect(cover).ToContainTextAsync("Alex M. cover");

        await cover.GetByRole(AriaRole.Button,
            new() { Name = "Remove cover Alex M. Thursday 26 November, 12:00–14:00" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Change removed.");
        await Assertions.Expect(thursday.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "12:00–14:00" }))
            .ToHaveCountAsync(0);

        var audit = await AuditAsync();
        Assert.Equal([("override", "added"), ("override", "removed")], audit.Select(a => (a.Entity, a.Action)));
        Assert.Equal(audit[0].EntityKey, audit[1].EntityKey);
        var after = Json(audit[0].After!);
        Assert.Equal(("v-alex", "2026-11-26", "cover", "12:00"), (after.GetProperty("volunteer").GetString(),
            after.GetProperty("date").GetString(), after.GetProperty("kind").GetString(),
            after.GetProperty("start").GetString()));
        Assert.Equal(0, await CountAsync("select count(*) from shift_overrides"));
    }

    [Fact]
    public async Task Bad_input_is_answered_on_the_form_with_every_value_kept()
    {
        var page = await ScheduleAsync(Coordinator);
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Add a shift" });
        await form.GetByLabel("Volunteer").SelectOptionAsync(new SelectOptionValue { Label = "Sam T." });
        await form.GetByLabel("Day").SelectOptionAsync(new SelectOptionValue { Label = "Thursday" });
        await form.GetByLabel("Start").FillAsync("25:00");
        await form.GetByLabel("End").FillAsync("16:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add shift" }).ClickAsync();

        form = page.GetByRole(AriaRole.Form, new() { Name = "Add a shift" });
        await Assertions.Expect(form.GetByRole(AriaRole.Alert))
            .ToContainTextAsync("Please correct what is marked below.");
        var start = form.GetByLabel("Start");
        await Assertions.Expect(start).ToHaveValueAsync("25:00");
        await Assertions.Expect(start).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(start).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex(
            "Write a 24-hour time such as 18:00"));
        await Assertions.Expect(form.GetByLabel("End")).ToHaveValueAsync("16:00");
        await Assertions.Expect(form.GetByLabel("Day")).ToHaveValueAsync("thursday");
        var sam = await CountAsync("select id::int from volunteers where key = 'v-sam'");
        await Assertions.Expect(form.GetByLabel("Volunteer")).ToHaveValueAsync(sam.ToString());

        var change = page.GetByRole(AriaRole.Form, new() { Name = "Change one date" });
        await change.GetByLabel("Volunteer").SelectOptionAsync(new SelectOptionValue { Label = "Alex M." });
        await change.GetByLabel("Date").FillAsync("2026-11-20");
        await change.GetByRole(AriaRole.Button, new() { Name = "Add change" }).ClickAsync();

        change = page.GetByRole(AriaRole.Form, new() { Name = "Change one date" });
        await Assertions.Expect(change.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Assertions.Expect(change.GetByLabel("Date")).ToHaveValueAsync("2026-11-20");
        await Assertions.Expect(change.GetByLabel("Date")).ToHaveAccessibleDescriptionAsync("That date has passed. " +
            "Choose today or a later date.");

        Assert.Empty(await AuditAsync());
        Assert.Equal(56, await CountAsync("select count(*) from shifts s " +
            "join service_bodies b on b.id = s.service_body_id where b.key = 'asc-sd'"));
    }

    [Fact]
    public async Task A_volunteer_marks_tomorrow_unavailable_and_undoes_it()
    {
        var page = await ScheduleAsync(Pat, Viewport.Phone);
        var mine = page.GetByRole(AriaRole.Region, new() { Name = "My shifts" });
        await Assertions.Expect(mine).ToContainTextAsync("Wednesday 25 November 04:00–10:00, 10:00–16:00");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Mark a date unavailable" });
        await form.GetByLabel("Date").FillAsync("2026-11-25");
        await form.GetByRole(AriaRole.Button, new() { Name = "Mark unavailable" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Marked unavailable.");
        await Assertions.Expect(mine).Not.ToContainTextAsync("Wednesday 25 November 04:00–10:00");
        var wednesday = Day(page, Wednesday);
        // Struck out on both of her Wednesday shifts, and on nothing else that day.
        await Assertions.Expect(wednesday.GetByRole(AriaRole.Deletion)).ToHaveTextAsync(["Pat", "Pat"]);
        await Assertions.Expect(wednesday.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Pat" })
            .Filter(new() { HasNot = page.GetByRole(AriaRole.Deletion) })).ToHaveCountAsync(0);
        await Assertions.Expect(People(wednesday, "04:00–10:00").Filter(new() { HasText = "Pat" }))
            .ToContainTextAsync("off");

        // Wednesday 05:00: only Jordan is on duty now.
        App.Time.Advance(TimeSpan.FromHours(17));
        Assert.Equal(["v-jordan"], await OnDutyAsync());

        page = await ScheduleAsync(Pat, Viewport.Phone); // the session of yesterday has expired
        await page.GetByRole(AriaRole.Region, new() { Name = "My shifts" })
            .GetByRole(AriaRole.Button, new() { Name = "Undo Wednesday 25 November" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Change removed.");
        await Assertions.Expect(Day(page, Wednesday).GetByRole(AriaRole.Deletion)).ToHaveCountAsync(0);
        Assert.Equal(["v-jordan", "v-pat"], (await OnDutyAsync()).Order());

        var audit = await AuditAsync();
        Assert.Equal([("override", "added"), ("override", "removed")], audit.Select(a => (a.Entity, a.Action)));
        Assert.All(audit, a => Assert.StartsWith("Pat R. (", a.Actor, StringComparison.Ordinal));
        Assert.Equal("off", Json(audit[0].After!).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_volunteer_says_they_cannot_come_on_a_listed_day_and_a_past_date_is_refused()
    {
        var page = await ScheduleAsync(Sam, Viewport.Phone);
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Mark a date unavailable" });
        await form.GetByLabel("Date").FillAsync("2026-11-20");
        await form.GetByRole(AriaRole.Button, new() { Name = "Mark unavailable" }).ClickAsync();

        form = page.GetByRole(AriaRole.Form, new() { Name = "Mark a date unavailable" });
        await Assertions.Expect(form.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Assertions.Expect(form.GetByLabel("Date")).ToHaveValueAsync("2026-11-20");
        await Assertions.Expect(form.GetByLabel("Date")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(form).ToContainTextAsync("That date has passed.");

        await page.GetByRole(AriaRole.Button, new() { Name = "I can't come Thursday 26 November" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Marked unavailable.");
        await Assertions.Expect(Day(page, Thursday).GetByRole(AriaRole.Deletion)).ToHaveTextAsync(["Sam", "Sam"]);
        var off = await CountAsync("select count(*) from shift_overrides o " +
            "join volunteers v on v.id = o.volunteer_id " +
            "where v.key = 'v-sam' and o.kind = 'off' and o.date = '2026-11-26'");
        Assert.Equal(1, off);
    }

    [Fact]
    public async Task A_volunteer_sees_first_names_only_and_cannot_change_others_shifts()
    {
        var page = await ScheduleAsync(Pat);
        var tuesday = Day(page, Tuesday);

        await Assertions.Expect(People(tuesday, "16:00–22:00")).ToHaveTextAsync(["Pat", "Sam"]);
        var text = await page.Locator("main").InnerTextAsync();
        foreach (var full in new[] { "Sam T.", "Jordan K.", "Alex M.", "Pat R." }) Assert.DoesNotContain(full, text);
        await Assertions.Expect(page.GetByRole(AriaRole.Form, new() { Name = "Add a shift" }))
            .ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Remove") }))
            .ToHaveCountAsync(0);

        // A hand-made request to remove Sam's shift changes nothing.
        var id = await CountAsync("select min(s.id)::int from shifts s join volunteers v on v.id = s.volunteer_id " +
            "where v.key = 'v-sam'");
        var response = await PostAsync(page, "/console/schedule?body=asc-sd&handler=RemoveShift",
            ("id", id.ToString()));
        Assert.Equal(404, response.Status);
        Assert.Equal(1, await CountAsync($"select count(*) from shifts where id = {id}"));
    }

    [Fact]
    public async Task A_volunteer_of_another_body_gets_404_and_a_forged_change_does_nothing()
    {
        var page = await ScheduleAsync(Morgan);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Schedule: North County Area" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(People(Day(page, Tuesday), "09:00–17:00")).ToHaveTextAsync(["Morgan"]);

        var other = await page.GotoAsync("/console/schedule?body=asc-sd");
        Assert.Equal(404, other!.Status);
        await Assertions.Expect(page.GetByText("There is nothing here, or it is not yours to see.")).ToBeVisibleAsync();

        await page.GotoAsync("/console/schedule");
        var before = await CountAsync("select count(*) from shifts");
        var shift = await CountAsync("select min(id)::int from shifts");
        var removed = await PostAsync(page, "/console/schedule?body=asc-sd&handler=RemoveShift",
            ("id", shift.ToString()));
        var marked = await PostAsync(page, "/console/schedule?body=asc-sd&handler=Unavailable", ("date", "2026-11-25"));
        Assert.Equal((404, 404), (removed.Status, marked.Status));
        Assert.Equal(before, await CountAsync("select count(*) from shifts"));
        Assert.Equal(0, await CountAsync("select count(*) from shift_overrides"));
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task A_coordinator_of_a_sibling_area_cannot_add_a_shift_to_san_diego()
    {
        var page = await ScheduleAsync(NorthCoordinator);
        await Assertions.Expect(page.GetByRole(AriaRole.Form, new() { Name = "Add a shift" }))
            .ToBeVisibleAsync();
        var sam = await CountAsync("select id::int from volunteers where key = 'v-sam'");

        var response = await PostAsync(page, "/console/schedule?body=asc-sd&handler=AddShift",
            ("volunteer", sam.ToString()), ("day", "tuesday"), ("start", "01:00"), ("end", "02:00"));

        Assert.Equal(404, response.Status);
        Assert.Equal(57, await CountAsync("select count(*) from shifts"));
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task The_schedule_in_spanish_fits_a_phone()
    {
        var page = await ScheduleAsync(Pat, Viewport.Phone, "es-ES");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Turnos: San Diego Area" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(Day(page, "martes 24 de noviembre")).ToBeVisibleAsync();
        await Assertions.Expect(Day(page, "domingo 29 de noviembre")).ToContainTextAsync("Cubierto todo el día.");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Mis turnos" }))
            .ToContainTextAsync("miércoles 25 de noviembre 04:00–10:00, 10:00–16:00");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Marcar no disponible" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Semana siguiente →" }))
            .ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390);
        await Browser.ScreenshotAsync(page, "schedule-volunteer-es-phone");
    }

    [Fact]
    public async Task A_week_with_the_autumn_clock_change_shows_a_25_hour_sunday()
    {
        var page = await ScheduleAsync(Coordinator, week: "2026-11-01");

        var sunday = Day(page, "Sunday 1 November");
        await Assertions.Expect(sunday).ToContainTextAsync("The clocks change on this day: it has 25 hours.");
        await Assertions.Expect(sunday).ToContainTextAsync("Covered all day.");

        // Without Saturday's night shifts, Sunday opens with five hours nobody covers (01:00 happens twice).
        var saturday = Day(page, "Saturday 31 October");
        foreach (var name in new[] { "Sam T.", "Alex M." })
            await saturday.GetByRole(AriaRole.Button,
                new() { Name = $"Remove {name} Saturday 31 October, 22:00–04:00" }).ClickAsync();
        await Assertions.Expect(sunday).ToContainTextAsync("Uncovered: 00:00 PDT–04:00 PST");
        await Assertions.Expect(saturday).ToContainTextAsync("Uncovered: 22:00–24:00");
        await Assertions.Expect(page.GetByText("7 hours of this week are uncovered.")).ToBeVisibleAsync();
        await Assertions.Expect(Day(page, "Monday 26 October")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Next week →" }).ClickAsync();
        await Assertions.Expect(Day(page, "Monday 2 November")).ToBeVisibleAsync();
    }

    // CONTRACT 13's patterns, set in the console: the week view shows each shift only in its weeks.
    [Fact]
    public async Task A_coordinator_adds_a_last_monday_backup_shift_and_a_biweekly_one_each_shown_in_its_weeks()
    {
        var page = await ScheduleAsync(Coordinator);
        await AddShiftAsync(page, "Sam T.", "Monday", "12:00", "14:00", repeats: "once a month", week: "last",
            backup: true);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Shift added.");
        await AddShiftAsync(page, "Jordan K.", "Thursday", "08:00", "09:00", repeats: "every other week",
            startsOn: "2026-12-03", until: "2027-01-31");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Shift added.");

        // This week: neither (23 November is not the last Monday; 26 November is not in the weeks of 3 December).
        await Assertions.Expect(People(Day(page, "Monday 23 November"), "12:00–14:00")).ToHaveCountAsync(0);
        await Assertions.Expect(People(Day(page, Thursday), "08:00–09:00")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Next week →" }).ClickAsync();
        var monday = People(Day(page, "Monday 30 November"), "12:00–14:00");
        await Assertions.Expect(monday).ToHaveCountAsync(1);
        await Assertions.Expect(monday).ToContainTextAsync("Sam T. backup the last Monday of the month");
        var thursday = People(Day(page, "Thursday 3 December"), "08:00–09:00");
        await Assertions.Expect(thursday).ToHaveCountAsync(1);
        await Assertions.Expect(thursday).ToContainTextAsync("Jordan K. every other week, until 2027-01-31");
        await Browser.ScreenshotAsync(page, "schedule-patterns-en-desktop");

        await page.GetByRole(AriaRole.Link, new() { Name = "Next week →" }).ClickAsync();
        await Assertions.Expect(Day(page, "Monday 7 December")).ToBeVisibleAsync();
        await Assertions.Expect(People(Day(page, "Monday 7 December"), "12:00–14:00")).ToHaveCountAsync(0);
        await Assertions.Expect(People(Day(page, "Thursday 10 December"), "08:00–09:00")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Next week →" }).ClickAsync();
        await Assertions.Expect(People(Day(page, "Thursday 17 December"), "08:00–09:00")).ToHaveCountAsync(1);
        await Assertions.Expect(People(Day(page, "Monday 14 December"), "12:00–14:00")).ToHaveCountAsync(0);
        await page.GotoAsync("/console/schedule?body=asc-sd&week=2026-12-28");
        await Assertions.Expect(People(Day(page, "Monday 28 December"), "12:00–14:00")).ToHaveCountAsync(1);
        await page.GotoAsync("/console/schedule?body=asc-sd&week=2027-02-04");
        await Assertions.Expect(People(Day(page, "Thursday 4 February"), "08:00–09:00")).ToHaveCountAsync(0);

        var audit = await AuditAsync();
        Assert.Equal(["added", "added"], audit.Select(a => a.Action));
        var monthly = Json(audit[0].After!);
        Assert.Equal(("v-sam", "monday", "monthly", -1, true), (monthly.GetProperty("volunteer").GetString(),
            monthly.GetProperty("day").GetString(), monthly.GetProperty("repeat").GetString(),
            monthly.GetProperty("week").GetInt32(), monthly.GetProperty("backup").GetBoolean()));
        var biweekly = Json(audit[1].After!);
        Assert.Equal(("biweekly", "2026-12-03", "2027-01-31", JsonValueKind.Null, false),
            (biweekly.GetProperty("repeat").GetString(), biweekly.GetProperty("startsOn").GetString(),
                biweekly.GetProperty("until").GetString(), biweekly.GetProperty("from").ValueKind,
                biweekly.GetProperty("backup").GetBoolean()));
        Assert.Equal(1, await CountAsync("select count(*) from shifts where repeat = 'monthly' and week = -1 " +
            "and backup and start_time = '12:00' and starts_on is null and until_date is null"));

        // Sam sees it among his own shifts, said the same way.
        var sam = await ScheduleAsync(Sam, Viewport.Phone);
        await Assertions.Expect(sam.GetByRole(AriaRole.Region, new() { Name = "My shifts" })).ToContainTextAsync(
            "Monday 30 November 04:00–10:00, 12:00–14:00 backup (the last Monday of the month), 22:00–04:00");

        // Monday 30 November 12:30: Sam rings after the two on duty there.
        App.Time.Advance(TimeSpan.FromDays(6) + TimeSpan.FromMinutes(30));
        var onDuty = await OnDutyAsync();
        Assert.Equal(["v-alex", "v-jordan"], onDuty[..2].Order());
        Assert.Equal("v-sam", onDuty[2]);
    }

    [Fact]
    public async Task A_pattern_the_import_would_refuse_is_answered_field_by_field_with_every_value_kept()
    {
        var page = await ScheduleAsync(Coordinator);
        await AddShiftAsync(page, "Sam T.", "Wednesday", "12:00", "14:00", repeats: "every other week", week: "first",
            from: "2027-02-01", until: "2027-01-01", backup: true);

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Add a shift" });
        var summary = form.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToContainTextAsync("Please correct what is marked below.");
        await Assertions.Expect(summary.GetByRole(AriaRole.Link)).ToHaveTextAsync([
            "Every other week needs a date in one of its weeks.",
            "Only a shift once a month takes a week of the month: leave it empty, or choose once a month.",
            "Until is before From: choose a later date.",
        ]);
        await ExpectInvalidAsync(form.GetByLabel("A date in one of its weeks"), "",
            "Every other week needs a date in one of its weeks.");
        await ExpectInvalidAsync(form.GetByLabel("Which week of the month"), "1", "Only a shift once a month");
        await ExpectInvalidAsync(form.GetByLabel("Until (optional)"), "2027-01-01", "Until is before From");
        await Assertions.Expect(form.GetByLabel("From (optional)")).ToHaveValueAsync("2027-02-01");
        await Assertions.Expect(form.GetByLabel("From (optional)")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(form.GetByLabel("Repeats")).ToHaveValueAsync("biweekly");
        await Assertions.Expect(form.GetByLabel("Backup (rings after the others on duty)")).ToBeCheckedAsync();
        await Assertions.Expect(form.GetByLabel("Day", new() { Exact = true })).ToHaveValueAsync("wednesday");
        await Assertions.Expect(form.GetByLabel("Start", new() { Exact = true })).ToHaveValueAsync("12:00");

        // The summary's link leads to the field.
        var untilId = await form.GetByLabel("Until (optional)").GetAttributeAsync("id");
        await Assertions.Expect(summary.GetByRole(AriaRole.Link,
            new() { Name = "Until is before From: choose a later date." })).ToHaveAttributeAsync("href", "#" + untilId);

        // A week on a weekly shift.
        await form.GetByLabel("Repeats").SelectOptionAsync(new SelectOptionValue { Label = "every week" });
        await form.GetByLabel("Until (optional)").FillAsync("");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add shift" }).ClickAsync();
        form = page.GetByRole(AriaRole.Form, new() { Name = "Add a shift" });
        await Assertions.Expect(form.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link)).ToHaveTextAsync([
            "Only a shift once a month takes a week of the month: leave it empty, or choose once a month.",
        ]);
        await ExpectInvalidAsync(form.GetByLabel("Which week of the month"), "1", "Only a shift once a month");
        await Assertions.Expect(form.GetByLabel("A date in one of its weeks")).Not
            .ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(form.GetByLabel("Repeats")).ToHaveValueAsync("weekly");

        Assert.Empty(await AuditAsync());
        Assert.Equal(0, await CountAsync("select count(*) from shifts where start_time = '12:00'"));
    }

    [Fact]
    public async Task In_spanish_a_refused_pattern_is_explained_and_the_shift_then_shows_its_weeks()
    {
        var page = await ScheduleAsync(Coordinator, Viewport.Phone, "es-ES");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Añadir un turno" });
        await form.GetByLabel("Voluntario").SelectOptionAsync(new SelectOptionValue { Label = "Sam T." });
        await form.GetByLabel("Día", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue
            { Label = "lunes" });
        await form.GetByLabel("Inicio", new() { Exact = true }).FillAsync("12:00");
        await form.GetByLabel("Fin", new() { Exact = true }).FillAsync("14:00");
        await form.GetByLabel("Se repite").SelectOptionAsync(new SelectOptionValue { Label = "cada dos semanas" });
        await form.GetByLabel("Qué semana del mes").SelectOptionAsync(new SelectOptionValue { Label = "última" });
        await form.GetByLabel("Desde (opcional)").FillAsync("2026-12-31");
        await form.GetByLabel("Hasta (opcional)").FillAsync("2026-12-01");
        await form.GetByLabel("De reserva (se le llama después de los demás de turno)").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Añadir turno" }).ClickAsync();

        form = page.GetByRole(AriaRole.Form, new() { Name = "Añadir un turno" });
        await Assertions.Expect(form.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link)).ToHaveTextAsync([
            "Cada dos semanas necesita una fecha de una de sus semanas.",
            "Solo un turno una vez al mes lleva una semana del mes: déjala vacía o elige una vez al mes.",
            "«Hasta» es anterior a «Desde»: elige una fecha posterior.",
        ]);
        await ExpectInvalidAsync(form.GetByLabel("Una fecha de una de sus semanas"), "",
            "Cada dos semanas necesita una fecha de una de sus semanas.");
        await ExpectInvalidAsync(form.GetByLabel("Qué semana del mes"), "-1", "Solo un turno una vez al mes");
        await ExpectInvalidAsync(form.GetByLabel("Hasta (opcional)"), "2026-12-01",
            "«Hasta» es anterior a «Desde»");
        await Assertions.Expect(form.GetByLabel("Desde (opcional)")).ToHaveValueAsync("2026-12-31");
        await Assertions.Expect(form.GetByLabel("Se repite")).ToHaveValueAsync("biweekly");
        await Assertions.Expect(form.GetByLabel("De reserva (se le llama después de los demás de turno)"))
            .ToBeCheckedAsync();
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390);
        await Browser.ScreenshotAsync(page, "schedule-refused-es-phone");

        // Once a month on the last Monday, until the end of January: shown on 30 November, said in Spanish.
        await form.GetByLabel("Se repite").SelectOptionAsync(new SelectOptionValue { Label = "una vez al mes" });
        await form.GetByLabel("Desde (opcional)").FillAsync("");
        await form.GetByLabel("Hasta (opcional)").FillAsync("2027-01-31");
        await form.GetByRole(AriaRole.Button, new() { Name = "Añadir turno" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Turno añadido.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Semana siguiente →" }).ClickAsync();
        await Assertions.Expect(People(Day(page, "lunes 30 de noviembre"), "12:00–14:00")).ToContainTextAsync(
            "Sam T. de reserva el último lunes del mes, hasta el 2027-01-31");
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390);
        await Browser.ScreenshotAsync(page, "schedule-patterns-es-phone");
        Assert.Equal(1, await CountAsync("select count(*) from shifts where repeat = 'monthly' and week = -1 " +
            "and backup and until_date = '2027-01-31'"));
    }

    [Fact]
    public async Task A_move_keeps_the_pattern_and_another_areas_shift_stays_untouchable()
    {
        var page = await ScheduleAsync(Coordinator);
        await AddShiftAsync(page, "Jordan K.", "Thursday", "08:00", "09:00", repeats: "every other week",
            startsOn: "2026-11-26", from: "2026-11-26", backup: true);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Shift added.");

        await Day(page, Thursday).GetByRole(AriaRole.Link,
            new() { Name = "Move Jordan K. Thursday 26 November, 08:00–09:00" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Move this shift: Jordan K." });
        await Assertions.Expect(form.GetByLabel("Repeats")).ToHaveValueAsync("biweekly");
        await Assertions.Expect(form.GetByLabel("A date in one of its weeks")).ToHaveValueAsync("2026-11-26");
        await Assertions.Expect(form.GetByLabel("From (optional)")).ToHaveValueAsync("2026-11-26");
        await Assertions.Expect(form.GetByLabel("Backup (rings after the others on duty)")).ToBeCheckedAsync();
        await form.GetByLabel("Day", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue
            { Label = "Friday" });
        await form.GetByLabel("Start", new() { Exact = true }).FillAsync("07:00");
        await form.GetByLabel("End", new() { Exact = true }).FillAsync("08:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Move shift" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Shift moved.");
        await Assertions.Expect(People(Day(page, "Friday 27 November"), "07:00–08:00")).ToContainTextAsync(
            "Jordan K. backup every other week, from 2026-11-26");
        await Assertions.Expect(People(Day(page, Thursday), "08:00–09:00")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Next week →" }).ClickAsync();
        await Assertions.Expect(People(Day(page, "Friday 4 December"), "07:00–08:00")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Next week →" }).ClickAsync();
        await Assertions.Expect(People(Day(page, "Friday 11 December"), "07:00–08:00")).ToHaveCountAsync(1);

        var moved = (await AuditAsync())[^1];
        Assert.Equal("changed", moved.Action);
        var after = Json(moved.After!);
        Assert.Equal(("friday", "07:00", "biweekly", "2026-11-26", true), (after.GetProperty("day").GetString(),
            after.GetProperty("start").GetString(), after.GetProperty("repeat").GetString(),
            after.GetProperty("startsOn").GetString(), after.GetProperty("backup").GetBoolean()));
        Assert.Equal(1, await CountAsync("select count(*) from shifts where day = 5 and start_time = '07:00' " +
            "and repeat = 'biweekly' and starts_on = '2026-11-26' and from_date = '2026-11-26' and backup"));

        // North County's coordinator cannot move San Diego's shift; San Diego's cannot move North County's.
        var ours = await CountAsync("select s.id::int from shifts s where s.start_time = '07:00'");
        var theirs = await CountAsync("select min(s.id)::int from shifts s join service_bodies b " +
            "on b.id = s.service_body_id where b.key <> 'asc-sd'");
        string[] pattern = ["repeat", "monthly", "weekOfMonth", "-1", "until", "2027-01-31"];
        var north = await ScheduleAsync(NorthCoordinator);
        var forged = await PostAsync(north, "/console/schedule?body=asc-sd&handler=MoveShift",
            Fields(["id", ours.ToString(), "day", "monday", "start", "01:00", "end", "02:00", .. pattern]));
        var across = await PostAsync(page, "/console/schedule?body=asc-sd&handler=MoveShift",
            Fields(["id", theirs.ToString(), "day", "monday", "start", "01:00", "end", "02:00", .. pattern]));
        Assert.Equal((404, 404), (forged.Status, across.Status));
        Assert.Equal(0, await CountAsync("select count(*) from shifts where repeat = 'monthly'"));
        Assert.Equal(0, await CountAsync("select count(*) from shifts where start_time = '01:00'"));
        Assert.Equal(["added", "changed"], (await AuditAsync()).Select(a => a.Action));
    }

    // --- helpers ---

    // Fills the form to add a shift as a coordinator would, leaving empty what is not given.
    static async Task AddShiftAsync(IPage page, string volunteer, string day, string start, string end,
        string? repeats = null, string? startsOn = null, string? week = null, string? from = null,
        string? until = null, bool backup = false)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Add a shift" });
        await form.GetByLabel("Volunteer").SelectOptionAsync(new SelectOptionValue { Label = volunteer });
        await form.GetByLabel("Day", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = day });
        await form.GetByLabel("Start", new() { Exact = true }).FillAsync(start);
        await form.GetByLabel("End", new() { Exact = true }).FillAsync(end);
        if (repeats is not null)
            await form.GetByLabel("Repeats").SelectOptionAsync(new SelectOptionValue { Label = repeats });
        if (startsOn is not null) await form.GetByLabel("A date in one of its weeks").FillAsync(startsOn);
        if (week is not null)
            await form.GetByLabel("Which week of the month").SelectOptionAsync(new SelectOptionValue { Label = week });
        if (from is not null) await form.GetByLabel("From (optional)").FillAsync(from);
        if (until is not null) await form.GetByLabel("Until (optional)").FillAsync(until);
        if (backup) await form.GetByLabel("Backup (rings after the others on duty)").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Add shift" }).ClickAsync();
    }

    // A field marked wrong, its value kept, its message read with it.
    static async Task ExpectInvalidAsync(ILocator field, string value, string message)
    {
        await Assertions.Expect(field).ToHaveValueAsync(value);
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(field).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex(
            System.Text.RegularExpressions.Regex.Escape(message)));
    }

    static (string Name, string Value)[] Fields(string[] pairs) =>
        pairs.Chunk(2).Select(p => (p[0], p[1])).ToArray();


    async Task<IPage> ScheduleAsync(string phone, Viewport? viewport = null, string locale = "en-US",
        string? week = null)
    {
        var page = await SignInAsync(phone, viewport, locale);
        // Remove buttons ask first (data-confirm); the person says yes.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync("/console/schedule" + (week is null ? "" : "?body=asc-sd&week=" + week));
        return page;
    }

    static ILocator Day(IPage page, string name) =>
        page.GetByRole(AriaRole.Region, new() { Name = name, Exact = true });

    // The people on one time range of a day.
    static ILocator People(ILocator day, string range) => day.GetByRole(AriaRole.Listitem)
        .Filter(new() { Has = day.Page.GetByText(range, new() { Exact = true }) }).GetByRole(AriaRole.Listitem);

    // A request the page does not offer, made with the person's own cookies and form token.
    static async Task<IAPIResponse> PostAsync(IPage page, string url, params (string Name, string Value)[] fields)
    {
        var token = await page.EvaluateAsync<string>(
            "document.querySelector('input[name=__RequestVerificationToken]').value");
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        foreach (var (name, value) in fields) form.Set(name, value);
        return await page.Context.APIRequest.PostAsync(url, new() { Form = form, MaxRedirects = 0 });
    }

    async Task<string[]> OnDutyAsync()
    {
        using var client = App.CreateAdminClient();
        var json = await client.GetFromJsonAsync<JsonElement>("/admin/api/on-duty/asc-sd");
        return json.GetProperty("volunteers").EnumerateArray().Select(v => v.GetProperty("key").GetString()!).ToArray();
    }

    sealed record AuditRow(string Actor, string Entity, string EntityKey, string Action, string? Before, string? After);

    async Task<List<AuditRow>> AuditAsync()
    {
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        return (await conn.QueryAsync<AuditRow>(new CommandDefinition("""
            select actor, entity, entity_key as entitykey, action, before::text as before, after::text as after
            from audit_log where entity in ('shift', 'override') order by id
            """))).ToList();
    }

    async Task<int> CountAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(sql));
    }

    static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;
}
