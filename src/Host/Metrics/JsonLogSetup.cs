using System.Text.Encodings.Web;
using Microsoft.Extensions.Logging.Console;

namespace Huduma.Contact.Host.Metrics;

/// <summary>
/// One JSON object a line on the console when Logging:Console:FormatterName=json (ASP.NET Core's own switch),
/// for a log shipper to read without parsing text. Unless Logging:Console:FormatterOptions says otherwise:
/// scopes included (a request's TraceId and SpanId, from ASP.NET Core's activity tracking, so a line can be
/// found from its trace and the other way round), UTC timestamps, and '+' and accents written as they are
/// rather than as \u002B (the lines go to a log store, not into HTML). The default text format is untouched.
/// </summary>
internal static class JsonLogSetup
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static void AddJsonLogDefaults(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetSection("Logging:Console:FormatterOptions");
        // Registered after the configuration's own binding, so each default applies only where nothing is configured.
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = configured.GetValue(nameof(o.IncludeScopes), true);
            o.UseUtcTimestamp = configured.GetValue(nameof(o.UseUtcTimestamp), true);
            o.TimestampFormat = configured[nameof(o.TimestampFormat)] ?? TimestampFormat;
            o.JsonWriterOptions = o.JsonWriterOptions with { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        });
    }
}
