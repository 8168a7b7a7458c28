using System.Diagnostics;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Voice;
using Spectre.Console;

namespace Huduma.Contact.Host.Commands;

/// <summary>
/// `dotnet run --project src/Host -- render-prompts`: every sentence the IVR can say from content
/// (<see cref="VoiceSentences"/>), in English and Kiswahili, rendered to a .wav with espeak-ng (Kiswahili
/// voice "sw"), made 8 kHz for the phone network, into Voice:AudioDirectory, and listed in its index.json as synthetic. Sentences that
/// already have a file are left alone — a real recording dropped in (synthetic: false) is never
/// overwritten — and synthetic files of sentences content no longer has are removed.
/// </summary>
internal static class RenderPromptsCommand
{
    public const string Name = "render-prompts";
    public const string Usage = "dotnet run --project src/Host -- render-prompts   (needs espeak-ng; writes into Voice:AudioDirectory)";

    public static async Task<int> RunAsync(IServiceProvider services, IAnsiConsole console)
    {
        var content = services.GetRequiredService<ContentBundle>();
        var audio = services.GetRequiredService<VoiceAudio>();
        var directory = audio.Directory;
        Directory.CreateDirectory(directory);
        if (!await EspeakAvailableAsync())
        {
            console.MarkupLine("[red]espeak-ng is not installed[/] (Debian: apt-get install espeak-ng).");
            return 1;
        }

        var sentences = VoiceSentences.All(content);
        var wanted = sentences.Select(s => (s.Language.Code(), s.Text)).ToHashSet();
        var kept = VoiceAudio.ReadIndex(directory).Where(p => File.Exists(Path.Combine(directory, p.File))).ToList();
        foreach (var stale in kept.Where(p => p.Synthetic && !wanted.Contains((p.Language, p.Text))).ToList())
        {
            File.Delete(Path.Combine(directory, stale.File));
            kept.Remove(stale);
        }
        var have = kept.Select(p => (p.Language, p.Text)).ToHashSet();
        var todo = sentences.Where(s => !have.Contains((s.Language.Code(), s.Text))).ToList();

        var made = new System.Collections.Concurrent.ConcurrentBag<AudioPrompt>();
        var failed = new System.Collections.Concurrent.ConcurrentBag<string>();
        await console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"rendering {todo.Count} prompts with espeak-ng", maxValue: Math.Max(1, todo.Count));
            await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (sentence, ct) =>
            {
                var file = VoiceAudio.FileFor(sentence.Language, sentence.Text);
                if (await RenderAsync(sentence.Language, sentence.Text, Path.Combine(directory, file), ct))
                    made.Add(new AudioPrompt(sentence.Language.Code(), sentence.Text, file, Synthetic: true));
                else failed.Add($"{sentence.Language.Code()}: {sentence.Text}");
                task.Increment(1);
            });
        });
        VoiceAudio.WriteIndex(directory, kept.Concat(made));
        console.MarkupLineInterpolated($"{made.Count} rendered, {kept.Count} already there ({kept.Count(p => !p.Synthetic)} recorded), {failed.Count} failed; index: {Path.Combine(directory, VoiceAudio.IndexFile)}");
        foreach (var f in failed.Take(10)) console.MarkupLineInterpolated($"[red]failed:[/] {f}");
        return failed.IsEmpty ? 0 : 1;
    }

    private static async Task<bool> RenderAsync(Language language, string text, string path, CancellationToken ct)
    {
        var start = new ProcessStartInfo("espeak-ng") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-v", language == Language.Sw ? "sw" : "en", "-s", "150", "-w", path, text }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0 || !File.Exists(path) || new FileInfo(path).Length <= 44) return false;
        // espeak-ng writes 22 kHz; a call carries 8 kHz: a third of the bytes for the provider to fetch.
        await File.WriteAllBytesAsync(path, TelephoneWave.ToTelephone(await File.ReadAllBytesAsync(path, ct)), ct);
        return true;
    }

    private static async Task<bool> EspeakAvailableAsync()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("espeak-ng", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await process.WaitForExitAsync();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
