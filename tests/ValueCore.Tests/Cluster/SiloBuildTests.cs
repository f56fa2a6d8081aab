using System.Reflection;
using ValueCore.Cluster.Hosting;

namespace ValueCore.Tests.Cluster;

public sealed class SiloBuildTests
{
    [Fact]
    public void Current_IsTheHashOfTheThreeAssemblies_SameEveryTime()
    {
        var again = ClusterBuild.FromAssemblies(
        [
            typeof(ValueCore.Portfolio.LoanBook).Assembly,
            typeof(ValueCore.Batch.OutputDirectory).Assembly,
            typeof(ClusterBuild).Assembly,
        ]);

        again.Should().Be(ClusterBuild.Current);
        ClusterBuild.Current.Id.Should().MatchRegex("^[0-9a-f]{16}$");
    }

    [Fact]
    public void FromAssemblies_AnotherAssembly_AnotherBuild()
    {
        // An assembly with another MVID stands for a rebuilt ValueCore.Cluster: the identity must change.
        var other = ClusterBuild.FromAssemblies(
        [
            typeof(ValueCore.Portfolio.LoanBook).Assembly,
            typeof(ValueCore.Batch.OutputDirectory).Assembly,
            Assembly.GetExecutingAssembly(),
        ]);

        other.Should().NotBe(ClusterBuild.Current);
    }

    [Fact]
    public void SiloName_RoundTrips_ThroughFromSiloName()
    {
        var build = new ClusterBuild("0123456789abcdef");

        string name = build.SiloName("risk-node-7", 11111);

        name.Should().Be("valuecore-0123456789abcdef-risk-node-7-11111");
        ClusterBuild.FromSiloName(name).Should().Be(build);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Silo_4f1c2")]
    [InlineData("valuecore-0123456789ABCDEF-host-1")]
    [InlineData("valuecore-0123456789abcde-host-1")]
    [InlineData("valuecore-0123456789abcdef0-host-1")]
    public void FromSiloName_NameWithoutBuild_Null(string? name)
    {
        ClusterBuild.FromSiloName(name).Should().BeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789ABCDEF")]
    [InlineData("0123456789abcdeg")]
    [InlineData("0123456789abcdef00")]
    public void Constructor_NotSixteenLowercaseHexDigits_Throws(string id)
    {
        var act = () => new ClusterBuild(id);

        act.Should().Throw<ArgumentException>().WithMessage("*16 lowercase hexadecimal digits*");
    }
}
