using ValueCore.Portfolio;

namespace ValueCore.Provisions;

/// <summary>A book for IFRS 9 staging and expected credit loss: per loan its identifier, segment, classification (the
/// migration state), exposure, LGD and the provisioning columns (docs/provisions.md). Columnar, immutable, validated once, in book order.</summary>
/// <remarks>The CSV columns of <c>valuecore provision ecl</c> map one to one: <c>loan_id</c>, <c>segment</c>, <c>classification</c>,
/// <c>ead</c>, <c>lgd</c>, <c>ecl_lgd</c>, <c>eir</c>, <c>amortisation</c>, <c>term</c> (or <c>maturity_date</c> with a reporting
/// date), <c>stage</c>, <c>dpd</c>, <c>pd_origination</c>, <c>impairment</c>. Optional inputs are null where not given.</remarks>
public sealed class EclBook
{
    /// <summary>The longest remaining term accepted, in years (curves must cover the book's terms).</summary>
    public const int MaxRemainingYears = ProvisionRules.MaxRemainingYears;

    private readonly string[] _loanId, _segment, _classification;
    private readonly double[] _ead, _lgd, _eir, _remaining;
    private readonly EadProfile[] _profile;
    private readonly double?[] _eclLgd, _dpd, _pdOrigination, _impairment;
    private readonly int?[] _stage;

    private EclBook(string[] loanId, string[] segment, string[] classification, double[] ead, double[] lgd, double[] eir, EadProfile[] profile,
        double[] remaining, double?[] eclLgd, int?[] stage, double?[] dpd, double?[] pdOrigination, double?[] impairment)
    {
        _loanId = loanId;
        _segment = segment;
        _classification = classification;
        _ead = ead;
        _lgd = lgd;
        _eir = eir;
        _profile = profile;
        _remaining = remaining;
        _eclLgd = eclLgd;
        _stage = stage;
        _dpd = dpd;
        _pdOrigination = pdOrigination;
        _impairment = impairment;
    }

    /// <summary>Creates a book of <c>loanId.Count</c> loans, checking every value with the rules of the provisioning columns.</summary>
    /// <param name="loanId">Identifiers, non-empty and distinct.</param>
    /// <param name="segment">Segments (select the model).</param>
    /// <param name="classification">Classifications: states of the segment's model.</param>
    /// <param name="ead">Exposures at the reporting date, in [0, 1e15] (currency).</param>
    /// <param name="lgd">Book LGDs, fractions in [0, 1] (used where <paramref name="eclLgd"/> is not given).</param>
    /// <param name="eir">Effective interest rates per year, fractions in (-1, 10] (the ECL discount rate, IFRS 9 B5.5.44).</param>
    /// <param name="profile">Amortisation profiles.</param>
    /// <param name="remainingYears">Remaining contractual terms in years, in (0, 100].</param>
    /// <param name="eclLgd">Point-in-time ECL LGDs (IFRS 9 5.5.17(a)), fractions in [0, 1], null where not given; null for none at all.</param>
    /// <param name="stageOverride">Stages given by the book (1, 2 or 3), null where not given; null for none at all.</param>
    /// <param name="daysPastDue">Days past due in [0, 1e6], null where not known; null for none at all.</param>
    /// <param name="originationPD">Lifetime PDs expected at origination for the remaining life, in [0, 1], null where not known; null for none at all.</param>
    /// <param name="impairment">Individually assessed allowances of stage-3 loans, in [0, 1e15] (currency), null where not given; null for none at all.</param>
    /// <returns>The book.</returns>
    /// <exception cref="ArgumentException">The lists differ in length, or an identifier is empty or repeated.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value breaks its column's rule (the message names the loan and the rule).</exception>
    public static EclBook Create(IReadOnlyList<string> loanId, IReadOnlyList<string> segment, IReadOnlyList<string> classification,
        IReadOnlyList<double> ead, IReadOnlyList<double> lgd, IReadOnlyList<double> eir, IReadOnlyList<EadProfile> profile,
        IReadOnlyList<double> remainingYears, IReadOnlyList<double?>? eclLgd = null, IReadOnlyList<int?>? stageOverride = null,
        IReadOnlyList<double?>? daysPastDue = null, IReadOnlyList<double?>? originationPD = null, IReadOnlyList<double?>? impairment = null)
    {
        ArgumentNullException.ThrowIfNull(loanId);
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(classification);
        ArgumentNullException.ThrowIfNull(ead);
        ArgumentNullException.ThrowIfNull(lgd);
        ArgumentNullException.ThrowIfNull(eir);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(remainingYears);
        int n = loanId.Count;
        void Length<T>(IReadOnlyList<T>? list, string name)
        {
            if (list is not null && list.Count != n)
            {
                throw new ArgumentException($"{name} has {list.Count} values; loanId has {n} (one per loan).", name);
            }
        }

        Length(segment, nameof(segment));
        Length(classification, nameof(classification));
        Length(ead, nameof(ead));
        Length(lgd, nameof(lgd));
        Length(eir, nameof(eir));
        Length(profile, nameof(profile));
        Length(remainingYears, nameof(remainingYears));
        Length(eclLgd, nameof(eclLgd));
        Length(stageOverride, nameof(stageOverride));
        Length(daysPastDue, nameof(daysPastDue));
        Length(originationPD, nameof(originationPD));
        Length(impairment, nameof(impairment));
        var ids = new string[n];
        var seg = new string[n];
        var cls = new string[n];
        var e = new double[n];
        var l = new double[n];
        var r = new double[n];
        var p = new EadProfile[n];
        var t = new double[n];
        var el = new double?[n];
        var st = new int?[n];
        var d = new double?[n];
        var o = new double?[n];
        var m = new double?[n];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            ids[i] = loanId[i] ?? throw new ArgumentException($"Loan {i + 1}: the identifier is null.", nameof(loanId));
            if (ids[i].Length == 0 || !seen.Add(ids[i]))
            {
                throw new ArgumentException($"Loan {i + 1}: the identifier '{ids[i]}' is empty or repeated.", nameof(loanId));
            }

            seg[i] = segment[i] ?? throw new ArgumentException($"Loan {i + 1} ({ids[i]}): the segment is null.", nameof(segment));
            cls[i] = classification[i] ?? throw new ArgumentException($"Loan {i + 1} ({ids[i]}): the classification is null.", nameof(classification));
            e[i] = Check(ead[i], LoanRules.Ead(ead[i]), nameof(ead), i, ids[i]);
            l[i] = Check(lgd[i], LoanRules.UnitInterval(lgd[i]), nameof(lgd), i, ids[i]);
            r[i] = Check(eir[i], ProvisionRules.Eir(eir[i]), nameof(eir), i, ids[i]);
            p[i] = profile[i];
            if ((uint)p[i] > (uint)EadProfile.Annuity)
            {
                throw new ArgumentOutOfRangeException(nameof(profile), p[i], $"Loan {i + 1} ({ids[i]}): not a defined EadProfile.");
            }

            t[i] = Check(remainingYears[i], ProvisionRules.RemainingYears(remainingYears[i]), nameof(remainingYears), i, ids[i]);
            el[i] = eclLgd?[i] is double x ? Check(x, ProvisionRules.Fraction(x), nameof(eclLgd), i, ids[i]) : null;
            if (stageOverride?[i] is int s && ProvisionRules.Stage(s) is string rule)
            {
                throw new ArgumentOutOfRangeException(nameof(stageOverride), s, $"Loan {i + 1} ({ids[i]}): stageOverride {rule}.");
            }

            st[i] = stageOverride?[i];
            d[i] = daysPastDue?[i] is double dv ? Check(dv, ProvisionRules.DaysPastDue(dv), nameof(daysPastDue), i, ids[i]) : null;
            o[i] = originationPD?[i] is double ov ? Check(ov, ProvisionRules.Fraction(ov), nameof(originationPD), i, ids[i]) : null;
            m[i] = impairment?[i] is double mv ? Check(mv, ProvisionRules.Impairment(mv), nameof(impairment), i, ids[i]) : null;
        }

        return new EclBook(ids, seg, cls, e, l, r, p, t, el, st, d, o, m);
    }

    private static double Check(double v, string? rule, string name, int i, string id) =>
        rule is null ? v : throw new ArgumentOutOfRangeException(name, v, $"Loan {i + 1} ({id}): {name} {rule}.");

    /// <summary>The number of loans.</summary>
    public int Count => _loanId.Length;

    /// <summary>Identifiers.</summary>
    public ReadOnlySpan<string> LoanId => _loanId;

    /// <summary>Segments.</summary>
    public ReadOnlySpan<string> Segment => _segment;

    /// <summary>Classifications (migration states).</summary>
    public ReadOnlySpan<string> Classification => _classification;

    /// <summary>Exposures (currency).</summary>
    public ReadOnlySpan<double> Ead => _ead;

    /// <summary>Book LGDs, fractions.</summary>
    public ReadOnlySpan<double> Lgd => _lgd;

    /// <summary>ECL LGDs, fractions; null where the book's LGD is used.</summary>
    public ReadOnlySpan<double?> EclLgd => _eclLgd;

    /// <summary>Effective interest rates per year, fractions.</summary>
    public ReadOnlySpan<double> Eir => _eir;

    /// <summary>Amortisation profiles.</summary>
    public ReadOnlySpan<EadProfile> Profile => _profile;

    /// <summary>Remaining terms in years.</summary>
    public ReadOnlySpan<double> RemainingYears => _remaining;

    /// <summary>Stages given by the book; null where staged by the rules.</summary>
    public ReadOnlySpan<int?> StageOverride => _stage;

    /// <summary>Days past due; null where not known.</summary>
    public ReadOnlySpan<double?> DaysPastDue => _dpd;

    /// <summary>Lifetime PDs expected at origination; null where not known.</summary>
    public ReadOnlySpan<double?> OriginationPD => _pdOrigination;

    /// <summary>Individual impairments of stage-3 loans (currency); null where LGD x EAD applies.</summary>
    public ReadOnlySpan<double?> Impairment => _impairment;
}
