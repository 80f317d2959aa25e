using System.Text.RegularExpressions;

namespace NAPhoneline.Tests.Architecture;

// STYLE 5: feature folders do not import each other in a loop; shared kits (Shared, State, Data, Hosting) import no
// feature. Read from the source, so a new `using` that closes a loop fails here.
public sealed partial class FeatureGraphTests
{
    static readonly string Source = Path.Combine(RepositoryRoot(), "src", "NAPhoneline");
    static readonly string[] Kits = ["Shared", "State", "Data", "Hosting"];

    static Dictionary<string, HashSet<string>> Imports()
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Source, file).Split(Path.DirectorySeparatorChar);
            if (relative.Length < 2 || relative[0] is "bin" or "obj") continue;
            var from = relative[0];
            var text = File.ReadAllText(file);
            var used = Using().Matches(text).Select(m => m.Groups[1].Value)
                .Concat(Qualified().Matches(text).Select(m => m.Groups[1].Value));
            // NAPhoneline.Telephony is its own library (BoundaryTests), not a folder of the service.
            foreach (var to in used.Where(t => t != from && t != "Telephony"))
                (graph.TryGetValue(from, out var set) ? set : graph[from] = []).Add(to);
        }
        return graph;
    }

    [Fact]
    public void No_two_folders_import_each_other_even_through_others()
    {
        var graph = Imports();
        foreach (var start in graph.Keys)
        {
            var seen = new HashSet<string>();
            var stack = new Stack<string>(graph[start]);
            while (stack.Count > 0)
            {
                var next = stack.Pop();
                Assert.False(next == start, $"{start} imports itself through {string.Join(", ", seen)}");
                if (seen.Add(next) && graph.TryGetValue(next, out var more)) foreach (var m in more) stack.Push(m);
            }
        }
    }

    [Fact]
    public void Shared_kits_import_no_feature()
    {
        var graph = Imports();
        foreach (var kit in Kits)
            Assert.All(graph.GetValueOrDefault(kit) ?? [], to => Assert.Contains(to, Kits));
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NAPhoneline.sln"))) return dir.FullName;
        throw new InvalidOperationException("NAPhoneline.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^using NAPhoneline\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex Using();

    [GeneratedRegex(
        @"[^.\w](?:NAPhoneline\.)?(Ivr|Routing|Requests|Meetings|Sms|Helplines|Admin|Notifications|Jobs)\.[A-Z]\w+\.")]
    private static partial Regex Qualified();
}
