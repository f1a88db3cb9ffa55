namespace PyChat.ConsoleClient.Rendering;

/// <summary>Lets the input line step aside while output is written above it, then redraw itself.</summary>
internal interface IWriteGuard
{
    static IWriteGuard None { get; } = new NoGuard();

    void BeforeWrite();

    void AfterWrite();

    private sealed class NoGuard : IWriteGuard
    {
        public void BeforeWrite()
        {
        }

        public void AfterWrite()
        {
        }
    }
}
