using System.Text;

namespace Huduma.Contact.Core.State;

/// <summary>
/// A hot shared structure split into <see cref="Count"/> buckets, each under a hash tag of its own, so a
/// Redis Cluster spreads them over its primaries while each bucket's keys still share one slot (a script
/// or transaction within a bucket stays legal). The tags are not simply "name:0" … "name:11": those fall
/// where CRC16 puts them, four to eight on one primary of three. Each bucket's tag is chosen so its slot
/// lies in the middle of its own twelfth of the 16,384 slots: a cluster that splits the slots evenly
/// between 2, 3, 4 or 6 primaries gets an equal number of buckets on each.
/// </summary>
internal sealed class RedisBuckets
{
    /// <summary>Twelve: divides evenly between 2, 3, 4 and 6 primaries.</summary>
    public const int Count = 12;
    private const int Slots = 16384;

    private readonly string[] _tags;

    /// <param name="name">The structure's name: "reminders" gives tags "{reminders:0}", "{reminders:1-3}", ….</param>
    public RedisBuckets(string name)
    {
        _tags = new string[Count];
        for (var bucket = 0; bucket < Count; bucket++)
        {
            // The middle half of the bucket's share of the slots: clear of where a primary's range may end.
            var width = (double)Slots / Count;
            var (low, high) = (bucket * width + width / 4, (bucket + 1) * width - width / 4);
            var tag = $"{name}:{bucket}";
            for (var attempt = 1; HashSlot(tag) is var slot && (slot < low || slot >= high); attempt++) tag = $"{name}:{bucket}-{attempt}";
            _tags[bucket] = "{" + tag + "}";
        }
    }

    /// <summary>The hash tag of a bucket, braces included.</summary>
    public string Tag(int bucket) => _tags[bucket];

    public IEnumerable<int> All => Enumerable.Range(0, Count);

    /// <summary>The bucket of a string (a document, an asker): the same on every host, in every process.</summary>
    public static int Of(string value)
    {
        // FNV-1a: string.GetHashCode differs between processes.
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(value)) hash = (hash ^ b) * 16777619u;
        return (int)(hash % Count);
    }

    /// <summary>Redis Cluster's slot of a key (CRC16/XMODEM of the key, or of its hash tag, mod 16384).</summary>
    public static int HashSlot(string key)
    {
        var open = key.IndexOf('{');
        if (open >= 0 && key.IndexOf('}', open + 1) is var close and > 0 && close > open + 1) key = key[(open + 1)..close];
        ushort crc = 0;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++) crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
        }
        return crc % Slots;
    }
}
