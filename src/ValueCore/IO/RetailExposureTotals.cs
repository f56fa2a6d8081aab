using ValueCore.Capital;
using ValueCore.IO.Csv;
using ValueCore.Portfolio;

namespace ValueCore.IO;

/// <summary>
/// The retail exposures of a whole book per counterparty and in total, for the regulatory retail criteria of CRE20.65
/// (at most EUR 1m per counterparty and at most 0.2% of the regulatory retail portfolio). The streaming batch cannot know
/// a counterparty's total from one chunk, so under Basel III it reads the file once before valuing (as the duplicate-id
/// check does), with the same reader and rules; rejected rows do not count.
/// </summary>
internal sealed class RetailExposureTotals
{
    private readonly Dictionary<string, double> _byCustomer = new(StringComparer.Ordinal);

    /// <summary>The sum of the gross standardised exposures of every regulatory retail candidate.</summary>
    public double Portfolio { get; private set; }

    /// <summary>Whether a candidate with this customer id (empty: its own counterparty) and gross exposure qualifies.</summary>
    public bool Qualifies(ReadOnlySpan<byte> customerId, double ownExposure, TextInterner interner)
    {
        double total = customerId.IsEmpty ? ownExposure : _byCustomer.GetValueOrDefault(interner.Get(customerId), ownExposure);
        return StandardisedApproach.RetailQualifies(total, Portfolio);
    }

    /// <summary>Reads the book once and sums the candidates' exposures by customer.</summary>
    public static RetailExposureTotals Scan(string path, LoanBookSchema schema, ValuationOptions options)
    {
        var totals = new RetailExposureTotals();
        using var chunker = CsvChunker.OpenFile(path, CsvChunker.RecordsPerChunk);
        var processor = new LoanChunkProcessor(schema, options, [], []) { WriteLoans = false, KeepText = true, ValueRows = false };
        LoanChunkResult? reuse = null;
        for (var chunk = chunker.Next(); chunk is not null; chunk = chunker.Next())
        {
            var r = reuse = processor.Process(chunk, chunk.Index == 0 ? 1 : 0, reuse);
            var p = r.Parsed;
            for (int v = 0; v < r.Valid; v++)
            {
                double ltv = p.HasRegulatory ? p.Regulatory.Ltv[v] : double.NaN;
                if (!StandardisedApproach.IsRetailCandidate(p.AssetClass[v], p.Pd[v], ltv))
                {
                    continue;
                }

                double e = StandardisedApproach.GrossExposure(p.Drawn[v], p.Undrawn[v]);
                totals.Portfolio += e;
                if (p.CustomerId[v].Length > 0)
                {
                    totals._byCustomer[p.CustomerId[v]] = totals._byCustomer.GetValueOrDefault(p.CustomerId[v]) + e;
                }
            }

            chunk.ReturnData();
        }

        return totals;
    }
}
