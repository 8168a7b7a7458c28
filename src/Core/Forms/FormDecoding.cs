namespace Huduma.Contact.Core.Forms;

/// <summary>A decoded provider form, or the reason it was refused (for a 400 answer, naming every bad field).</summary>
public readonly record struct FormDecoding<TForm>(TForm? Form, string? Error) where TForm : class;
