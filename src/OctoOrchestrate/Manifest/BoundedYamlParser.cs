using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OctoOrchestrate.Manifest;

/// <summary>
/// Sits between YamlDotNet's parser and its node builder and stops a hostile manifest before the builder acts on it: the
/// builder recurses once per nesting level (40,000 '[' overflow the stack), hashes mapping keys (a list as a key is no
/// manifest key), and the manifest's readers copy what an alias names once per use (one alias reused by 10,000 components
/// multiplies the file). Events are checked as they stream, so nothing beyond a limit is ever built.
/// </summary>
internal sealed class BoundedYamlParser(IParser inner, string file) : IParser
{
    /// <summary>Lists and mappings inside each other; a manifest needs 6.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The manifest's size with every alias replaced by a copy of what it names: each text value counts its length + 1,
    /// each list or mapping 1. 16 million is about a 16 MB manifest written out without aliases.
    /// </summary>
    public const long MaxExpandedSize = 16_000_000;

    readonly List<Frame> open = [];
    readonly Dictionary<string, long> anchorSizes = new(StringComparer.Ordinal);
    readonly HashSet<string> openAnchors = new(StringComparer.Ordinal);
    long expanded;
    int documents;

    public ParsingEvent? Current => inner.Current;

    /// <summary>The line of the last event read: where to point when the parser fails without saying where.</summary>
    public int LastLine { get; private set; } = 1;

    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        if (inner.Current is { } current) LastLine = (int)current.End.Line;
        switch (inner.Current)
        {
            case DocumentStart start when ++documents > 1:
                throw Error(start, "A second YAML document starts here. A manifest is one document: remove the '---' line (or the '...' before it) and merge the parts.");
            case Scalar scalar:
                StartNode(scalar, isCollection: false);
                Add(scalar, scalar.Value.Length + 1L);
                Remember(scalar.Anchor, scalar.Value.Length + 1L);
                EndNode();
                break;
            case AnchorAlias alias:
                StartNode(alias, isCollection: false);
                if (openAnchors.Contains(alias.Value.Value))
                    throw Error(alias, $"The alias '*{alias.Value.Value}' refers to the list or mapping it is inside. Write the values out instead.");
                Add(alias, anchorSizes.GetValueOrDefault(alias.Value.Value));
                EndNode();
                break;
            case NodeEvent node and (SequenceStart or MappingStart):
                StartNode(node, isCollection: true);
                if (open.Count >= MaxDepth)
                    throw Error(node, $"Lists and mappings are nested more than {MaxDepth} levels deep. A manifest needs a few levels: flatten it.");
                open.Add(new Frame(expanded, node.Anchor.IsEmpty ? null : node.Anchor.Value, node is MappingStart));
                if (!node.Anchor.IsEmpty) openAnchors.Add(node.Anchor.Value);
                Add(node, 1);
                break;
            case SequenceEnd or MappingEnd:
                var frame = open[^1];
                open.RemoveAt(open.Count - 1);
                if (frame.Anchor is not null)
                {
                    openAnchors.Remove(frame.Anchor);
                    anchorSizes[frame.Anchor] = expanded - frame.Start;
                }

                EndNode();
                break;
        }

        return true;
    }

    /// <summary>A node begins: a key of a mapping must be plain text, so a list, mapping or alias there is refused.</summary>
    void StartNode(ParsingEvent node, bool isCollection)
    {
        if (open.Count > 0 && open[^1] is { IsMapping: true, ExpectKey: true } && (isCollection || node is AnchorAlias))
            throw Error(node, "A mapping key here is a list, mapping or alias; keys must be plain text such as 'name'. Remove the '?' or the brackets around the key.");
    }

    /// <summary>A node ended: in a mapping, keys and values alternate.</summary>
    void EndNode()
    {
        if (open.Count > 0 && open[^1].IsMapping) open[^1].ExpectKey = !open[^1].ExpectKey;
    }

    void Remember(AnchorName anchor, long size)
    {
        if (!anchor.IsEmpty) anchorSizes[anchor.Value] = size;
    }

    void Add(ParsingEvent at, long size)
    {
        expanded += size;
        if (expanded > MaxExpandedSize)
            throw Error(at, $"The manifest expands to more than {MaxExpandedSize:N0} characters once its aliases ('*name') are copied out (the limit). Use fewer aliases of large lists, or split the lists.");
    }

    ManifestException Error(ParsingEvent at, string message) => new(file, (int)at.Start.Line, message);

    sealed class Frame(long start, string? anchor, bool isMapping)
    {
        public long Start { get; } = start;

        public string? Anchor { get; } = anchor;

        public bool IsMapping { get; } = isMapping;

        public bool ExpectKey { get; set; } = true;
    }
}
