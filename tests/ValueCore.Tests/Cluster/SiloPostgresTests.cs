using Orleans.Runtime;
using ValueCore.Cluster.Hosting;
using ValueCore.Tests.Support;

namespace ValueCore.Tests.Cluster;

/// <summary>Real in-process silos on Orleans' ADO.NET membership in the real PostgreSQL of the run: the tables made by
/// the silo, the rows read back by psql (independent of Orleans and Npgsql).</summary>
[Collection("postgres")]
public sealed class SiloPostgresTests(PostgresServer server)
{
    [PostgresFact]
    public async Task StartAsync_TwoSilosOnPostgres_TablesCreatedBothRegisteredThenDead()
    {
        string schema = "silo_" + Guid.NewGuid().ToString("N")[..10];
        server.Psql($"create schema {schema}");
        var membership = new PostgresSiloMembership(server.ConnectionString + $";Search Path={schema}");
        string clusterId = SiloTestSupport.NewClusterId();
        var first = SiloTestSupport.Loopback(clusterId, membership);
        var second = SiloTestSupport.Loopback(clusterId, membership);
        var logs = new SiloLogs();
        Microsoft.Extensions.Hosting.IHost? one = null, two = null, client = null;
        try
        {
            one = await SiloHost.StartAsync(first, logs.AddTo);
            two = await SiloHost.StartAsync(second, logs.AddTo);

            server.Psql($"select count(*) from information_schema.tables where table_schema = '{schema}'").Trim().Should().Be("3");
            string Rows() => server.Psql(
                $"select port, proxyport, status, siloname from {schema}.orleansmembershiptable where deploymentid = '{clusterId}' order by port").Trim();
            string Row(SiloHostSettings s, int status) => $"{s.SiloPort}|{s.GatewayPort}|{status}|{ClusterBuild.Current.SiloName(Environment.MachineName, s.SiloPort)}";
            var ordered = new[] { first, second }.OrderBy(s => s.SiloPort).ToArray();
            const int Active = 3, Dead = 6; // Orleans' SiloStatus as stored
            Rows().Should().Be(string.Join("\n", ordered.Select(s => Row(s, Active))));
            ((int)SiloStatus.Active).Should().Be(Active);
            ((int)SiloStatus.Dead).Should().Be(Dead);

            client = await SiloTestSupport.ConnectAsync(clusterId, first.GatewayPort, second.GatewayPort);
            (await client.Client().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Should().HaveCount(2);

            logs.Lines.Where(l => l.Contains("membership tables", StringComparison.Ordinal)).Should().Equal(
                $"ValueCore.Cluster.Silo: membership tables were missing and have been created in Host=127.0.0.1;Port={server.Port};Database={PostgresServer.Database};Username={PostgresServer.User}",
                $"ValueCore.Cluster.Silo: membership tables found in Host=127.0.0.1;Port={server.Port};Database={PostgresServer.Database};Username={PostgresServer.User}");
            logs.Lines.Should().NotContain(l => l.Contains(server.Password, StringComparison.Ordinal));

            await client.StopQuietlyAsync();
            client = null;
            await SiloHost.StopAsync(two);
            await SiloHost.StopAsync(one);
            Rows().Should().Be(string.Join("\n", ordered.Select(s => Row(s, Dead))), "a graceful stop leaves the silo's row dead");
        }
        finally
        {
            await client.StopQuietlyAsync();
            await two.StopQuietlyAsync();
            await one.StopQuietlyAsync();
        }
    }

    [PostgresFact]
    public async Task StartAsync_WrongPassword_SiloStartExceptionWithoutThePassword()
    {
        var settings = SiloTestSupport.Loopback(SiloTestSupport.NewClusterId(), new PostgresSiloMembership(server.WrongPasswordConnectionString));

        var act = () => SiloHost.StartAsync(settings);

        var thrown = (await act.Should().ThrowAsync<SiloStartException>()).Which;
        thrown.Message.Should().StartWith($"the membership database Host=127.0.0.1;Port={server.Port};Database={PostgresServer.Database};Username={PostgresServer.User} cannot be used: ")
            .And.Contain("password authentication failed")
            .And.NotContain(server.Password);
    }
}
