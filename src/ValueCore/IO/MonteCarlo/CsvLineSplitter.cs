namespace ValueCore.IO.MonteCarlo;

/// <summary>Splits one CSV record into fields (RFC 4180 quotes; a record never spans lines in the files read here).</summary>
internal static class CsvLineSplitter
{
    public static bool TrySplit(string line, List<string> fields)
    {
        fields.Clear();
        int i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return false;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(line[i++]);
                }

                fields.Add(sb.ToString());
                if (i == line.Length)
                {
                    return true;
                }

                if (line[i] != ',')
                {
                    return false;
                }

                i++;
            }
            else
            {
                int comma = line.IndexOf(',', i);
                if (comma < 0)
                {
                    fields.Add(line[i..]);
                    return true;
                }

                fields.Add(line[i..comma]);
                i = comma + 1;
            }
        }
    }
}
