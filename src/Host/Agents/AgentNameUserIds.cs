using Microsoft.AspNetCore.SignalR;

namespace Huduma.Contact.Host.Agents;

/// <summary>Hub connections are addressed by the signed-in account's name (the cookie carries no other id).</summary>
internal sealed class AgentNameUserIds : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User?.Identity?.Name;
}
