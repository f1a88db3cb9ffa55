using System.IO.Compression;
using System.Xml.Linq;

namespace PyChat.Integration.Tests.Packaging;

/// <summary>A .nupkg or .snupkg opened as the zip file it is: its nuspec and the files it holds.</summary>
internal sealed class NuGetPackage : IDisposable
{
    private readonly ZipArchive _zip;

    public NuGetPackage(string path)
    {
        _zip = ZipFile.OpenRead(path);
        var nuspec = _zip.Entries.Single(entry => !entry.FullName.Contains('/', StringComparison.Ordinal) && entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        Nuspec = XDocument.Load(stream);
    }

    public XDocument Nuspec { get; }

    /// <summary>Every file's path inside the package.</summary>
    public IReadOnlyList<string> Files => [.. _zip.Entries.Select(entry => entry.FullName)];

    /// <summary>The element of the nuspec's metadata named <paramref name="name"/> (any nuspec schema version), or null.</summary>
    public XElement? Metadata(string name) =>
        Nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata").Elements().SingleOrDefault(e => e.Name.LocalName == name);

    /// <summary>As <see cref="Metadata"/>, failing the test with the whole nuspec when the element is missing.</summary>
    public XElement RequiredMetadata(string name) =>
        Metadata(name) ?? throw new Xunit.Sdk.XunitException($"the nuspec has no <{name}>:\n{Nuspec}");

    /// <summary>Every dependency of the package, as (id, version), over all target framework groups.</summary>
    public IReadOnlyList<(string Id, string Version)> Dependencies =>
    [
        .. (Metadata("dependencies")?.Descendants() ?? [])
            .Where(e => e.Name.LocalName == "dependency")
            .Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!)),
    ];

    public byte[] Read(string path)
    {
        var entry = _zip.GetEntry(path) ?? throw new Xunit.Sdk.XunitException($"no {path} in the package; it holds {string.Join(", ", Files)}");
        using var stream = entry.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>An XML file inside the package (with or without a byte order mark).</summary>
    public XDocument ReadXml(string path)
    {
        using var stream = new MemoryStream(Read(path));
        return XDocument.Load(stream);
    }

    public void Dispose() => _zip.Dispose();
}
