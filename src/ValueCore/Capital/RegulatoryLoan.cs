namespace ValueCore.Capital;

/// <summary>One loan's inputs to the Basel III rules in unchecked, columnar form (NaN = not given); built from
/// <see cref="RegulatoryTerms"/> or from the loan-book columns, validated before.</summary>
internal struct RegulatoryLoan
{
    public AssetClass Class;
    public double Ead;
    public double Drawn;
    public double Undrawn;
    public double Pd;
    public double Lgd;
    public double Maturity;
    public double Sales;
    public double Beel;
    public IrbApproach Approach;
    public bool LargeFi;
    public bool Transactor;
    public CollateralType Collateral;
    public double CollateralValue;
    public double CollateralHaircut;
    public Seniority Seniority;
    public double GuarantorPd;
    public AssetClass GuarantorClass;
    public double GuaranteedAmount;
    public CreditRating Rating;
    public ScraGrade Scra;
    public bool InvestmentGrade;
    public double Ltv;
    public double Provision;
    public bool RegulatoryRetail;

    public static RegulatoryLoan From(AssetClass assetClass, double ead, double drawn, double undrawn, double pd, double lgd,
        double maturity, double sales, double beel, RegulatoryTerms t) => new()
    {
        Class = assetClass,
        Ead = ead,
        Drawn = drawn,
        Undrawn = undrawn,
        Pd = pd,
        Lgd = lgd,
        Maturity = maturity,
        Sales = sales,
        Beel = beel,
        Approach = t.Approach,
        LargeFi = t.LargeFinancialInstitution,
        Transactor = t.QrreTransactor,
        Collateral = t.CollateralType,
        CollateralValue = t.CollateralValue,
        CollateralHaircut = t.CollateralHaircut ?? double.NaN,
        Seniority = t.Seniority,
        GuarantorPd = t.GuarantorPd ?? double.NaN,
        GuarantorClass = t.GuarantorClass,
        GuaranteedAmount = t.GuaranteedAmount,
        Rating = t.Rating,
        Scra = t.ScraGrade,
        InvestmentGrade = t.InvestmentGrade,
        Ltv = t.Ltv ?? double.NaN,
        Provision = t.Provision,
        RegulatoryRetail = t.RegulatoryRetail,
    };
}
