using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Voice;

/// <summary>One spoken sentence with an audio file: synthetic (espeak-ng) until a real recording replaces it.</summary>
public sealed record AudioPrompt(string Language, string Text, string File, bool Synthetic);

/// <summary>
/// Recorded prompts (Voice:AudioDirectory, its index.json): a sentence with a file is played (&lt;Play&gt;),
/// any other is spoken by the provider's text-to-speech (&lt;Say&gt;). Twilio has no Kiswahili voice, so
/// Kiswahili callers need these files. Files are named by a hash of language and text, so a changed
/// text in content simply has no file until it is rendered or recorded again. The index is re-read
/// when it changes on disk (checked at most every few seconds).
/// </summary>
public sealed class VoiceAudio(VoiceOptions options, TimeProvider clock)
{
    public const string IndexFile = "index.json";
    public const string UrlPath = "/voice/audio";
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private Dictionary<(string, string), AudioPrompt> _byText = [];
    private DateTime _loadedWrite = DateTime.MinValue;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;
    private readonly Lock _lock = new();

    public string Directory => Path.GetFullPath(options.AudioDirectory);

    /// <summary>The file name a sentence's audio has: the same text in the same language, the same file.</summary>
    public static string FileFor(Language language, string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{language.Code()}\n{text}")))[..20] + ".wav";

    /// <summary>The path (under <see cref="UrlPath"/>) to play for this sentence, or null to speak it.</summary>
    public string? UrlFor(Language language, string text)
    {
        Refresh();
        return _byText.TryGetValue((language.Code(), text), out var prompt) ? $"{UrlPath}/{prompt.File}" : null;
    }

    public IReadOnlyList<AudioPrompt> All()
    {
        Refresh();
        return _byText.Values.ToList();
    }

    public static IReadOnlyList<AudioPrompt> ReadIndex(string directory)
    {
        var path = Path.Combine(directory, IndexFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<List<AudioPrompt>>(File.ReadAllText(path), Json) ?? [] : [];
    }

    public static void WriteIndex(string directory, IEnumerable<AudioPrompt> prompts)
    {
        var path = Path.Combine(directory, IndexFile);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(prompts.OrderBy(p => p.Language).ThenBy(p => p.Text, StringComparer.Ordinal), Json));
        File.Move(temporary, path, overwrite: true); // whole or not at all, for a host reading it meanwhile
    }

    private void Refresh()
    {
        var now = clock.GetUtcNow();
        if (now - _checkedAt < CheckEvery && _checkedAt != DateTimeOffset.MinValue) return;
        lock (_lock)
        {
            _checkedAt = now;
            var path = Path.Combine(Directory, IndexFile);
            var written = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
            if (written == _loadedWrite) return;
            _byText = ReadIndex(Directory).Where(p => File.Exists(Path.Combine(Directory, p.File)))
                .GroupBy(p => (p.Language, p.Text)).ToDictionary(g => g.Key, g => g.Last());
            _loadedWrite = written;
        }
    }
}
