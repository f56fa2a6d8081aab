using ValueCore.Capital;

namespace ValueCore.Portfolio;

/// <summary>The Basel III loan-book columns of a book or a chunk, one array per field (NaN = not given); present only
/// when the source has at least one of them (<see cref="LoanColumns.RegulatoryColumnNames"/>).</summary>
internal sealed class RegulatoryColumns
{
    public const byte LargeFiFlag = 1;
    public const byte TransactorFlag = 2;
    public const byte SubordinatedFlag = 4;

    public RegulatoryColumns(int n)
    {
        Approach = new IrbApproach[n];
        Flags = new byte[n];
        Collateral = new CollateralType[n];
        CollateralValue = new double[n];
        CollateralHaircut = new double[n];
        GuarantorPd = new double[n];
        GuarantorClass = new AssetClass[n];
        GuaranteedAmount = new double[n];
        Rating = new CreditRating[n];
        Scra = new ScraGrade[n];
        Ltv = new double[n];
        Provision = new double[n];
    }

    public int Capacity => Flags.Length;

    public IrbApproach[] Approach { get; }
    public byte[] Flags { get; }
    public CollateralType[] Collateral { get; }
    public double[] CollateralValue { get; }
    public double[] CollateralHaircut { get; }
    public double[] GuarantorPd { get; }
    public AssetClass[] GuarantorClass { get; }
    public double[] GuaranteedAmount { get; }
    public CreditRating[] Rating { get; }
    public ScraGrade[] Scra { get; }
    public double[] Ltv { get; }
    public double[] Provision { get; }

    /// <summary>Stores one loan's terms at <paramref name="i"/>.</summary>
    public void Set(int i, in RegulatoryLoan x)
    {
        Approach[i] = x.Approach;
        Flags[i] = (byte)((x.LargeFi ? LargeFiFlag : 0) | (x.Transactor ? TransactorFlag : 0) | (x.Seniority == Seniority.Subordinated ? SubordinatedFlag : 0));
        Collateral[i] = x.Collateral;
        CollateralValue[i] = x.CollateralValue;
        CollateralHaircut[i] = x.CollateralHaircut;
        GuarantorPd[i] = x.GuarantorPd;
        GuarantorClass[i] = x.GuarantorClass;
        GuaranteedAmount[i] = x.GuaranteedAmount;
        Rating[i] = x.Rating;
        Scra[i] = x.Scra;
        Ltv[i] = x.Ltv;
        Provision[i] = x.Provision;
    }

    /// <summary>Fills the Basel III terms of loan <paramref name="i"/> into <paramref name="x"/> (whose base fields the caller set).</summary>
    public void Fill(int i, ref RegulatoryLoan x)
    {
        x.Approach = Approach[i];
        x.LargeFi = (Flags[i] & LargeFiFlag) != 0;
        x.Transactor = (Flags[i] & TransactorFlag) != 0;
        x.Seniority = (Flags[i] & SubordinatedFlag) != 0 ? Seniority.Subordinated : Seniority.Senior;
        x.Collateral = Collateral[i];
        x.CollateralValue = CollateralValue[i];
        x.CollateralHaircut = CollateralHaircut[i];
        x.GuarantorPd = GuarantorPd[i];
        x.GuarantorClass = GuarantorClass[i];
        x.GuaranteedAmount = GuaranteedAmount[i];
        x.Rating = Rating[i];
        x.Scra = Scra[i];
        x.Ltv = Ltv[i];
        x.Provision = Provision[i];
    }

    /// <summary>Copies [0, count) into <paramref name="to"/> at <paramref name="at"/>.</summary>
    public void CopyTo(RegulatoryColumns to, int at, int count)
    {
        Approach.AsSpan(0, count).CopyTo(to.Approach.AsSpan(at));
        Flags.AsSpan(0, count).CopyTo(to.Flags.AsSpan(at));
        Collateral.AsSpan(0, count).CopyTo(to.Collateral.AsSpan(at));
        CollateralValue.AsSpan(0, count).CopyTo(to.CollateralValue.AsSpan(at));
        CollateralHaircut.AsSpan(0, count).CopyTo(to.CollateralHaircut.AsSpan(at));
        GuarantorPd.AsSpan(0, count).CopyTo(to.GuarantorPd.AsSpan(at));
        GuarantorClass.AsSpan(0, count).CopyTo(to.GuarantorClass.AsSpan(at));
        GuaranteedAmount.AsSpan(0, count).CopyTo(to.GuaranteedAmount.AsSpan(at));
        Rating.AsSpan(0, count).CopyTo(to.Rating.AsSpan(at));
        Scra.AsSpan(0, count).CopyTo(to.Scra.AsSpan(at));
        Ltv.AsSpan(0, count).CopyTo(to.Ltv.AsSpan(at));
        Provision.AsSpan(0, count).CopyTo(to.Provision.AsSpan(at));
    }
}
