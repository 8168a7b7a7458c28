using Huduma.Contact.Core.Forms;
using Microsoft.Extensions.Primitives;

namespace Huduma.Contact.Core.Tests;

/// <summary>The one routine that reads every provider form into its declared type (courier's DecodeAndValidateForm).</summary>
public sealed class ProviderFormTests
{
    /// <summary>A form as a provider might declare one: every rule once.</summary>
    private sealed class CallbackForm : IProviderForm<CallbackForm>
    {
        public string Id { get; private set; } = "";
        public string Phone { get; private set; } = "";
        public string? Caller { get; private set; }
        public string Text { get; private set; } = "";
        public int? Count { get; private set; }

        public static FormFields<CallbackForm> Fields { get; } = new(() => new CallbackForm(),
            new("id", FieldRules.Required, (f, v) => f.Id = v, MaxLength: 8),
            new("phoneNumber", FieldRules.Required | FieldRules.Phone, (f, v) => f.Phone = v),
            new("callerNumber", FieldRules.PhoneIfAny, (f, v) => f.Caller = v),
            new("text", FieldRules.None, (f, v) => f.Text = v, MaxLength: 5),
            new("count", FieldRules.None, (f, v) => f.Count = int.TryParse(v, out var n) ? n : null));
    }

    private static FormDecoding<CallbackForm> Decode(params (string Key, string Value)[] form) =>
        ProviderForm.Decode<CallbackForm>(form.Select(p => KeyValuePair.Create(p.Key, new StringValues(p.Value))));

    [Fact]
    public void A_good_form_is_read_into_its_type_with_the_phone_in_E164()
    {
        var (form, error) = Decode(("id", "A1"), ("phoneNumber", "0711000001"), ("callerNumber", "+254 722 000 002"), ("text", "1*2"),
            ("count", "7"), ("somethingNew", "ignored"));
        Assert.Null(error);
        Assert.Equal(("A1", "+254711000001", "+254722000002", "1*2", 7), (form!.Id, form.Phone, form.Caller, form.Text, form.Count));
    }

    [Fact]
    public void Fields_left_out_keep_the_forms_defaults()
    {
        var (form, error) = Decode(("id", "A1"), ("phoneNumber", "+254711000001"));
        Assert.Null(error);
        Assert.Equal(("", null, (int?)null), (form!.Text, form.Caller, form.Count));
    }

    [Fact]
    public void Names_are_matched_ignoring_case_as_ASP_NET_Core_reads_a_form()
    {
        var (form, _) = Decode(("ID", "A1"), ("PhoneNumber", "+254711000001"));
        Assert.Equal("A1", form!.Id);
    }

    [Fact]
    public void Every_missing_field_is_named_in_the_declared_order_and_a_blank_one_is_missing()
    {
        var (form, error) = Decode(("phoneNumber", "  "), ("text", "1"));
        Assert.Null(form);
        Assert.Equal("missing field(s): id, phoneNumber", error);
    }

    [Fact]
    public void Every_wrong_field_is_named_after_the_missing_ones()
    {
        var (form, error) = Decode(("id", "123456789"), ("text", "123456"), ("callerNumber", "anonymous"));
        Assert.Null(form);
        Assert.Equal("missing field(s): phoneNumber; id is too long; text is too long", error);

        Assert.Equal("phoneNumber is not a valid phone number", Decode(("id", "A1"), ("phoneNumber", "12345")).Error);
    }

    [Fact]
    public void A_number_withheld_where_any_is_allowed_is_left_unset_not_refused()
    {
        var (form, error) = Decode(("id", "A1"), ("phoneNumber", "+254711000001"), ("callerNumber", "anonymous"));
        Assert.Null(error);
        Assert.Null(form!.Caller);
    }

    [Fact]
    public void A_form_declaring_a_field_twice_is_a_mistake_found_at_once()
    {
        Assert.Throws<ArgumentException>(() => new FormFields<CallbackForm>(() => new CallbackForm(),
            new("id", FieldRules.None, (_, _) => { }), new("ID", FieldRules.None, (_, _) => { })));
    }
}
