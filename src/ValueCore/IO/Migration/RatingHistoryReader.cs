using System.Buffers;
using System.Globalization;
using System.Text;
using ValueCore.Internal;
using ValueCore.IO.Csv;
using ValueCore.Migration;

namespace ValueCore.IO.Migration;

/// <summary>
/// Reads rating or loan-classification histories from CSV: <c>entity_id,date,state[,balance][,reduction]</c> or
/// <c>entity_id,time,state[,...]</c>, rows in any order; other columns are ignored.
/// </summary>
/// <remarks>
/// <para>UTF-8 (a byte-order mark is skipped), comma-separated, header row, LF or CRLF line ends, RFC 4180 quotes
/// (no line breaks inside fields). <c>date</c> is ISO yyyy-MM-dd; <c>time</c> is a number of years. Numbers are
/// invariant-culture ('.' decimal separator, no thousands separators). State labels are matched exactly; the five-tier
/// labels are also accepted in Chinese (正常, 关注/關注, 次级/次級, 可疑, 损失/損失).</para>
/// <para>Every problem is reported in one <see cref="DataValidationException"/> naming file, line (header = 1), column,
/// value and rule. The file is parsed in fixed-size byte chunks in parallel and merged in file order.</para>
/// </remarks>
public static class RatingHistoryReader
{
    private const int ChunkBytes = 4 << 20;

    /// <summary>Reads a history file.</summary>
    /// <param name="path">The CSV file (also gzip or Zstandard-compressed: <c>.csv.gz</c>, <c>.csv.zst</c>).</param>
    /// <param name="options">The state options (default: five-tier labels, loss absorbing, no censoring labels).</param>
    /// <returns>The validated history.</returns>
    /// <exception cref="DataValidationException">The header or a row breaks a rule.</exception>
    /// <exception cref="ArgumentException">The state options are inconsistent (see <see cref="StateSpace.Create"/>).</exception>
    public static RatingHistory Read(string path, RatingHistoryReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Sources.BookSource.IsParquet(path))
        {
            // Lines of a history are physical lines; a Parquet source numbers rows, which this reader does not yet.
            throw new DataValidationException(Path.GetFileName(path), [new DataIssue(0, "", "", "is Parquet: a rating history is read from CSV (.csv, .csv.gz or .csv.zst)")], 1);
        }

        // Through the one source seam: a .csv.gz or .csv.zst history is read as its unpacked text (lines of that text).
        using var stream = Sources.BookSource.OpenRead(path);
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return Parse(bytes.GetBuffer().AsMemory(0, (int)bytes.Length), Path.GetFileName(path), options);
    }

    /// <summary>Parses history CSV held in memory.</summary>
    /// <param name="utf8">The file's bytes (UTF-8).</param>
    /// <param name="source">The source label used in messages.</param>
    /// <param name="options">The state options.</param>
    /// <returns>The validated history.</returns>
    /// <exception cref="DataValidationException">The header or a row breaks a rule.</exception>
    /// <exception cref="ArgumentException">The state options are inconsistent.</exception>
    public static RatingHistory Parse(ReadOnlyMemory<byte> utf8, string source, RatingHistoryReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new RatingHistoryReadOptions();
        var data = utf8;
        if (data.Span.StartsWith("\uFEFF"u8))
        {
            data = data[3..];
        }

        var issues = new DataIssueCollector(source);
        int headerEnd = data.Span.IndexOf((byte)'\n');
        var headerBytes = headerEnd < 0 ? data.Span : data.Span[..headerEnd];
        var headerCopy = headerBytes.TrimEnd((byte)'\r').ToArray();
        var headerSplitter = new CsvRecordSplitter();
        headerSplitter.Split(headerCopy, 0, headerCopy.Length);
        var header = HeaderMap.Decode(headerSplitter).Select(h => h.Trim()).ToArray();
        HeaderMap.CheckSeparator(source, header, (byte)',');
        var headerIssues = new List<DataIssue>();
        var columns = HeaderMap.Create(header, headerIssues);
        foreach (var issue in headerIssues)
        {
            issues.Add(issue);
        }

        int cEntity = columns.IndexOf("entity_id");
        int cDate = columns.IndexOf("date");
        int cTime = columns.IndexOf("time");
        int cState = columns.IndexOf("state");
        int cBalance = columns.IndexOf("balance");
        int cReduction = columns.IndexOf("reduction");
        if (cEntity < 0 || cState < 0 || (cDate < 0 && cTime < 0) || (cDate >= 0 && cTime >= 0))
        {
            issues.Add(new DataIssue(1, "", string.Join(",", header),
                "the header must name entity_id, state and exactly one of date or time (optional: balance, reduction)"));
            issues.ThrowIfAny(orderByLine: true);
        }

        var layout = new Layout(header.Length, cEntity, cDate >= 0 ? cDate : cTime, cDate >= 0, cState, cBalance, cReduction);
        var body = headerEnd < 0 ? ReadOnlyMemory<byte>.Empty : data[(headerEnd + 1)..];

        // Fixed-size chunks cut at line ends; count the rows of each to give every chunk its slice and line numbers.
        var cuts = new List<int> { 0 };
        var span = body.Span;
        while (cuts[^1] < span.Length)
        {
            int next = Math.Min(span.Length, cuts[^1] + ChunkBytes);
            if (next < span.Length)
            {
                int nl = span[next..].IndexOf((byte)'\n');
                next = nl < 0 ? span.Length : next + nl + 1;
            }

            cuts.Add(next);
        }

        int chunks = cuts.Count - 1;
        var rowsIn = new int[chunks];
        Parallel.For(0, chunks, MigrationParallelism.Options, c =>
        {
            var s = body.Span[cuts[c]..cuts[c + 1]];
            int count = s.Count((byte)'\n');
            if (s.Length > 0 && s[^1] != (byte)'\n')
            {
                count++;
            }

            rowsIn[c] = count;
        });

        var rowStart = new int[chunks + 1];
        for (int c = 0; c < chunks; c++)
        {
            rowStart[c + 1] = checked(rowStart[c] + rowsIn[c]);
        }

        int rows = rowStart[chunks];
        var entity = new int[rows];
        var time = new double[rows];
        var label = new int[rows];
        var lines = new int[rows];
        var balance = cBalance >= 0 ? new double[rows] : null;
        var reduction = cReduction >= 0 ? new double[rows] : null;
        var results = new ChunkResult[chunks];
        Parallel.For(0, chunks, MigrationParallelism.Options, c =>
        {
            var r = new ChunkResult(source);
            ParseChunk(body.Span[cuts[c]..cuts[c + 1]], layout, rowStart[c], rowStart[c] + 2, entity, time, label, lines, balance, reduction, r);
            results[c] = r;
        });

        // Merge entity ids and labels in file order.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var idList = new List<string>();
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        var labelList = new List<string>();
        var labelFirstLine = new List<int>();
        var idMaps = new int[chunks][];
        var labelIndexMaps = new int[chunks][];
        for (int c = 0; c < chunks; c++)
        {
            var r = results[c];
            issues.AddRange(r.Issues);
            var idMap = new int[r.Ids.Count];
            for (int k = 0; k < r.Ids.Count; k++)
            {
                if (!ids.TryGetValue(r.Ids[k], out int g))
                {
                    g = idList.Count;
                    ids[r.Ids[k]] = g;
                    idList.Add(r.Ids[k]);
                }

                idMap[k] = g;
            }

            var labelMap = new int[r.Labels.Count];
            for (int k = 0; k < r.Labels.Count; k++)
            {
                if (!labels.TryGetValue(r.Labels[k], out int g))
                {
                    g = labelList.Count;
                    labels[r.Labels[k]] = g;
                    labelList.Add(r.Labels[k]);
                    labelFirstLine.Add(r.LabelFirstLine[k]);
                }

                labelMap[k] = g;
            }

            idMaps[c] = idMap;
            labelIndexMaps[c] = labelMap;
        }

        // Rows actually parsed (blank or malformed lines leave -1 entries, already reported).
        var labelRules = new RatingLabels { States = options.States, Absorbing = options.Absorbing, Censor = options.Censor, Map = options.Map };
        var states = RatingLabelResolver.Resolve(labelRules, labelList, labelFirstLine, issues, out var codeOfLabel);
        string unknownRule = RatingLabelResolver.UnknownRule(states, labelRules);

        // Remap chunk-local entity and label indices to global ones and label indices to state codes, chunk by chunk in parallel.
        var codes = new byte[rows];
        var remapIssues = new DataIssueCollector[chunks];
        var bad = new bool[chunks];
        Parallel.For(0, chunks, MigrationParallelism.Options, c =>
        {
            var local = new DataIssueCollector(source);
            var idMap = idMaps[c];
            var labelIndex = labelIndexMaps[c];
            for (int row = rowStart[c]; row < rowStart[c] + results[c].Rows; row++)
            {
                if (entity[row] < 0 || label[row] < 0)
                {
                    entity[row] = -1;
                    bad[c] = true;
                    continue;
                }

                entity[row] = idMap[entity[row]];
                int g = labelIndex[label[row]];
                int s = codeOfLabel[g];
                if (s == RatingLabelResolver.Unknown)
                {
                    local.Add(new DataIssue(lines[row], "state", labelList[g], unknownRule));
                    bad[c] = true;
                    continue;
                }

                codes[row] = s == RatingHistory.CensoredState ? RatingHistory.CensoredCode : (byte)s;
            }

            remapIssues[c] = local;
        });

        bool anyBad = bad.Any(b => b);
        foreach (var local in remapIssues)
        {
            issues.AddRange(local);
        }

        issues.ThrowIfAny(orderByLine: true);
        if (anyBad)
        {
            ThrowHelper.InvalidOperation("Internal error: rejected rows without issues.");
        }

        var unit = layout.IsDate ? HistoryTimeUnit.Days : HistoryTimeUnit.Years;
        return RatingHistory.Build(states, unit, idList.Count, entity, time, codes, balance, reduction, lines, idList.AsReadOnly(), issues);
    }

    private sealed record Layout(int Columns, int Entity, int Time, bool IsDate, int State, int Balance, int Reduction);

    private sealed class ChunkResult(string source)
    {
        public DataIssueCollector Issues { get; } = new(source);

        public List<string> Ids { get; } = [];

        public List<string> Labels { get; } = [];

        public List<int> LabelFirstLine { get; } = [];

        public int Rows { get; set; }
    }

    private static void ParseChunk(ReadOnlySpan<byte> s, Layout layout, int row0, int line0, int[] entity, double[] time, int[] label,
        int[] lines, double[]? balance, double[]? reduction, ChunkResult result)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var idLookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var labelBytes = new List<byte[]>();
        var splitter = new CsvRecordSplitter();
        byte[] record = new byte[256];
        Span<char> chars = stackalloc char[256];
        byte[] lastId = [];
        int lastIdIndex = -1;
        int lastLabel = -1;
        int row = row0;
        int line = line0;
        int pos = 0;
        while (pos < s.Length)
        {
            int nl = s[pos..].IndexOf((byte)'\n');
            var lineBytes = nl < 0 ? s[pos..] : s.Slice(pos, nl);
            pos = nl < 0 ? s.Length : pos + nl + 1;
            if (!lineBytes.IsEmpty && lineBytes[^1] == (byte)'\r')
            {
                lineBytes = lineBytes[..^1];
            }

            lines[row] = line;
            entity[row] = -1;
            label[row] = -1;
            if (record.Length < lineBytes.Length)
            {
                record = new byte[lineBytes.Length * 2];
            }

            lineBytes.CopyTo(record);
            splitter.Split(record, 0, lineBytes.Length);
            int count = splitter.Count;
            if (lineBytes.IsEmpty)
            {
                result.Issues.Add(new DataIssue(line, "", "", "is an empty line"));
            }
            else if (splitter.InvalidUtf8Field < 0 && splitter.Error is string malformed)
            {
                result.Issues.Add(new DataIssue(line, "", "", "the record " + malformed + " (line breaks inside fields are not supported)"));
            }
            else if (count != layout.Columns)
            {
                result.Issues.Add(new DataIssue(line, "", "", FormattableString.Invariant($"has {count} fields; the header has {layout.Columns}")));
            }
            else if (splitter.InvalidUtf8Field >= 0)
            {
                // The UTF-8 rule (docs/conventions.md, "Text in and out"): an entity id or rating with invalid bytes would
                // otherwise be decoded with U+FFFD and merge with another.
                int bad = splitter.InvalidUtf8Field;
                result.Issues.Add(new DataIssue(line, "", "", FormattableString.Invariant($"field {bad + 1} = {CsvText.Describe(splitter.Raw(bad))} is not valid UTF-8")));
            }
            else
            {
                bool ok = true;
                var id = splitter.Value(layout.Entity);
                if (id.IsEmpty)
                {
                    result.Issues.Add(new DataIssue(line, "entity_id", "", "is empty"));
                    ok = false;
                }
                else if (id.SequenceEqual(lastId))
                {
                    entity[row] = lastIdIndex;
                }
                else
                {
                    string? text = null;
                    int idx;
                    if (id.Length <= chars.Length && Ascii.IsValid(id))
                    {
                        int w = Encoding.ASCII.GetChars(id, chars);
                        if (!idLookup.TryGetValue(chars[..w], out idx))
                        {
                            text = new string(chars[..w]);
                        }
                    }
                    else
                    {
                        text = Encoding.UTF8.GetString(id);
                        if (ids.TryGetValue(text, out idx))
                        {
                            text = null;
                        }
                    }

                    if (text is not null)
                    {
                        idx = result.Ids.Count;
                        ids[text] = idx;
                        result.Ids.Add(text);
                    }

                    lastId = id.ToArray();
                    lastIdIndex = idx;
                    entity[row] = idx;
                }

                var t = splitter.Value(layout.Time);
                if (layout.IsDate)
                {
                    if (TryParseDate(t, out int day))
                    {
                        time[row] = day;
                    }
                    else
                    {
                        result.Issues.Add(new DataIssue(line, "date", Encoding.UTF8.GetString(t), "is not a date yyyy-MM-dd"));
                        ok = false;
                    }
                }
                else if (TryParseNumber(t, out double v))
                {
                    time[row] = v;
                }
                else
                {
                    result.Issues.Add(new DataIssue(line, "time", Encoding.UTF8.GetString(t), "is not a number of years"));
                    ok = false;
                }

                var st = splitter.Value(layout.State);
                if (st.IsEmpty)
                {
                    result.Issues.Add(new DataIssue(line, "state", "", "is empty"));
                    ok = false;
                }
                else
                {
                    if (lastLabel < 0 || !st.SequenceEqual(labelBytes[lastLabel]))
                    {
                        lastLabel = -1;
                        for (int k = 0; k < labelBytes.Count; k++)
                        {
                            if (st.SequenceEqual(labelBytes[k]))
                            {
                                lastLabel = k;
                                break;
                            }
                        }

                        if (lastLabel < 0)
                        {
                            lastLabel = labelBytes.Count;
                            labelBytes.Add(st.ToArray());
                            result.Labels.Add(Encoding.UTF8.GetString(st));
                            result.LabelFirstLine.Add(line);
                        }
                    }

                    label[row] = lastLabel;
                }

                ok &= Amount(splitter, layout.Balance, "balance", balance, row, line, result);
                ok &= Amount(splitter, layout.Reduction, "reduction", reduction, row, line, result);
                if (!ok)
                {
                    entity[row] = -1;
                    label[row] = -1;
                }
            }

            row++;
            line++;
        }

        result.Rows = row - row0;
    }

    private static bool Amount(CsvRecordSplitter fields, int column, string name, double[]? dest, int row, int lineNo, ChunkResult result)
    {
        if (column < 0)
        {
            return true;
        }

        var text = fields.Value(column);
        bool number = TryParseNumber(text, out double v);
        if (number && v >= 0 && v <= AmountBound.Max)
        {
            dest![row] = v;
            return true;
        }

        // Beyond the amount bound (docs/conventions.md, "Value bounds") the bound is named; otherwise the sign rule.
        result.Issues.Add(new DataIssue(lineNo, name, Encoding.UTF8.GetString(text), number && v > AmountBound.Max ? AmountBound.NonNegativeRule : "must be a number >= 0"));
        return false;
    }

    private static bool TryParseNumber(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        return !text.IsEmpty && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private static bool TryParseDate(ReadOnlySpan<byte> t, out int dayNumber)
    {
        dayNumber = 0;
        if (t.Length != 10 || t[4] != (byte)'-' || t[7] != (byte)'-')
        {
            return false;
        }

        int y = 0;
        for (int i = 0; i < 4; i++)
        {
            int d = t[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            y = (y * 10) + d;
        }

        int m1 = t[5] - '0';
        int m2 = t[6] - '0';
        int d1 = t[8] - '0';
        int d2 = t[9] - '0';
        if ((uint)m1 > 9 || (uint)m2 > 9 || (uint)d1 > 9 || (uint)d2 > 9)
        {
            return false;
        }

        int month = (m1 * 10) + m2;
        int day = (d1 * 10) + d2;
        if (y < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(y, month))
        {
            return false;
        }

        dayNumber = new DateOnly(y, month, day).DayNumber;
        return true;
    }
}
