using BenchmarkDotNet.Attributes;
using NAPhoneline.Meetings.Places;
using NAPhoneline.Regions;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Benchmarks;

// The regional routing decision of one call (CONTRACT 14), as the webhook makes it from memory: a world number
// over 20 regions of 20 areas each (400 areas, 30 postal codes and 10 places each), and a region's own number.
[MemoryDiagnoser]
public class RegionalRouteBenchmarks
{
    PhonelineDirectory directory = PhonelineDirectory.Empty;
    Helpline world = new(), region = new();
    readonly CallerLocation byCode = new("92101", null, null, null);
    readonly CallerLocation byPlace = new(null, PlaceDirectory.Normalize("Town 17 5"), null, null);
    readonly CallerLocation nowhere = new("00000", "atlantis", null, null);

    [GlobalSetup]
    public void Setup()
    {
        var bodies = new List<Helpline> { new() { Id = 1, Key = "wso", Name = "World" } };
        long id = 2;
        for (var r = 0; r < 20; r++)
        {
            var regionId = id++;
            bodies.Add(new Helpline { Id = regionId, Key = $"rsc-{r}", Name = $"Region {r}", ParentId = 1 });
            for (var a = 0; a < 20; a++)
            {
                var area = r * 20 + a;
                bodies.Add(new Helpline
                {
                    Id = id++, Key = $"asc-{area}", Name = $"Area {area}", ParentId = regionId,
                    // Area 17 of region 4 holds 921xx; the others hold codes of their own.
                    CoveragePostalCodes = area == 97 ? ["921"]
                        : [.. Enumerable.Range(0, 30).Select(i => (10000 + area * 30 + i).ToString("00000"))],
                    CoveragePlaces = [.. Enumerable.Range(0, 10).Select(i => $"Town {area} {i}")],
                });
            }
        }
        directory = new PhonelineDirectory(bodies, [("+15555550100", 1), ("+15555550104", 6)], [], [], [], [],
            Instant.FromUtc(2026, 11, 24, 20, 0));
        world = directory.Body(1)!;
        region = directory.Body("rsc-4")!;
    }

    [Benchmark]
    public long WorldNumberByPostalCode() =>
        LocationRouting.Decide(world, directory.CoveredBelow(world.Id), byCode, null).Body.Id;

    [Benchmark]
    public long WorldNumberByPlace() =>
        LocationRouting.Decide(world, directory.CoveredBelow(world.Id), byPlace, null).Body.Id;

    [Benchmark]
    public long WorldNumberNotCovered() =>
        LocationRouting.Decide(world, directory.CoveredBelow(world.Id), nowhere, null).Body.Id;

    [Benchmark]
    public long RegionNumberByPostalCode() =>
        LocationRouting.Decide(region, directory.CoveredBelow(region.Id), byCode, null).Body.Id;
}
