namespace Huduma.Contact.Voice;

/// <summary>
/// Makes a speech WAV fit for the phone network: 8 kHz, 16-bit, mono PCM — what a call carries anyway —
/// at about a third of the size of espeak-ng's 22 kHz output, so the providers fetch prompts faster.
/// A windowed-sinc low-pass (below the new Nyquist frequency) keeps the downsampling from aliasing.
/// </summary>
public static class TelephoneWave
{
    public const int Rate = 8000;
    private const int Taps = 32; // each side of the filter's centre

    /// <summary>The 8 kHz version of a 16-bit mono PCM WAV; anything else is returned unchanged.</summary>
    public static byte[] ToTelephone(byte[] wav)
    {
        if (!TryRead(wav, out var rate, out var samples) || rate <= Rate) return wav;
        // 1. Low-pass at the source rate: a fixed windowed-sinc kernel (Hann), cut a little under 4 kHz.
        var cutoff = 0.9 * Rate / 2 / rate;
        var kernel = new double[2 * Taps + 1];
        for (var k = -Taps; k <= Taps; k++)
            kernel[k + Taps] = (k == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * k) / (Math.PI * k)) * (0.5 + 0.5 * Math.Cos(Math.PI * k / (Taps + 1)));
        var sum = kernel.Sum();
        for (var k = 0; k < kernel.Length; k++) kernel[k] /= sum;
        var filtered = new double[samples.Length];
        for (var n = 0; n < samples.Length; n++)
        {
            double acc = 0;
            for (int k = -Taps, j = n - Taps; k <= Taps; k++, j++)
                if ((uint)j < (uint)samples.Length) acc += kernel[k + Taps] * samples[j];
            filtered[n] = acc;
        }
        // 2. Then pick the new samples, interpolating between the filtered ones.
        var ratio = (double)rate / Rate;
        var output = new short[(int)(samples.Length / ratio)];
        for (var i = 0; i < output.Length; i++)
        {
            var at = i * ratio;
            var j = (int)at;
            var next = Math.Min(j + 1, filtered.Length - 1);
            output[i] = (short)Math.Clamp(Math.Round(filtered[j] + (filtered[next] - filtered[j]) * (at - j)), short.MinValue, short.MaxValue);
        }
        return Write(output, Rate);
    }

    /// <summary>Reads a RIFF/WAVE file's 16-bit mono PCM samples and rate; false for any other kind.</summary>
    public static bool TryRead(byte[] wav, out int rate, out short[] samples)
    {
        rate = 0;
        samples = [];
        if (wav.Length < 44 || System.Text.Encoding.ASCII.GetString(wav, 0, 4) != "RIFF" || System.Text.Encoding.ASCII.GetString(wav, 8, 4) != "WAVE") return false;
        int channels = 0, bits = 0, format = 0;
        for (var at = 12; at + 8 <= wav.Length;)
        {
            var id = System.Text.Encoding.ASCII.GetString(wav, at, 4);
            // espeak-ng writing to a file it cannot seek leaves the data chunk's size at its maximum: read to the end.
            var size = (int)Math.Min(BitConverter.ToUInt32(wav, at + 4), (uint)(wav.Length - at - 8));
            if (id == "fmt ")
            {
                format = BitConverter.ToInt16(wav, at + 8);
                channels = BitConverter.ToInt16(wav, at + 10);
                rate = BitConverter.ToInt32(wav, at + 12);
                bits = BitConverter.ToInt16(wav, at + 22);
            }
            else if (id == "data")
            {
                if (format != 1 || channels != 1 || bits != 16) return false;
                samples = new short[size / 2];
                Buffer.BlockCopy(wav, at + 8, samples, 0, samples.Length * 2);
                return true;
            }
            at += 8 + size + (size & 1);
        }
        return false;
    }

    public static byte[] Write(short[] samples, int rate)
    {
        using var stream = new MemoryStream(44 + samples.Length * 2);
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8); w.Write(36 + samples.Length * 2); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(rate); w.Write(rate * 2); w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(samples.Length * 2);
        foreach (var s in samples) w.Write(s);
        w.Flush();
        return stream.ToArray();
    }
}
