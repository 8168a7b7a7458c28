using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Sms.Keywords;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Sms.Tests;

/// <summary>A table of real messages in, the command read out (STYLE.md: one table of tests per handler).</summary>
public sealed class SmsKeywordParserTests
{
    private static readonly SmsKeywordParser Parser = new(ShippedContent.Load());

    public static TheoryData<string, SmsCommandKind, Language?, string?, string?> Messages => new()
    {
        { "ID 12345678", SmsCommandKind.Status, Language.En, "national_id", "12345678" },
        { "ID12345678", SmsCommandKind.Status, Language.En, "national_id", "12345678" },
        { "id no. 12345678", SmsCommandKind.Status, Language.En, "national_id", "12345678" },
        { "  Id  No:  1234 5678 ", SmsCommandKind.Status, Language.En, "national_id", "12345678" },
        { "ID number 12345678", SmsCommandKind.Status, Language.En, "national_id", "12345678" },
        { "Kitambulisho 12345678", SmsCommandKind.Status, Language.Sw, "national_id", "12345678" },
        { "kitambulsho 12345678", SmsCommandKind.Status, Language.Sw, "national_id", "12345678" },
        { "nambari ya kitambulisho 12345678", SmsCommandKind.Status, Language.Sw, "national_id", "12345678" },
        { "BIRTH CERT 100200300", SmsCommandKind.Status, Language.En, "birth_certificate", "100200300" },
        { "cheti cha kuzaliwa 100200300", SmsCommandKind.Status, Language.Sw, "birth_certificate", "100200300" },
        { "DL DL0012345", SmsCommandKind.Status, Language.En, "smart_dl", "DL0012345" },
        { "driving licence dl0012345", SmsCommandKind.Status, Language.En, "smart_dl", "DL0012345" },
        { "leseni DL0012345", SmsCommandKind.Status, Language.Sw, "smart_dl", "DL0012345" },
        { "good conduct PCC778899", SmsCommandKind.Status, Language.En, "police_clearance", "PCC778899" },
        { "ID", SmsCommandKind.Status, Language.En, "national_id", "" },
        { "HELP", SmsCommandKind.Help, Language.En, null, null },
        { "help!", SmsCommandKind.Help, Language.En, null, null },
        { "Msaada", SmsCommandKind.Help, Language.Sw, null, null },
        { "CENTRE Nakuru", SmsCommandKind.Centre, Language.En, null, "NAKURU" },
        { "center nakuru town", SmsCommandKind.Centre, Language.En, null, "NAKURU TOWN" },
        { "kituo Kisumu", SmsCommandKind.Centre, Language.Sw, null, "KISUMU" },
        { "AGENT my ID is late", SmsCommandKind.Agent, Language.En, null, "MY ID IS LATE" },
        { "wakala nisaidie", SmsCommandKind.Agent, Language.Sw, null, "NISAIDIE" },
        { "STOP", SmsCommandKind.Stop, Language.En, null, null },
        { "stop.", SmsCommandKind.Stop, Language.En, null, null },
        { "Acha", SmsCommandKind.Stop, Language.Sw, null, null },
        { "STOP sending me messages", SmsCommandKind.Stop, Language.En, null, null },   // STOP first: honoured
        { "START", SmsCommandKind.Start, Language.En, null, null },
        { "anza", SmsCommandKind.Start, Language.Sw, null, null },
        { "SHOP", SmsCommandKind.Unknown, null, null, null },          // never a guessed STOP
        { "STAR", SmsCommandKind.Unknown, null, null, null },          // never a guessed START
        { "hello there", SmsCommandKind.Unknown, null, null, null },
        { "12345678", SmsCommandKind.Unknown, null, null, null },
        { "", SmsCommandKind.Unknown, null, null, null },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_message_reads_as_its_command(string message, SmsCommandKind kind, Language? language, string? document, string? argument)
    {
        var command = Parser.Parse(message);
        Assert.Equal(kind, command.Kind);
        Assert.Equal(language, command.Language);
        Assert.Equal(document, command.Document);
        Assert.Equal(argument, command.Argument);
    }

    [Theory]
    [InlineData("KITAMBULISHO", "KITAMBULSHO", true)]   // a letter missing
    [InlineData("CENTRE", "CENTER", true)]              // two letters swapped
    [InlineData("MSAADA", "MSADA", true)]               // a letter missing
    [InlineData("WAKALA", "WKLAA", false)]              // two edits
    [InlineData("ID", "IS", false)]                     // short words are never guessed
    public void Small_typos_are_forgiven_in_long_words_only(string expected, string typed, bool close) =>
        Assert.Equal(close, SmsKeywordParser.Close(expected, typed));
}
