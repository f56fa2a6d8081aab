namespace ValueCore.Capital;

/// <summary>The grade of an unrated bank under the standardised credit risk assessment approach (CRE20.18-21; loan-book column <c>scra_grade</c>).</summary>
public enum ScraGrade : byte
{
    /// <summary>Not given: an unrated bank without a grade is weighted as grade C (150%), the conservative reading.</summary>
    None = 0,

    /// <summary>Grade A (CRE20.19): 40%.</summary>
    A = 1,

    /// <summary>Grade B (CRE20.20): 75%.</summary>
    B = 2,

    /// <summary>Grade C (CRE20.21): 150%.</summary>
    C = 3,
}
