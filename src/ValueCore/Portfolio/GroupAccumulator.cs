using System.Runtime.InteropServices;
using ValueCore.Internal;

namespace ValueCore.Portfolio;

/// <summary>
/// Group sums over chunks of loans. Each chunk fills its own accumulator; chunks are merged in input order, so the
/// totals are bit-identical whatever the number of threads. Sums are compensated (Neumaier).
/// </summary>
internal sealed class GroupAccumulator
{
    public const int MeasureCount = 7; // ead, el, ec, rwa, revenue, return, eva
    public const char Separator = '\u001f';

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];
    private readonly List<long> _loans = [];
    private NeumaierSum[] _sums = new NeumaierSum[16 * MeasureCount];

    public GroupAccumulator(IReadOnlyList<string> keyColumns) => KeyColumns = keyColumns;

    public IReadOnlyList<string> KeyColumns { get; }

    public int GroupCount => _keys.Count;

    /// <summary>Joins the key values of one loan into the dictionary key.</summary>
    public static string JoinKey(ReadOnlySpan<string> values) => values.Length == 1 ? values[0] : string.Join(Separator, values!);

    public string KeyOf(int group) => _keys[group];

    public int GroupOf(string key)
    {
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out bool exists);
        if (!exists)
        {
            slot = _keys.Count;
            _keys.Add(key);
            _loans.Add(0);
            if (_sums.Length < _keys.Count * MeasureCount)
            {
                Array.Resize(ref _sums, _sums.Length * 2);
            }
        }

        return slot;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(int group, double ead, double el, double ec, double rwa, double revenue, double ret, double eva)
    {
        var s = _sums.AsSpan(group * MeasureCount, MeasureCount);
        _loans[group]++;
        s[0].Add(ead);
        s[1].Add(el);
        s[2].Add(ec);
        s[3].Add(rwa);
        s[4].Add(revenue);
        s[5].Add(ret);
        s[6].Add(eva);
    }

    /// <summary>Adds another accumulator's groups (in the order it first saw them).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Merge(GroupAccumulator other)
    {
        for (int g = 0; g < other._keys.Count; g++)
        {
            int mine = GroupOf(other._keys[g]);
            _loans[mine] += other._loans[g];
            var target = _sums.AsSpan(mine * MeasureCount, MeasureCount);
            var source = other._sums.AsSpan(g * MeasureCount, MeasureCount);
            for (int m = 0; m < MeasureCount; m++)
            {
                target[m].Add(source[m]);
            }
        }
    }

    public GroupTable ToTable()
    {
        var rows = new List<GroupRow>(_keys.Count);
        var total = new NeumaierSum[MeasureCount];
        long totalLoans = 0;
        var order = Enumerable.Range(0, _keys.Count).ToArray();
        Array.Sort(order, (a, b) => CompareKeys(_keys[a], _keys[b]));
        foreach (int g in order)
        {
            var s = _sums.AsSpan(g * MeasureCount, MeasureCount);
            // With no grouping columns the single group's joined key is "", which must give no key values, not [""].
            string[] keys = KeyColumns.Count == 0 ? [] : _keys[g].Split(Separator);
            rows.Add(Row(keys, _loans[g], s));
        }

        // The portfolio total sums the groups in key order: the same for any thread count.
        foreach (int g in order)
        {
            totalLoans += _loans[g];
            var s = _sums.AsSpan(g * MeasureCount, MeasureCount);
            for (int m = 0; m < MeasureCount; m++)
            {
                total[m].Add(s[m]);
            }
        }

        return new GroupTable(KeyColumns, rows, Row([], totalLoans, total));
    }

    private static GroupRow Row(string[] keys, long loans, ReadOnlySpan<NeumaierSum> s) =>
        new(keys, loans, s[0].Value, s[1].Value, s[2].Value, s[3].Value, s[4].Value, s[5].Value, s[6].Value);

    private static int CompareKeys(string a, string b)
    {
        // Column by column: the separator sorts before every printable character, so ordinal order of the joined
        // key equals lexicographic order of the key tuple.
        return string.CompareOrdinal(a, b);
    }
}
