using k8s;
using k8s.Models;
using Huduma.Contact.TestSupport;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Huduma.Contact.Infra.Tests;

/// <summary>
/// infra/kubernetes/ read by the official client's YAML reader in strict mode: every document becomes the
/// typed object of its apiVersion and kind (V1Deployment, V2HorizontalPodAutoscaler, ...), and a field
/// that kind does not have (a typo, a field of another API version) is an error, as `kubectl apply` would make it.
/// </summary>
internal static class KubernetesManifests
{
    public static string Folder => Path.Combine(InfraFiles.RepositoryRoot(), "infra", "kubernetes");

    public static IReadOnlyList<object> LoadStrictly(string yaml) => KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);

    /// <summary>Every manifest the kustomization lists, as typed objects.</summary>
    public static IReadOnlyList<object> All() =>
        Kustomization().Resources.SelectMany(file => LoadStrictly(File.ReadAllText(Path.Combine(Folder, file)))).ToList();

    public static T Single<T>() => Assert.Single(All().OfType<T>());

    public sealed class KustomizationFile
    {
        public string ApiVersion { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? Namespace { get; set; }
        public List<string> Resources { get; set; } = [];
        public List<Image> Images { get; set; } = [];
    }

    public sealed class Image
    {
        public string Name { get; set; } = "";
        public string? NewName { get; set; }
        public string? NewTag { get; set; }
    }

    /// <summary>kustomization.yaml is kustomize's, not an API object: read strictly by YamlDotNet (no unknown keys either).</summary>
    public static KustomizationFile Kustomization() =>
        new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
            .Deserialize<KustomizationFile>(File.ReadAllText(Path.Combine(Folder, "kustomization.yaml")));

    public static V1Container HostContainer() => Assert.Single(Single<V1Deployment>().Spec.Template.Spec.Containers);
}
