using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.NodeDeserializers;

namespace Huduma.Contact.Core.Content;

/// <summary>
/// Reads content/*.yaml into a <see cref="ContentBundle"/>. Parse errors and validation errors name the
/// file and line, like a compiler would, so a content editor can fix them without reading C#.
/// </summary>
internal static class ContentLoader
{
    public static ContentBundle Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new ContentException([new ContentError(directory, null, "content directory not found")]);

        var errors = new List<ContentError>();
        T Read<T>(string name) where T : new()
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                errors.Add(new ContentError(name, null, "file is missing"));
                return new T();
            }
            try
            {
                var deserializer = new DeserializerBuilder()
                    .WithNamingConvention(CamelCaseNamingConvention.Instance)
                    .WithNodeDeserializer(inner => new SourceLocatingDeserializer(inner, $"content/{name}"),
                        s => s.InsteadOf<ObjectNodeDeserializer>())
                    .Build();
                return deserializer.Deserialize<T>(File.ReadAllText(path)) ?? new T();
            }
            catch (YamlException e)
            {
                var inner = e.InnerException?.Message ?? e.Message;
                errors.Add(new ContentError($"content/{name}:{e.Start.Line}", null, inner));
                return new T();
            }
        }

        var bundle = new ContentBundle(
            Read<MenusFile>("menus.yaml").Nodes,
            Read<PromptsFile>("prompts.yaml").Prompts,
            Read<DocumentsFile>("documents.yaml").Documents,
            Read<CountiesFile>("counties.yaml").Counties,
            Read<CentresFile>("centres.yaml").Centres,
            Read<ServicesFile>("services.yaml").Services,
            Read<FaqsFile>("faqs.yaml").Faqs,
            Read<SmsFile>("sms.yaml").Keywords);
        if (errors.Count > 0) throw new ContentException(errors);
        return bundle;
    }

    /// <summary>Where the shipped content is: next to the binary (copied at build), else the repository's.</summary>
    public static string DefaultDirectory()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "content");
        if (Directory.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "content");
            if (File.Exists(Path.Combine(candidate, "menus.yaml"))) return candidate;
        }
        return beside;
    }

    private sealed class MenusFile { public List<MenuNode> Nodes { get; set; } = []; }
    private sealed class PromptsFile { public Dictionary<string, LocalizedText> Prompts { get; set; } = []; }
    private sealed class DocumentsFile { public List<DocumentType> Documents { get; set; } = []; }
    private sealed class CountiesFile { public List<County> Counties { get; set; } = []; }
    private sealed class CentresFile { public List<Centre> Centres { get; set; } = []; }
    private sealed class ServicesFile { public List<Service> Services { get; set; } = []; }
    private sealed class FaqsFile { public List<Faq> Faqs { get; set; } = []; }
    private sealed class SmsFile { public List<SmsKeyword> Keywords { get; set; } = []; }

    /// <summary>Records the file and line every content item starts at.</summary>
    private sealed class SourceLocatingDeserializer(INodeDeserializer inner, string file) : INodeDeserializer
    {
        public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer,
            out object? value, ObjectDeserializer rootDeserializer)
        {
            var line = reader.Current is ParsingEvent e ? (int)e.Start.Line : 0;
            if (!inner.Deserialize(reader, expectedType, nestedObjectDeserializer, out value, rootDeserializer)) return false;
            if (value is ContentItem item)
            {
                item.File = file;
                item.Line = line;
            }
            return true;
        }
    }
}

public sealed record ContentError(string Where, string? Node, string Message)
{
    public override string ToString() => Node is null ? $"{Where} {Message}" : $"{Where} node '{Node}': {Message}";
}

internal sealed class ContentException(IReadOnlyList<ContentError> errors)
    : Exception("Content is invalid:\n  " + string.Join("\n  ", errors))
{
    public IReadOnlyList<ContentError> Errors { get; } = errors;
}
