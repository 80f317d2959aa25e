using NAPhoneline.Shared.Voice;
using NAPhoneline.State;

namespace NAPhoneline.Tests.Ivr;

// CONTRACT 14: a body's own words for a prompt, in its language, and never a sentence that cannot be said.
public sealed class PromptOverrideTests
{
    static readonly Helpline Body = new()
    {
        Key = "asc-x", Name = "X Area", Languages = ["en", "es"],
        PromptOverrides = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["es"] = new Dictionary<string, string> { ["Greeting"] = "Hola desde {0}.", ["Voice"] = "Polly.Nobody" },
            ["en"] = new Dictionary<string, string> { ["Greeting"] = "Welcome to {0} {1}." },
        },
    };

    [Fact]
    public void The_bodys_words_are_used_in_their_language_only()
    {
        Assert.Equal("Hola desde X Area.", Prompts.For("es", Body).Text("Greeting", "X Area"));
        Assert.Equal(Prompts.For("pt").Text("Greeting", "X Area"), Prompts.For("pt", Body).Text("Greeting", "X Area"));
        Assert.Equal(Prompts.For("es").Text("Menu"), Prompts.For("es", Body).Text("Menu"));
        // The same language, with the body's words, once the body is known.
        Assert.Equal("Hola desde X.", Prompts.For("es").For(Body).Text("Greeting", "X"));
    }

    [Fact]
    public void The_voice_and_language_code_stay_twilios()
    {
        Assert.Equal("Polly.Lupe", Prompts.For("es", Body).Voice);
    }

    [Fact]
    public void Words_that_do_not_fit_their_arguments_fall_back_to_the_built_in_words()
    {
        // {1} with one argument would throw: the caller hears the built-in greeting instead.
        Assert.Equal(Prompts.For("en").Text("Greeting", "X Area"), Prompts.For("en", Body).Text("Greeting", "X Area"));
    }

    [Fact]
    public void Placeholders_are_read_with_their_formats()
    {
        Assert.Equal(new HashSet<int> { 0, 2 }, Prompts.Placeholders("{0} and {2:00} but not {{1}}"));
        Assert.Equal(new HashSet<int> { 0 }, Prompts.Keys["Greeting"]);
    }
}
