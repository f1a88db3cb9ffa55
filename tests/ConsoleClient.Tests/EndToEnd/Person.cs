using FluentAssertions;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>Someone using pychat from their own home folder, with their own password.</summary>
internal sealed record Person(string Name, string Home, string Password)
{
    public const string DefaultPassword = "correct horse battery";

    /// <summary>Creates the identity and registers it: <c>pychat init --user NAME --relay ... --ca ...</c>.</summary>
    public static Task<Person> InitAsync(RelayFixture relay, string name) => InitAsync(relay.NewHome(name), relay.RelayUri, relay.CaFile, name);

    /// <summary>The same, with <paramref name="home"/> as the home folder, for any relay.</summary>
    public static async Task<Person> InitAsync(string home, Uri relay, string caFile, string name)
    {
        var person = new Person(name, home, DefaultPassword);
        var result = await PychatProcess.RunAsync(person.Home, person.Password, "",
            "init", "--user", name, "--relay", relay.ToString(), "--ca", caFile);
        result.ExitCode.Should().Be(ExitCode.Ok, result.ToString());
        return person;
    }

    public PychatProcess Start(params string[] args) => PychatProcess.Start(Home, Password, args);

    /// <summary>Starts pychat in a terminal of its own (<see cref="TerminalSession"/>).</summary>
    public Task<TerminalSession> StartInTerminalAsync(params string[] args) => TerminalSession.StartAsync(Home, Password, args);

    public Task<PychatResult> RunAsync(params string[] args) => PychatProcess.RunAsync(Home, Password, "", args);
}
