using System.Text.Json;
using System.Text.Json.Serialization;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Profiles;

namespace Huduma.Contact.Core.State;

/// <summary>
/// The one serializer of every session a channel keeps in the store: generated at build time, no
/// reflection, and writing through the generated fast path (bench/README.md). <see cref="StateJson"/> uses
/// it for these types, whichever assembly asks first. The shape is the one the hosts stored before
/// (tests/Core.Tests/StoredShapes): web names (camelCase, read in any case), defaults left out. The
/// generated fast path does not take the relaxed encoder, so "+" is stored as "\u002B" (and non-ASCII
/// as \u escapes), as USSD sessions already were: either form reads back the same, on any version.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(UssdSession))]
[JsonSerializable(typeof(VoiceCall))]
[JsonSerializable(typeof(ConversationState))]
[JsonSerializable(typeof(SmsSession))]
[JsonSerializable(typeof(TranscriptLine))]
[JsonSerializable(typeof(PhoneProfiles.Profile))]
internal sealed partial class SessionJson : JsonSerializerContext;
