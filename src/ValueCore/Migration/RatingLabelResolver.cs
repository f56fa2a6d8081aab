namespace ValueCore.Migration;

/// <summary>The one rule set that turns recorded labels into states or censoring (<see cref="RatingLabels"/>), shared by
/// <see cref="RatingHistory.FromRecords"/> and the CSV reader, so both give the same history and the same messages.</summary>
internal static class RatingLabelResolver
{
    /// <summary>The code of a label that is neither a state nor a censoring label.</summary>
    public const int Unknown = -2;

    /// <summary>Resolves the distinct labels found (in first-appearance order): the state space and each label's code
    /// (a state index, <see cref="RatingHistory.CensoredState"/> or <see cref="Unknown"/>).</summary>
    /// <param name="labels">The label map.</param>
    /// <param name="found">The distinct labels as recorded, in order of first appearance.</param>
    /// <param name="firstLine">The line (or record number) of each label's first appearance.</param>
    /// <param name="issues">Receives "not a five-tier label" issues; thrown here when there are any.</param>
    /// <param name="codeOfLabel">Each label's code.</param>
    /// <returns>The states.</returns>
    public static StateSpace Resolve(RatingLabels labels, IReadOnlyList<string> found, IReadOnlyList<int> firstLine, DataIssueCollector issues, out int[] codeOfLabel)
    {
        var censor = Censor(labels);
        StateSpace states;
        if (labels.States is { Count: > 0 })
        {
            states = StateSpace.Create(labels.States, labels.Absorbing);
        }
        else
        {
            var foreign = new List<int>();
            for (int k = 0; k < found.Count; k++)
            {
                string l = Mapped(labels, found[k]);
                if (!censor.Contains(l) && !StateSpace.TryMapFiveTierLabel(l, out _))
                {
                    foreign.Add(k);
                }
            }

            if (foreign.Count > 0)
            {
                var all = string.Join(", ", found.Where(l => !censor.Contains(Mapped(labels, l))));
                foreach (int k in foreign)
                {
                    issues.Add(new DataIssue(firstLine[k], "state", found[k],
                        $"is not a five-tier label; give the state order (labels found: {all})") { Setting = nameof(RatingLabels.States) });
                }

                issues.ThrowIfAny(orderByLine: true);
            }

            states = StateSpace.Create(StateSpace.FiveTier.Labels, labels.Absorbing);
        }

        codeOfLabel = new int[found.Count];
        for (int k = 0; k < found.Count; k++)
        {
            string l = Mapped(labels, found[k]);
            int s;
            if (censor.Contains(l))
            {
                s = RatingHistory.CensoredState;
            }
            else
            {
                s = states.IndexOf(l);
                if (s < 0 && StateSpace.TryMapFiveTierLabel(l, out var canonical))
                {
                    s = states.IndexOf(canonical);
                }

                if (s < 0)
                {
                    s = Unknown;
                }
            }

            codeOfLabel[k] = s;
        }

        return states;
    }

    /// <summary>The rule broken by a label that is neither a state nor a censoring label.</summary>
    public static string UnknownRule(StateSpace states, RatingLabels labels)
    {
        var censor = Censor(labels);
        return $"is not a known state ({states}{(censor.Count > 0 ? "; censoring: " + string.Join(",", censor) : "")})";
    }

    private static HashSet<string> Censor(RatingLabels labels) => new(labels.Censor ?? [], StringComparer.Ordinal);

    private static string Mapped(RatingLabels labels, string label) =>
        labels.Map is { } map && map.TryGetValue(label, out var target) ? target : label;
}
