namespace PyChat.ConsoleClient.Chat;

/// <summary>Whether the terminal's window has focus, where the terminal reports it (<see cref="Editing.FocusReports"/>).</summary>
internal interface ITerminalFocus
{
    /// <summary>False from a focus-lost report until the window has focus again (or a key is pressed).</summary>
    bool Focused { get; }

    /// <summary>How many times focus was lost so far: a new absence, for a new marker.</summary>
    int TimesLost { get; }
}
