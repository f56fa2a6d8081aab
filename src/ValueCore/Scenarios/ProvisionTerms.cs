using ValueCore.Provisions;

namespace ValueCore.Scenarios;

/// <summary>The per-loan contract and staging inputs of the provisions measure that the loan book's standard columns do not hold:
/// effective interest rate, amortisation profile, remaining term, and the optional stage override, days past due, lifetime PD
/// expected at origination and individual impairment. Columnar, immutable, validated once; in book order.</summary>
/// <remarks>The scenario run from files reads them from the book's <c>eir</c>, <c>amortisation</c>, <c>term</c> (alias <c>remaining_term</c>; or
/// <c>maturity_date</c> with a reporting date), <c>stage</c>, <c>dpd</c>, <c>pd_origination</c> and <c>impairment</c> columns, as
/// <c>valuecore provision ecl</c> does (docs/provisions.md). Shocks do not change them.</remarks>
public sealed class ProvisionTerms
{
    private readonly double[] _eir;
    private readonly EadProfile[] _profile;
    private readonly double[] _remaining;
    private readonly int[] _stage;
    private readonly double[] _dpd;
    private readonly double[] _pdOrigination;
    private readonly double[] _impairment;
    private double[] _eclLgd;

    private ProvisionTerms(double[] eir, EadProfile[] profile, double[] remaining, int[] stage, double[] dpd, double[] pdOrigination, double[] impairment)
    {
        _eclLgd = new double[eir.Length];
        Array.Fill(_eclLgd, double.NaN);
        _eir = eir;
        _profile = profile;
        _remaining = remaining;
        _stage = stage;
        _dpd = dpd;
        _pdOrigination = pdOrigination;
        _impairment = impairment;
    }

    /// <summary>Creates the inputs of a book of <c>eir.Count</c> loans.</summary>
    /// <param name="eir">Effective interest rate per year, a fraction &gt; -1, per loan (the ECL discount rate, IFRS 9 B5.5.44).</param>
    /// <param name="profile">Amortisation profile per loan.</param>
    /// <param name="remainingYears">Remaining term in years, in (0, 100], per loan.</param>
    /// <param name="stageOverride">Stage given by the book (1, 2, 3) or 0 for none; null for none at all.</param>
    /// <param name="daysPastDue">Days past due, &gt;= 0, or NaN when not known; null when not known for any loan.</param>
    /// <param name="originationPD">Lifetime PD expected at origination for the remaining life, in [0, 1], or NaN; null when not known.</param>
    /// <param name="impairment">Individually assessed allowance of a stage-3 loan, &gt;= 0 (currency), or NaN for LGD x EAD; null for none.</param>
    /// <returns>The inputs.</returns>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range (the message names the loan's 1-based position).</exception>
    public static ProvisionTerms Create(IReadOnlyList<double> eir, IReadOnlyList<EadProfile> profile, IReadOnlyList<double> remainingYears,
        IReadOnlyList<int>? stageOverride = null, IReadOnlyList<double>? daysPastDue = null, IReadOnlyList<double>? originationPD = null,
        IReadOnlyList<double>? impairment = null)
    {
        ArgumentNullException.ThrowIfNull(eir);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(remainingYears);
        int n = eir.Count;
        void Length<T>(IReadOnlyList<T>? list, string name)
        {
            if (list is not null && list.Count != n)
            {
                throw new ArgumentException($"{name} has {list.Count} values; eir has {n} (one per loan).", name);
            }
        }

        Length(profile, nameof(profile));
        Length(remainingYears, nameof(remainingYears));
        Length(stageOverride, nameof(stageOverride));
        Length(daysPastDue, nameof(daysPastDue));
        Length(originationPD, nameof(originationPD));
        Length(impairment, nameof(impairment));
        var e = new double[n];
        var p = new EadProfile[n];
        var t = new double[n];
        var s = new int[n];
        var d = new double[n];
        var o = new double[n];
        var m = new double[n];
        for (int i = 0; i < n; i++)
        {
            e[i] = Check(eir[i], v => v > -1 && double.IsFinite(v), nameof(eir), i, "(-1, inf)");
            p[i] = profile[i];
            if ((uint)p[i] > (uint)EadProfile.Annuity)
            {
                throw new ArgumentOutOfRangeException(nameof(profile), p[i], $"Loan {i + 1}: not a defined EadProfile.");
            }

            t[i] = Check(remainingYears[i], v => v > 0 && v <= 100, nameof(remainingYears), i, "(0, 100]");
            s[i] = stageOverride?[i] ?? 0;
            if (s[i] is < 0 or > 3)
            {
                throw new ArgumentOutOfRangeException(nameof(stageOverride), s[i], $"Loan {i + 1}: a stage override is 0 (none), 1, 2 or 3.");
            }

            d[i] = Check(daysPastDue?[i] ?? double.NaN, v => double.IsNaN(v) || (v >= 0 && double.IsFinite(v)), nameof(daysPastDue), i, "[0, inf) or NaN");
            o[i] = Check(originationPD?[i] ?? double.NaN, v => double.IsNaN(v) || (v >= 0 && v <= 1), nameof(originationPD), i, "[0, 1] or NaN");
            m[i] = Check(impairment?[i] ?? double.NaN, v => double.IsNaN(v) || (v >= 0 && double.IsFinite(v)), nameof(impairment), i, "[0, inf) or NaN");
        }

        return new ProvisionTerms(e, p, t, s, d, o, m);
    }

    /// <summary>The number of loans.</summary>
    public int Count => _eir.Length;

    /// <summary>Effective interest rates per year.</summary>
    public ReadOnlySpan<double> Eir => _eir;

    /// <summary>Amortisation profiles.</summary>
    public ReadOnlySpan<EadProfile> Profile => _profile;

    /// <summary>Remaining terms in years.</summary>
    public ReadOnlySpan<double> RemainingYears => _remaining;

    /// <summary>Stage overrides (0 for none).</summary>
    public ReadOnlySpan<int> StageOverride => _stage;

    /// <summary>Days past due (NaN when not known).</summary>
    public ReadOnlySpan<double> DaysPastDue => _dpd;

    /// <summary>Lifetime PDs expected at origination (NaN when not known).</summary>
    public ReadOnlySpan<double> OriginationPD => _pdOrigination;

    /// <summary>Individual impairment of stage-3 loans (NaN: LGD x EAD).</summary>
    public ReadOnlySpan<double> Impairment => _impairment;

    /// <summary>The point-in-time LGD of the ECL per loan (IFRS 9 5.5.17(a)); NaN where the loan has none and its ECL uses the
    /// book's LGD (the fallback). All NaN unless given by <see cref="WithEclLgd"/>.</summary>
    public ReadOnlySpan<double> EclLgd => _eclLgd;

    /// <summary>The number of loans without an ECL LGD, whose ECL uses the book's LGD.</summary>
    public int EclLgdFallbacks
    {
        get
        {
            int count = 0;
            foreach (double v in _eclLgd)
            {
                count += double.IsNaN(v) ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>The same inputs with a point-in-time, unbiased LGD for the ECL (IFRS 9 5.5.17(a)) per loan; the book's LGD (for
    /// capital, a downturn LGD) stays for the loans without one.</summary>
    /// <param name="eclLgd">Per loan, the ECL LGD in [0, 1], or NaN to use the book's LGD.</param>
    /// <returns>New inputs; this instance is unchanged.</returns>
    /// <exception cref="ArgumentException">The list's length is not the number of loans.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside [0, 1] and not NaN (the message names the loan's 1-based position).</exception>
    public ProvisionTerms WithEclLgd(IReadOnlyList<double> eclLgd)
    {
        ArgumentNullException.ThrowIfNull(eclLgd);
        if (eclLgd.Count != Count)
        {
            throw new ArgumentException($"eclLgd has {eclLgd.Count} values; the terms have {Count} loans.", nameof(eclLgd));
        }

        var l = new double[Count];
        for (int i = 0; i < l.Length; i++)
        {
            l[i] = Check(eclLgd[i], v => double.IsNaN(v) || (v >= 0 && v <= 1), nameof(eclLgd), i, "[0, 1] or NaN");
        }

        return new ProvisionTerms(_eir, _profile, _remaining, _stage, _dpd, _pdOrigination, _impairment) { _eclLgd = l };
    }

    private static double Check(double v, Func<double, bool> ok, string name, int i, string range) =>
        ok(v) ? v : throw new ArgumentOutOfRangeException(name, v, $"Loan {i + 1}: {name} is outside {range}.");
}
