using System.Reflection;
using System.Text.RegularExpressions;
using Huduma.Contact.Core;
using Huduma.Contact.Core.Assignment;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Every library project is internal by default (issue 24): Core and the four channels. A type is public only
/// when another src project names it in its code, or when a member of such a type that another project uses shows it (a parameter, a return, a
/// property), or when C# requires it (the base class or a generic constraint of such a type). A member is used
/// when its name is in another project's code (by word, so <c>var x = store.Foo(); x.Bar</c> counts), a
/// constructor when another project calls it with <c>new</c>. A public member nobody else uses, showing a type
/// nobody else names, keeps that type public for nothing: make the member internal, then the type. Tests and
/// benches see the rest through InternalsVisibleTo.
/// </summary>
public sealed class LibraryVisibilityTests
{
    private static readonly string[] SrcProjects = ["Core", "Ussd", "Sms", "Voice", "Bot", "Host"];
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>
    /// Types another project reads whole by reflection, so every public property counts as used, and the
    /// properties' own (a nested JSON object or configuration section) too.
    /// </summary>
    private static readonly Dictionary<Type, string> ReadByReflection = new()
    {
        [typeof(AssignmentOptions)] = "bound from configuration (Assignment:Capacity:…) by the host",
        [typeof(ReminderOptions)] = "bound from configuration (Reminders:UnknownFate, …)",
        [typeof(CampaignReport)] = "the JSON of GET /admin/api/campaigns",
        [typeof(HeldReminder)] = "the JSON of GET /admin/api/reminders",
        [typeof(Huduma.Contact.Bot.DirectLine.Activity)] = "the Direct Line 3.0 activity: its properties are the wire format Web Chat reads",
    };

    [Theory]
    [InlineData("Core")]
    [InlineData("Ussd")]
    [InlineData("Sms")]
    [InlineData("Voice")]
    [InlineData("Bot")]
    public void A_library_makes_public_only_what_another_src_project_uses_or_CSharp_requires(string project)
    {
        var library = Assembly.Load($"Huduma.Contact.{project}");
        var topLevel = library.GetTypes().Where(t => !t.IsNested && !t.Name.StartsWith('<')).ToList();
        var code = OtherProjectsCode(project);
        bool Named(string name) => Regex.IsMatch(code, $@"\b{Regex.Escape(name)}\b");

        // An extension class is used by its methods' names (app.MapDirectLine()), not its own.
        var named = topLevel.Where(t => t.IsPublic && (Named(NameOf(t)) || ExtensionMethods(t).Any(m => Named(m.Name))));
        var needed = Needed(named, library, code, Named);
        var needless = topLevel.Where(t => t.IsPublic && !needed.Contains(t)).Select(t => t.FullName).Order().ToList();

        Assert.True(needless.Count == 0, $"Public, but no other src project uses them (make each internal, or first the member that shows it): {string.Join(", ", needless)}");
        if (project == "Core") Assert.Contains(typeof(HudumaCoreServices), needed);
    }

    /// <summary>The other src projects' code, without comments: a <c>cref</c> is no use.</summary>
    private static string OtherProjectsCode(string project)
    {
        var sources = string.Join('\n', SrcProjects.Where(p => p != project)
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(InfraFiles.RepositoryRoot(), "src", p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText));
        return Regex.Replace(Regex.Replace(sources, @"/\*.*?\*/", "", RegexOptions.Singleline), @"//[^\n]*", "");
    }

    /// <summary>The types, and every Core type their used members show, to the end.</summary>
    private static HashSet<Type> Needed(IEnumerable<Type> types, Assembly library, string code, Func<string, bool> named)
    {
        var reflected = ReadByReflection.Keys.ToHashSet();
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(types);
        while (queue.TryDequeue(out var type))
        {
            if (!seen.Add(type)) continue;
            foreach (var (shown, member) in Signature(type))
            {
                var used = member switch
                {
                    null => true, // a base class or a generic constraint: C# requires it as visible as the type
                    ConstructorInfo c => Regex.IsMatch(code, $@"\bnew\s+([\w.]+\.)?{Regex.Escape(NameOf(c.DeclaringType!))}\b"),
                    MethodInfo m when m.Name.StartsWith("op_") => true, // an operator is called by syntax, not by name
                    PropertyInfo p when reflected.Contains(Outermost(p.DeclaringType!)) => true,
                    _ => named(member.Name),
                };
                if (!used) continue;
                foreach (var top in Unwrap(shown).Where(t => t.Assembly == library).Select(Outermost))
                {
                    // Read by reflection through a property of a type read so: its properties are read too (seen again if seen already).
                    if (member is PropertyInfo && reflected.Contains(Outermost(member.DeclaringType!)) && reflected.Add(top)) seen.Remove(top);
                    if (!seen.Contains(top)) queue.Enqueue(top);
                }
            }
        }
        return seen;
    }

    /// <summary>
    /// What another assembly sees of a type, each with the member that shows it (null when C# requires it: the base class,
    /// generic constraints): its public and protected members, and its public nested types'.
    /// </summary>
    private static IEnumerable<(Type Shown, MemberInfo? By)> Signature(Type type)
    {
        if (type.BaseType is { } baseType) yield return (baseType, null);
        foreach (var constraint in type.GetGenericArguments().SelectMany(a => a.IsGenericParameter ? a.GetGenericParameterConstraints() : []))
            yield return (constraint, null);
        foreach (var f in type.GetFields(Declared).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly)) yield return (f.FieldType, f);
        foreach (var p in type.GetProperties(Declared).Where(p => p.GetAccessors(true).Any(Visible))) yield return (p.PropertyType, p);
        foreach (var m in type.GetMethods(Declared).Where(m => !m.IsSpecialName || m.Name.StartsWith("op_")).Cast<MethodBase>()
                     .Concat(type.GetConstructors(Declared)).Where(Visible))
        {
            if (m is MethodInfo method) yield return (method.ReturnType, m);
            foreach (var p in m.GetParameters()) yield return (p.ParameterType, m);
            if (m.IsGenericMethodDefinition)
                foreach (var constraint in m.GetGenericArguments().SelectMany(a => a.GetGenericParameterConstraints())) yield return (constraint, null);
        }
        foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Where(n => n.IsNestedPublic || n.IsNestedFamily))
            foreach (var shown in Signature(nested)) yield return shown;
    }

    private static IEnumerable<MethodInfo> ExtensionMethods(Type type) =>
        type.IsAbstract && type.IsSealed
            ? type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute)))
            : [];

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static string NameOf(Type type) => type.Name.Split('`')[0];

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType) return Unwrap(type.GetElementType()!);
        if (type.IsGenericParameter) return [];
        if (!type.IsGenericType) return [type];
        return type.GetGenericArguments().SelectMany(Unwrap).Prepend(type.GetGenericTypeDefinition());
    }
}
