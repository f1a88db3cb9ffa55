using System.Globalization;
using System.Text.RegularExpressions;

namespace PyChat.Integration.Tests.Nginx;

/// <summary>
/// One of deploy/nginx's files as shipped (copied next to the tests at build time), with the values its header names
/// replaced for a test's ports and folders. A value the file no longer holds fails the test: the file and the tests
/// must change together.
/// </summary>
internal sealed class ShippedNginxConfiguration
{
    private readonly string _name;
    private readonly string _text;

    private ShippedNginxConfiguration(string name, string text)
    {
        _name = name;
        _text = text;
    }

    public static ShippedNginxConfiguration Load(string name) =>
        new(name, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "deploy", "nginx", name)));

    /// <summary>A copy with every occurrence of <paramref name="shipped"/>, which must occur, replaced.</summary>
    public ShippedNginxConfiguration Replace(string shipped, string replacement) =>
        _text.Contains(shipped, StringComparison.Ordinal)
            ? new(_name, _text.Replace(shipped, replacement, StringComparison.Ordinal))
            : throw new InvalidOperationException($"deploy/nginx/{_name} no longer contains '{shipped}', which the tests replace (see its header)");

    /// <summary>The value of a directive given in seconds, e.g. <c>proxy_read_timeout 75s;</c>.</summary>
    public TimeSpan Duration(string directive)
    {
        var match = Regex.Match(_text, $@"^\s*{Regex.Escape(directive)}\s+(\d+)s;", RegexOptions.Multiline);
        return match.Success
            ? TimeSpan.FromSeconds(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            : throw new InvalidOperationException($"deploy/nginx/{_name} sets no '{directive} <seconds>s;'");
    }

    public override string ToString() => _text;
}
