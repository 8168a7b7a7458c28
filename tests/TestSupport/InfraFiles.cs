namespace Huduma.Contact.TestSupport;

/// <summary>The repository's deployable files (infra/), so fixtures start Redis and nginx from what operators deploy.</summary>
public static class InfraFiles
{
    /// <summary>The full path of a file under infra/redis/, e.g. "cluster/node.conf".</summary>
    public static string Redis(string relative)
    {
        var path = Path.Combine(RepositoryRoot(), "infra", "redis", relative);
        return File.Exists(path) ? path : throw new FileNotFoundException("no such deployable Redis file", path);
    }

    /// <summary>The full path of a file under infra/nginx/, e.g. "huduma.conf".</summary>
    public static string Nginx(string relative)
    {
        var path = Path.Combine(RepositoryRoot(), "infra", "nginx", relative);
        return File.Exists(path) ? path : throw new FileNotFoundException("no such deployable nginx file", path);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Huduma.Contact.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Huduma.Contact.sln above {AppContext.BaseDirectory}");
    }
}
