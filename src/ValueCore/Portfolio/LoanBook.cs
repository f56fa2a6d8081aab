using ValueCore.Capital;
using ValueCore.Schedules;

namespace ValueCore.Portfolio;

/// <summary>
/// An immutable, validated, columnar loan book: one array per field, so that portfolio runs work on spans.
/// Build one with <see cref="LoanBookBuilder"/> or read one with <c>ValueCore.IO.LoanBookCsv</c>.
/// </summary>
public sealed class LoanBook
{
    private readonly string[] _loanId;
    private readonly string[] _segment;
    private readonly string[] _customerId;
    private readonly string[] _product;
    private readonly string[] _classification;
    private readonly AssetClass[] _assetClass;
    private readonly double[] _ead;
    private readonly double[] _pd;
    private readonly double[] _lgd;
    private readonly double[] _maturityYears;
    private readonly double[] _salesEurMillions;
    private readonly double[] _rate;
    private readonly double[] _ftpRate;
    private readonly double[] _fees;
    private readonly double[] _opex;
    private readonly double[] _beel;
    private readonly Dictionary<string, string[]> _attributes;
    private double[]? _drawn;
    private double[]? _undrawn;
    private double[]? _commitmentFee;
    private double[]? _undrawnFtp;
    private double[]? _term;
    private Amortisation[]? _amortisation;
    private double[]? _repricing;
    private byte[]? _fallbacks;
    private RegulatoryColumns? _regulatory;
    private int[]? _paymentsPerYear;

    internal LoanBook(int count, string[] loanId, string[] segment, string[] customerId, string[] product, string[] classification,
        AssetClass[] assetClass, double[] ead, double[] pd, double[] lgd, double[] maturityYears, double[] salesEurMillions,
        double[] rate, double[] ftpRate, double[] fees, double[] opex, double[] beel, Dictionary<string, string[]> attributes)
    {
        Count = count;
        _loanId = loanId;
        _segment = segment;
        _customerId = customerId;
        _product = product;
        _classification = classification;
        _assetClass = assetClass;
        _ead = ead;
        _pd = pd;
        _lgd = lgd;
        _maturityYears = maturityYears;
        _salesEurMillions = salesEurMillions;
        _rate = rate;
        _ftpRate = ftpRate;
        _fees = fees;
        _opex = opex;
        _beel = beel;
        _attributes = attributes;
    }

    /// <summary>A book with the same loans and some numeric columns replaced (null keeps a column; unchanged arrays are shared, not copied). The caller guarantees the new values obey the book's rules.</summary>
    internal double[] FtpRateArray => _ftpRate;

    internal LoanBook WithValues(double[]? ead = null, double[]? pd = null, double[]? lgd = null, double[]? rate = null,
        double[]? ftpRate = null, double[]? fees = null, double[]? opex = null) =>
        new(Count, _loanId, _segment, _customerId, _product, _classification, _assetClass, ead ?? _ead, pd ?? _pd, lgd ?? _lgd,
            _maturityYears, _salesEurMillions, rate ?? _rate, ftpRate ?? _ftpRate, fees ?? _fees, opex ?? _opex, _beel, _attributes)
        {
            _drawn = _drawn,
            _undrawn = _undrawn,
            _commitmentFee = _commitmentFee,
            _undrawnFtp = _undrawnFtp,
            _term = _term,
            _amortisation = _amortisation,
            _repricing = _repricing,
            _fallbacks = _fallbacks,
            _regulatory = _regulatory,
            _paymentsPerYear = _paymentsPerYear,
        };

    /// <summary>The same book without some extra text columns (once parsed, they need not stay alive); other columns are shared.</summary>
    internal LoanBook WithoutAttributes(IReadOnlyCollection<string> names)
    {
        var kept = _attributes.Where(a => !names.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        return new LoanBook(Count, _loanId, _segment, _customerId, _product, _classification, _assetClass, _ead, _pd, _lgd,
            _maturityYears, _salesEurMillions, _rate, _ftpRate, _fees, _opex, _beel, kept)
        {
            _drawn = _drawn,
            _undrawn = _undrawn,
            _commitmentFee = _commitmentFee,
            _undrawnFtp = _undrawnFtp,
            _term = _term,
            _amortisation = _amortisation,
            _repricing = _repricing,
            _fallbacks = _fallbacks,
            _regulatory = _regulatory,
            _paymentsPerYear = _paymentsPerYear,
        };
    }

    /// <summary>The same book carrying each loan's drawn balance and undrawn commitment: interest and funding then accrue on
    /// the drawn balance (docs/methodology.md, "Revenue"), and a credit-conversion shock (EAD = drawn + CCF x undrawn,
    /// <c>ValueCore.Scenarios.ShockOperation.CreditConversion</c>) can apply; EAD is not changed.</summary>
    /// <param name="drawn">Drawn balance per loan, in book order, each finite, &gt;= 0 and &lt;= the loan's EAD (currency).</param>
    /// <param name="undrawn">Undrawn commitment per loan, in book order, each finite and &gt;= 0 (currency).</param>
    /// <returns>A book sharing every other column with this one.</returns>
    /// <exception cref="ArgumentException">An array's length differs from <see cref="Count"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite, or a drawn balance exceeds the EAD (Basel II para 474).</exception>
    public LoanBook WithDrawnAndUndrawn(IReadOnlyList<double> drawn, IReadOnlyList<double> undrawn)
    {
        ArgumentNullException.ThrowIfNull(drawn);
        ArgumentNullException.ThrowIfNull(undrawn);
        if (drawn.Count != Count || undrawn.Count != Count)
        {
            throw new ArgumentException($"drawn and undrawn need {Count} values each (one per loan); got {drawn.Count} and {undrawn.Count}.", nameof(drawn));
        }

        var d = new double[Count];
        var u = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            d[i] = drawn[i];
            u[i] = undrawn[i];
            if (!(d[i] >= 0 && double.IsFinite(d[i])))
            {
                throw new ArgumentOutOfRangeException(nameof(drawn), d[i], $"Loan {i + 1}: drawn must be finite and >= 0.");
            }

            if (LoanRules.DrawnWithinEad(d[i], _ead[i]) is string rule)
            {
                throw new ArgumentOutOfRangeException(nameof(drawn), d[i], $"Loan {i + 1}: drawn {rule}.");
            }

            if (!(u[i] >= 0 && double.IsFinite(u[i])))
            {
                throw new ArgumentOutOfRangeException(nameof(undrawn), u[i], $"Loan {i + 1}: undrawn must be finite and >= 0.");
            }
        }

        return new LoanBook(Count, _loanId, _segment, _customerId, _product, _classification, _assetClass, _ead, _pd, _lgd,
            _maturityYears, _salesEurMillions, _rate, _ftpRate, _fees, _opex, _beel, _attributes)
        {
            _drawn = d,
            _undrawn = u,
            _commitmentFee = _commitmentFee,
            _undrawnFtp = _undrawnFtp,
            _term = _term,
            _amortisation = _amortisation,
            _repricing = _repricing,
            _fallbacks = _fallbacks,
            _regulatory = _regulatory,
            _paymentsPerYear = _paymentsPerYear,
        };
    }

    /// <summary>Sets the optional drawn-balance, undrawn-charge and term columns of a new book (the readers and the builder); null leaves a column out.</summary>
    internal LoanBook WithOptionalColumns(double[]? drawn, double[]? undrawn, double[]? commitmentFee, double[]? undrawnFtp, double[]? term)
    {
        _drawn = drawn;
        _undrawn = drawn is null ? null : undrawn ?? new double[Count];
        _commitmentFee = commitmentFee;
        _undrawnFtp = undrawnFtp;
        _term = term;
        return this;
    }

    /// <summary>Sets the repayment-profile and repricing columns of a new book (null: every loan bullet / fixed rate).</summary>
    internal LoanBook WithFtpTerms(Amortisation[]? amortisation, double[]? repricingYears)
    {
        _amortisation = amortisation;
        _repricing = repricingYears;
        return this;
    }

    /// <summary>Sets the per-loan payments a year of a new book (0: the run's setting; null: no loan gives one).</summary>
    internal LoanBook WithPaymentsPerYear(int[]? paymentsPerYear)
    {
        _paymentsPerYear = paymentsPerYear;
        return this;
    }

    /// <summary>Sets the per-loan <see cref="Fallback"/> flags of a new book (the builder and the reader record which conventions each loan took).</summary>
    internal LoanBook WithFallbacks(byte[]? flags)
    {
        _fallbacks = flags;
        return this;
    }

    /// <summary>Sets the Basel III columns of a new book (null: the book has none; every loan takes <see cref="RegulatoryTerms.Default"/>).</summary>
    internal LoanBook WithRegulatory(RegulatoryColumns? regulatory)
    {
        _regulatory = regulatory;
        return this;
    }

    /// <summary>The Basel III columns; null when the book has none.</summary>
    internal RegulatoryColumns? Regulatory => _regulatory;

    /// <summary>Whether the book carries Basel III terms (approach, collateral, guarantees, ratings, provisions ...) for its loans.</summary>
    public bool HasRegulatoryTerms => _regulatory is not null;

    /// <summary>The Basel III terms of one loan (<see cref="RegulatoryTerms.Default"/> when the book has none).</summary>
    /// <param name="index">The loan's 0-based position.</param>
    /// <returns>The loan's terms.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count).</exception>
    public RegulatoryTerms RegulatoryTermsOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if (_regulatory is null)
        {
            return RegulatoryTerms.Default;
        }

        var x = default(RegulatoryLoan);
        _regulatory.Fill(index, ref x);
        return new RegulatoryTerms
        {
            Approach = x.Approach,
            LargeFinancialInstitution = x.LargeFi,
            QrreTransactor = x.Transactor,
            CollateralType = x.Collateral,
            CollateralValue = x.CollateralValue,
            CollateralHaircut = double.IsNaN(x.CollateralHaircut) ? null : x.CollateralHaircut,
            Seniority = x.Seniority,
            GuarantorPd = double.IsNaN(x.GuarantorPd) ? null : x.GuarantorPd,
            GuarantorClass = x.GuarantorClass,
            GuaranteedAmount = x.GuaranteedAmount,
            Rating = x.Rating,
            ScraGrade = x.Scra,
            Ltv = double.IsNaN(x.Ltv) ? null : x.Ltv,
            Provision = x.Provision,
        };
    }

    /// <summary>How many loans took a convention for want of a value when the book was built or read (drawn = EAD, term =
    /// maturity, M = term, BEEL = LGD): the counts every run over the book (valuation, pricing, scenarios) applies.</summary>
    public ValuationFallbacks Fallbacks => _fallbacks is null ? default : ValuationFallbacks.Of(_fallbacks.AsSpan(0, Count));

    /// <summary>The annual net income on the undrawn commitments of loans [start, start + length): undrawn x (commitment fee -
    /// undrawn FTP rate); false (nothing written) when the book carries no undrawn amounts or no undrawn rates.</summary>
    internal bool UndrawnIncome(int start, int length, Span<double> destination)
    {
        if (_undrawn is null || (_commitmentFee is null && _undrawnFtp is null))
        {
            return false;
        }

        for (int i = 0; i < length; i++)
        {
            int j = start + i;
            destination[i] = LoanRules.UndrawnIncome(_undrawn[j], _commitmentFee is null ? 0.0 : _commitmentFee[j], _undrawnFtp is null ? 0.0 : _undrawnFtp[j]);
        }

        return true;
    }

    /// <summary>Whether the book carries drawn and undrawn amounts (<see cref="WithDrawnAndUndrawn"/>).</summary>
    public bool HasDrawnAndUndrawn => _drawn is not null;

    /// <summary>Drawn balances, in currency; empty when the book does not carry them (<see cref="HasDrawnAndUndrawn"/>).</summary>
    public ReadOnlySpan<double> Drawn => _drawn is null ? default : _drawn.AsSpan(0, Count);

    /// <summary>Undrawn commitments, in currency; empty when the book does not carry them (<see cref="HasDrawnAndUndrawn"/>).</summary>
    public ReadOnlySpan<double> Undrawn => _undrawn is null ? default : _undrawn.AsSpan(0, Count);

    /// <summary>Commitment fees, annual rates on the undrawn commitments (fractions); empty when the book carries none (every fee 0).</summary>
    public ReadOnlySpan<double> CommitmentFee => _commitmentFee is null ? default : _commitmentFee.AsSpan(0, Count);

    /// <summary>Liquidity charges on the undrawn commitments, annual rates (fractions); empty when the book carries none (every charge 0).</summary>
    public ReadOnlySpan<double> UndrawnFtpRate => _undrawnFtp is null ? default : _undrawnFtp.AsSpan(0, Count);

    /// <summary>The balances on which interest and funding accrue, in currency: <see cref="Drawn"/> when the book carries it, else <see cref="Ead"/>.</summary>
    public ReadOnlySpan<double> AccruingBalance => (_drawn ?? _ead).AsSpan(0, Count);

    /// <summary>An empty book.</summary>
    public static LoanBook Empty { get; } = new LoanBookBuilder().Build();

    /// <summary>The number of loans.</summary>
    public int Count { get; }

    /// <summary>Loan identifiers, unique and non-empty.</summary>
    public ReadOnlySpan<string> LoanId => _loanId.AsSpan(0, Count);

    /// <summary>Segments.</summary>
    public ReadOnlySpan<string> Segment => _segment.AsSpan(0, Count);

    /// <summary>Customer identifiers; empty where a loan is its own obligor.</summary>
    public ReadOnlySpan<string> CustomerId => _customerId.AsSpan(0, Count);

    /// <summary>Products; may be empty.</summary>
    public ReadOnlySpan<string> Product => _product.AsSpan(0, Count);

    /// <summary>Classifications; may be empty.</summary>
    public ReadOnlySpan<string> Classification => _classification.AsSpan(0, Count);

    /// <summary>Asset classes.</summary>
    public ReadOnlySpan<AssetClass> AssetClass => _assetClass.AsSpan(0, Count);

    /// <summary>Exposures at default, in currency.</summary>
    public ReadOnlySpan<double> Ead => _ead.AsSpan(0, Count);

    /// <summary>One-year PDs as given (before floors), in (0, 1].</summary>
    public ReadOnlySpan<double> Pd => _pd.AsSpan(0, Count);

    /// <summary>LGDs, in [0, 1].</summary>
    public ReadOnlySpan<double> Lgd => _lgd.AsSpan(0, Count);

    /// <summary>IRB effective maturities M in years; NaN where not given (retail only). A non-retail loan given a term but no maturity has M = term (Basel II para 320).</summary>
    public ReadOnlySpan<double> MaturityYears => _maturityYears.AsSpan(0, Count);

    /// <summary>How each loan's principal is repaid (the profile a derived transfer price follows); empty when every loan is
    /// <see cref="Schedules.Amortisation.Bullet"/>.</summary>
    public ReadOnlySpan<Amortisation> Amortisation => _amortisation is null ? default : _amortisation.AsSpan(0, Count);

    /// <summary>Principal payments a year of each loan's repayment schedule (the lifetime valuation's balance path), a positive
    /// divisor of 12; 0 where the loan gives none (the run's setting applies); empty when no loan gives one.</summary>
    public ReadOnlySpan<int> PaymentsPerYear => _paymentsPerYear is null ? default : _paymentsPerYear.AsSpan(0, Count);

    /// <summary>Years to each loan's next rate reset (the term a derived transfer price's interest-rate part matches); NaN
    /// for a fixed-rate loan; empty when no loan gives one.</summary>
    public ReadOnlySpan<double> RepricingYears => _repricing is null ? default : _repricing.AsSpan(0, Count);

    /// <summary>Remaining contractual terms in years (the matched-maturity FTP term): the term given, else the effective maturity; NaN where neither is given (retail only).</summary>
    public ReadOnlySpan<double> TermYears => (_term ?? _maturityYears).AsSpan(0, Count);

    /// <summary>Annual sales in EUR millions; <see cref="IrbFormula.NoSales"/> (+infinity, the value the IRB formula takes:
    /// no firm-size adjustment) where not reported (<see cref="Loan.SalesEurMillions"/> null).</summary>
    public ReadOnlySpan<double> SalesEurMillions => _salesEurMillions.AsSpan(0, Count);

    /// <summary>Client annual rates.</summary>
    public ReadOnlySpan<double> Rate => _rate.AsSpan(0, Count);

    /// <summary>Funds transfer prices; NaN where not given (the valuation derives them from <see cref="ValuationOptions.Funding"/>;
    /// <see cref="PortfolioResult.FtpRate"/> holds the rates used).</summary>
    public ReadOnlySpan<double> FtpRate => _ftpRate.AsSpan(0, Count);

    /// <summary>Annual fee income.</summary>
    public ReadOnlySpan<double> Fees => _fees.AsSpan(0, Count);

    /// <summary>Annual operating cost.</summary>
    public ReadOnlySpan<double> Opex => _opex.AsSpan(0, Count);

    /// <summary>Best-estimate expected loss rates (equal to LGD where not given); used for defaulted loans.</summary>
    public ReadOnlySpan<double> Beel => _beel.AsSpan(0, Count);

    /// <summary>The names of the extra text columns carried for grouping (beyond the standard ones).</summary>
    public IReadOnlyCollection<string> AttributeNames => _attributes.Keys;

    /// <summary>The values of a text column: a standard one (loan_id, segment, asset_class, customer_id, product, classification) or an extra attribute.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The values, one per loan.</returns>
    /// <exception cref="ArgumentException">The book has no such text column.</exception>
    public IReadOnlyList<string> TextColumn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryGetTextColumn(name, out var values))
        {
            return values;
        }

        throw new ArgumentException($"The loan book has no text column '{name}'.", nameof(name));
    }

    /// <summary>Looks up a text column by name.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="values">The values, when found.</param>
    /// <returns>Whether the column exists.</returns>
    public bool TryGetTextColumn(string name, out IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        string[]? column = name switch
        {
            LoanColumns.LoanId => _loanId,
            LoanColumns.Segment => _segment,
            LoanColumns.CustomerId => _customerId,
            LoanColumns.Product => _product,
            LoanColumns.Classification => _classification,
            LoanColumns.AssetClass => AssetClassLabels(),
            _ => _attributes.GetValueOrDefault(name),
        };
        values = column is null ? [] : new ArraySegment<string>(column, 0, Count);
        return column is not null;
    }

    private string[] AssetClassLabels()
    {
        var labels = new string[Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = LoanColumns.AssetClassLabels[(int)_assetClass[i]];
        }

        return labels;
    }
}
