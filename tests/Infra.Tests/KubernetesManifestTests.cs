using System.Net;
using k8s.Models;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Huduma.Contact.Infra.Tests;

/// <summary>infra/kubernetes/: manifests Kubernetes would accept, that point at each other and at what the host really serves and reads.</summary>
public sealed class KubernetesManifestTests
{
    [Fact]
    public void Every_manifest_loads_strictly_as_the_object_its_kind_names()
    {
        var kinds = KubernetesManifests.All().Select(o => o.GetType()).OrderBy(t => t.Name).ToList();
        Assert.Equal(
            [typeof(V1ConfigMap), typeof(V1Deployment), typeof(V1Namespace), typeof(V1PodDisruptionBudget), typeof(V1Secret), typeof(V1Service), typeof(V2HorizontalPodAutoscaler)],
            kinds);
    }

    [Fact]
    public void A_field_the_kind_does_not_have_fails_the_strict_load()
    {
        // What the test above relies on: a misspelt field is refused, not silently dropped.
        var deployment = File.ReadAllText(Path.Combine(KubernetesManifests.Folder, "deployment.yaml"));
        var misspelt = deployment.Replace("  replicas: 3", "  replica: 3");
        Assert.NotEqual(deployment, misspelt);
        Assert.ThrowsAny<Exception>(() => KubernetesManifests.LoadStrictly(misspelt));
    }

    [Fact]
    public void The_kustomization_lists_every_manifest_in_the_folder_and_names_the_host_image()
    {
        var kustomization = KubernetesManifests.Kustomization();
        Assert.Equal("kustomize.config.k8s.io/v1beta1", kustomization.ApiVersion);
        Assert.Equal("Kustomization", kustomization.Kind);
        var files = Directory.GetFiles(KubernetesManifests.Folder, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order();
        Assert.Equal(files, kustomization.Resources.Order());
        var image = Assert.Single(kustomization.Images);
        Assert.Equal(KubernetesManifests.HostContainer().Image, image.Name);
        var ns = KubernetesManifests.Single<V1Namespace>();
        Assert.Equal(ns.Metadata.Name, kustomization.Namespace);
    }

    [Fact]
    public void The_Service_the_disruption_budget_and_the_autoscaler_all_target_the_Deployments_pods()
    {
        var deployment = KubernetesManifests.Single<V1Deployment>();
        var podLabels = deployment.Spec.Template.Metadata.Labels;
        Assert.True(Selects(deployment.Spec.Selector.MatchLabels, podLabels), "the Deployment's selector does not match its own pods");

        var service = KubernetesManifests.Single<V1Service>();
        Assert.True(Selects(service.Spec.Selector, podLabels), "the Service selects no pod of the Deployment");
        var port = Assert.Single(service.Spec.Ports);
        Assert.Contains(KubernetesManifests.HostContainer().Ports, p => p.Name == port.TargetPort.Value);

        var budget = KubernetesManifests.Single<V1PodDisruptionBudget>();
        Assert.True(Selects(budget.Spec.Selector.MatchLabels, podLabels), "the disruption budget selects no pod of the Deployment");
        Assert.Equal("2", budget.Spec.MinAvailable.Value);

        var autoscaler = KubernetesManifests.Single<V2HorizontalPodAutoscaler>();
        Assert.Equal(("apps/v1", "Deployment", deployment.Metadata.Name),
            (autoscaler.Spec.ScaleTargetRef.ApiVersion, autoscaler.Spec.ScaleTargetRef.Kind, autoscaler.Spec.ScaleTargetRef.Name));
        Assert.Equal("cpu", Assert.Single(autoscaler.Spec.Metrics).Resource.Name);
        Assert.Equal(deployment.Spec.Replicas, autoscaler.Spec.MinReplicas);
        // The budget must leave room to drain a node: more replicas than it keeps.
        Assert.True(autoscaler.Spec.MinReplicas > int.Parse(budget.Spec.MinAvailable.Value));
    }

    [Fact]
    public void The_Deployment_runs_three_hosts_with_probes_resources_and_its_settings_from_the_ConfigMap_and_Secret()
    {
        var deployment = KubernetesManifests.Single<V1Deployment>();
        Assert.Equal(3, deployment.Spec.Replicas);
        var host = KubernetesManifests.HostContainer();
        Assert.NotNull(host.LivenessProbe?.HttpGet);
        Assert.NotNull(host.ReadinessProbe?.HttpGet);
        Assert.NotNull(host.Resources.Requests);
        Assert.NotNull(host.Resources.Limits);
        Assert.Equal(
            [KubernetesManifests.Single<V1ConfigMap>().Metadata.Name, KubernetesManifests.Single<V1Secret>().Metadata.Name],
            host.EnvFrom.Select(e => e.ConfigMapRef?.Name ?? e.SecretRef?.Name));

        // The Dockerfile's entry point listens on 5080: the container port, the probes and the scrape use it.
        var dockerfile = File.ReadAllText(Path.Combine(KubernetesManifests.Folder, "..", "compose", "Dockerfile"));
        var http = Assert.Single(host.Ports);
        Assert.Contains($"http://0.0.0.0:{http.ContainerPort}", dockerfile);
        var annotations = deployment.Spec.Template.Metadata.Annotations;
        Assert.Equal("true", annotations["prometheus.io/scrape"]);
        Assert.Equal(http.ContainerPort.ToString(), annotations["prometheus.io/port"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);
    }

    [Fact]
    public void Metrics_are_allowed_from_the_pod_network_only()
    {
        var allowed = KubernetesManifests.Single<V1ConfigMap>().Data.Where(kv => kv.Key.StartsWith("Metrics__AllowedNetworks__")).ToList();
        var network = IPNetwork.Parse(Assert.Single(allowed).Value);
        Assert.True(network.PrefixLength is > 0 and <= 24, $"{network} is not a pod network");
    }

    [Fact]
    public void Every_environment_variable_set_is_a_configuration_key_the_host_reads()
    {
        var documented = ConfigurationKeys.Documented();
        Assert.True(ConfigurationKeys.IsDocumented("Register__Agencies__0__Key", documented)); // list items and sections resolve
        Assert.False(ConfigurationKeys.IsDocumented("Twilio__AuthTokn", documented)); // a typo does not

        var names = KubernetesManifests.Single<V1ConfigMap>().Data.Keys
            .Concat(KubernetesManifests.Single<V1Secret>().StringData.Keys)
            .Concat(KubernetesManifests.HostContainer().Env?.Select(e => e.Name) ?? []);
        foreach (var name in names)
            Assert.True(ConfigurationKeys.IsDocumented(name, documented), $"{name} is not a key in README.md's or DESIGN.md's configuration table, nor in appsettings.json");
    }

    [Fact]
    public void The_secret_holds_placeholders_not_keys()
    {
        foreach (var (key, value) in KubernetesManifests.Single<V1Secret>().StringData)
            Assert.True(value.Contains("REPLACE") || value.Contains(".invalid"), $"{key} looks like a real value: placeholders only");
    }

    [Fact]
    public async Task The_probe_paths_answer_200_on_the_real_host()
    {
        var host = KubernetesManifests.HostContainer();
        var paths = new[] { host.LivenessProbe, host.ReadinessProbe, host.StartupProbe }.Where(p => p is not null).Select(p => p!.HttpGet.Path).Distinct().ToList();
        Assert.Contains("/health/ready", paths);
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Logging:LogLevel:Default", "Warning"));
        using var client = factory.CreateClient();
        foreach (var path in paths)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/health/nowhere")).StatusCode);
    }

    private static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
