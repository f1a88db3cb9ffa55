using Spectre.Console;

namespace PyChat.ConsoleClient.Rendering;

/// <summary>A stable colour per name, so a conversation is easy to follow. Not a security signal.</summary>
internal static class SenderColors
{
    private static readonly Color[] Palette =
    [
        Color.DeepSkyBlue1, Color.Orange1, Color.MediumPurple1, Color.SpringGreen2, Color.HotPink,
        Color.Gold1, Color.Turquoise2, Color.LightSalmon1, Color.SteelBlue1, Color.Plum1,
    ];

    public static Color For(string name)
    {
        // FNV-1a: string.GetHashCode differs from run to run, and a person's colour should not.
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return Palette[hash % (uint)Palette.Length];
    }
}
