
namespace Huduma.Contact.TestSupport;

/// <summary>
/// The settings of a host process run as in production: on Redis (so it starts only with its secrets),
/// sending SMS through Africa's Talking (the loopback simulator), without the demo register, logging warnings.
/// </summary>
public static class ProductionSettings
{
    public static Dictionary<string, string> OnAfricasTalking(string redisConnectionString, AfricasTalkingApiSimulator at,
        string callbackSecret, string directLineSecret) => new()
    {
        ["Redis__ConnectionString"] = redisConnectionString,
        ["AfricasTalking__CallbackSecret"] = callbackSecret, ["DirectLine__Secret"] = directLineSecret,
        ["Sms__Primary"] = "AfricasTalking", ["Sms__Secondary"] = "",
        ["AfricasTalking__BaseUrl"] = at.BaseUrl, ["AfricasTalking__Username"] = AfricasTalkingApiSimulator.Username,
        ["AfricasTalking__ApiKey"] = AfricasTalkingApiSimulator.ApiKey,
        ["Demo__SeedRegister"] = "false", ["Logging__LogLevel__Default"] = "Warning",
    };
}
