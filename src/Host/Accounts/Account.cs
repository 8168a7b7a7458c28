namespace Huduma.Contact.Host.Accounts;

/// <summary>The three kinds of staff, each able to do what the one before can.</summary>
internal static class Roles
{
    public const string Agent = "agent";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";
    public static readonly string[] All = [Agent, Supervisor, Admin];

    /// <summary>The roles that include <paramref name="role"/>'s rights.</summary>
    public static string[] AtLeast(string role) => role switch
    {
        Agent => [Agent, Supervisor, Admin],
        Supervisor => [Supervisor, Admin],
        _ => [Admin],
    };
}

/// <summary>A staff account (huduma:account:{name}): the password only as ASP.NET Core's hash.</summary>
internal sealed class Account
{
    public string Name { get; set; } = "";
    /// <summary>How citizens see this agent in a chat ("Wanjiru Kamau"); null: <see cref="Name"/>.</summary>
    public string? DisplayName { get; set; }
    public string Role { get; set; } = Roles.Agent;
    /// <summary>
    /// The languages this agent works in ("en", "sw"): tickets in a language are offered only to agents who
    /// speak it. Accounts saved before languages existed read as English only.
    /// </summary>
    public List<string> Languages { get; set; } = ["en"];
    public string PasswordHash { get; set; } = "";
    public bool Disabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Enabled, with the agent role or above: may hold tickets, be transferred one and be offered them. (A method: not stored.)</summary>
    public bool IsActiveAgent() => !Disabled && Roles.AtLeast(Roles.Agent).Contains(Role);
}
