using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Core.Register;

/// <summary>
/// A synthetic register for the embedded default, so a newcomer can try a status lookup at once.
/// Every name and number is made up; generated from a fixed seed so it is the same on every run.
/// </summary>
public static class DemoRegister
{
    /// <summary>The phone the simulator dials from by default; it holds the first few documents.</summary>
    public const string DemoPhone = "+254711000001";

    private static readonly string[] GivenNames =
        ["Wanjiku", "Achieng", "Kamau", "Otieno", "Mutua", "Njeri", "Kiprono", "Chebet", "Mwangi", "Akinyi",
         "Omondi", "Wafula", "Nekesa", "Hassan", "Amina", "Halima", "Barasa", "Jeptoo", "Mumbua", "Kilonzo"];
    private static readonly string[] FamilyNames =
        ["Kariuki", "Odhiambo", "Mutiso", "Wekesa", "Cheruiyot", "Njoroge", "Ouma", "Maina", "Mohamed", "Kipchumba",
         "Nyambura", "Onyango", "Kimani", "Wambui", "Koech", "Ali", "Musyoka", "Chege", "Atieno", "Rotich"];

    /// <summary>The demo phone's own documents: one in each status, to show every answer.</summary>
    public static IReadOnlyList<RegisteredDocument> DemoPhoneDocuments(ContentBundle content)
    {
        var centre = content.Centre("nairobi-gpo")?.Id ?? content.Centres[0].Id;
        var today = new DateOnly(2026, 11, 1);
        return
        [
            Doc("national_id", "12345678", "Wanjiku Kariuki", DemoPhone, centre, DocumentStatus.ReadyForCollection, "WC100001", today),
            Doc("birth_certificate", "100200300", "Baby Kariuki", DemoPhone, centre, DocumentStatus.InProcess, "WC100002", today),
            Doc("smart_dl", "DL0012345", "Wanjiku Kariuki", DemoPhone, centre, DocumentStatus.Collected, "WC100003", today),
            Doc("police_clearance", "PCC778899", "Wanjiku Kariuki", DemoPhone, centre, DocumentStatus.Returned, "WC100004", today),
        ];
    }

    public static IEnumerable<RegisteredDocument> Generate(ContentBundle content, int count, int seed = 1919)
    {
        foreach (var d in DemoPhoneDocuments(content)) yield return d;
        var random = new Random(seed);
        var start = new DateOnly(2026, 1, 1);
        for (var i = 0; i < count; i++)
        {
            // Mostly national IDs, birth certificates and smart DLs, as in the published backlog.
            var type = random.Next(10) switch { < 5 => "national_id", < 7 => "birth_certificate", < 9 => "smart_dl", _ => "police_clearance" };
            var number = type switch
            {
                "national_id" => random.Next(20_000_000, 40_000_000).ToString(),
                "birth_certificate" => random.Next(100_000_000, 999_999_999).ToString(),
                "smart_dl" => "DL" + random.Next(1_000_000, 9_999_999),
                _ => "PCC" + random.Next(100_000, 999_999),
            };
            var phone = $"+2547{random.Next(10, 99)}{random.Next(100_000, 999_999)}";
            var status = random.Next(10) switch
            {
                < 5 => DocumentStatus.ReadyForCollection, < 8 => DocumentStatus.InProcess, < 9 => DocumentStatus.Collected, _ => DocumentStatus.Returned,
            };
            var name = $"{GivenNames[random.Next(GivenNames.Length)]} {FamilyNames[random.Next(FamilyNames.Length)]}";
            var centre = content.Centres[random.Next(content.Centres.Count)].Id;
            yield return Doc(type, number, name, phone, centre, status, $"WC{random.Next(100_000, 999_999)}",
                start.AddDays(random.Next(300)));
        }
    }

    private static RegisteredDocument Doc(string type, string number, string name, string phone, string centre,
        DocumentStatus status, string reference, DateOnly applied) => new()
    {
        Type = type, Number = number, HolderName = name, Phones = [phone], CentreId = centre, Status = status,
        WaitingCardRef = reference, AppliedOn = applied,
        ReadyOn = status == DocumentStatus.InProcess ? null : applied.AddDays(21),
        CollectedOn = status == DocumentStatus.Collected ? applied.AddDays(30) : null,
    };
}
