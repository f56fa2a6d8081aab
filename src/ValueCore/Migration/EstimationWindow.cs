namespace ValueCore.Migration;

/// <summary>Options of the continuous-time estimators (<see cref="DurationEstimator"/>, <see cref="AalenJohansenEstimator"/>).</summary>
public sealed record EstimationWindow
{
    /// <summary>The window start in the history's time unit (day number for dates); null for the first observation.</summary>
    public double? From { get; init; }

    /// <summary>The window end in the history's time unit; null for the last observation.</summary>
    public double? To { get; init; }

    /// <summary>The period of the reported matrix in years for the duration method, exp(Lambda x PeriodYears) (default 1).</summary>
    public double PeriodYears { get; init; } = 1.0;

    internal (double From, double To) Resolve(RatingHistory history)
    {
        double from = From ?? history.FirstTime;
        double to = To ?? history.LastTime;
        if (!(to > from))
        {
            Internal.ThrowHelper.InvalidOperation(FormattableString.Invariant(
                $"The window {RatingHistory.FormatTime(history.TimeUnit, from)} to {RatingHistory.FormatTime(history.TimeUnit, to)} is empty."));
        }

        if (!(PeriodYears > 0 && double.IsFinite(PeriodYears)))
        {
            Internal.ThrowHelper.ArgumentOutOfRange(nameof(PeriodYears), PeriodYears, "(0, inf)");
        }

        return (from, to);
    }
}
