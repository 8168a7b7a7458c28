using System.Reflection;
using System.Text.RegularExpressions;
using Huduma.Contact.Core;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Core is internal by default (issue 24): a Core type is public only when another src project names it, or
/// when a public member of such a type shows it (a parameter, a return, a property, a base type), as C#
/// requires. Core registers its own services (<see cref="HudumaCoreServices.AddHudumaCore"/>), so the host
/// names no store, action or option just to register it. Tests and benches see the rest through InternalsVisibleTo.
/// </summary>
public sealed class CoreVisibilityTests
{
    private static readonly string[] OtherSrcProjects = ["Ussd", "Sms", "Voice", "Bot", "Host"];
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void Core_makes_public_only_what_another_src_project_names_or_a_public_signature_shows()
    {
        var core = typeof(HudumaCoreServices).Assembly;
        var topLevel = core.GetTypes().Where(t => !t.IsNested && !t.Name.StartsWith('<')).ToList();
        // By name in the source, not by the compiled references: a const (PromptKeys, MenuNodes) leaves none.
        var sources = string.Join('\n', OtherSrcProjects
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(InfraFiles.RepositoryRoot(), "src", p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText));
        var named = topLevel.Where(t => t.IsPublic && Regex.IsMatch(sources, $@"\b{Regex.Escape(t.Name.Split('`')[0])}\b"));

        var needed = Shown(named, core);
        var needless = topLevel.Where(t => t.IsPublic && !needed.Contains(t)).Select(t => t.FullName).Order().ToList();

        Assert.Empty(needless);
        Assert.Contains(typeof(HudumaCoreServices), needed);
    }

    /// <summary>The types, and every Core type their visible members show, to the end.</summary>
    private static HashSet<Type> Shown(IEnumerable<Type> types, Assembly core)
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(types);
        while (queue.TryDequeue(out var type))
        {
            if (!seen.Add(type)) continue;
            foreach (var shown in Signature(type).SelectMany(Unwrap).Where(t => t.Assembly == core))
            {
                var top = shown;
                while (top.DeclaringType is { } outer) top = outer;
                if (!seen.Contains(top)) queue.Enqueue(top);
            }
        }
        return seen;
    }

    /// <summary>What another assembly sees of a type: its bases and its public and protected members, nested types' included.</summary>
    private static IEnumerable<Type> Signature(Type type)
    {
        if (type.BaseType is { } baseType) yield return baseType;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var f in type.GetFields(Declared).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly)) yield return f.FieldType;
        foreach (var p in type.GetProperties(Declared).Where(p => p.GetAccessors(true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly)))
            yield return p.PropertyType;
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared))
                     .Where(m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly))
        {
            if (m is MethodInfo method) yield return method.ReturnType;
            foreach (var p in m.GetParameters()) yield return p.ParameterType;
        }
        foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Where(n => n.IsNestedPublic || n.IsNestedFamily))
            foreach (var t in Signature(nested).Prepend(nested)) yield return t;
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType) return Unwrap(type.GetElementType()!);
        if (type.IsGenericParameter) return [];
        if (!type.IsGenericType) return [type];
        return type.GetGenericArguments().SelectMany(Unwrap).Prepend(type.GetGenericTypeDefinition());
    }
}
