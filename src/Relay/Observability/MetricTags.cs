using PyChat.Protocol;

namespace PyChat.Relay.Observability;

/// <summary>
/// Every tag the relay's instruments carry, made once at startup: a frame, a refusal or a close picks its tag from a
/// table, so counting allocates nothing and formats nothing. Values are names from the protocol, never anything a
/// client sent.
/// </summary>
internal static class MetricTags
{
    public const string Unknown = "Unknown";
    public const string Other = "other";

    // Before the tables: static fields are set in the order they are written, and the tables use these.
    public static readonly KeyValuePair<string, object?> OtherErrorCode = new("code", Other);

    /// <summary>The frame types of docs/PROTOCOL.md by first byte; the others are <see cref="Unknown"/>.</summary>
    public static readonly KeyValuePair<string, object?>[] FrameTypes = FrameTypeTable();

    /// <summary>Error codes by value (an <see cref="ErrorCode"/> is a ushort; only the low ones are defined).</summary>
    public static readonly KeyValuePair<string, object?>[] ErrorCodes = ErrorCodeTable();

    public static readonly KeyValuePair<string, object?> Succeeded = new("result", "ok");

    public static readonly KeyValuePair<string, object?> Failed = new("result", "failed");

    public static readonly KeyValuePair<string, object?> OtherCloseCode = new("close_code", Other);

    /// <summary>The close codes the relay sends (docs/PROTOCOL.md §7), and 1000.</summary>
    private static readonly (int Code, KeyValuePair<string, object?> Tag)[] CloseCodes =
    [
        .. new[]
        {
            1000, CloseCode.GoingAway, CloseCode.ProtocolError, CloseCode.UnsupportedData, CloseCode.PolicyViolation, 1011,
            CloseCode.ServiceRestart, CloseCode.SendQueueFull, CloseCode.LoginTimeout, CloseCode.SessionReplaced, CloseCode.TooManyFailedLogins,
        }.Select(code => (code, new KeyValuePair<string, object?>("close_code", code.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
    ];

    public static KeyValuePair<string, object?> ErrorCodeOf(ushort code) => code < ErrorCodes.Length ? ErrorCodes[code] : OtherErrorCode;

    public static KeyValuePair<string, object?> CloseCodeOf(int code)
    {
        foreach (var (known, tag) in CloseCodes)
        {
            if (known == code)
            {
                return tag;
            }
        }

        return OtherCloseCode;
    }

    private static KeyValuePair<string, object?>[] FrameTypeTable()
    {
        var table = new KeyValuePair<string, object?>[256];
        Array.Fill(table, new KeyValuePair<string, object?>("type", Unknown));
        foreach (var type in Enum.GetValues<FrameType>())
        {
            table[(byte)type] = new("type", type.ToString());
        }

        return table;
    }

    private static KeyValuePair<string, object?>[] ErrorCodeTable()
    {
        var codes = Enum.GetValues<ErrorCode>();
        var table = new KeyValuePair<string, object?>[codes.Max(c => (int)c) + 1];
        Array.Fill(table, OtherErrorCode);
        foreach (var code in codes)
        {
            table[(int)code] = new("code", code.ToString());
        }

        return table;
    }
}
