using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Text;

namespace PyChat.Integration.Tests.Packaging;

/// <summary>A portable PDB read with System.Reflection.Metadata: its id, its documents and their custom debug information.</summary>
internal sealed class PortablePdb : IDisposable
{
    // The kinds of custom debug information, as the Portable PDB specification numbers them.
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    private readonly MetadataReaderProvider _provider;
    private readonly MetadataReader _reader;

    /// <summary>Reads <paramref name="image"/>; throws <see cref="BadImageFormatException"/> unless it is a portable PDB.</summary>
    public PortablePdb(byte[] image)
    {
        _provider = MetadataReaderProvider.FromPortablePdbImage(ImmutableArray.Create(image));
        _reader = _provider.GetMetadataReader();
    }

    /// <summary>The GUID part of the PDB id, which the DLL's CodeView debug entry names.</summary>
    public Guid Guid => new([.. _reader.DebugMetadataHeader!.Id.Take(16)]);

    /// <summary>The path of every source document, as the compiler recorded it.</summary>
    public IReadOnlyList<string> Documents => [.. _reader.Documents.Select(handle => _reader.GetString(_reader.GetDocument(handle).Name))];

    /// <summary>The documents whose source text is embedded in the PDB.</summary>
    public IReadOnlyList<string> DocumentsWithEmbeddedSource =>
    [
        .. _reader.Documents
            .Where(handle => Kinds(handle).Contains(EmbeddedSourceKind))
            .Select(handle => _reader.GetString(_reader.GetDocument(handle).Name)),
    ];

    /// <summary>The SourceLink JSON (document paths to URLs) on the module, or null when the PDB has none.</summary>
    public string? SourceLink
    {
        get
        {
            foreach (var handle in _reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
            {
                var information = _reader.GetCustomDebugInformation(handle);
                if (_reader.GetGuid(information.Kind) == SourceLinkKind)
                {
                    return Encoding.UTF8.GetString(_reader.GetBlobBytes(information.Value));
                }
            }

            return null;
        }
    }

    public void Dispose() => _provider.Dispose();

    private IEnumerable<Guid> Kinds(DocumentHandle document) =>
        _reader.GetCustomDebugInformation(document).Select(handle => _reader.GetGuid(_reader.GetCustomDebugInformation(handle).Kind));
}
