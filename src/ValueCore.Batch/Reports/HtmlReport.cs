using System.Net;

namespace ValueCore.Batch.Reports;

/// <summary>One cell of a report table: its text, whether it is a number (right-aligned), an optional background
/// colour (heat maps) and an optional key (<c>data-key</c>, naming the measure in the totals table).</summary>
internal sealed record ReportCell(string Text, bool Numeric = false, string? Background = null, string? Key = null);

/// <summary>A table: column headers and rows of cells.</summary>
internal sealed class ReportTable(string? id, IReadOnlyList<string> headers)
{
    /// <summary>The <c>id</c> attribute (e.g. <c>totals</c>), or null.</summary>
    public string? Id { get; } = id;

    /// <summary>The column headers.</summary>
    public IReadOnlyList<string> Headers { get; } = headers;

    /// <summary>The rows, in order.</summary>
    public List<IReadOnlyList<ReportCell>> Rows { get; } = [];

    /// <summary>Appends a row.</summary>
    public ReportTable Add(params ReportCell[] cells)
    {
        Rows.Add(cells);
        return this;
    }
}

/// <summary>A section of the report: a heading and its blocks (paragraphs, warnings, tables, charts) in order.</summary>
internal sealed class ReportSection(string heading)
{
    private readonly List<(string Kind, object Content)> _blocks = [];

    /// <summary>The heading.</summary>
    public string Heading { get; } = heading;

    /// <summary>The blocks in order: ("p" | "warning", text), ("table", <see cref="ReportTable"/>), ("chart", svg text).</summary>
    public IReadOnlyList<(string Kind, object Content)> Blocks => _blocks;

    /// <summary>Adds a paragraph of plain text.</summary>
    public ReportSection Text(string text)
    {
        _blocks.Add(("p", text));
        return this;
    }

    /// <summary>Adds a warning (shown highlighted; its text starts with "Warning:").</summary>
    public ReportSection Warning(string text)
    {
        _blocks.Add(("warning", text));
        return this;
    }

    /// <summary>Adds a table.</summary>
    public ReportSection Table(ReportTable table)
    {
        _blocks.Add(("table", table));
        return this;
    }

    /// <summary>Adds an inline SVG chart written by <see cref="SvgChart"/>.</summary>
    public ReportSection Chart(string svg)
    {
        _blocks.Add(("chart", svg));
        return this;
    }
}

/// <summary>
/// A report as one self-contained HTML document: inline CSS (with print rules for A4 landscape), charts as inline SVG,
/// heat maps as coloured table cells, no script, and no reference to anything outside the file (no URL, no external
/// font or style sheet). Rule and contents: docs/reports.md.
/// </summary>
internal sealed class HtmlReport(string title)
{
    private const string Style = """
        @page { size: A4 landscape; margin: 12mm; }
        body { font-family: sans-serif; color: #1a202c; margin: 24px; max-width: 1200px; }
        h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; border-bottom: 1px solid #cbd5e0; padding-bottom: 3px; margin-top: 28px; }
        p.meta { color: #4a5568; margin-top: 0; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 12px; margin: 8px 0 14px; }
        th, td { border: 1px solid #cbd5e0; padding: 3px 7px; } th { background: #edf2f7; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        p.warning { background: #fff5f5; border-left: 4px solid #c53030; padding: 6px 10px; }
        svg { max-width: 100%; height: auto; display: block; margin: 6px 0 12px; }
        footer { margin-top: 32px; font-size: 11px; color: #4a5568; } footer td { word-break: break-all; }
        @media print {
          body { margin: 0; max-width: none; font-size: 11px; }
          section { break-inside: avoid-page; } h2 { break-after: avoid; }
          .scroll { overflow: visible; } table { font-size: 9px; max-width: 100%; } th, td { padding: 2px 4px; }
          svg { max-height: 120mm; width: auto; }
        }
        """;

    /// <summary>The document title.</summary>
    public string Title { get; } = title;

    /// <summary>A line under the title (e.g. the tool, version and time).</summary>
    public string? Subtitle { get; set; }

    /// <summary>The sections in order.</summary>
    public List<ReportSection> Sections { get; } = [];

    /// <summary>The run's parameters for the footer (name, value as text).</summary>
    public List<(string Name, string Value)> Parameters { get; } = [];

    /// <summary>The run's input files for the footer (role, file name, SHA-256 from the manifest).</summary>
    public List<(string Role, string File, string Sha256)> Inputs { get; } = [];

    /// <summary>Adds a section and returns it.</summary>
    public ReportSection Section(string heading)
    {
        var s = new ReportSection(heading);
        Sections.Add(s);
        return s;
    }

    /// <summary>Writes the document (UTF-8 text, LF line ends are the writer's).</summary>
    public void Write(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write($"<title>{E(Title)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n<header>\n<h1>{E(Title)}</h1>\n");
        if (Subtitle is not null)
        {
            w.Write($"<p class=\"meta\">{E(Subtitle)}</p>\n");
        }

        w.Write("</header>\n<main>\n");
        foreach (var s in Sections)
        {
            w.Write($"<section>\n<h2>{E(s.Heading)}</h2>\n");
            foreach (var (kind, content) in s.Blocks)
            {
                switch (kind)
                {
                    case "p":
                        w.Write($"<p>{E((string)content)}</p>\n");
                        break;
                    case "warning":
                        w.Write($"<p class=\"warning\">{E((string)content)}</p>\n");
                        break;
                    case "chart":
                        w.Write((string)content);
                        w.Write('\n');
                        break;
                    default:
                        WriteTable(w, (ReportTable)content);
                        break;
                }
            }

            w.Write("</section>\n");
        }

        w.Write("</main>\n<footer>\n<h2>Run</h2>\n");
        var inputs = new ReportTable("inputs", ["input", "file", "SHA-256"]);
        foreach (var (role, file, sha) in Inputs)
        {
            inputs.Add(new(role), new(file), new(sha));
        }

        WriteTable(w, inputs);
        var parameters = new ReportTable("parameters", ["parameter", "value"]);
        foreach (var (name, value) in Parameters)
        {
            parameters.Add(new(name), new(value));
        }

        WriteTable(w, parameters);
        w.Write("</footer>\n</body>\n</html>\n");
    }

    private static void WriteTable(TextWriter w, ReportTable t)
    {
        w.Write(t.Id is null ? "<div class=\"scroll\"><table>\n<thead><tr>" : $"<div class=\"scroll\"><table id=\"{E(t.Id)}\">\n<thead><tr>");
        foreach (var h in t.Headers)
        {
            w.Write($"<th>{E(h)}</th>");
        }

        w.Write("</tr></thead>\n<tbody>\n");
        foreach (var row in t.Rows)
        {
            w.Write("<tr>");
            foreach (var c in row)
            {
                w.Write("<td");
                if (c.Numeric)
                {
                    w.Write(" class=\"num\"");
                }

                if (c.Key is not null)
                {
                    w.Write($" data-key=\"{E(c.Key)}\"");
                }

                if (c.Background is not null)
                {
                    w.Write($" style=\"background:{c.Background}\"");
                }

                w.Write($">{E(c.Text)}</td>");
            }

            w.Write("</tr>\n");
        }

        w.Write("</tbody>\n</table></div>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
