using System.Text;
using ValueCore.Schedules;

namespace ValueCore.Tests.Schedules;

/// <summary>Issue 16 item 2: one repayment-type enum and one parser for its text.</summary>
public class AmortisationLabelsTests
{
    [Theory]
    [InlineData("bullet", Amortisation.Bullet)]
    [InlineData("linear", Amortisation.Linear)]
    [InlineData("annuity", Amortisation.Annuity)]
    [InlineData("Annuity", Amortisation.Annuity)]
    [InlineData("LINEAR", Amortisation.Linear)]
    public void TryParse_Label_GivesTheRepaymentTypeFromTextAndBytes(string text, Amortisation expected)
    {
        AmortisationLabels.TryParse(text, out var fromText).Should().BeTrue();
        AmortisationLabels.TryParse(Encoding.UTF8.GetBytes(text), out var fromBytes).Should().BeTrue();
        fromText.Should().Be(expected);
        fromBytes.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" bullet")]
    [InlineData("french")]
    [InlineData("annuit")]
    public void TryParse_NotALabel_IsFalse(string text)
    {
        AmortisationLabels.TryParse(text, out _).Should().BeFalse();
        AmortisationLabels.TryParse(Encoding.UTF8.GetBytes(text), out _).Should().BeFalse();
    }

    [Fact]
    public void Label_EveryValue_RoundTripsAndUndefinedThrows()
    {
        foreach (var a in Enum.GetValues<Amortisation>())
        {
            AmortisationLabels.TryParse(AmortisationLabels.Label(a), out var back).Should().BeTrue();
            back.Should().Be(a);
        }

        ((Action)(() => AmortisationLabels.Label((Amortisation)7))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Amortisation_Members_NumberedAsTheProvisionsEadProfile()
    {
        // One numbering for the repayment type wherever it appears (the retired Pricing.Amortisation used the same).
        ((int)Amortisation.Bullet).Should().Be((int)ValueCore.Provisions.EadProfile.Bullet);
        ((int)Amortisation.Linear).Should().Be((int)ValueCore.Provisions.EadProfile.Linear);
        ((int)Amortisation.Annuity).Should().Be((int)ValueCore.Provisions.EadProfile.Annuity);
    }
}
