namespace Huduma.Contact.Core.Forms;

/// <summary>
/// One field of a provider's form: its name as the provider sends it, its rules, and where its value goes.
/// <paramref name="Set"/> is called only when the field is present and passed its rules; a field left out keeps
/// the form's default. <paramref name="MaxLength"/> 0 is no limit.
/// </summary>
public sealed record FormField<TForm>(string Name, FieldRules Rules, Action<TForm, string> Set, int MaxLength = 0)
{
    public bool IsRequired => (Rules & FieldRules.Required) != 0;
}
