using System.Collections.Concurrent;
using System.Globalization;
using PyChat.Client.Cryptography;

namespace PyChat.Bench.LoadGen.Targets.PyChat;

/// <summary>
/// What the clients of one load-generator run share: which client creates each room (the first to
/// ask), the room key of the pre-encrypted mode, and every client by id, so a receiver can find the
/// schedule of the sender a Deliver names.
/// </summary>
internal sealed class PyChatRoomDirectory
{
    private readonly ConcurrentDictionary<int, BenchRoom> _rooms = new();
    private readonly ConcurrentDictionary<int, PreEncryptedClient> _clients = new();
    private int _lastMember;

    /// <summary>Distinguishes this run's user names from any earlier run's against the same relay.</summary>
    public string RunTag { get; } = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];

    public BenchRoom Room(int room) => _rooms.GetOrAdd(room, r => new BenchRoom("bench-" + r.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A number for a new member, unique in this run (the generator's client ids repeat between the idle test's groups).</summary>
    public int NextMember() => Interlocked.Increment(ref _lastMember);

    /// <summary>User name of member <paramref name="member"/>: <c>u{member}-{tag}</c>; <see cref="MemberOf"/> reads the number back without allocating.</summary>
    public string UserName(int member) => "u" + member.ToString(CultureInfo.InvariantCulture) + "-" + RunTag;

    public static int MemberOf(ReadOnlySpan<byte> userName)
    {
        var id = 0;
        for (var i = 1; i < userName.Length && userName[i] != (byte)'-'; i++)
        {
            id = (id * 10) + (userName[i] - '0');
        }

        return id;
    }

    public void Add(int member, PreEncryptedClient client) => _clients[member] = client;

    public void Remove(int member) => _clients.TryRemove(member, out _);

    public PreEncryptedClient? Client(int member) => _clients.TryGetValue(member, out var client) ? client : null;

    internal sealed class BenchRoom(string name)
    {
        private int _claimed;

        public string Name { get; } = name;

        /// <summary>The room key every member holds in the pre-encrypted mode (epoch 1, made by the creator).</summary>
        public FernetKey Key { get; } = FernetKey.Generate();

        /// <summary>Completes once the creator's RoomJoined came back: joiners wait for it.</summary>
        public TaskCompletionSource Created { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>True for exactly one caller: the room's creator.</summary>
        public bool ClaimCreator() => Interlocked.Exchange(ref _claimed, 1) == 0;
    }
}
