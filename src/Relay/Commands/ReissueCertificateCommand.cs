using System.CommandLine;
using PyChat.Relay.Certificates;

namespace PyChat.Relay.Commands;

/// <summary>
/// <c>PyChat.Relay reissue-certificate</c>: a new server certificate from the existing CA (the old pair is moved aside
/// with a timestamp suffix). Clients keep pinning the same ca.crt, so nobody needs to be told. Restart the relay to serve it.
/// </summary>
internal static class ReissueCertificateCommand
{
    public const string Name = "reissue-certificate";

    public static Command Create() => RelayVerb.Create(
        Name,
        "Issue a new server certificate from the relay's CA; clients keep pinning the same ca.crt. Restart the relay to serve it.",
        (_, io, _) => Task.FromResult(Run(io)));

    private static int Run(CommandIo io)
    {
        var relay = RelayConfiguration.Read(io.Configuration);
        var result = CertificateStore.Reissue(relay.CertificateFiles, relay.Options.HostNames, TimeProvider.System);
        if (!result.Succeeded)
        {
            io.Error.WriteLine($"Cannot reissue the server certificate: {result.Message}");
            return ExitCodes.Failed;
        }

        io.Output.WriteLine($"Issued a new server certificate {relay.CertificateFiles.ServerCertificate} (valid until {result.Certificates!.Server.NotAfter:u}).");
        io.Output.WriteLine("Restart the relay to serve it. Clients keep pinning the same ca.crt.");
        return ExitCodes.Ok;
    }
}
