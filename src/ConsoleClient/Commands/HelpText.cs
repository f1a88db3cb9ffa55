namespace PyChat.ConsoleClient.Commands;

/// <summary>The text of <c>pychat help</c>. docs/CONSOLE.md says the same at more length.</summary>
internal static class HelpText
{
    public const string Usage =
        """
        PyChat: end-to-end encrypted group chat.

        Usage: pychat [OPTIONS] [COMMAND] [ARGUMENTS]

        Commands:
          (none), menu          interactive menu: create, join or list rooms
          init                  create your identity key and register your user name with the relay
          rooms                 list the active rooms (plain: one "NAME MEMBERS/CAPACITY" per line)
          chat ROOM             enter a room; each input line is a message or a /command
          send ROOM TEXT...     join ROOM, send one message, leave ('send ROOM -' reads it from standard input)
          read ROOM             join ROOM, print what happens for --seconds (default 10), --count messages
                                or, with --follow, until interrupted; leave
          whoami                your user name and key fingerprint
          help                  this text

        Options:
          --home DIR            home folder (default ~/.pychat, or PYCHAT_HOME)
          --relay URI           relay address, wss://host:port/ws (default: config.json)
          --ca PATH             the relay's CA certificate to pin (default: config.json)
          -u, --user NAME       user name (init; default: config.json)
          --password-stdin      read the password from the first line of standard input
          -c, --create          chat/send/read: create the room if no active room has that name
          -s, --seconds N       read: how long to listen
          -n, --count N         read: stop after N messages
          -f, --follow          read: until interrupted (Ctrl+C, SIGTERM), then leave and exit 0
          --no-self             read: leave out your own messages
          --json                read, rooms: one JSON object per line
          --plain               plain line output even on a terminal
          --timeout N           longest wait for the relay, in seconds (default 10, or PYCHAT_TIMEOUT)

        The password can also come from PYCHAT_PASSWORD. Without a terminal, output is plain.
        Exit codes: 0 ok, 1 usage, 2 wrong password, 3 relay unreachable, 4 certificate not trusted,
        5 room full, 6 unknown room, 7 name taken, 8 authentication failed, 9 identity missing or exists,
        10 other error, 11 room exists, 130 interrupted.
        """;
}
