namespace PyChat.Protocol;

/// <summary>
/// The one naming rule for users and rooms: 1–32 characters from a–z, 0–9, '-', '_' and '.',
/// starting with a letter or digit. Lower case only, so "Alice" cannot impersonate "alice".
/// </summary>
public static class Names
{
    /// <summary>Whether <paramref name="name"/> follows the naming rule.</summary>
    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > ProtocolLimits.MaxNameLength || !IsLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
