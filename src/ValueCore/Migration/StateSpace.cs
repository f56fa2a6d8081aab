using System.Collections.ObjectModel;
using ValueCore.Internal;

namespace ValueCore.Migration;

/// <summary>
/// The ordered states of a migration model (best first, default last), with the absorbing ones marked: the row and
/// column order of every <see cref="TransitionMatrix"/> and <see cref="Generator"/>.
/// </summary>
/// <remarks>
/// Absorbing states (default, loss, written off) are the "default states" of every PD this namespace reports: the
/// cumulative PD of a starting state over a horizon is the probability of being in any absorbing state at its end.
/// The five-tier loan classification of the China banking supervisor (pass, special mention, substandard, doubtful,
/// loss) is <see cref="FiveTier"/>; its Chinese labels map through <see cref="TryMapFiveTierLabel"/>.
/// </remarks>
public sealed class StateSpace : IEquatable<StateSpace>
{
    private static readonly string[] s_fiveTier = ["pass", "special_mention", "substandard", "doubtful", "loss"];

    private static readonly Dictionary<string, string> s_fiveTierAliases = new(StringComparer.Ordinal)
    {
        ["正常"] = "pass",
        ["关注"] = "special_mention",
        ["關注"] = "special_mention",
        ["次级"] = "substandard",
        ["次級"] = "substandard",
        ["可疑"] = "doubtful",
        ["损失"] = "loss",
        ["損失"] = "loss",
    };

    private readonly string[] _labels;
    private readonly bool[] _absorbing;
    private readonly Dictionary<string, int> _index;

    private StateSpace(string[] labels, bool[] absorbing)
    {
        _labels = labels;
        _absorbing = absorbing;
        _index = new Dictionary<string, int>(labels.Length, StringComparer.Ordinal);
        for (int i = 0; i < labels.Length; i++)
        {
            _index[labels[i]] = i;
        }

        Labels = new ReadOnlyCollection<string>(labels);
    }

    /// <summary>The five-tier loan classification: pass, special_mention, substandard, doubtful, loss (absorbing).</summary>
    public static StateSpace FiveTier { get; } = new([.. s_fiveTier], [false, false, false, false, true]);

    /// <summary>Creates a state space.</summary>
    /// <param name="labels">The state labels in order (best first); distinct, non-empty, at least two, at most 250.</param>
    /// <param name="absorbing">The absorbing states' labels (each one of <paramref name="labels"/>); null or empty means the last state only.</param>
    /// <returns>The state space.</returns>
    /// <exception cref="ArgumentException">A label is empty or repeated, fewer than two or more than 250 labels, or an absorbing label is unknown.</exception>
    public static StateSpace Create(IEnumerable<string> labels, IEnumerable<string>? absorbing = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        string[] l = [.. labels];
        if (l.Length < 2 || l.Length > 250)
        {
            ThrowHelper.Argument(nameof(labels), FormattableString.Invariant($"A state space needs 2 to 250 states; {l.Length} given."));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in l)
        {
            if (string.IsNullOrWhiteSpace(s))
            {
                ThrowHelper.Argument(nameof(labels), "A state label is empty.");
            }

            if (!seen.Add(s))
            {
                ThrowHelper.Argument(nameof(labels), $"The state '{s}' is listed twice.");
            }
        }

        var abs = new bool[l.Length];
        string[] a = absorbing is null ? [] : [.. absorbing];
        if (a.Length == 0)
        {
            abs[^1] = true;
        }

        foreach (var s in a)
        {
            int i = Array.IndexOf(l, s);
            if (i < 0)
            {
                ThrowHelper.Argument(nameof(absorbing), $"The absorbing state '{s}' is not one of the states ({string.Join(", ", l)}).");
            }

            abs[i] = true;
        }

        return new StateSpace(l, abs);
    }

    /// <summary>Maps a five-tier label, English or Chinese (simplified or traditional), to its canonical English label.</summary>
    /// <param name="label">The label as read: pass, special_mention, substandard, doubtful, loss, 正常, 关注/關注, 次级/次級, 可疑, 损失/損失.</param>
    /// <param name="canonical">The canonical label (one of <see cref="FiveTier"/>'s labels) when the label is a five-tier one.</param>
    /// <returns>Whether the label is a five-tier label.</returns>
    public static bool TryMapFiveTierLabel(string label, out string canonical)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (Array.IndexOf(s_fiveTier, label) >= 0)
        {
            canonical = label;
            return true;
        }

        if (s_fiveTierAliases.TryGetValue(label, out var c))
        {
            canonical = c;
            return true;
        }

        canonical = "";
        return false;
    }

    /// <summary>The number of states.</summary>
    public int Count => _labels.Length;

    /// <summary>The labels in state order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The label of a state.</summary>
    /// <param name="index">The state index, in [0, <see cref="Count"/>).</param>
    /// <returns>The label.</returns>
    public string this[int index] => _labels[index];

    /// <summary>Whether a state is absorbing (a default state).</summary>
    /// <param name="index">The state index, in [0, <see cref="Count"/>).</param>
    /// <returns>True for an absorbing state.</returns>
    public bool IsAbsorbing(int index) => _absorbing[index];

    /// <summary>The index of a label, or -1 when it is not a state.</summary>
    /// <param name="label">The label.</param>
    /// <returns>The index or -1.</returns>
    public int IndexOf(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return _index.TryGetValue(label, out int i) ? i : -1;
    }

    /// <summary>Whether this is the five-tier classification (same labels in the same order).</summary>
    public bool IsFiveTier => _labels.AsSpan().SequenceEqual(s_fiveTier);

    /// <summary>Whether two state spaces have the same labels, order and absorbing states.</summary>
    /// <param name="other">The other state space.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(StateSpace? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (_labels.AsSpan().SequenceEqual(other._labels) && _absorbing.AsSpan().SequenceEqual(other._absorbing)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as StateSpace);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var l in _labels)
        {
            h.Add(l, StringComparer.Ordinal);
        }

        return h.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(",", _labels);

    internal void RequireSame(StateSpace other, string paramName)
    {
        if (!Equals(other))
        {
            ThrowHelper.Argument(paramName, $"State spaces differ: ({this}) and ({other}).");
        }
    }
}
