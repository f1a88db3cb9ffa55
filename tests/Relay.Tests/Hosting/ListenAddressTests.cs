using FluentAssertions;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Hosting;

/// <summary>Addresses the relay cannot listen on stop the start with one message naming the setting, before anything is made.</summary>
public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("--Relay:ManagementUrls", "ftp://127.0.0.1:9100", "Relay:ManagementUrls: ftp://127.0.0.1:9100 is neither http:// nor https://")]
    [InlineData("--Relay:ManagementUrls", "http://127.0.0.1:9100/health", "Relay:ManagementUrls: http://127.0.0.1:9100/health has a path")]
    [InlineData("--Relay:ManagementUrls", "http://127.0.0.1:7443", "shares its port with Urls")]
    [InlineData("--urls", "tcp://127.0.0.1:7443", "Urls: tcp://127.0.0.1:7443 is neither http:// nor https://")]
    [InlineData("--Kestrel:Endpoints:Other:Url", "https://127.0.0.1:7444", "Kestrel:Endpoints is not supported")]
    public async Task Start_WithAnAddressItCannotListenOn_RefusesNamingIt_AndCreatesNothing(string setting, string value, string message)
    {
        using var folder = new TempDirectory();

        var start = () => RelayHost.StartAsync([.. TestRelay.Arguments(folder), "--urls", "https://127.0.0.1:7443", setting, value]);

        (await start.Should().ThrowAsync<RelayStartupException>()).Which.Message.Should().Contain(message);
        Directory.Exists(folder.Combine("certs")).Should().BeFalse("the addresses are checked before the certificates are made");
    }
}
