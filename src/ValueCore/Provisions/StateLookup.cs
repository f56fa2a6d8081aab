using System.Text;
using ValueCore.Migration;

namespace ValueCore.Provisions;

/// <summary>A model's states as UTF-8, for matching classifications without decoding them, with their absorbing (default) and watch flags.</summary>
internal sealed class StateLookup
{
    private readonly byte[][] _labels;

    public StateLookup(ITransitionModel model, IReadOnlyCollection<string>? watch = null)
    {
        Model = model;
        var states = model.States;
        _labels = new byte[states.Count][];
        Absorbing = new bool[states.Count];
        Watch = new bool[states.Count];
        for (int i = 0; i < states.Count; i++)
        {
            _labels[i] = Encoding.UTF8.GetBytes(states[i]);
            Absorbing[i] = states.IsAbsorbing(i);
            Watch[i] = watch?.Contains(states[i]) ?? false;
        }

        StatesText = states.ToString();
    }

    public ITransitionModel Model { get; }

    public bool[] Absorbing { get; }

    public bool[] Watch { get; }

    public string StatesText { get; }

    public int IndexOf(ReadOnlySpan<byte> label)
    {
        for (int i = 0; i < _labels.Length; i++)
        {
            if (label.SequenceEqual(_labels[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public int IndexOf(string label) => Model.States.IndexOf(label);
}
