using System.Globalization;
using ValueCore.Internal;

namespace ValueCore.Migration;

/// <summary>
/// Validated, immutable rating or loan-classification histories: per entity, observations (time, state, optional
/// balance and reduction) sorted by time. The input of every migration estimator; columnar, one array per field.
/// </summary>
/// <remarks>
/// <para>Conventions (docs/migration.md): an entity is observed from its first row to its last row (late entry and
/// withdrawal); between two rows it stays in the earlier row's state, and a change happens at the later row's time;
/// a last row repeating the previous state marks right-censoring at that time; a row in a censoring state
/// (<see cref="CensoredState"/>, e.g. "NR" or "withdrawn") ends the entity's window at its time and is never a
/// transition. An entity in an absorbing state may only repeat it.</para>
/// <para>Rules checked (all problems reported in one <see cref="DataValidationException"/>): finite times, known
/// states, balances and reductions finite and &gt;= 0, no two rows of an entity at the same time, no row after a
/// censoring row, no transition out of an absorbing state.</para>
/// </remarks>
public sealed class RatingHistory
{
    /// <summary>The state code of a censoring row (the entity leaves the risk set there).</summary>
    public const int CensoredState = -1;

    internal const byte CensoredCode = byte.MaxValue;

    /// <summary>Days per year used to turn dates into exposure years: 365.25.</summary>
    public const double DaysPerYear = 365.25;

    private RatingHistory(StateSpace states, HistoryTimeUnit unit, int[] entityStart, double[] time, byte[] state,
        double[]? balance, double[]? reduction, IReadOnlyList<string>? entityIds, int entitiesWithRows)
    {
        States = states;
        TimeUnit = unit;
        EntityStart = entityStart;
        Time = time;
        State = state;
        Balance = balance;
        Reduction = reduction;
        EntityIds = entityIds;
        EntityCount = entitiesWithRows;
        int transitions = 0;
        int censorings = 0;
        for (int e = 0; e < entityStart.Length - 1; e++)
        {
            for (int r = entityStart[e]; r < entityStart[e + 1]; r++)
            {
                if (state[r] == CensoredCode)
                {
                    censorings++;
                }
                else if (r > entityStart[e] && state[r - 1] != CensoredCode && state[r] != state[r - 1])
                {
                    transitions++;
                }
            }
        }

        TransitionCount = transitions;
        CensoringCount = censorings;
    }

    /// <summary>The states.</summary>
    public StateSpace States { get; }

    /// <summary>The time unit.</summary>
    public HistoryTimeUnit TimeUnit { get; }

    /// <summary>The number of observations (rows).</summary>
    public int ObservationCount => Time.Length;

    /// <summary>The number of entities with at least one row.</summary>
    public int EntityCount { get; }

    /// <summary>The number of state changes between consecutive rows (into absorbing states included, censorings excluded).</summary>
    public int TransitionCount { get; }

    /// <summary>The number of censoring rows.</summary>
    public int CensoringCount { get; }

    /// <summary>Whether balances were given (needed for balance-weighted estimates and regulatory rates).</summary>
    public bool HasBalance => Balance is not null;

    /// <summary>Whether reductions were given (needed for regulatory rates).</summary>
    public bool HasReduction => Reduction is not null;

    /// <summary>The entity identifiers by entity index, when given.</summary>
    public IReadOnlyList<string>? EntityIds { get; }

    /// <summary>The earliest observation time (history time unit); 0 for an empty history.</summary>
    public double FirstTime => Time.Length == 0 ? 0 : Time.Min();

    /// <summary>The latest observation time (history time unit); 0 for an empty history.</summary>
    public double LastTime => Time.Length == 0 ? 0 : Time.Max();

    /// <summary>Row ranges per entity index: rows EntityStart[e] .. EntityStart[e + 1] - 1, sorted by time.</summary>
    internal int[] EntityStart { get; }

    internal double[] Time { get; }

    internal byte[] State { get; }

    internal double[]? Balance { get; }

    internal double[]? Reduction { get; }

    internal int EntitySlots => EntityStart.Length - 1;

    /// <summary>A length of time in the history's unit, in years.</summary>
    /// <param name="duration">The length in the history's time unit.</param>
    /// <returns>Years (days / 365.25 for date histories).</returns>
    public double ToYears(double duration) => TimeUnit == HistoryTimeUnit.Days ? duration / DaysPerYear : duration;

    /// <summary>The length of the interval (from, to] in years as a matrix period: for dates a whole number of calendar
    /// months over 12 when <paramref name="to"/> is that many months after <paramref name="from"/> (same day of month,
    /// clipped to the month's end, as cohort periods step), else days / 365.25; for a time column to - from.</summary>
    internal double PeriodYears(double from, double to)
    {
        if (TimeUnit == HistoryTimeUnit.Days && from == Math.Floor(from) && to == Math.Floor(to)
            && from >= DateOnly.MinValue.DayNumber && to <= DateOnly.MaxValue.DayNumber && to > from)
        {
            var d0 = DateOnly.FromDayNumber((int)from);
            var d1 = DateOnly.FromDayNumber((int)to);
            int months = ((d1.Year - d0.Year) * 12) + d1.Month - d0.Month;
            if (months > 0 && d0.AddMonths(months) == d1)
            {
                return months / 12.0;
            }
        }

        return ToYears(to - from);
    }

    /// <summary>Creates a history from columns (any row order), validating every row.</summary>
    /// <param name="states">The states.</param>
    /// <param name="timeUnit">The unit of <paramref name="time"/>.</param>
    /// <param name="entity">The entity index of each row, &gt;= 0 (indices need not be contiguous).</param>
    /// <param name="time">The observation time of each row: a <see cref="DateOnly.DayNumber"/> or years.</param>
    /// <param name="state">The state index of each row, or <see cref="CensoredState"/>.</param>
    /// <param name="balance">Outstanding balance at each row (&gt;= 0), or empty when not given.</param>
    /// <param name="reduction">Amount repaid, recovered or written off since the previous row (&gt;= 0), or empty when not given.</param>
    /// <param name="entityIds">Optional identifiers by entity index (used in messages).</param>
    /// <param name="source">The source label used in error messages.</param>
    /// <returns>The history.</returns>
    /// <exception cref="ArgumentException">Column lengths differ or an entity index is negative.</exception>
    /// <exception cref="DataValidationException">A row breaks a rule (line = 1-based record number).</exception>
    public static RatingHistory Create(StateSpace states, HistoryTimeUnit timeUnit, ReadOnlySpan<int> entity, ReadOnlySpan<double> time,
        ReadOnlySpan<int> state, ReadOnlySpan<double> balance, ReadOnlySpan<double> reduction,
        IReadOnlyList<string>? entityIds = null, string source = "history")
    {
        ArgumentNullException.ThrowIfNull(states);
        int n = entity.Length;
        SpanGuard.SameLength(time, n);
        SpanGuard.SameLength(state, n);
        if (!balance.IsEmpty)
        {
            SpanGuard.SameLength(balance, n);
        }

        if (!reduction.IsEmpty)
        {
            SpanGuard.SameLength(reduction, n);
        }

        int slots = 0;
        foreach (int e in entity)
        {
            if (e < 0)
            {
                ThrowHelper.Argument(nameof(entity), "Entity indices must be >= 0.");
            }

            slots = Math.Max(slots, e + 1);
        }

        var codes = new byte[n];
        var issues = new DataIssueCollector(source);
        for (int r = 0; r < n; r++)
        {
            int s = state[r];
            if (s == CensoredState)
            {
                codes[r] = CensoredCode;
            }
            else if ((uint)s < (uint)states.Count)
            {
                codes[r] = (byte)s;
            }
            else
            {
                issues.Add(new DataIssue(r + 1, "state", s.ToString(CultureInfo.InvariantCulture), "is not a state index"));
            }
        }

        var lines = new int[n];
        for (int r = 0; r < n; r++)
        {
            lines[r] = r + 1;
        }

        return Build(states, timeUnit, slots, entity.ToArray(), time.ToArray(), codes,
            balance.IsEmpty ? null : balance.ToArray(), reduction.IsEmpty ? null : reduction.ToArray(), lines, entityIds, issues);
    }

    /// <summary>Creates a history from (entity, time, label) records in any order, mapping labels to states with a label map.</summary>
    /// <param name="records">The records; entities and labels are numbered in order of first appearance.</param>
    /// <param name="labels">The label map (default <see cref="RatingLabels.Default"/>: five-tier labels, loss absorbing).</param>
    /// <param name="timeUnit">The unit of <see cref="RatingRecord.Time"/> (default: dates as day numbers).</param>
    /// <param name="source">The source label used in messages.</param>
    /// <returns>The history; the same as the CSV reader gives for a file holding the same records in the same order.</returns>
    /// <remarks>Balances (reductions) are given for every record or for none. Every rule of <see cref="Create"/> applies; an
    /// issue's line is the record's 1-based position.</remarks>
    /// <exception cref="DataValidationException">A record breaks a rule: an empty entity id or label, a label that is no state
    /// and no censoring label, a balance given for some records only, or a rule of the history.</exception>
    /// <exception cref="ArgumentException">The label map's states are inconsistent (see <see cref="StateSpace.Create"/>).</exception>
    public static RatingHistory FromRecords(IEnumerable<RatingRecord> records, RatingLabels? labels = null, HistoryTimeUnit timeUnit = HistoryTimeUnit.Days, string source = "history")
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(source);
        labels ??= RatingLabels.Default;
        var list = records as IReadOnlyList<RatingRecord> ?? [.. records];
        int n = list.Count;
        bool hasBalance = false;
        bool hasReduction = false;
        for (int r = 0; r < n; r++)
        {
            hasBalance |= list[r].Balance is not null;
            hasReduction |= list[r].Reduction is not null;
        }

        var issues = new DataIssueCollector(source);
        var entity = new int[n];
        var time = new double[n];
        var label = new int[n];
        var lines = new int[n];
        var balance = hasBalance ? new double[n] : null;
        var reduction = hasReduction ? new double[n] : null;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var idList = new List<string>();
        var labelIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var found = new List<string>();
        var firstLine = new List<int>();
        for (int r = 0; r < n; r++)
        {
            var rec = list[r];
            int line = r + 1;
            lines[r] = line;
            time[r] = rec.Time;
            bool ok = true;
            if (string.IsNullOrEmpty(rec.EntityId))
            {
                issues.Add(line, "entity_id", "", "is empty");
                ok = false;
            }

            if (string.IsNullOrEmpty(rec.Label))
            {
                issues.Add(line, "state", "", "is empty");
                ok = false;
            }

            ok &= Optional(rec.Balance, balance, r, "balance", issues);
            ok &= Optional(rec.Reduction, reduction, r, "reduction", issues);
            if (!ok)
            {
                continue;
            }

            if (!ids.TryGetValue(rec.EntityId, out int e))
            {
                e = idList.Count;
                ids[rec.EntityId] = e;
                idList.Add(rec.EntityId);
            }

            if (!labelIndex.TryGetValue(rec.Label, out int k))
            {
                k = found.Count;
                labelIndex[rec.Label] = k;
                found.Add(rec.Label);
                firstLine.Add(line);
            }

            entity[r] = e;
            label[r] = k;
        }

        issues.ThrowIfAny(orderByLine: true);
        var states = RatingLabelResolver.Resolve(labels, found, firstLine, issues, out var codeOfLabel);
        string unknownRule = RatingLabelResolver.UnknownRule(states, labels);
        var codes = new byte[n];
        for (int r = 0; r < n; r++)
        {
            int s = codeOfLabel[label[r]];
            if (s == RatingLabelResolver.Unknown)
            {
                issues.Add(lines[r], "state", found[label[r]], unknownRule);
            }
            else
            {
                codes[r] = s == CensoredState ? CensoredCode : (byte)s;
            }
        }

        issues.ThrowIfAny(orderByLine: true);
        return Build(states, timeUnit, idList.Count, entity, time, codes, balance, reduction, lines, idList.AsReadOnly(), issues);
    }

    private static bool Optional(double? value, double[]? column, int r, string name, DataIssueCollector issues)
    {
        if (column is null)
        {
            return true;
        }

        if (value is double v)
        {
            column[r] = v;
            return true;
        }

        issues.Add(r + 1, name, "", "is missing: give it for every record or for none");
        return false;
    }

    /// <summary>Validates and sorts columns it takes ownership of; issues already found are reported with the new ones.</summary>
    internal static RatingHistory Build(StateSpace states, HistoryTimeUnit unit, int entitySlots, int[] entity, double[] time, byte[] state,
        double[]? balance, double[]? reduction, int[] lines, IReadOnlyList<string>? entityIds, DataIssueCollector issues)
    {
        int n = entity.Length;
        string timeColumn = unit == HistoryTimeUnit.Days ? "date" : "time";
        for (int r = 0; r < n; r++)
        {
            if (!double.IsFinite(time[r]))
            {
                issues.Add(new DataIssue(lines[r], timeColumn, time[r].ToString("R", CultureInfo.InvariantCulture), "is not a finite time"));
            }

            if (balance is not null && !(balance[r] >= 0 && double.IsFinite(balance[r])))
            {
                issues.Add(new DataIssue(lines[r], "balance", balance[r].ToString("R", CultureInfo.InvariantCulture), "must be a finite number >= 0"));
            }

            if (reduction is not null && !(reduction[r] >= 0 && double.IsFinite(reduction[r])))
            {
                issues.Add(new DataIssue(lines[r], "reduction", reduction[r].ToString("R", CultureInfo.InvariantCulture), "must be a finite number >= 0"));
            }
        }

        // Stable counting sort by entity, then by time within each entity (skipped when already in order).
        var start = new int[entitySlots + 1];
        bool sorted = true;
        for (int r = 0; r < n; r++)
        {
            start[entity[r] + 1]++;
            if (r > 0 && (entity[r] < entity[r - 1] || (entity[r] == entity[r - 1] && !(time[r] > time[r - 1]))))
            {
                sorted = false;
            }
        }

        for (int e = 0; e < entitySlots; e++)
        {
            start[e + 1] += start[e];
        }

        if (!sorted)
        {
            var perm = new int[n];
            var next = start[..^1];
            for (int r = 0; r < n; r++)
            {
                perm[next[entity[r]]++] = r;
            }

            for (int e = 0; e < entitySlots; e++)
            {
                var seg = perm.AsSpan(start[e], start[e + 1] - start[e]);
                if (seg.Length > 1)
                {
                    // Insertion sort by (time, line): groups are short and usually nearly sorted.
                    for (int a = 1; a < seg.Length; a++)
                    {
                        int v = seg[a];
                        int b = a - 1;
                        while (b >= 0 && (time[seg[b]] > time[v] || (time[seg[b]] == time[v] && lines[seg[b]] > lines[v])))
                        {
                            seg[b + 1] = seg[b];
                            b--;
                        }

                        seg[b + 1] = v;
                    }
                }
            }

            time = Permute(time, perm);
            state = Permute(state, perm);
            lines = Permute(lines, perm);
            if (balance is not null)
            {
                balance = Permute(balance, perm);
            }

            if (reduction is not null)
            {
                reduction = Permute(reduction, perm);
            }
        }

        int withRows = 0;
        for (int e = 0; e < entitySlots; e++)
        {
            int a = start[e];
            int b = start[e + 1];
            if (b > a)
            {
                withRows++;
            }

            for (int r = a + 1; r < b; r++)
            {
                string who = entityIds is not null && e < entityIds.Count ? entityIds[e] : e.ToString(CultureInfo.InvariantCulture);
                if (time[r] == time[r - 1])
                {
                    issues.Add(new DataIssue(lines[r], timeColumn, FormatTime(unit, time[r]),
                        $"repeats a time of entity {who} (line {lines[r - 1]}): an entity has one state per date"));
                }
                else if (state[r - 1] == CensoredCode)
                {
                    issues.Add(new DataIssue(lines[r], timeColumn, FormatTime(unit, time[r]),
                        $"follows the censoring row of entity {who} (line {lines[r - 1]}): a censored entity cannot re-enter (give it a new entity_id)"));
                }
                else if (state[r] != CensoredCode && state[r - 1] < states.Count && states.IsAbsorbing(state[r - 1]) && state[r] != state[r - 1])
                {
                    issues.Add(new DataIssue(lines[r], "state", state[r] < states.Count ? states[state[r]] : "?",
                        $"is a transition of entity {who} out of the absorbing state {states[state[r - 1]]} (line {lines[r - 1]})"));
                }
            }
        }

        issues.ThrowIfAny(orderByLine: true);
        return new RatingHistory(states, unit, start, time, state, balance, reduction, entityIds, withRows);
    }

    private static T[] Permute<T>(T[] source, int[] perm)
    {
        var d = new T[source.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            d[i] = source[perm[i]];
        }

        return d;
    }

    internal static string FormatTime(HistoryTimeUnit unit, double t) => unit == HistoryTimeUnit.Days && t == Math.Floor(t) && t >= 0 && t <= DateOnly.MaxValue.DayNumber
        ? DateOnly.FromDayNumber((int)t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : t.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The time of a date in a date history (its day number).</summary>
    /// <param name="date">The date.</param>
    /// <returns>The day number as a time value.</returns>
    public static double TimeOf(DateOnly date) => date.DayNumber;
}
