using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ValueCore.Tests.Support;

/// <summary>
/// A real, throwaway PostgreSQL server for the database tests: a fresh cluster made by <c>initdb</c> in a temporary
/// folder, started by <c>pg_ctl</c> on a free loopback port (password authentication, no system service), and stopped
/// and deleted when the test run ends, whatever its outcome. One server serves every test of the run
/// (<see cref="PostgresTests"/>); each test creates its own tables.
/// </summary>
/// <remarks>
/// <para>Where PostgreSQL is not installed, <see cref="PostgresFactAttribute"/> skips the tests, unless
/// <see cref="RequireVariable"/> is <c>1</c> (as <c>.ci/run</c> sets it after installing Debian's <c>postgresql</c>), when
/// the fixture fails instead, so CI can never pass by skipping.</para>
/// <para>The cluster's folder is made under <see cref="RootVariable"/> when set (<c>.ci/run</c> points it at a folder it
/// removes on exit), else under the system's temporary folder. PostgreSQL refuses to run as root: under root the
/// server's commands run as the <c>postgres</c> user (<c>runuser</c>), which owns the folder.</para>
/// </remarks>
public sealed class PostgresServer : IDisposable
{
    /// <summary>Set to <c>1</c> to make a missing PostgreSQL a failure rather than a skip.</summary>
    public const string RequireVariable = "VALUECORE_REQUIRE_POSTGRES";

    /// <summary>The parent folder of the throwaway cluster, when set.</summary>
    public const string RootVariable = "VALUECORE_PG_ROOT";

    /// <summary>The role the tests connect as (created by initdb as the superuser).</summary>
    public const string User = "valuecore";

    /// <summary>The database the tests use.</summary>
    public const string Database = "valuecore";

    private readonly string _folder;
    private readonly string _data;
    private readonly bool _asPostgresUser;
    private int _stopped;

    /// <summary>Makes and starts the cluster.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed, or the cluster does not start (its log is in the message).</exception>
    public PostgresServer()
    {
        string bin = BinDirectory ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no initdb and pg_ctl on PATH or under /usr/lib/postgresql/*/bin); install Debian's postgresql package");
        Bin = bin;
        string root = Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } r ? r : Path.GetTempPath();
        _folder = Path.Combine(root, "valuecore-pg-" + Guid.NewGuid().ToString("N")[..12]);
        _data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(_folder);
        Password = Guid.NewGuid().ToString("N");
        string passwordFile = Path.Combine(_folder, "password");
        File.WriteAllText(passwordFile, Password + "\n");
        _asPostgresUser = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && Environment.UserName == "root";
        if (_asPostgresUser)
        {
            Run("chown", ["-R", "postgres:postgres", _folder], asPostgres: false);
        }

        Port = FreePort();
        try
        {
            Run(Path.Combine(bin, "initdb"), ["-D", _data, "-U", User, "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale", "--no-sync"]);
            string options = $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            Run(Path.Combine(bin, "pg_ctl"), ["-D", _data, "-l", Path.Combine(_folder, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
            Psql($"create database {Database}", database: "postgres");
        }
        catch (InvalidOperationException e)
        {
            string log = Path.Combine(_folder, "server.log");
            string tail = File.Exists(log) ? File.ReadAllText(log) : "";
            Stop();
            throw new InvalidOperationException(e.Message + (tail.Length > 0 ? "\nserver log:\n" + tail : ""), e);
        }
    }

    /// <summary>Whether PostgreSQL's server programs can be found on this machine.</summary>
    public static bool Available => BinDirectory is not null;

    /// <summary>Whether a missing PostgreSQL must fail the run (<see cref="RequireVariable"/> = 1).</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>The folder holding initdb, pg_ctl and psql; null when PostgreSQL is not installed.</summary>
    public static string? BinDirectory { get; } = FindBin();

    /// <summary>The server programs' folder.</summary>
    public string Bin { get; }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The password of <see cref="User"/> (random per run).</summary>
    public string Password { get; }

    /// <summary>An Npgsql connection string to <see cref="Database"/> as <see cref="User"/>.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={User};Password={Password};Database={Database}";

    /// <summary>The same connection string with a wrong password (for the failure tests).</summary>
    public string WrongPasswordConnectionString => $"Host=127.0.0.1;Port={Port};Username={User};Password=wrong-{Password};Database={Database}";

    /// <summary>Runs SQL through <c>psql</c> (independently of the code under test) and returns its unaligned, tuples-only
    /// output; throws with psql's message when a statement fails.</summary>
    /// <param name="sql">One or more statements (or a psql meta-command such as <c>\copy</c>).</param>
    /// <param name="database">The database; null for <see cref="Database"/>.</param>
    public string Psql(string sql, string? database = null)
    {
        var psi = new ProcessStartInfo(Path.Combine(Bin, "psql"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", User, "-d", database ?? Database, "-c", sql })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["PGPASSWORD"] = Password;
        return Execute(psi, "psql");
    }

    /// <summary>Loads a CSV file with a header into an existing table by psql's <c>\copy</c> (COPY ... FROM STDIN).</summary>
    /// <param name="table">The table (columns in the file's order unless <paramref name="columns"/> names them).</param>
    /// <param name="csvPath">The file, read by psql on this machine.</param>
    /// <param name="columns">The table's columns the file's columns go to, comma-separated; null for all, in order.</param>
    public void CopyCsv(string table, string csvPath, string? columns = null) =>
        Psql($"\\copy {table}{(columns is null ? "" : $" ({columns})")} from '{csvPath.Replace("'", "''", StringComparison.Ordinal)}' with (format csv, header true)");

    /// <summary>Stops the server at once and deletes its folder.</summary>
    public void Dispose() => Stop();

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                Run(Path.Combine(Bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "stop"]);
            }
        }
        catch (InvalidOperationException)
        {
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Run(string program, string[] args, bool asPostgres = true)
    {
        var psi = new ProcessStartInfo(asPostgres && _asPostgresUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres && _asPostgresUser)
        {
            foreach (string a in new[] { "-u", "postgres", "--", program })
            {
                psi.ArgumentList.Add(a);
            }
        }

        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Execute(psi, Path.GetFileName(program));
    }

    private static string Execute(ProcessStartInfo psi, string name)
    {
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{name} did not start");
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} exited with {process.ExitCode}: {error.Result.Trim()} {output.Trim()}".Trim());
        }

        return output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBin()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "psql")))
            {
                return ResolveLinks(dir);
            }
        }

        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            return Directory.GetDirectories(debian)
                .Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")) && File.Exists(Path.Combine(b, "psql")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out int v) ? v : 0)
                .FirstOrDefault();
        }

        return null;
    }

    // Debian links /usr/bin/psql to a wrapper; initdb on PATH may be a link into /usr/lib/postgresql/N/bin: use the
    // folder the server programs really live in, so psql and pg_ctl come from the same version.
    private static string ResolveLinks(string dir)
    {
        var target = new FileInfo(Path.Combine(dir, "pg_ctl")).ResolveLinkTarget(returnFinalTarget: true);
        return target is FileInfo f && f.DirectoryName is string d && File.Exists(Path.Combine(d, "psql")) ? d : dir;
    }
}

/// <summary>The tests that share the one <see cref="PostgresServer"/> of the run.</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresTests : ICollectionFixture<PostgresServer>;

/// <summary>A fact that needs the real PostgreSQL server: skipped where PostgreSQL is not installed, unless
/// <see cref="PostgresServer.RequireVariable"/> makes that a failure.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets the skip reason where the server cannot be had and is not required.</summary>
    public PostgresFactAttribute()
    {
        if (!PostgresServer.Available && !PostgresServer.Required)
        {
            Skip = "PostgreSQL is not installed (install Debian's postgresql, or set " + PostgresServer.RequireVariable + "=1 to make this a failure)";
        }
    }
}
