using System.Globalization;
using System.Net;
using System.Text;

namespace ValueCore.Batch.Reports;

/// <summary>
/// The report's charts, written as inline <c>&lt;svg&gt;</c> text with no reference to anything outside the document:
/// vertical bars (with a reference line, e.g. the hurdle), horizontal bars (signed: top-10 lists, contributions, a
/// tornado), a histogram, lines on a linear or logarithmic y axis (loss distributions, PD term structures, with an
/// optional band and vertical markers) and a waterfall (movements, roll-forwards).
/// </summary>
/// <remarks>
/// Our own small module rather than ScottPlot 5: ScottPlot draws through SkiaSharp, whose native libraries
/// (libSkiaSharp.so, libHarfBuzzSharp.so) must sit beside the native AOT executable, and the AOT build tried with
/// ScottPlot 5.1.59 aborted on its first plot (docs/reports.md, "Charts"). Sizes are in SVG user units; the
/// <c>viewBox</c> lets a page scale the chart to its width.
/// </remarks>
internal static class SvgChart
{
    private const double Width = 900;
    private const double Left = 90;
    private const double Right = 20;
    private const double Top = 30;
    private const string Positive = "#2b6cb0";
    private const string Negative = "#c53030";
    private const string Neutral = "#718096";
    private static readonly string[] s_palette = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#319795", "#b7791f", "#4a5568"];

    /// <summary>Vertical bars, one per label (negative ones below the zero line), with an optional horizontal reference line.</summary>
    public static string Bars(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, Func<double, string> format, double? reference = null, string? referenceLabel = null)
    {
        const double height = 320, bottom = 90;
        double plotH = height - Top - bottom, plotW = Width - Left - Right;
        var (lo, hi) = Range(values.Append(reference ?? 0).Append(0));
        var svg = Open(title, height);
        double Y(double v) => Top + (hi - v) / (hi - lo) * plotH;
        YAxis(svg, lo, hi, Y, format, plotW);
        double slot = plotW / Math.Max(values.Count, 1);
        for (int i = 0; i < values.Count; i++)
        {
            double v = double.IsFinite(values[i]) ? values[i] : 0, x = Left + i * slot + slot * 0.15, w = slot * 0.7;
            double y0 = Y(Math.Max(v, 0)), y1 = Y(Math.Min(v, 0));
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y0)}\" width=\"{N(w)}\" height=\"{N(Math.Max(y1 - y0, 0.5))}\" fill=\"{(v < 0 ? Negative : Positive)}\"><title>{E(labels[i])}: {E(format(values[i]))}</title></rect>");
            double lx = x + w / 2, ly = Top + plotH + 12;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(lx)}\" y=\"{N(ly)}\" font-size=\"11\" text-anchor=\"end\" transform=\"rotate(-35 {N(lx)} {N(ly)})\">{E(Clip(labels[i], 22))}</text>");
        }

        if (reference is double r)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" x2=\"{N(Left + plotW)}\" y1=\"{N(Y(r))}\" y2=\"{N(Y(r))}\" stroke=\"{Negative}\" stroke-dasharray=\"6 4\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left + plotW - 4)}\" y=\"{N(Y(r) - 4)}\" font-size=\"11\" text-anchor=\"end\" fill=\"{Negative}\">{E(referenceLabel ?? format(r))}</text>");
        }

        return Close(svg);
    }

    /// <summary>Horizontal bars, one per label in the order given (a tornado when sorted by size): positive right of zero, negative left.</summary>
    public static string HorizontalBars(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, Func<double, string> format)
    {
        const double row = 22, left = 220;
        double height = Top + 30 + row * Math.Max(values.Count, 1), plotW = Width - left - 110;
        var (lo, hi) = Range(values.Append(0));
        var svg = Open(title, height);
        double X(double v) => left + (v - lo) / (hi - lo) * plotW;
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(0))}\" x2=\"{N(X(0))}\" y1=\"{N(Top)}\" y2=\"{N(height - 20)}\" stroke=\"#333\"/>");
        for (int i = 0; i < values.Count; i++)
        {
            double v = double.IsFinite(values[i]) ? values[i] : 0, y = Top + i * row;
            double x0 = X(Math.Min(v, 0)), x1 = X(Math.Max(v, 0));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(left - 6)}\" y=\"{N(y + row * 0.65)}\" font-size=\"11\" text-anchor=\"end\">{E(Clip(labels[i], 34))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x0)}\" y=\"{N(y + 3)}\" width=\"{N(Math.Max(x1 - x0, 0.5))}\" height=\"{N(row - 6)}\" fill=\"{(v < 0 ? Negative : Positive)}\"><title>{E(labels[i])}: {E(format(values[i]))}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x1 + 4)}\" y=\"{N(y + row * 0.65)}\" font-size=\"10\">{E(format(values[i]))}</text>");
        }

        return Close(svg);
    }

    /// <summary>A histogram: bins [lower, upper) with their counts or probabilities, and optional vertical markers.</summary>
    public static string Histogram(string title, IReadOnlyList<double> lower, IReadOnlyList<double> upper, IReadOnlyList<double> heights, Func<double, string> xFormat, Func<double, string> yFormat, IReadOnlyList<(string Label, double X)>? markers = null)
    {
        const double height = 300, bottom = 40;
        double plotH = height - Top - bottom, plotW = Width - Left - Right;
        double xlo = lower.Count > 0 ? lower.Min() : 0, xhi = upper.Count > 0 ? upper.Max() : 1;
        if (!(xhi > xlo))
        {
            xhi = xlo + 1;
        }

        var (lo, hi) = Range(heights.Append(0));
        var svg = Open(title, height);
        double X(double v) => Left + (Math.Clamp(v, xlo, xhi) - xlo) / (xhi - xlo) * plotW;
        double Y(double v) => Top + (hi - v) / (hi - lo) * plotH;
        YAxis(svg, lo, hi, Y, yFormat, plotW);
        for (int i = 0; i < heights.Count; i++)
        {
            double x0 = X(lower[i]), x1 = X(upper[i]);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x0)}\" y=\"{N(Y(heights[i]))}\" width=\"{N(Math.Max(x1 - x0 - 1, 0.5))}\" height=\"{N(Y(0) - Y(heights[i]))}\" fill=\"{Positive}\"><title>[{E(xFormat(lower[i]))}, {E(xFormat(upper[i]))}): {E(yFormat(heights[i]))}</title></rect>");
        }

        XTicks(svg, xlo, xhi, X, xFormat, Top + plotH);
        Markers(svg, markers, X, Top, Top + plotH);
        return Close(svg);
    }

    /// <summary>Lines over a numeric x axis, on a log-10 y axis when <paramref name="logY"/> (values at or below zero are left out there), with an optional band (lower, upper) around the first series and vertical markers.</summary>
    public static string Lines(string title, IReadOnlyList<double> x, IReadOnlyList<(string Name, IReadOnlyList<double> Y)> series, bool logY, Func<double, string> xFormat, Func<double, string> yFormat, IReadOnlyList<(string Label, double X)>? markers = null, (IReadOnlyList<double> Lower, IReadOnlyList<double> Upper)? band = null)
    {
        const double height = 320, bottom = 40;
        double plotH = height - Top - bottom, plotW = Width - Left - 150;
        double xlo = x.Count > 0 ? x.Min() : 0, xhi = x.Count > 0 ? x.Max() : 1;
        if (markers is not null && markers.Count > 0)
        {
            xhi = Math.Max(xhi, markers.Max(m => m.X));
        }

        if (!(xhi > xlo))
        {
            xhi = xlo + 1;
        }

        var all = series.SelectMany(s => s.Y).Concat(band is { } b ? b.Lower.Concat(b.Upper) : []).Where(v => double.IsFinite(v) && (!logY || v > 0)).ToList();
        double lo, hi;
        if (logY)
        {
            lo = all.Count > 0 ? Math.Floor(Math.Log10(all.Min())) : 0;
            hi = all.Count > 0 ? Math.Ceiling(Math.Log10(all.Max())) : 1;
            if (!(hi > lo))
            {
                hi = lo + 1;
            }
        }
        else
        {
            (lo, hi) = Range(all.Append(0));
        }

        var svg = Open(title, height);
        double X(double v) => Left + (v - xlo) / (xhi - xlo) * plotW;
        double Y(double v) => logY ? Top + (hi - Math.Log10(v)) / (hi - lo) * plotH : Top + (hi - v) / (hi - lo) * plotH;
        if (logY)
        {
            for (double e = lo; e <= hi; e++)
            {
                double y = Top + (hi - e) / (hi - lo) * plotH;
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" x2=\"{N(Left + plotW)}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"#e2e8f0\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left - 6)}\" y=\"{N(y + 4)}\" font-size=\"11\" text-anchor=\"end\">{E(yFormat(Math.Pow(10, e)))}</text>");
            }
        }
        else
        {
            YAxis(svg, lo, hi, Y, yFormat, plotW);
        }

        if (band is { } bd)
        {
            var pts = new StringBuilder();
            for (int i = 0; i < x.Count; i++)
            {
                if (Ok(bd.Upper[i]))
                {
                    pts.Append(N(X(x[i]))).Append(',').Append(N(Y(bd.Upper[i]))).Append(' ');
                }
            }

            for (int i = x.Count - 1; i >= 0; i--)
            {
                if (Ok(bd.Lower[i]))
                {
                    pts.Append(N(X(x[i]))).Append(',').Append(N(Y(bd.Lower[i]))).Append(' ');
                }
            }

            svg.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{pts.ToString().TrimEnd()}\" fill=\"{Positive}\" fill-opacity=\"0.2\" stroke=\"none\"/>");
        }

        for (int s = 0; s < series.Count; s++)
        {
            var pts = new StringBuilder();
            for (int i = 0; i < x.Count; i++)
            {
                if (Ok(series[s].Y[i]))
                {
                    pts.Append(N(X(x[i]))).Append(',').Append(N(Y(series[s].Y[i]))).Append(' ');
                }
            }

            string colour = s_palette[s % s_palette.Length];
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{pts.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(Left + plotW + 12)}\" y=\"{N(Top + s * 16)}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{N(Left + plotW + 26)}\" y=\"{N(Top + s * 16 + 9)}\" font-size=\"11\">{E(Clip(series[s].Name, 18))}</text>");
        }

        XTicks(svg, xlo, xhi, X, xFormat, Top + plotH);
        Markers(svg, markers, X, Top, Top + plotH);
        return Close(svg);

        bool Ok(double v) => double.IsFinite(v) && (!logY || v > 0);
    }

    /// <summary>A waterfall: an opening bar, one floating bar per step (increase up, decrease down) and a closing bar.</summary>
    public static string Waterfall(string title, string openingLabel, double opening, IReadOnlyList<(string Label, double Delta)> steps, string closingLabel, double closing, Func<double, string> format)
    {
        var labels = new List<string> { openingLabel };
        var lows = new List<double> { Math.Min(0, opening) };
        var highs = new List<double> { Math.Max(0, opening) };
        var colours = new List<string> { Neutral };
        double level = opening;
        foreach (var (label, delta) in steps)
        {
            labels.Add(label);
            lows.Add(Math.Min(level, level + delta));
            highs.Add(Math.Max(level, level + delta));
            colours.Add(delta < 0 ? Negative : Positive);
            level += delta;
        }

        labels.Add(closingLabel);
        lows.Add(Math.Min(0, closing));
        highs.Add(Math.Max(0, closing));
        colours.Add(Neutral);

        const double height = 340, bottom = 100;
        double plotH = height - Top - bottom, plotW = Width - Left - Right;
        var (lo, hi) = Range(lows.Concat(highs));
        var svg = Open(title, height);
        double Y(double v) => Top + (hi - v) / (hi - lo) * plotH;
        YAxis(svg, lo, hi, Y, format, plotW);
        double slot = plotW / labels.Count;
        for (int i = 0; i < labels.Count; i++)
        {
            double x = Left + i * slot + slot * 0.15, w = slot * 0.7;
            double value = i == 0 ? opening : i == labels.Count - 1 ? closing : steps[i - 1].Delta;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(Y(highs[i]))}\" width=\"{N(w)}\" height=\"{N(Math.Max(Y(lows[i]) - Y(highs[i]), 0.5))}\" fill=\"{colours[i]}\"><title>{E(labels[i])}: {E(format(value))}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + w / 2)}\" y=\"{N(Y(highs[i]) - 3)}\" font-size=\"10\" text-anchor=\"middle\">{E(format(value))}</text>");
            double lx = x + w / 2, ly = Top + plotH + 12;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(lx)}\" y=\"{N(ly)}\" font-size=\"11\" text-anchor=\"end\" transform=\"rotate(-35 {N(lx)} {N(ly)})\">{E(Clip(labels[i], 24))}</text>");
        }

        return Close(svg);
    }

    private static StringBuilder Open(string title, double height) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {N(Width)} {N(height)}\" width=\"{N(Width)}\" height=\"{N(height)}\" role=\"img\" aria-label=\"{E(title)}\" font-family=\"sans-serif\">")
        .Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>")
        .Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"13\" font-size=\"13\" font-weight=\"bold\">{E(title)}</text>");

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static (double Lo, double Hi) Range(IEnumerable<double> values)
    {
        double lo = 0, hi = 0;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        if (!(hi > lo))
        {
            hi = lo + 1;
        }

        double pad = (hi - lo) * 0.05;
        return (lo < 0 ? lo - pad : lo, hi + pad);
    }

    private static void YAxis(StringBuilder svg, double lo, double hi, Func<double, double> y, Func<double, string> format, double plotW)
    {
        for (int i = 0; i <= 4; i++)
        {
            double v = lo + (hi - lo) * i / 4, yy = y(v);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" x2=\"{N(Left + plotW)}\" y1=\"{N(yy)}\" y2=\"{N(yy)}\" stroke=\"#e2e8f0\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left - 6)}\" y=\"{N(yy + 4)}\" font-size=\"11\" text-anchor=\"end\">{E(format(v))}</text>");
        }

        if (lo < 0 && hi > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" x2=\"{N(Left + plotW)}\" y1=\"{N(y(0))}\" y2=\"{N(y(0))}\" stroke=\"#333\"/>");
        }
    }

    private static void XTicks(StringBuilder svg, double lo, double hi, Func<double, double> x, Func<double, string> format, double axisY)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x(lo))}\" x2=\"{N(x(hi))}\" y1=\"{N(axisY)}\" y2=\"{N(axisY)}\" stroke=\"#333\"/>");
        for (int i = 0; i <= 5; i++)
        {
            double v = lo + (hi - lo) * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x(v))}\" y=\"{N(axisY + 16)}\" font-size=\"11\" text-anchor=\"middle\">{E(format(v))}</text>");
        }
    }

    private static void Markers(StringBuilder svg, IReadOnlyList<(string Label, double X)>? markers, Func<double, double> x, double top, double bottom)
    {
        if (markers is null)
        {
            return;
        }

        for (int i = 0; i < markers.Count; i++)
        {
            double xx = x(markers[i].X);
            string colour = s_palette[(i + 1) % s_palette.Length];
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(xx)}\" x2=\"{N(xx)}\" y1=\"{N(top)}\" y2=\"{N(bottom)}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(xx + 3)}\" y=\"{N(top + 12 + i * 13)}\" font-size=\"11\" fill=\"{colour}\">{E(markers[i].Label)}</text>");
        }
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string N(double v) => ReportNumbers.Svg(v);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
