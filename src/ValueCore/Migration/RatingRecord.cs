namespace ValueCore.Migration;

/// <summary>One observation of a rating or loan-classification history: an entity, a time, the label as recorded, and
/// optionally the balance and the amount reduced since the entity's previous observation.</summary>
/// <remarks>The input of <see cref="RatingHistory.FromRecords"/>: the label is raw (a file's or a system's code);
/// <see cref="RatingLabels"/> maps it to a state or to censoring. Use <see cref="OnDate"/> for a date history.</remarks>
/// <param name="EntityId">The entity (obligor or loan) identifier; not empty.</param>
/// <param name="Time">The observation time: a <see cref="DateOnly.DayNumber"/> for a date history, else years.</param>
/// <param name="Label">The label as recorded (a state label, an alias mapped by <see cref="RatingLabels.Map"/>, or a censoring label).</param>
public readonly record struct RatingRecord(string EntityId, double Time, string Label)
{
    /// <summary>The outstanding balance at this observation, in currency (&gt;= 0); null when not given.</summary>
    public double? Balance { get; init; }

    /// <summary>The amount repaid, recovered or written off since the entity's previous observation, in currency (&gt;= 0); null when not given.</summary>
    public double? Reduction { get; init; }

    /// <summary>An observation of a date history.</summary>
    /// <param name="entityId">The entity identifier.</param>
    /// <param name="date">The observation date.</param>
    /// <param name="label">The label as recorded.</param>
    /// <returns>The record, its <see cref="Time"/> the date's day number.</returns>
    public static RatingRecord OnDate(string entityId, DateOnly date, string label) => new(entityId, RatingHistory.TimeOf(date), label);
}
