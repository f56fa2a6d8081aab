using ValueCore.Internal;

namespace ValueCore.Capital;

/// <summary>
/// The Basel III standardised approach to credit risk per loan (BCBS consolidated framework CRE20-22, as revised in
/// December 2017): risk weights by exposure class and external rating, the SCRA grades of unrated banks, regulatory
/// retail and transactors, residential real estate by loan-to-value, defaulted exposures, the commitment CCF, and
/// financial collateral under the comprehensive approach. Commercial real estate and exposures whose repayment depends
/// on the property's cash flows (CRE20.83-87) are not modelled.
/// </summary>
/// <remarks>docs/methodology.md, section 12, states every table with its paragraph.</remarks>
public static class StandardisedApproach
{
    /// <summary>The credit conversion factor of undrawn commitments (CRE20.101: 40%; the 10% of unconditionally cancellable
    /// commitments is not modelled, as the book does not say which commitments are).</summary>
    public const double CommitmentCcf = 0.40;

    /// <summary>The most a retail counterparty may owe for its exposures to qualify as regulatory retail, in EUR (CRE20.65).</summary>
    public const double RetailCounterpartyLimitEur = 1_000_000.0;

    /// <summary>The largest share of the regulatory retail portfolio one counterparty may hold (CRE20.65: 0.2%).</summary>
    public const double RetailGranularityShare = 0.002;

    private static readonly string[] s_ratingLabels =
        ["", "AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB", "BB-", "B+", "B", "B-", "CCC+", "CCC", "CCC-", "CC", "C", "D"];

    /// <summary>Parses an external rating label (S&amp;P/Fitch scale, upper case: <c>AAA</c>, <c>AA+</c> ... <c>D</c>; empty = unrated).</summary>
    /// <param name="label">The label.</param>
    /// <param name="rating">The rating, when recognised.</param>
    /// <returns>Whether the label is a rating (or empty).</returns>
    public static bool TryParseRating(ReadOnlySpan<char> label, out CreditRating rating)
    {
        for (int i = 0; i < s_ratingLabels.Length; i++)
        {
            if (label.SequenceEqual(s_ratingLabels[i]))
            {
                rating = (CreditRating)i;
                return true;
            }
        }

        rating = CreditRating.Unrated;
        return false;
    }

    /// <summary>The label of a rating (empty for unrated).</summary>
    /// <param name="rating">The rating.</param>
    /// <returns>The label, e.g. <c>AA-</c>.</returns>
    public static string RatingLabel(CreditRating rating) => s_ratingLabels[(int)rating];

    /// <summary>The risk weight of a sovereign (CRE20.7).</summary>
    /// <param name="rating">The sovereign's rating.</param>
    /// <returns>AAA to AA- 0%, A+ to A- 20%, BBB+ to BBB- 50%, BB+ to B- 100%, below B- 150%, unrated 100%.</returns>
    public static double SovereignRiskWeight(CreditRating rating) => Bucket(rating) switch
    {
        RatingBucket.AaaToAaMinus => 0.0,
        RatingBucket.APlusToAMinus => 0.20,
        RatingBucket.BbbPlusToBbbMinus => 0.50,
        RatingBucket.BbPlusToBbMinus or RatingBucket.BPlusToBMinus => 1.0,
        RatingBucket.BelowBMinus => 1.50,
        _ => 1.0,
    };

    /// <summary>The risk weight of a bank (CRE20.16 external credit risk assessment approach; CRE20.18-21 SCRA for unrated banks).</summary>
    /// <param name="rating">The bank's rating.</param>
    /// <param name="scraGrade">The SCRA grade, used when the bank is unrated.</param>
    /// <returns>Rated: AAA to AA- 20%, A+ to A- 30%, BBB+ to BBB- 50%, BB+ to B- 100%, below B- 150%. Unrated: grade A 40%,
    /// B 75%, C (or none given) 150%.</returns>
    public static double BankRiskWeight(CreditRating rating, ScraGrade scraGrade) => Bucket(rating) switch
    {
        RatingBucket.AaaToAaMinus => 0.20,
        RatingBucket.APlusToAMinus => 0.30,
        RatingBucket.BbbPlusToBbbMinus => 0.50,
        RatingBucket.BbPlusToBbMinus or RatingBucket.BPlusToBMinus => 1.0,
        RatingBucket.BelowBMinus => 1.50,
        _ => scraGrade switch
        {
            ScraGrade.A => 0.40,
            ScraGrade.B => 0.75,
            _ => 1.50,
        },
    };

    /// <summary>The risk weight of a corporate (CRE20.42-44) or an SME (CRE20.47).</summary>
    /// <param name="rating">The corporate's rating.</param>
    /// <param name="sme">Whether the corporate is an SME (unrated: 85%).</param>
    /// <param name="investmentGrade">Whether an unrated corporate is investment grade (65%).</param>
    /// <returns>AAA to AA- 20%, A+ to A- 50%, BBB+ to BBB- 75%, BB+ to BB- 100%, below BB- 150%; unrated 100%, investment
    /// grade 65%, SME 85%.</returns>
    public static double CorporateRiskWeight(CreditRating rating, bool sme, bool investmentGrade) => Bucket(rating) switch
    {
        RatingBucket.AaaToAaMinus => 0.20,
        RatingBucket.APlusToAMinus => 0.50,
        RatingBucket.BbbPlusToBbbMinus => 0.75,
        RatingBucket.BbPlusToBbMinus => 1.0,
        RatingBucket.BPlusToBMinus or RatingBucket.BelowBMinus => 1.50,
        _ => investmentGrade ? 0.65 : sme ? 0.85 : 1.0,
    };

    /// <summary>The risk weight of a retail exposure that is not secured by real estate (CRE20.65-68).</summary>
    /// <param name="regulatoryRetail">Whether the exposure meets the regulatory retail criteria (CRE20.65).</param>
    /// <param name="transactor">Whether it is a revolving facility of a transactor (CRE20.67).</param>
    /// <returns>Regulatory retail 75%, transactors 45%; other retail 100% (CRE20.68).</returns>
    public static double RetailRiskWeight(bool regulatoryRetail, bool transactor) => !regulatoryRetail ? 1.0 : transactor ? 0.45 : 0.75;

    /// <summary>The risk weight of a residential mortgage by loan-to-value, general treatment (CRE20.82, whole-loan approach,
    /// repayment not materially dependent on the property's cash flows).</summary>
    /// <param name="ltv">The loan-to-value ratio, a fraction &gt; 0.</param>
    /// <returns>LTV &lt;= 50% 20%, &lt;= 60% 25%, &lt;= 80% 30%, &lt;= 90% 40%, &lt;= 100% 50%, above 70%.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ltv"/> is not a positive finite number.</exception>
    public static double ResidentialRealEstateRiskWeight(double ltv)
    {
        if (!(ltv > 0.0 && double.IsFinite(ltv)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(ltv), ltv, "(0, inf)");
        }

        return ResidentialUnchecked(ltv);
    }

    /// <summary>The risk weight of a defaulted exposure (CRE20.88-90).</summary>
    /// <param name="specificProvisionShare">Specific provisions as a share of the outstanding amount, &gt;= 0.</param>
    /// <param name="residentialMortgage">Whether it is a residential mortgage of the general treatment (100% whatever the provisions).</param>
    /// <returns>150% when provisions are below 20% of the outstanding amount, else 100%; a residential mortgage 100%.</returns>
    public static double DefaultedRiskWeight(double specificProvisionShare, bool residentialMortgage) =>
        residentialMortgage || specificProvisionShare >= 0.20 ? 1.0 : 1.50;

    /// <summary>The standardised risk weight and RWA of one loan.</summary>
    /// <param name="assetClass">The asset class (the exposure class it maps to: sovereign, bank, corporate, SME, retail, mortgage).</param>
    /// <param name="pd">The PD, in (0, 1]; 1 marks a defaulted exposure.</param>
    /// <param name="drawn">The drawn (on-balance) amount, &gt;= 0, in currency.</param>
    /// <param name="undrawn">The undrawn commitment, &gt;= 0, in currency (converted at <see cref="CommitmentCcf"/>).</param>
    /// <param name="terms">Rating, collateral, LTV, provisions and flags; null for <see cref="RegulatoryTerms.Default"/>.</param>
    /// <param name="riskWeight">The risk weight applied, a fraction (0.75, not 75).</param>
    /// <returns>RWA = risk weight x E*, E* = max(0, E - C (1 - H_C)) for cash and financial collateral (CRE22.40, H_E = 0
    /// for a loan) and E = drawn + CCF x undrawn - provisions (CRE20.1), at least 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument or a term is outside its range.</exception>
    public static double RiskWeightedAssets(AssetClass assetClass, double pd, double drawn, double undrawn, RegulatoryTerms? terms, out double riskWeight)
    {
        terms ??= RegulatoryTerms.Default;
        if (!(undrawn >= 0.0 && undrawn <= AmountBound.Max))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(undrawn), undrawn, "[0, 1e15]");
        }

        var x = RegulatoryLoan.From(assetClass, drawn, drawn, undrawn, pd, 0.0, 1.0, IrbFormula.NoSales, 0.0, terms with { Approach = IrbApproach.Standardised });
        Basel3Irb.Check(x);
        return RiskWeightedAssetsUnchecked(x, out riskWeight);
    }

    /// <summary>
    /// Which retail loans meet the regulatory retail criteria of CRE20.65 (the whole-book pre-pass): a counterparty's
    /// retail exposures (loans of one customer_id; a loan without one is its own counterparty) total at most EUR 1m and
    /// at most 0.2% of the regulatory retail portfolio, the sum of the exposures of every candidate loan.
    /// </summary>
    /// <param name="customerId">Customer identifiers per loan (empty = the loan is its own counterparty).</param>
    /// <param name="candidate">Per loan, whether it is a regulatory retail candidate (a performing retail loan not weighted by LTV).</param>
    /// <param name="exposure">Per loan, the gross standardised exposure in EUR (drawn + CCF x undrawn, before CRM).</param>
    /// <param name="destination">Per loan: true when it qualifies (non-candidates get false).</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void RegulatoryRetail(IReadOnlyList<string> customerId, ReadOnlySpan<bool> candidate, ReadOnlySpan<double> exposure, Span<bool> destination)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        int n = candidate.Length;
        if (customerId.Count != n || exposure.Length != n)
        {
            ThrowHelper.LengthMismatch(nameof(exposure), n, exposure.Length);
        }

        if (destination.Length < n)
        {
            ThrowHelper.DestinationTooShort(nameof(destination), n, destination.Length);
        }

        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        double portfolio = 0.0;
        for (int i = 0; i < n; i++)
        {
            if (candidate[i] && customerId[i].Length > 0)
            {
                totals[customerId[i]] = totals.GetValueOrDefault(customerId[i]) + exposure[i];
            }

            portfolio += candidate[i] ? exposure[i] : 0.0;
        }

        for (int i = 0; i < n; i++)
        {
            double own = !candidate[i] ? 0.0 : customerId[i].Length > 0 ? totals[customerId[i]] : exposure[i];
            destination[i] = candidate[i] && RetailQualifies(own, portfolio);
        }
    }

    /// <summary>Whether a counterparty's total retail exposure qualifies (CRE20.65): at most EUR 1m and at most 0.2% of the portfolio.</summary>
    internal static bool RetailQualifies(double counterpartyExposure, double portfolio) =>
        counterpartyExposure <= RetailCounterpartyLimitEur && counterpartyExposure <= RetailGranularityShare * portfolio;

    /// <summary>Whether a loan is a regulatory retail candidate: a performing retail loan not weighted by LTV.</summary>
    internal static bool IsRetailCandidate(AssetClass assetClass, double pd, double ltv) =>
        pd < 1.0 && assetClass is AssetClass.RetailOther or AssetClass.RetailRevolving || (assetClass == AssetClass.RetailMortgage && pd < 1.0 && double.IsNaN(ltv));

    /// <summary>The gross standardised exposure before provisions and CRM: drawn + CCF x undrawn.</summary>
    internal static double GrossExposure(double drawn, double undrawn) => drawn + (CommitmentCcf * undrawn);

    /// <summary>The standardised RWA of a validated loan (its risk weight out).</summary>
    internal static double RiskWeightedAssetsUnchecked(in RegulatoryLoan x, out double riskWeight)
    {
        double gross = GrossExposure(x.Drawn, x.Undrawn);
        double e = Math.Max(0.0, gross - x.Provision);
        if (x.Collateral is CollateralType.Cash or CollateralType.Financial)
        {
            e = Math.Max(0.0, e - (x.CollateralValue * (1.0 - Basel3Irb.HaircutUnchecked(x.Collateral, x.CollateralHaircut))));
        }

        bool residential = x.Class == AssetClass.RetailMortgage && !double.IsNaN(x.Ltv);
        riskWeight = x.Pd >= 1.0
            ? DefaultedRiskWeight(gross > 0.0 ? x.Provision / gross : 1.0, residential)
            : x.Class switch
            {
                AssetClass.Sovereign => SovereignRiskWeight(x.Rating),
                AssetClass.Bank => BankRiskWeight(x.Rating, x.Scra),
                AssetClass.Corporate => CorporateRiskWeight(x.Rating, sme: false, x.InvestmentGrade),
                AssetClass.Sme => CorporateRiskWeight(x.Rating, sme: true, x.InvestmentGrade),
                AssetClass.RetailMortgage when residential => ResidentialUnchecked(x.Ltv),
                _ => RetailRiskWeight(x.RegulatoryRetail, x.Transactor && x.Class == AssetClass.RetailRevolving),
            };
        return riskWeight * e;
    }

    private static double ResidentialUnchecked(double ltv) => ltv switch
    {
        <= 0.50 => 0.20,
        <= 0.60 => 0.25,
        <= 0.80 => 0.30,
        <= 0.90 => 0.40,
        <= 1.00 => 0.50,
        _ => 0.70,
    };

    private enum RatingBucket
    {
        Unrated,
        AaaToAaMinus,
        APlusToAMinus,
        BbbPlusToBbbMinus,
        BbPlusToBbMinus,
        BPlusToBMinus,
        BelowBMinus,
    }

    private static RatingBucket Bucket(CreditRating rating) => rating switch
    {
        CreditRating.Unrated => RatingBucket.Unrated,
        <= CreditRating.AaMinus => RatingBucket.AaaToAaMinus,
        <= CreditRating.AMinus => RatingBucket.APlusToAMinus,
        <= CreditRating.BbbMinus => RatingBucket.BbbPlusToBbbMinus,
        <= CreditRating.BbMinus => RatingBucket.BbPlusToBbMinus,
        <= CreditRating.BMinus => RatingBucket.BPlusToBMinus,
        _ => RatingBucket.BelowBMinus,
    };
}
