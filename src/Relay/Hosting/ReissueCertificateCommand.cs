using PyChat.Relay.Certificates;

namespace PyChat.Relay.Hosting;

/// <summary>
/// <c>dotnet run --project src/Relay -- reissue-certificate</c>: a new server certificate from the
/// existing CA (the old pair is moved aside with a timestamp suffix). Clients keep pinning the same
/// ca.crt, so nobody needs to be told. Restart the relay to serve it.
/// </summary>
internal static class ReissueCertificateCommand
{
    public const string Name = "reissue-certificate";

    public static int Run(string[] args)
    {
        var builder = RelayApplication.CreateBuilder(args);
        var options = RelayApplication.ReadOptions(builder);
        var files = RelayApplication.CertificateFilesOf(builder, options);
        var result = CertificateStore.Reissue(files, options.HostNames, TimeProvider.System);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"Cannot reissue the server certificate: {result.Message}");
            return 1;
        }

        Console.WriteLine($"Issued a new server certificate {files.ServerCertificate} (valid until {result.Certificates!.Server.NotAfter:u}).");
        Console.WriteLine("Restart the relay to serve it. Clients keep pinning the same ca.crt.");
        return 0;
    }
}
