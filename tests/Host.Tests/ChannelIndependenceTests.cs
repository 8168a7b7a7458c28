using System.Reflection;
using System.Xml.Linq;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Each channel is a translator over Core (issue 24): no channel project references another, in its project
/// file or in what it was compiled against — provider authentication is the host's filters, and provider
/// forms are read by Core's one routine, so nothing is shared sideways.
/// </summary>
public sealed class ChannelIndependenceTests
{
    private static readonly string[] Channels = ["Ussd", "Sms", "Voice", "Bot"];

    public static TheoryData<string> ChannelNames => new(Channels);

    [Theory]
    [MemberData(nameof(ChannelNames))]
    public void A_channel_project_references_only_Core(string channel)
    {
        var project = XDocument.Load(Path.Combine(InfraFiles.RepositoryRoot(), "src", channel, $"{channel}.csproj"));
        var references = project.Descendants("ProjectReference").Select(r => r.Attribute("Include")!.Value.Replace('\\', '/')).ToList();
        Assert.Equal(["../Core/Core.csproj"], references);
    }

    [Theory]
    [MemberData(nameof(ChannelNames))]
    public void A_channel_assembly_was_built_against_no_other_channel(string channel)
    {
        var assembly = Assembly.Load($"Huduma.Contact.{channel}");
        var others = Channels.Where(c => c != channel).Select(c => $"Huduma.Contact.{c}").ToHashSet();
        Assert.DoesNotContain(assembly.GetReferencedAssemblies(), r => others.Contains(r.Name!));
        Assert.Contains(assembly.GetReferencedAssemblies(), r => r.Name == "Huduma.Contact.Core");
    }
}
