using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>axe-core (the copy Deque.AxeCore.Playwright embeds, injected into the page) as every page's browser tests run it.</summary>
internal static class AxeChecks
{
    // WCAG 2.0 and 2.1, levels A and AA: what the staff pages and the simulator are held to.
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>Each violation of impact serious or critical on the page as it is now, as "id (impact): help at targets".</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(this IPage page)
    {
        var result = await page.RunAxe(Wcag21AA);
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
    }
}
