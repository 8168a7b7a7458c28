namespace Huduma.Contact.Core.Forms;

/// <summary>
/// A provider's request declared as a type, as courier declares a handler's `moForm` struct: the type names its
/// fields once (<see cref="Fields"/>) and <see cref="ProviderForm.Decode{TForm}"/> reads any form into it.
/// </summary>
public interface IProviderForm<TSelf> where TSelf : IProviderForm<TSelf>
{
    static abstract FormFields<TSelf> Fields { get; }
}
