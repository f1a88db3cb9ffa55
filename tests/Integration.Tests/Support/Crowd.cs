namespace PyChat.Integration.Tests.Support;

/// <summary>Members of one room, disposed together.</summary>
public sealed class Crowd : IAsyncDisposable
{
    public List<Member> All { get; } = [];

    public Member this[int index] => All[index];

    /// <summary>Creates <paramref name="room"/> and joins <paramref name="count"/> − 1 more members; returns once all hold the latest key.</summary>
    public static Task<Crowd> GatherAsync(RelayFixture relay, string room, int count) =>
        GatherAsync(() => relay.RegisterAsync("m"), room, count);

    /// <summary>As above, with members that <paramref name="register"/> makes (on any relay, through any proxy).</summary>
    public static async Task<Crowd> GatherAsync(Func<Task<Member>> register, string room, int count)
    {
        var crowd = new Crowd();
        crowd.All.Add(await (await register()).CreateAsync(room));
        for (var i = 1; i < count; i++)
        {
            crowd.All.Add(await (await register()).JoinAsync(room));
        }

        var last = crowd.All[^1];
        await last.Room.WaitForKeyAsync();
        foreach (var member in crowd.All)
        {
            await member.Events.WaitUntilAsync(
                _ => member.Room.Epoch >= last.Room.Epoch && member.Room.Members.Count == count,
                $"{member.Name} holding the latest key");
        }

        return crowd;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in All)
        {
            await member.DisposeAsync();
        }
    }
}
