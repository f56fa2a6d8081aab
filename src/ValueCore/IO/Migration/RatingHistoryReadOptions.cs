namespace ValueCore.IO.Migration;

/// <summary>How <see cref="RatingHistoryReader"/> interprets state labels.</summary>
public sealed record RatingHistoryReadOptions
{
    /// <summary>The ordered state labels (best first); null for the five-tier order, which then must cover every label read.</summary>
    public IReadOnlyList<string>? States { get; init; }

    /// <summary>The absorbing states; null or empty for the last state.</summary>
    public IReadOnlyList<string>? Absorbing { get; init; }

    /// <summary>Labels that mark censoring (e.g. "NR", "withdrawn"): the entity leaves the risk set there.</summary>
    public IReadOnlyList<string>? Censor { get; init; }

    /// <summary>Aliases: recorded label -&gt; state or censoring label; null for none (see <see cref="ValueCore.Migration.RatingLabels.Map"/>).</summary>
    public IReadOnlyDictionary<string, string>? Map { get; init; }
}
