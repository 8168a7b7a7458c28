namespace Huduma.Contact.Core.Forms;

/// <summary>
/// A provider form's declaration: how to make an empty one and its fields, in the order a refusal names
/// them. Declared by hand once per form (a static list), so decoding a request reflects over nothing.
/// </summary>
public sealed class FormFields<TForm>
{
    /// <summary>Fields are tracked as bits of an int while a request is decoded.</summary>
    public const int MaxFields = 32;

    public FormFields(Func<TForm> create, params FormField<TForm>[] fields)
    {
        if (fields.Length > MaxFields) throw new ArgumentException($"a form declares at most {MaxFields} fields", nameof(fields));
        if (fields.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != fields.Length)
            throw new ArgumentException("a form declares each field once (names are compared ignoring case, as ASP.NET Core reads a form)", nameof(fields));
        Create = create;
        Items = fields;
        for (var i = 0; i < fields.Length; i++)
            if (fields[i].IsRequired) RequiredMask |= 1u << i;
    }

    public Func<TForm> Create { get; }
    public IReadOnlyList<FormField<TForm>> Fields => Items;
    /// <summary>The fields as an array: indexed directly on every request, not through an interface.</summary>
    internal FormField<TForm>[] Items { get; }
    internal uint RequiredMask { get; }

    /// <summary>The index of the field with that name (ignoring case, as ASP.NET Core's form does), or -1.</summary>
    internal int IndexOf(string name)
    {
        // A form declares a handful of fields: a scan, most names ruled out by their length, is cheaper than hashing.
        var items = Items;
        for (var i = 0; i < items.Length; i++)
        {
            var declared = items[i].Name;
            if (declared.Length == name.Length && string.Equals(declared, name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }
}
