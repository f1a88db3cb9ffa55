namespace PyChat.TestSupport;

/// <summary>How an external process ended.</summary>
public sealed record ExternalToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>A one-line description for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}; stdout: {StandardOutput.Trim()}; stderr: {StandardError.Trim()}";
}
