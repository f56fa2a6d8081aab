using System.Text;

namespace ValueCore.IO.Csv;

/// <summary>Turns short UTF-8 fields into shared string instances without allocating on a hit (one per thread).</summary>
/// <remarks>
/// Low-cardinality columns (segment, product, classification) repeat row after row, so a small direct-mapped cache
/// keyed by the field's bytes answers most lookups with one byte comparison, before any UTF-16 decoding or dictionary
/// probe. A slot holds a text of up to <see cref="CachedBytes"/> bytes that was seen at least twice (a dictionary hit),
/// so high-cardinality text such as identifiers never churns it.
/// </remarks>
internal sealed class TextInterner
{
    private const int Slots = 64;
    private const int CachedBytes = 32;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly byte[] _cachedBytes = new byte[Slots * CachedBytes];
    private readonly byte[] _cachedLength = new byte[Slots];
    private readonly string?[] _cachedText = new string?[Slots];
    private char[] _chars = new char[256];

    public TextInterner() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return "";
        }

        int slot = -1;
        if (utf8.Length <= CachedBytes)
        {
            slot = (int)((uint)((utf8.Length * 31) + (utf8[0] * 7) + (utf8[^1] * 131) + utf8[utf8.Length >> 1]) % Slots);
            if (_cachedLength[slot] == utf8.Length && utf8.SequenceEqual(_cachedBytes.AsSpan(slot * CachedBytes, utf8.Length)))
            {
                return _cachedText[slot]!;
            }
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
        var chars = _chars.AsSpan(0, n);
        if (_lookup.TryGetValue(chars, out var s))
        {
            if (slot >= 0)
            {
                utf8.CopyTo(_cachedBytes.AsSpan(slot * CachedBytes));
                _cachedLength[slot] = (byte)utf8.Length;
                _cachedText[slot] = s;
            }

            return s;
        }

        s = chars.ToString();
        _strings[s] = s;
        return s;
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
