using FluentAssertions;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>Someone using pychat from their own home folder, with their own password.</summary>
internal sealed record Person(string Name, string Home, string Password)
{
    public const string DefaultPassword = "correct horse battery";

    /// <summary>Creates the identity and registers it: <c>pychat init --user NAME --relay ... --ca ...</c>.</summary>
    public static async Task<Person> InitAsync(RelayFixture relay, string name)
    {
        var person = new Person(name, relay.NewHome(name), DefaultPassword);
        var result = await PychatProcess.RunAsync(person.Home, person.Password, "",
            "init", "--user", name, "--relay", relay.RelayUri.ToString(), "--ca", relay.CaFile);
        result.ExitCode.Should().Be(ExitCode.Ok, result.ToString());
        return person;
    }

    public PychatProcess Start(params string[] args) => PychatProcess.Start(Home, Password, args);

    public Task<PychatResult> RunAsync(params string[] args) => PychatProcess.RunAsync(Home, Password, "", args);
}
