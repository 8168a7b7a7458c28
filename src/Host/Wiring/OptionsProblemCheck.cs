using Microsoft.Extensions.Options;

namespace Huduma.Contact.Host.Wiring;

/// <summary>
/// Options that say what is wrong with themselves (a <c>Problem()</c> method giving the setting's name and its
/// allowed range, or null) are checked at start with that exact message, so the host stops naming the setting.
/// </summary>
internal static class OptionsProblemCheck
{
    public static OptionsBuilder<T> ValidateProblemOnStart<T>(this OptionsBuilder<T> options, Func<T, string?> problem) where T : class
    {
        options.Services.AddSingleton<IValidateOptions<T>>(new Check<T>(problem));
        return options.ValidateOnStart();
    }

    private sealed class Check<T>(Func<T, string?> problem) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            problem(options) is { } message ? ValidateOptionsResult.Fail(message) : ValidateOptionsResult.Success;
    }
}
