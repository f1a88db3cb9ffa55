namespace PyChat.Bench.LoadGen.Scenarios;

/// <summary>The window receivers record into; null between steps, so stragglers are not counted.</summary>
internal sealed class StepWindowSource
{
    private StepWindow? _current;

    public StepWindow? Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }
}
