using System.Xml.Linq;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Host.Commands;
using Huduma.Contact.Voice;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// `render-prompts` turns every sentence the IVR says from content into a playable .wav with espeak-ng,
/// in both languages; calls then play those files and speak only what is built from a caller's data.
/// </summary>
public sealed class VoicePromptAudioTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "huduma-voice-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private HudumaHost Host() => new(new Dictionary<string, string?> { ["Voice:AudioDirectory"] = _directory, ["Reminders:SweepCron"] = "0 0 1 1 *" });

    /// <summary>A RIFF/WAVE file with a format chunk and a data chunk that holds sound.</summary>
    private static void AssertPlayableWave(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path}: {bytes.Length} bytes");
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(bytes, 8, 4));
        Assert.Equal("fmt ", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        var dataAt = System.Text.Encoding.ASCII.GetString(bytes).IndexOf("data", StringComparison.Ordinal);
        Assert.True(dataAt > 0 && BitConverter.ToInt32(bytes, dataAt + 4) > 0, $"{path}: no sound data");
        Assert.True(TelephoneWave.TryRead(bytes, out var rate, out var samples) && rate == 8000 && samples.Any(s => Math.Abs((int)s) > 1000),
            $"{path}: not 8 kHz speech");
    }

    private static short[] Tone(double hertz, int rate, double seconds) =>
        Enumerable.Range(0, (int)(rate * seconds)).Select(i => (short)(10_000 * Math.Sin(2 * Math.PI * hertz * i / rate))).ToArray();

    private static double Rms(short[] samples) => Math.Sqrt(samples.Skip(100).SkipLast(100).Average(s => (double)s * s));

    [Fact]
    public void Telephone_audio_keeps_speech_frequencies_drops_those_the_phone_cannot_carry_and_is_8_khz()
    {
        var speech = TelephoneWave.ToTelephone(TelephoneWave.Write(Tone(1000, 22050, 1), 22050));
        Assert.True(TelephoneWave.TryRead(speech, out var rate, out var kept));
        Assert.Equal(8000, rate);
        Assert.InRange(kept.Length, 7990, 8000);
        Assert.InRange(Rms(kept), 0.9 * 7071, 1.1 * 7071); // a 1 kHz tone passes at its level (10,000 peak)

        var high = TelephoneWave.ToTelephone(TelephoneWave.Write(Tone(6000, 22050, 1), 22050));
        Assert.True(TelephoneWave.TryRead(high, out _, out var dropped));
        Assert.True(Rms(dropped) < 0.1 * 7071, $"6 kHz should not alias into the phone band: rms {Rms(dropped):F0}");
    }

    [Fact]
    public async Task Render_prompts_makes_a_playable_file_for_every_sentence_in_both_languages_and_calls_play_them()
    {
        await using var host = Host();
        var output = new StringWriter();
        Assert.Equal(0, await RenderPromptsCommand.RunAsync(host.Services, TextConsole.Create(output)));

        var sentences = VoiceSentences.All(host.Services.GetRequiredService<ContentBundle>());
        Assert.Contains(sentences, s => s.Language == Language.Sw && s.Text == "Kwa Hali ya hati yangu, bonyeza 1.");
        // The answers content gives anyone are there too: a common question's answer in Kiswahili, a centre's details.
        var content = host.Services.GetRequiredService<ContentBundle>();
        Assert.Contains(sentences, s => s.Language == Language.Sw && s.Text == Spoken.Text(content.Faqs[0].Answer![Language.Sw]));
        Assert.Contains(sentences, s => s.Language == Language.En && s.Text.Contains(content.Centres[0].Name));
        var index = VoiceAudio.ReadIndex(_directory);
        Assert.Equal(sentences.Count, index.Count);
        Assert.All(index, p => Assert.True(p.Synthetic));
        foreach (var prompt in index) AssertPlayableWave(Path.Combine(_directory, prompt.File));

        // A call plays the recorded welcome and serves the file; the rest of the menu too.
        var client = host.CreateClient();
        var first = XDocument.Parse(await (await client.PostAsync("/voice/africastalking", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["sessionId"] = "ATVId_" + Guid.NewGuid().ToString("N"), ["isActive"] = "1", ["callerNumber"] = "+254733" + Random.Shared.Next(100_000, 999_999),
        }))).Content.ReadAsStringAsync()).Root!;
        var play = first.Descendants("Play").Single();
        Assert.Empty(first.Descendants("Say"));
        var url = new Uri(play.Attribute("url")!.Value);
        var audio = await client.GetAsync(url.PathAndQuery);
        Assert.Equal("audio/wav", audio.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new FileInfo(Path.Combine(_directory, Path.GetFileName(url.AbsolutePath))).Length, (await audio.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(404, (int)(await client.GetAsync("/voice/audio/..%2F..%2Fetc%2Fpasswd")).StatusCode);

        Assert.Contains($"{sentences.Count} rendered", output.ToString());
        Assert.Equal(sentences.Count, host.Services.GetRequiredService<VoiceAudio>().All().Count);
    }

    [Fact]
    public async Task A_second_run_renders_nothing_new_and_never_overwrites_a_real_recording()
    {
        await using var host = Host();
        Assert.Equal(0, await RenderPromptsCommand.RunAsync(host.Services, TextConsole.Create(new StringWriter())));
        var index = VoiceAudio.ReadIndex(_directory).ToList();
        // An editor drops in a real recording of the goodbye.
        var goodbye = index.First(p => p.Language == "en" && p.Text.StartsWith("Thank you for calling"));
        File.WriteAllBytes(Path.Combine(_directory, goodbye.File), [.. File.ReadAllBytes(Path.Combine(_directory, goodbye.File)), 0, 0]);
        var recordedLength = new FileInfo(Path.Combine(_directory, goodbye.File)).Length;
        VoiceAudio.WriteIndex(_directory, index.Select(p => p == goodbye ? p with { Synthetic = false } : p));

        var output = new StringWriter();
        Assert.Equal(0, await RenderPromptsCommand.RunAsync(host.Services, TextConsole.Create(output)));
        Assert.Contains("0 rendered", output.ToString());
        Assert.Equal(recordedLength, new FileInfo(Path.Combine(_directory, goodbye.File)).Length);
        Assert.False(VoiceAudio.ReadIndex(_directory).Single(p => p.File == goodbye.File).Synthetic);
    }
}
