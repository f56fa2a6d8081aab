using ValueCore.Risk.Operational;

namespace ValueCore.IO.Risk;

/// <summary>The business-indicator input of the units: either their components or three years of their items.</summary>
public sealed class BusinessIndicatorData
{
    internal BusinessIndicatorData(IReadOnlyList<string> units, BusinessIndicatorComponents[]? components, BusinessIndicatorItems[]? items, IReadOnlyList<int> years)
    {
        Units = units;
        _components = components;
        _items = items;
        Years = years;
    }

    private readonly BusinessIndicatorComponents[]? _components;
    private readonly BusinessIndicatorItems[]? _items;

    /// <summary>The units, in first-appearance order.</summary>
    public IReadOnlyList<string> Units { get; }

    /// <summary>Whether the file gave items (true) or components (false).</summary>
    public bool HasItems => _items is not null;

    /// <summary>The components per unit (empty when the file gave items).</summary>
    public ReadOnlySpan<BusinessIndicatorComponents> Components => _components;

    /// <summary>The items, unit-major, three years per unit in increasing year order (empty when the file gave components).</summary>
    public ReadOnlySpan<BusinessIndicatorItems> Items => _items;

    /// <summary>The three years of the items (empty for components).</summary>
    public IReadOnlyList<int> Years { get; }

    /// <summary>Runs the standardised approach on this input.</summary>
    /// <param name="losses">The bank's loss events (empty for none).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">See <see cref="StandardisedApproach"/>.</exception>
    public OperationalRiskResult Compute(ReadOnlySpan<OperationalLoss> losses, OperationalRiskOptions? options) => HasItems
        ? StandardisedApproach.Compute(Units, Items, losses, options)
        : StandardisedApproach.Compute(Units, Components, losses, options);
}
