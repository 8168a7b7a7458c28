namespace Huduma.Contact.Core.Content;

/// <summary>
/// A channel's own rule about content (e.g. USSD's 182-character screens). Core cannot know every
/// channel's limits, so each channel contributes a check and the host runs them all at start-up.
/// </summary>
public interface IContentCheck
{
    IEnumerable<ContentError> Check(ContentBundle content);
}
