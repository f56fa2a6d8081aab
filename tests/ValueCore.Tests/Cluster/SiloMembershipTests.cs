using ValueCore.Cluster.Hosting;

namespace ValueCore.Tests.Cluster;

public sealed class SiloMembershipTests
{
    [Theory]
    [InlineData("dev:127.0.0.1:11111", "127.0.0.1", 11111)]
    [InlineData("dev:silo-a.bank.internal:1", "silo-a.bank.internal", 1)]
    [InlineData("dev:[::1]:65535", "::1", 65535)]
    public void Parse_DevSpec_HostAndPort(string spec, string host, int port)
    {
        SiloMembership.Parse(spec).Should().Be(new DevSiloMembership(host, port));
    }

    [Theory]
    [InlineData("dev:", "dev: needs the primary silo's HOST:PORT")]
    [InlineData("dev:host", "dev: needs the primary silo's HOST:PORT")]
    [InlineData("dev:host:", "dev: needs the primary silo's HOST:PORT")]
    [InlineData("dev::11111", "dev: needs the primary silo's HOST:PORT")]
    [InlineData("dev:host:0", "port '0' is not an integer in [1, 65535]")]
    [InlineData("dev:host:65536", "port '65536' is not an integer in [1, 65535]")]
    [InlineData("dev:host:+5", "port '+5' is not an integer in [1, 65535]")]
    [InlineData("dev:fe80::1:11111", "write an IPv6 address in brackets")]
    [InlineData("postgres:", "postgres: needs a connection string")]
    [InlineData("postgres:env:", "postgres:env: needs the name of an environment variable")]
    [InlineData("postgres:Host=db;Colour=blue", "the connection string is not valid")]
    [InlineData("consul:host:8500", "expected dev:HOST:PORT or postgres:CONNECTION")]
    [InlineData("127.0.0.1:11111", "expected dev:HOST:PORT or postgres:CONNECTION")]
    public void Parse_BadSpec_FormatExceptionSaysWhy(string spec, string expected)
    {
        var act = () => SiloMembership.Parse(spec, _ => null);

        act.Should().Throw<FormatException>().WithMessage($"*{expected}*");
    }

    [Fact]
    public void Parse_PostgresEnv_ReadsTheVariable()
    {
        const string Connection = "Host=db.bank.internal;Port=5433;Database=risk;Username=orleans;Password=s3cret";

        var membership = SiloMembership.Parse("postgres:env:VC_MEMBERSHIP", name => name == "VC_MEMBERSHIP" ? Connection : null);

        membership.Should().Be(new PostgresSiloMembership(Connection));
    }

    [Fact]
    public void Parse_PostgresEnvNotSet_NamesTheVariable()
    {
        var act = () => SiloMembership.Parse("postgres:env:VC_NOT_SET", _ => null);

        act.Should().Throw<FormatException>().WithMessage("*environment variable VC_NOT_SET is not set*");
    }

    [Fact]
    public void Describe_Postgres_NeverShowsThePassword()
    {
        var membership = SiloMembership.Parse("postgres:Host=db;Port=5433;Database=risk;Username=orleans;Password=s3cret;Timeout=5");

        membership.Describe().Should().Be("postgres:Host=db;Port=5433;Database=risk;Username=orleans");
        membership.ToString().Should().NotContain("s3cret");
        $"{membership}".Should().NotContain("s3cret");
    }
}
