using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Pack;

/// <summary>What the CI server says about this build (branch, build number, build URL), read from its environment variables.</summary>
public sealed record CiEnvironment(string Name, string? Branch, string? BuildNumber, string? BuildUrl)
{
    public static CiEnvironment Detect(Func<string, string?> variable)
    {
        // Values are published in build information: a URL a CI server was configured with must not carry its credentials.
        string? Get(string name) => string.IsNullOrWhiteSpace(variable(name)) ? null : UrlCredentials.WithoutCredentials(variable(name)!.Trim());

        if (Get("GITHUB_ACTIONS") is not null || Get("GITHUB_RUN_ID") is not null)
        {
            var url = Get("GITHUB_SERVER_URL") is { } server && Get("GITHUB_REPOSITORY") is { } repository && Get("GITHUB_RUN_ID") is { } run
                ? $"{server.TrimEnd('/')}/{repository}/actions/runs/{run}" : null;
            return new("GitHub Actions", Get("GITHUB_HEAD_REF") ?? Get("GITHUB_REF_NAME"), Get("GITHUB_RUN_NUMBER"), url);
        }

        if (Get("TF_BUILD") is not null || Get("BUILD_BUILDID") is not null)
        {
            var url = Get("SYSTEM_COLLECTIONURI") is { } collection && Get("SYSTEM_TEAMPROJECT") is { } project && Get("BUILD_BUILDID") is { } id
                ? $"{collection.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build/results?buildId={id}" : null;
            return new("Azure DevOps", Get("BUILD_SOURCEBRANCHNAME"), Get("BUILD_BUILDNUMBER"), url);
        }

        if (Get("GITLAB_CI") is not null || Get("CI_JOB_URL") is not null)
            return new("GitLab CI", Get("CI_COMMIT_REF_NAME"), Get("CI_PIPELINE_IID") ?? Get("CI_JOB_ID"), Get("CI_JOB_URL"));

        if (Get("TEAMCITY_VERSION") is not null || Get("TEAMCITY_BUILD_BRANCH") is not null)
            return new("TeamCity", Get("TEAMCITY_BUILD_BRANCH"), Get("BUILD_NUMBER"), Get("BUILD_URL"));

        return new("Local", null, null, null);
    }
}
