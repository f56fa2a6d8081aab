using ValueCore.Internal;
using ValueCore.IO;
using ValueCore.Portfolio;

namespace ValueCore.Batch;

/// <summary>
/// The raroc job's Basel III group sums beyond <see cref="GroupAccumulator"/>'s (issue 20 items 5-6): per group the SA RWA,
/// the regulatory EL and the eligible provisions by pool (non-defaulted, defaulted) and the operating cost, and for the bank
/// the IRB credit RWA of the loans on IRB (the base of the Tier 2 cap). Fed chunk by chunk in input order by the job's
/// single consumer, so the sums are the same bits for any thread count.
/// </summary>
/// <remarks>
/// Regulatory EL per loan on IRB (lgd_used given): PD x lgd_used x EAD with the PD the valuation used (floored, loans.csv's
/// <c>pd</c>) for a performing loan; for a defaulted loan (PD = 1) the best estimate, BEEL x EAD (the valuation's EL). Loans
/// on the standardised approach have no IRB EL and their provisions reduce their SA exposure instead (CRE20.1): both are left
/// out of the CRE35 comparison.
/// </remarks>
internal sealed class RegulatoryGroupSums
{
    /// <summary>Measures per group: SA RWA, EL and provisions of the non-defaulted, EL and provisions of the defaulted, opex.</summary>
    public const int MeasureCount = 6;

    private readonly Dictionary<string, NeumaierSum[]>[] _groups;
    private NeumaierSum _irbCreditRwa;

    public RegulatoryGroupSums(int groupings)
    {
        _groups = new Dictionary<string, NeumaierSum[]>[groupings];
        for (int g = 0; g < groupings; g++)
        {
            _groups[g] = new Dictionary<string, NeumaierSum[]>(StringComparer.Ordinal);
        }
    }

    /// <summary>The bank's RWA of the loans on IRB (SA loans left out), in currency.</summary>
    public double IrbCreditRwa => _irbCreditRwa.Value;

    /// <summary>Adds the valid rows of a chunk, leaving out the withheld ones; call before the chunk is regrouped.</summary>
    public void Add(LoanChunkResult r, HashSet<int>? withheld)
    {
        var values = r.Values;
        var parsed = r.Parsed;
        bool hasProvision = parsed.HasRegulatory;
        for (int g = 0; g < _groups.Length; g++)
        {
            var acc = r.Groups[g];
            var of = r.GroupOfRow[g];
            var map = new NeumaierSum[]?[acc.GroupCount];
            for (int v = 0; v < r.Valid; v++)
            {
                if (withheld is not null && withheld.Contains(v))
                {
                    continue;
                }

                int local = of[v];
                var s = map[local] ??= Sums(g, acc.KeyOf(local));
                s[0].Add(values.RwaSa[v]);
                s[5].Add(parsed.Opex[v]);
                double lgdUsed = values.LgdUsed[v];
                if (double.IsNaN(lgdUsed))
                {
                    continue; // on the standardised approach: outside the IRB EL comparison
                }

                double provision = hasProvision ? parsed.Regulatory.Provision[v] : 0.0;
                if (parsed.Pd[v] >= 1.0)
                {
                    s[3].Add(values.El[v]);
                    s[4].Add(provision);
                }
                else
                {
                    s[1].Add(values.Pd[v] * lgdUsed * r.Ead[v]);
                    s[2].Add(provision);
                }
            }
        }

        for (int v = 0; v < r.Valid; v++)
        {
            if ((withheld is null || !withheld.Contains(v)) && !double.IsNaN(values.LgdUsed[v]))
            {
                _irbCreditRwa.Add(values.Rwa[v]);
            }
        }
    }

    /// <summary>The sums of a group of grouping <paramref name="grouping"/> by its key values, or zeros when no loan fell in it.</summary>
    public double[] Of(int grouping, IReadOnlyList<string> keys)
    {
        var result = new double[MeasureCount];
        if (_groups[grouping].TryGetValue(GroupAccumulator.JoinKey([.. keys]), out var s))
        {
            for (int m = 0; m < MeasureCount; m++)
            {
                result[m] = s[m].Value;
            }
        }

        return result;
    }

    private NeumaierSum[] Sums(int grouping, string key)
    {
        if (!_groups[grouping].TryGetValue(key, out var s))
        {
            s = new NeumaierSum[MeasureCount];
            _groups[grouping].Add(key, s);
        }

        return s;
    }
}
