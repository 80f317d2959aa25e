#!/usr/bin/env bash
# EXPLAIN ANALYZE of each statement of ReportStore's summary batch, taken from the source (so it is the SQL the
# service runs), with the parameters of one summary. Used by reports.sh (NAPHONELINE_REPORTS_EXPLAIN=1).
#   reports-explain.sh PGPORT BODY-KEY FROM TO
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
port=$1; key=$2; from=$3; to=$4
psql -h 127.0.0.1 -p "$port" -U postgres -d naphoneline -Atc \
    "with recursive b(id) as (select id from service_bodies where key = '$key'
      union all select s.id from service_bodies s join b on s.parent_id = b.id)
    select id, time_zone, (select array_agg(id) from b) from service_bodies where key = '$key'" \
  | python3 -c '
import re, sys, textwrap, subprocess, datetime
body, zone, ids = sys.stdin.read().strip().split("|")
src = open(sys.argv[1]).read()
consts = dict(re.findall(r"const string (\w+) = \"\"\"\n(.*?)\n\s*\"\"\";", src, re.S))
names = [n.strip() for n in re.search(r"string Sql = (.*?);", src, re.S).group(1).split("+")]
def period(n, flag):  # CallFigures: Classified, then PeriodFigures once per period (see ReportStore)
    return textwrap.dedent(consts["PeriodFigures"]).replace("{n}", n).replace("{in}", flag)
consts["CallFigures"] = (textwrap.dedent(consts["Classified"]) + "\n" + period("0", "cur") + "\nunion all\n"
                         + period("1", "prev") + ";")
batch = "".join(textwrap.dedent(consts[n]) + "\n" for n in names)
settings = re.search(r"const string Settings = \"(.*?)\";", src).group(1).replace("set local", "set")
d = datetime.date.fromisoformat
f, t = d(sys.argv[3]), d(sys.argv[4])
def back(x, last):  # ReportRange.Previous: a month earlier, a month end stays a month end
    y, m = (x.year, x.month - 1) if x.month > 1 else (x.year - 1, 12)
    import calendar
    days = calendar.monthrange(y, m)[1]
    return datetime.date(y, m, days if last else min(x.day, days))
import calendar
pf = back(f, False); pt = back(t, t.day == calendar.monthrange(t.year, t.month)[1])
at = lambda x: "(%r::date)::timestamp at time zone %r" % (x.isoformat(), zone)
values = {"body": body, "zone": repr(zone), "since": at(f), "until": at(t + datetime.timedelta(1)),
          "psince": at(pf), "puntil": at(pt + datetime.timedelta(1)), "ids": repr(ids) + "::bigint[]"}
print(settings + ";")
print("\\echo %s %s..%s (previous %s..%s)" % (sys.argv[2], f, t, pf, pt))
for n, statement in enumerate(s for s in batch.split(";\n") if s.strip()):
    q = re.sub(r"@(\w+)", lambda m: "(%s)" % values[m.group(1)], statement)
    print("\\echo statement %d" % (n + 1))
    print("explain (analyze, buffers, costs off) " + q.strip() + ";")
' "$repo/src/NAPhoneline/Reports/ReportStore.cs" "$key" "$from" "$to" \
  | psql -h 127.0.0.1 -p "$port" -U postgres -d naphoneline -q
