using System.Text.Json;
using CsCheck;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Tests;

public sealed class ConversationStateJsonTests
{
    private static readonly Gen<string> Text = Gen.String[Gen.Char["ab.:*+\"\\é€{} \n"], 0, 12];

    private static readonly Gen<ConversationState> States =
        Gen.Select(Gen.Select(Text.Null(), Text, Text.List[0, 4], Gen.Dictionary(Text, Text)[0, 3], Text.List[0, 6]),
            Gen.Int[0, 3], Gen.Bool, Gen.Bool, Text.List[0, 3], Gen.Select(Text, Text).List[0, 3], Gen.Bool)
        .Select((s, wrong, ended, hasResult, lines, options, ends) => new ConversationState
        {
            Lang = s.Item1, Node = s.Item2, Back = s.Item3, Vars = s.Item4, Path = s.Item5, Wrong = wrong, Ended = ended,
            Result = hasResult ? new ResultScreen { Lines = lines, Options = options.Select(o => new ResultOption { Label = o.Item1, Goto = o.Item2 }).ToList(), Ends = ends } : null,
        });

    [Fact]
    public void Any_state_reads_back_as_it_was_written()
    {
        States.Sample(state =>
        {
            var back = StateJson.Deserialize<ConversationState>(StateJson.SerializeToUtf8(state))!;
            Assert.Equal(JsonSerializer.Serialize(state, Plain), JsonSerializer.Serialize(back, Plain));
            Assert.Equal(StateJson.Serialize(state), StateJson.Serialize(back));
        }, iter: 500);
    }

    [Fact]
    public void A_state_stored_by_the_general_serializer_reads_back()
    {
        // As System.Text.Json wrote it before the hand-written converter (web defaults, defaults left out).
        const string stored = """
            {"lang":"sw","node":"status.reference","back":["main","status.type"],"vars":{"documentType":"national_id"},
             "path":["language:2","main:1"],"wrong":2,"result":{"lines":["READY"],"options":[{"label":"Home","goto":"main"}],"ends":true},
             "ended":true,"someday":{"a":[1,2]}}
            """;
        var state = StateJson.Deserialize<ConversationState>(stored)!;
        Assert.Equal("sw", state.Lang);
        Assert.Equal("status.reference", state.Node);
        Assert.Equal(["main", "status.type"], state.Back);
        Assert.Equal("national_id", state.Vars["documentType"]);
        Assert.Equal(["language:2", "main:1"], state.Path);
        Assert.Equal(2, state.Wrong);
        Assert.True(state.Ended);
        Assert.Equal(["READY"], state.Result!.Lines);
        Assert.Equal("main", Assert.Single(state.Result.Options).Goto);
        Assert.True(state.Result.Ends);
    }

    [Fact]
    public void Names_in_another_case_and_null_lists_read_too()
    {
        var state = StateJson.Deserialize<ConversationState>("""{"Node":"main","Back":null,"VARS":{"x":"1","y":null},"path":null,"result":null}""")!;
        Assert.Equal("main", state.Node);
        Assert.Empty(state.Back);
        Assert.Equal("1", Assert.Single(state.Vars).Value);
        Assert.Empty(state.Path);
        Assert.Null(state.Result);
    }

    [Fact]
    public void Defaults_are_left_out_as_before()
    {
        Assert.Equal("""{"node":"main","back":[],"vars":{},"path":[]}""", StateJson.Serialize(new ConversationState { Node = "main" }));
    }

    /// <summary>The converter is written by hand: a property added to the state and forgotten there would not be stored.</summary>
    [Fact]
    public void Every_property_of_a_state_is_stored()
    {
        object Sample(Type t) =>
            t == typeof(string) ? "x" : t == typeof(int) ? 1 : t == typeof(bool) ? true : t == typeof(List<string>) ? new List<string> { "x" }
            : t == typeof(Dictionary<string, string>) ? new Dictionary<string, string> { ["k"] = "v" }
            : t == typeof(ResultScreen) ? new ResultScreen() : t == typeof(List<ResultOption>) ? new List<ResultOption> { new() }
            : throw new InvalidOperationException($"no sample for {t}: add one (and the property to ConversationStateJson)");

        foreach (var property in typeof(ConversationState).GetProperties().Where(p => p.CanWrite))
        {
            var state = new ConversationState();
            property.SetValue(state, Sample(property.PropertyType));
            var written = StateJson.Serialize(state);
            Assert.Equal(StateJson.Serialize(state), StateJson.Serialize(StateJson.Deserialize<ConversationState>(written)));
            Assert.Contains($"\"{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}\":", written);
        }
        foreach (var type in new[] { typeof(ResultScreen), typeof(ResultOption) })
            foreach (var property in type.GetProperties().Where(p => p.CanWrite))
            {
                var option = new ResultOption();
                var screen = new ResultScreen { Options = [option] };
                property.SetValue(type == typeof(ResultScreen) ? screen : option, Sample(property.PropertyType));
                var written = StateJson.Serialize(new ConversationState { Result = screen });
                Assert.Contains($"\"{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}\":", written);
                Assert.Equal(written, StateJson.Serialize(StateJson.Deserialize<ConversationState>(written)));
            }
    }

    [Fact]
    public void Something_that_is_not_a_state_is_a_clear_error()
    {
        Assert.Throws<JsonException>(() => StateJson.Deserialize<ConversationState>("""["main"]"""));
    }

    // The state's properties as plain data, without the converter: what "the same state" means.
    private static readonly JsonSerializerOptions Plain = new() { Converters = { new PlainState() } };

    private sealed class PlainState : System.Text.Json.Serialization.JsonConverter<ConversationState>
    {
        public override ConversationState Read(ref Utf8JsonReader reader, Type t, JsonSerializerOptions o) => throw new NotSupportedException();
        public override void Write(Utf8JsonWriter writer, ConversationState s, JsonSerializerOptions o) =>
            JsonSerializer.Serialize(writer, new
            {
                s.Lang, s.Node, s.Back, Vars = s.Vars.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList(), s.Path, s.Wrong, s.Ended,
                Result = s.Result is { } r ? new { r.Lines, Options = r.Options.Select(x => new { x.Label, x.Goto }).ToList(), r.Ends } : null,
            });
    }
}
