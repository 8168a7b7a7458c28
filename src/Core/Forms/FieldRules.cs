namespace Huduma.Contact.Core.Forms;

/// <summary>What a provider's form field must be (courier's `validate:"required"` and friends).</summary>
[Flags]
public enum FieldRules
{
    None = 0,
    /// <summary>Present and not blank, or the request is refused naming it ("missing field(s): …").</summary>
    Required = 1,
    /// <summary>A phone number, given to the form in E.164 (<see cref="Privacy.Msisdn"/>); anything else refuses the request.</summary>
    Phone = 2,
    /// <summary>
    /// A phone number if it is one, else left unset: callers who withhold their number ("anonymous") and
    /// reports that echo a number are not refused for it.
    /// </summary>
    PhoneIfAny = 4,
}
