using System.Text;
using ValueCore.IO.Csv;

namespace ValueCore.IO.Impairment;

/// <summary>
/// Read-only map from a loan identifier's UTF-8 bytes to a value (shared by the reading threads): open addressing
/// over 64-bit hashes, keys compared byte by byte; identifiers whose bytes differ but decode alike (invalid UTF-8)
/// are found through their text.
/// </summary>
internal sealed class LoanIdTable
{
    /// <summary>The value of an identifier that is not in the table.</summary>
    public const int Missing = int.MinValue;

    private readonly byte[] _keys;
    private readonly int[] _keyStart;
    private readonly ulong[] _hash;
    private readonly int[] _value;
    private readonly string[] _text;
    private readonly int[] _slots; // entry + 1; 0 = empty
    private readonly Dictionary<string, int> _byText = new(StringComparer.Ordinal);

    /// <summary>Builds the table; the first entry of an identifier wins.</summary>
    public LoanIdTable(IEnumerable<(string Id, int Value)> entries)
    {
        var keys = new List<byte>();
        var starts = new List<int> { 0 };
        var hashes = new List<ulong>();
        var values = new List<int>();
        var texts = new List<string>();
        foreach (var (id, value) in entries)
        {
            if (!_byText.TryAdd(id, texts.Count))
            {
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(id);
            keys.AddRange(bytes);
            starts.Add(keys.Count);
            hashes.Add(Hash64.Of(bytes));
            values.Add(value);
            texts.Add(id);
        }

        _keys = [.. keys];
        _keyStart = [.. starts];
        _hash = [.. hashes];
        _value = [.. values];
        _text = [.. texts];
        int size = 16;
        while (size < texts.Count * 2)
        {
            size *= 2;
        }

        _slots = new int[size];
        for (int e = 0; e < texts.Count; e++)
        {
            int i = (int)(_hash[e] >> 20) & (size - 1);
            while (_slots[i] != 0)
            {
                i = (i + 1) & (size - 1);
            }

            _slots[i] = e + 1;
        }
    }

    /// <summary>The value of an identifier, or <see cref="Missing"/>; <paramref name="text"/> is the identifier as a string when found.</summary>
    public int Find(ReadOnlySpan<byte> id, out string? text)
    {
        ulong h = Hash64.Of(id);
        int mask = _slots.Length - 1;
        for (int i = (int)(h >> 20) & mask; ; i = (i + 1) & mask)
        {
            int e = _slots[i] - 1;
            if (e < 0)
            {
                break;
            }

            if (_hash[e] == h && id.SequenceEqual(_keys.AsSpan(_keyStart[e], _keyStart[e + 1] - _keyStart[e])))
            {
                text = _text[e];
                return _value[e];
            }
        }

        if (_byText.TryGetValue(Utf8Field.Text(id), out int entry))
        {
            text = _text[entry];
            return _value[entry];
        }

        text = null;
        return Missing;
    }
}
