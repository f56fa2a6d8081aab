using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace ValueCore.Batch.Sinks;

/// <summary>A database table sink could not connect, or a table could not be created or written; the message is the
/// server's (never the password). Nothing was committed.</summary>
public sealed class DatabaseSinkException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DatabaseSinkException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Writes a run's result tables into a PostgreSQL database in one transaction: each table is created
/// (<c>PREFIX_loans</c>, <c>PREFIX_by_segment</c>; columns named as the CSV headers, typed by <see cref="CsvTable"/>:
/// double precision, date, text; empty cells as NULL) and filled by <c>COPY ... FROM STDIN (FORMAT BINARY)</c>; the
/// transaction commits only after every table is written, so a failed or killed run leaves no table and no row
/// (PostgreSQL's DDL is transactional; a dropped connection rolls back). A table that exists already is an error:
/// nothing is replaced.
/// </summary>
internal sealed partial class DatabaseTableSink : IDisposable
{
    /// <summary>Test seam: when this variable names a file, the sink writes the table's name into it after each table's
    /// COPY, then waits (uncommitted) for two minutes, so a test can kill the process mid-run.</summary>
    internal const string PauseVariable = "VALUECORE_TEST_PAUSE_AFTER_TABLE";

    /// <summary>PostgreSQL's longest identifier in bytes (NAMEDATALEN - 1); a longer one would be cut silently.</summary>
    private const int MaxIdentifierBytes = 63;

    private readonly NpgsqlDataSource _source;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly string? _password;
    private readonly List<(string Table, long Rows)> _written = [];

    private DatabaseTableSink(NpgsqlDataSource source, NpgsqlConnection connection, NpgsqlTransaction transaction, string? password, string prefix, NpgsqlConnectionStringBuilder settings)
    {
        _source = source;
        _connection = connection;
        _transaction = transaction;
        _password = password;
        Prefix = prefix;
        Host = settings.Host ?? "";
        Port = settings.Port;
        Database = settings.Database ?? "";
        Username = settings.Username ?? "";
    }

    /// <summary>Test seam: called after each table is written, inside the transaction (a test throws from it).</summary>
    internal static Action<string>? AfterTable { get; set; }

    /// <summary>The table prefix.</summary>
    public string Prefix { get; }

    /// <summary>The server's host (no password is ever kept in the sink's descriptions).</summary>
    public string Host { get; }

    /// <summary>The server's port.</summary>
    public int Port { get; }

    /// <summary>The database.</summary>
    public string Database { get; }

    /// <summary>The role connected as.</summary>
    public string Username { get; }

    /// <summary>The tables written so far, with their rows.</summary>
    public IReadOnlyList<(string Table, long Rows)> Written => _written;

    /// <summary>Whether a prefix is allowed: lower-case letters, digits and underscores, starting with a letter or underscore.</summary>
    public static bool IsValidPrefix(string prefix) => PrefixPattern().IsMatch(prefix);

    /// <summary>Connects, begins the run's transaction and checks that none of the run's tables exists yet.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="prefix">The table prefix (<see cref="IsValidPrefix"/>).</param>
    /// <param name="tables">The names the run will create, without the prefix (<c>loans</c>, <c>by_segment</c>).</param>
    /// <exception cref="DatabaseSinkException">The connection string or the prefix is not valid, the server cannot be
    /// reached or refuses the connection, or a table exists.</exception>
    public static DatabaseTableSink Open(string connectionString, string prefix, IEnumerable<string> tables)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(tables);
        if (!IsValidPrefix(prefix))
        {
            throw new DatabaseSinkException($"the table prefix '{prefix}' must be lower-case letters, digits and underscores, starting with a letter or underscore.");
        }

        var settings = Settings(connectionString);

        string? password = settings.Password;
        var names = tables.Select(t => TableName(prefix, t)).ToList();
        settings.ApplicationName ??= "valuecore";
        var source = new NpgsqlSlimDataSourceBuilder(settings.ConnectionString).Build();
        NpgsqlConnection? connection = null;
        try
        {
            connection = source.OpenConnection();
            var transaction = connection.BeginTransaction();
            var sink = new DatabaseTableSink(source, connection, transaction, password, prefix, settings);
            sink.ThrowIfAnyExists(names);
            return sink;
        }
        catch (DatabaseSinkException)
        {
            connection?.Dispose();
            source.Dispose();
            throw;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            connection?.Dispose();
            source.Dispose();
            throw new DatabaseSinkException(Scrub($"cannot write to the database {settings.Database} on {settings.Host}:{settings.Port} as {settings.Username}: {Message(e)}", password));
        }
    }

    /// <summary>Parses a connection string (Npgsql's keywords), with a message that never quotes it.</summary>
    /// <exception cref="DatabaseSinkException">It is not a valid connection string.</exception>
    public static NpgsqlConnectionStringBuilder Settings(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new DatabaseSinkException("the database connection string is not valid (expected Host=...;Port=...;Username=...;Password=...;Database=...).");
        }
    }

    /// <summary>The table a result goes to: <c>PREFIX_NAME</c>.</summary>
    /// <exception cref="DatabaseSinkException">The name is longer than PostgreSQL's 63-byte identifiers.</exception>
    public static string TableName(string prefix, string name)
    {
        string table = prefix + "_" + name;
        return Encoding.UTF8.GetByteCount(table) <= MaxIdentifierBytes
            ? table
            : throw new DatabaseSinkException($"the table name {table} is longer than PostgreSQL's {MaxIdentifierBytes} bytes; choose a shorter table prefix or fewer grouping columns.");
    }

    /// <summary>Creates the table <c>PREFIX_NAME</c> with the CSV's columns and copies its rows (COPY BINARY).</summary>
    /// <returns>The rows copied.</returns>
    /// <exception cref="DatabaseSinkException">The server refused the table or its rows.</exception>
    public long Write(string name, CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        string target = Quote(TableName(Prefix, name));
        foreach (var column in table.Columns)
        {
            if (Encoding.UTF8.GetByteCount(column) > MaxIdentifierBytes)
            {
                throw new DatabaseSinkException($"the column name {column} is longer than PostgreSQL's {MaxIdentifierBytes} bytes.");
            }
        }

        var columns = string.Join(", ", table.Columns.Select(Quote));
        var definitions = string.Join(", ", table.Columns.Select((c, i) => Quote(c) + " " + SqlType(table.Kinds[i])));
        long rows = 0;
        try
        {
            using (var create = new NpgsqlCommand($"CREATE TABLE {target} ({definitions})", _connection, _transaction))
            {
                create.ExecuteNonQuery();
            }

            using (var importer = _connection.BeginBinaryImport($"COPY {target} ({columns}) FROM STDIN (FORMAT BINARY)"))
            {
                importer.Timeout = TimeSpan.Zero;
                foreach (var row in table.DataRows())
                {
                    importer.StartRow();
                    for (int c = 0; c < row.Length; c++)
                    {
                        string cell = row[c];
                        if (cell.Length == 0)
                        {
                            importer.WriteNull();
                            continue;
                        }

                        switch (table.Kinds[c])
                        {
                            case ColumnKind.Double:
                                importer.Write(CsvTable.Number(cell), NpgsqlDbType.Double);
                                break;
                            case ColumnKind.Date:
                                importer.Write(CsvTable.Date(cell), NpgsqlDbType.Date);
                                break;
                            default:
                                importer.Write(cell, NpgsqlDbType.Text);
                                break;
                        }
                    }

                    rows++;
                }

                importer.Complete();
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            throw new DatabaseSinkException(Scrub($"cannot write the table {TableName(Prefix, name)} to the database {Database} on {Host}:{Port}: {Message(e)}; nothing was committed", _password));
        }

        _written.Add((TableName(Prefix, name), rows));
        AfterTable?.Invoke(TableName(Prefix, name));
        if (Environment.GetEnvironmentVariable(PauseVariable) is { Length: > 0 } marker)
        {
            File.WriteAllText(marker, TableName(Prefix, name));
            Thread.Sleep(TimeSpan.FromMinutes(2));
        }

        return rows;
    }

    /// <summary>Commits the transaction: every table appears at once.</summary>
    /// <exception cref="DatabaseSinkException">The commit failed; nothing was written.</exception>
    public void Commit()
    {
        try
        {
            _transaction.Commit();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            throw new DatabaseSinkException(Scrub($"cannot commit the tables to the database {Database} on {Host}:{Port}: {Message(e)}; nothing was committed", _password));
        }
    }

    /// <summary>Closes the connection; an uncommitted transaction is rolled back by the server.</summary>
    public void Dispose()
    {
        _transaction.Dispose();
        _connection.Dispose();
        _source.Dispose();
    }

    /// <summary>A SQL identifier in double quotes (quotes doubled), so a column keeps its CSV header's exact name.</summary>
    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string SqlType(ColumnKind kind) => kind switch
    {
        ColumnKind.Double => "double precision",
        ColumnKind.Date => "date",
        _ => "text",
    };

    private void ThrowIfAnyExists(List<string> names)
    {
        var existing = new List<string>();
        foreach (var name in names)
        {
            using var query = new NpgsqlCommand("SELECT to_regclass(quote_ident(@name)) IS NOT NULL", _connection, _transaction);
            query.Parameters.Add(new NpgsqlParameter<string>("name", name));
            if (query.ExecuteScalar() is true)
            {
                existing.Add(name);
            }
        }

        if (existing.Count > 0)
        {
            throw new DatabaseSinkException(string.Create(CultureInfo.InvariantCulture,
                $"the database {Database} on {Host}:{Port} already has the table(s) {string.Join(", ", existing)}; a run never replaces a table: drop them or choose another table prefix"));
        }
    }

    private static string Message(Exception e) => e is PostgresException p ? $"{p.SqlState}: {p.MessageText}" : e.Message;

    /// <summary>Removes the password from a message, wherever a server or driver might have echoed it.</summary>
    private static string Scrub(string message, string? password) =>
        string.IsNullOrEmpty(password) ? message : message.Replace(password, "********", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
