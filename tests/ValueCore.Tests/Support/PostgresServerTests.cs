namespace ValueCore.Tests.Support;

/// <summary>The throwaway server itself: it answers SQL, takes CSV through COPY and refuses a wrong password.</summary>
[Collection("postgres")]
public sealed class PostgresServerTests(PostgresServer server)
{
    [PostgresFact]
    public void Psql_SelectOne_AnswersFromTheServer()
    {
        server.Psql("select 1 + 1").Trim().Should().Be("2");
    }

    [PostgresFact]
    public void CopyCsv_TwoRows_LoadsThem()
    {
        using var temp = new TempFolder();
        string csv = temp.File("t.csv", "id,x\na,1.5\nb,2.25\n");
        server.Psql("create table fixture_copy (id text, x double precision)");
        server.CopyCsv("fixture_copy", csv);
        server.Psql("select sum(x) from fixture_copy").Trim().Should().Be("3.75");
    }

    [PostgresFact]
    public void Connect_WrongPassword_IsRefused()
    {
        var wrong = new PostgresServerWrongPassword(server);
        var act = () => wrong.Query();
        act.Should().Throw<InvalidOperationException>().WithMessage("*password authentication failed*");
    }

    private sealed class PostgresServerWrongPassword(PostgresServer server)
    {
        public void Query()
        {
            var psi = new System.Diagnostics.ProcessStartInfo(Path.Combine(server.Bin, "psql"))
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (string a in new[] { "-X", "-w", "-h", "127.0.0.1", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", PostgresServer.User, "-d", PostgresServer.Database, "-c", "select 1" })
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment["PGPASSWORD"] = "wrong";
            using var p = System.Diagnostics.Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException(err);
            }
        }
    }
}
