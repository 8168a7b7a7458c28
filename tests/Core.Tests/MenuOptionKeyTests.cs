using Huduma.Contact.Core.Content;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Core.Tests;

/// <summary>How code finds the key to press for a node it names (chat's walk to the status question, its handoff button).</summary>
public sealed class MenuOptionKeyTests
{
    [Fact]
    public void The_key_to_a_node_the_home_menu_offers_is_that_options_number()
    {
        var content = ShippedContent.Load();
        var key = content.OptionKey(MenuNodes.Home, MenuNodes.StatusDocument);
        Assert.Equal(MenuNodes.StatusDocument, content.Nodes[MenuNodes.Home].Options![int.Parse(key) - 1].Goto);
    }

    [Fact]
    public void Asking_the_key_to_a_node_the_menu_does_not_offer_throws_instead_of_pressing_back()
    {
        var content = ShippedContent.Load();
        var e = Assert.Throws<InvalidOperationException>(() => content.OptionKey(MenuNodes.Home, "status.document"));
        Assert.Contains("node 'main'", e.Message);
        Assert.Contains("'status.document'", e.Message);
    }
}
