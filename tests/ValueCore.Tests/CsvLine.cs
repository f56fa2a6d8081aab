using System.Text;

namespace ValueCore.Tests;

/// <summary>A plain, independent reader of output files for the tests: one CSV line split by RFC 4180.</summary>
internal static class CsvLine
{
    /// <summary>The fields of one line: commas inside quotes kept, doubled quotes made single (no line breaks in fields).</summary>
    public static string[] Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
