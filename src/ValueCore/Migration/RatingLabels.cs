namespace ValueCore.Migration;

/// <summary>How the labels of a history map to states: the ordered states, the absorbing ones, the labels that censor,
/// and aliases from recorded labels (a system's codes) to state or censoring labels.</summary>
/// <remarks>Resolution of a recorded label: through <see cref="Map"/> when it has the label; then a censoring label
/// (<see cref="Censor"/>) censors the entity there; else the label must be a state of <see cref="States"/> (with
/// <see cref="States"/> null, a five-tier label, Chinese labels included: <see cref="StateSpace.TryMapFiveTierLabel"/>).
/// The same rules serve <see cref="RatingHistory.FromRecords"/> and the CSV reader.</remarks>
public sealed record RatingLabels
{
    /// <summary>The five-tier states (pass, special mention, substandard, doubtful, loss), loss absorbing, no censoring, no aliases.</summary>
    public static RatingLabels Default { get; } = new();

    /// <summary>The ordered state labels, best first; null for the five-tier order, which then must cover every label.</summary>
    public IReadOnlyList<string>? States { get; init; }

    /// <summary>The absorbing states; null or empty for the last state.</summary>
    public IReadOnlyList<string>? Absorbing { get; init; }

    /// <summary>Labels that mark censoring (e.g. "NR", "withdrawn"): the entity leaves the risk set there.</summary>
    public IReadOnlyList<string>? Censor { get; init; }

    /// <summary>Aliases: recorded label -&gt; state or censoring label (e.g. "AAA" -&gt; "A", "WD" -&gt; "NR"); null for none.
    /// A label not in the map is used as recorded.</summary>
    public IReadOnlyDictionary<string, string>? Map { get; init; }
}
