using System.Text;

namespace ValueCore.IO.Csv;

/// <summary>Turns short UTF-8 fields into shared string instances without allocating on a hit (one per thread).</summary>
internal sealed class TextInterner
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private char[] _chars = new char[256];

    public TextInterner() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return "";
        }

        if (_strings.Count > 1_000_000)
        {
            // High-cardinality text (e.g. identifiers): stop caching.
            return Encoding.UTF8.GetString(utf8);
        }

        if (_chars.Length < utf8.Length)
        {
            _chars = new char[utf8.Length * 2];
        }

        int n = Encoding.UTF8.GetChars(utf8, _chars);
        return Get(_chars.AsSpan(0, n));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<char> chars)
    {
        if (_lookup.TryGetValue(chars, out var s))
        {
            return s;
        }

        s = chars.ToString();
        _strings[s] = s;
        return s;
    }
}
