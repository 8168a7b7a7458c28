using Huduma.Contact.Core.Content;

namespace Huduma.Contact.TestSupport;

/// <summary>The content the product ships (copied beside the test binaries at build).</summary>
public static class ShippedContent
{
    private static readonly Lazy<ContentBundle> Bundle = new(() => ContentLoader.Load(Directory));

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "content");
    public static ContentBundle Load() => Bundle.Value;
}
