using System.Globalization;
using System.Text.RegularExpressions;

namespace PyChat.Integration.Tests.Support;

/// <summary>One <c>/metrics</c> answer in Prometheus's text format, parsed: every sample with its labels.</summary>
public sealed partial class PrometheusScrape
{
    private readonly List<Sample> _samples = [];

    private PrometheusScrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"not a Prometheus sample line: {line}");
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in Label().Matches(match.Groups["labels"].Value))
            {
                labels[label.Groups["name"].Value] = label.Groups["value"].Value;
            }

            _samples.Add(new Sample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The answer as it came.</summary>
    public string Text { get; }

    /// <summary>Every metric family named in a <c># TYPE</c> line.</summary>
    public IReadOnlyList<string> Families => [.. Text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2])];

    public static PrometheusScrape Parse(string text) => new(text);

    /// <summary>
    /// The sum of the samples of <paramref name="name"/> whose labels include <paramref name="labels"/> ("key=value"
    /// each); 0 when there is none (a counter that never moved has no series).
    /// </summary>
    public double Value(string name, params string[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Has(l))).Sum(s => s.Value);

    public bool Has(string name) => _samples.Exists(s => s.Name == name);

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value)
    {
        public bool Has(string label)
        {
            var (key, value) = (label[..label.IndexOf('=', StringComparison.Ordinal)], label[(label.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            return Labels.TryGetValue(key, out var actual) && actual == value;
        }
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
