using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OctoOrchestrate.OctopusSimulator;

namespace OctoOrchestrate.Tests.Octopus;

/// <summary>The simulator keeps Octopus's conventions (reference docs): checked over real HTTP on 127.0.0.1, without our client.</summary>
public sealed partial class OctopusSimulatorTests : IAsyncLifetime
{
    const string Key = "API-SIMULATORTESTS0000000000001";
    OctopusSimulatorHost simulator = null!;
    HttpClient http = null!;

    public async Task InitializeAsync()
    {
        simulator = await OctopusSimulatorHost.StartAsync(Key, projects: [("database", "Pet.Database"), ("web", "Pet.Web")]);
        http = new HttpClient { BaseAddress = new Uri(simulator.Url) };
        http.DefaultRequestHeaders.Add("X-Octopus-ApiKey", Key);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await simulator.DisposeAsync();
    }

    async Task<JsonElement> GetAsync(string path)
    {
        using var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    async Task<string> ReleaseAndDeployAsync(string project, string version, string environment)
    {
        var (status, _) = await PostAsync("/api/Spaces-1/releases/create/v1", $$"""{"spaceId":"Spaces-1","projectName":"{{project}}","releaseVersion":"{{version}}","packageVersion":"{{version}}","ignoreIfAlreadyExists":true}""");
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK);
        var (deployed, body) = await PostAsync("/api/Spaces-1/deployments/create/untenanted/v1", $$"""{"ProjectName":"{{project}}","ReleaseVersion":"{{version}}","EnvironmentNames":["{{environment}}"]}""");
        Assert.Equal(HttpStatusCode.OK, deployed);
        return body.GetProperty("DeploymentServerTasks")[0].GetProperty("ServerTaskId").GetString()!;
    }

    async Task<JsonElement> WaitForTaskAsync(string taskId, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var task = await GetAsync($"/api/tasks/{taskId}");
            if (until(task)) return task;
            Assert.True(DateTime.UtcNow < deadline, $"task {taskId} stayed {task.GetProperty("State")}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Every_api_route_but_the_root_needs_a_valid_key_and_errors_use_the_error_body()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(simulator.Url) };
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api")).StatusCode);
        foreach (var path in new[] { "/api/spaces/all", "/api/Spaces-1/projects", "/api/tasks/ServerTasks-1" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains("API key is invalid", error.GetProperty("ErrorMessage").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Array, error.GetProperty("Errors").ValueKind);
        }

        anonymous.DefaultRequestHeaders.Add("X-Octopus-ApiKey", "API-WRONG");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/Spaces-1/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await new HttpClient().GetAsync($"{simulator.Url}/api/Spaces-1/projects?apikey={Key}")).StatusCode);
    }

    [Fact]
    public async Task Name_filters_match_by_contains_and_pages_link_to_the_next_one()
    {
        for (var i = 0; i < 34; i++) simulator.State.AddProject($"web-part-{i:00}", simulator.State.Lifecycles[0].Id);
        for (var i = 0; i < 8; i++) simulator.State.AddEnvironment($"Region-{i}");

        var first = await GetAsync("/api/Spaces-1/projects?partialName=web");
        Assert.Equal(35, first.GetProperty("TotalResults").GetInt32());
        Assert.Equal(30, first.GetProperty("Items").GetArrayLength());
        var next = first.GetProperty("Links").GetProperty("Page.Next").GetString()!;
        var second = await GetAsync(next);
        Assert.Equal(5, second.GetProperty("Items").GetArrayLength());
        Assert.False(second.GetProperty("Links").TryGetProperty("Page.Next", out _));
        Assert.Equal(35, (await GetAsync("/api/Spaces-1/projects?name=WEB&take=100")).GetProperty("Items").GetArrayLength()); // name is 'contains' too

        var environments = await GetAsync("/api/Spaces-1/environments");
        Assert.Equal(10, environments.GetProperty("ItemsPerPage").GetInt32());
        Assert.True(environments.GetProperty("Links").TryGetProperty("Page.Next", out _));
    }

    [Fact]
    public async Task Space_route_forms_all_reach_the_space_and_an_unknown_space_is_404()
    {
        var canonical = await GetAsync("/api/Spaces-1/projects/all");
        Assert.Equal(canonical.GetArrayLength(), (await GetAsync("/api/spaces/Spaces-1/projects/all")).GetArrayLength());
        Assert.Equal(canonical.GetArrayLength(), (await GetAsync("/api/projects/all")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/Spaces-9/projects")).StatusCode);
    }

    [Fact]
    public async Task A_duplicate_release_is_400_unless_IgnoreIfAlreadyExists_and_camelCase_input_binds()
    {
        var body = """{"spaceId":"Spaces-1","projectName":"web","releaseVersion":"1.2.3","packageVersion":"1.2.3"}""";
        var (created, release) = await PostAsync("/api/Spaces-1/releases/create/v1", body);
        var (duplicate, error) = await PostAsync("/api/Spaces-1/releases/create/v1", body);
        var (ignored, existing) = await PostAsync("/api/Spaces-1/releases/create/v1", body.Replace("}", ""","IgnoreIfAlreadyExists":true}""", StringComparison.Ordinal));
        var (invalid, _) = await PostAsync("/api/Spaces-1/releases/create/v1", body.Replace("1.2.3", "1.2.3.4.5", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate);
        Assert.Contains("Release '1.2.3' already exists for this project", error.GetProperty("Errors")[0].GetString(), StringComparison.Ordinal);
        Assert.True(ignored is HttpStatusCode.OK or HttpStatusCode.Created);
        Assert.Equal(release.GetProperty("ReleaseId").GetString(), existing.GetProperty("ReleaseId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        var read = await GetAsync($"/api/Spaces-1/releases/{release.GetProperty("ReleaseId").GetString()}");
        Assert.Matches(IsoWithOffset(), read.GetProperty("Assembled").GetString());
    }

    [Fact]
    public async Task A_duplicate_package_is_409_unless_IgnoreIfExists()
    {
        async Task<HttpStatusCode> UploadAsync(string query)
        {
            using var content = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "fileToUpload", "Pet.Web.1.0.0.zip" } };
            using var response = await http.PostAsync("/api/Spaces-1/packages/raw" + query, content);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Created, await UploadAsync(""));
        Assert.Equal(HttpStatusCode.Conflict, await UploadAsync(""));
        Assert.Equal(HttpStatusCode.Conflict, await UploadAsync("?overwriteMode=FailIfExists"));
        Assert.Equal(HttpStatusCode.OK, await UploadAsync("?overwriteMode=IgnoreIfExists"));
        Assert.Equal(HttpStatusCode.Created, await UploadAsync("?overwriteMode=OverwriteExisting"));
        Assert.Single(simulator.State.Packages);
    }

    [Fact]
    public async Task Tasks_run_queued_executing_success_one_per_project_and_environment()
    {
        // web 1.0.0 runs until the test ends its script, so the second deployment of web to Dev provably waits behind it.
        simulator.State.Scripts = (project, _, version) => project == "web" && version == "1.0.0" ? new DeploymentScript(TimeSpan.FromMinutes(10)) : null;
        var first = await ReleaseAndDeployAsync("web", "1.0.0", "Dev");
        var second = await ReleaseAndDeployAsync("web", "1.0.1", "Dev");
        var other = await ReleaseAndDeployAsync("database", "1.0.0", "Dev");

        await WaitForTaskAsync(first, t => t.GetProperty("State").GetString() == "Executing");
        var otherDone = await WaitForTaskAsync(other, t => t.GetProperty("IsCompleted").GetBoolean()); // another project is not held up
        Assert.Equal("Success", otherDone.GetProperty("State").GetString());
        Assert.True(otherDone.GetProperty("FinishedSuccessfully").GetBoolean());
        Assert.Matches(IsoWithOffset(), otherDone.GetProperty("CompletedTime").GetString());
        Assert.Equal("Queued", (await GetAsync($"/api/tasks/{second}")).GetProperty("State").GetString());

        lock (simulator.State.Gate) simulator.State.Tasks.Single(t => t.Id == first).StartTime = DateTimeOffset.UtcNow.AddHours(-1); // its script is done
        Assert.Equal("Success", (await WaitForTaskAsync(first, t => t.GetProperty("IsCompleted").GetBoolean())).GetProperty("State").GetString());
        await WaitForTaskAsync(second, t => t.GetProperty("State").GetString() == "Success");

        var batch = await GetAsync($"/api/Spaces-1/tasks?ids={first},{second}");
        Assert.Equal(2, batch.GetProperty("Items").GetArrayLength());
        var repeated = await GetAsync($"/api/Spaces-1/tasks?ids={first}&ids={other}");
        Assert.Equal(2, repeated.GetProperty("Items").GetArrayLength());
        Assert.Contains("Deploy web release 1.0.0 to Dev", await http.GetStringAsync($"/api/tasks/{first}/raw"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lifecycle_refuses_Test_before_Dev_succeeded_and_unknown_environments()
    {
        await PostAsync("/api/Spaces-1/releases/create/v1", """{"ProjectName":"web","ReleaseVersion":"2.0.0","PackageVersion":"2.0.0"}""");

        var (refused, error) = await PostAsync("/api/Spaces-1/deployments/create/untenanted/v1", """{"ProjectName":"web","ReleaseVersion":"2.0.0","EnvironmentNames":["Test"]}""");
        var (unknown, _) = await PostAsync("/api/Spaces-1/deployments/create/untenanted/v1", """{"ProjectName":"web","ReleaseVersion":"2.0.0","EnvironmentNames":["Moon"]}""");

        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("cannot be deployed to environment 'Test'", error.GetProperty("Errors")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Empty(simulator.State.Deployments);

        var dev = await ReleaseAndDeployAsync("web", "2.0.0", "Dev");
        await WaitForTaskAsync(dev, t => t.GetProperty("State").GetString() == "Success");
        var template = await GetAsync($"/api/Spaces-1/releases/{simulator.State.Releases[0].Id}/deployments/template");
        Assert.Equal(["Dev", "Test"], template.GetProperty("PromoteTo").EnumerateArray().Select(e => e.GetProperty("Name").GetString()));

        var releaseId = simulator.State.Releases[0].Id;
        var progression = await GetAsync($"/api/Spaces-1/releases/{releaseId}/progression");
        Assert.Equal(["Complete", "Current", "Pending", "Pending"], progression.GetProperty("Phases").EnumerateArray().Select(p => p.GetProperty("Progress").GetString()));
        Assert.Equal(["Environments-2"], progression.GetProperty("NextDeployments").EnumerateArray().Select(e => e.GetString()));
        var project = await GetAsync($"/api/Spaces-1/projects/{simulator.State.Releases[0].ProjectId}/progression");
        var cell = project.GetProperty("Releases")[0].GetProperty("Deployments").GetProperty("Environments-1")[0];
        Assert.Equal("Success", cell.GetProperty("State").GetString());
        Assert.True(cell.GetProperty("IsCurrent").GetBoolean());
    }

    [Fact]
    public async Task A_manual_intervention_pauses_the_deployment_until_someone_proceeds_or_aborts()
    {
        simulator.State.Scripts = (_, _, _) => new DeploymentScript(TimeSpan.FromMilliseconds(50), ManualIntervention: true);
        var proceed = await ReleaseAndDeployAsync("web", "3.0.0", "Dev");
        var abort = await ReleaseAndDeployAsync("database", "3.0.0", "Dev");

        var paused = await WaitForTaskAsync(proceed, t => t.GetProperty("HasPendingInterruptions").GetBoolean());
        Assert.Equal("Executing", paused.GetProperty("State").GetString());
        Assert.Equal(["ManualIntervention"], paused.GetProperty("PendingInterruptionTypes").EnumerateArray().Select(v => v.GetString()));
        await WaitForTaskAsync(abort, t => t.GetProperty("HasPendingInterruptions").GetBoolean());

        var interruptions = await GetAsync($"/api/Spaces-1/interruptions?regarding={proceed}&pendingOnly=true");
        var id = interruptions.GetProperty("Items")[0].GetProperty("Id").GetString();
        var (notResponsible, _) = await PostAsync($"/api/Spaces-1/interruptions/{id}/submit", """{"Result":"Proceed"}""");
        Assert.Equal(HttpStatusCode.BadRequest, notResponsible);
        using (var take = new HttpRequestMessage(HttpMethod.Post, $"/api/Spaces-1/interruptions/{id}/responsible"))
        {
            take.Headers.Add("X-HTTP-Method-Override", "PUT"); // as OC sends PUT
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(take)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/Spaces-1/interruptions/{id}/submit", """{"Result":"Proceed","Notes":"ok"}""")).Status);
        Assert.Equal("Success", (await WaitForTaskAsync(proceed, t => t.GetProperty("IsCompleted").GetBoolean())).GetProperty("State").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync($"/api/Spaces-1/interruptions/{id}/submit", """{"Result":"Proceed"}""")).Status);

        var other = (await GetAsync($"/api/Spaces-1/interruptions?regarding={abort}")).GetProperty("Items")[0].GetProperty("Id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsync($"/api/Spaces-1/interruptions/{other}/responsible", null)).StatusCode);
        await PostAsync($"/api/Spaces-1/interruptions/{other}/submit", """{"Result":"Abort"}""");
        Assert.Equal("Failed", (await WaitForTaskAsync(abort, t => t.GetProperty("IsCompleted").GetBoolean())).GetProperty("State").GetString());
    }

    [Fact]
    public async Task Cancel_stops_an_executing_task_and_the_dashboard_keeps_the_last_success_apart()
    {
        var ok = await ReleaseAndDeployAsync("web", "4.0.0", "Dev");
        await WaitForTaskAsync(ok, t => t.GetProperty("State").GetString() == "Success");
        simulator.State.Scripts = (_, _, _) => new DeploymentScript(TimeSpan.FromMinutes(5));
        var slow = await ReleaseAndDeployAsync("web", "4.0.1", "Dev");
        await WaitForTaskAsync(slow, t => t.GetProperty("State").GetString() == "Executing");

        var (canceled, _) = await PostAsync($"/api/tasks/{slow}/cancel", "{}");
        Assert.Equal(HttpStatusCode.OK, canceled);
        await WaitForTaskAsync(slow, t => t.GetProperty("State").GetString() == "Canceled");

        var web = simulator.State.Projects.Single(p => p.Name == "web").Id;
        var board = await GetAsync($"/api/Spaces-1/dashboard/dynamic?projects={web}&environments=Environments-1&includePrevious=true");
        Assert.Equal("Canceled", board.GetProperty("Items")[0].GetProperty("State").GetString());
        Assert.Equal("4.0.0", board.GetProperty("PreviousItems")[0].GetProperty("ReleaseVersion").GetString());
    }

    [Fact]
    public async Task Injected_faults_answer_429_with_Retry_After_5xx_with_the_error_body_and_drop_connections()
    {
        simulator.Faults.RetryAfterSeconds = 7;
        simulator.Faults.Next(FaultKind.RateLimited, FaultKind.ServerError, FaultKind.DropConnection);

        using var limited = await http.GetAsync("/api/Spaces-1/projects");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter?.Delta);
        using var failed = await http.GetAsync("/api/Spaces-1/projects");
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.NotNull((await failed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ErrorMessage").GetString());
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/api/Spaces-1/projects"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/Spaces-1/projects")).StatusCode);
        Assert.Equal(3, simulator.Faults.Injected);
    }

    [Fact]
    public async Task A_task_not_started_before_its_expiry_times_out()
    {
        await PostAsync("/api/Spaces-1/releases/create/v1", """{"ProjectName":"web","ReleaseVersion":"5.0.0","PackageVersion":"5.0.0"}""");
        var (status, body) = await PostAsync("/api/Spaces-1/deployments/create/untenanted/v1",
            """{"ProjectName":"web","ReleaseVersion":"5.0.0","EnvironmentNames":["Dev"],"RunAt":"2099-01-01T00:00:00.000+00:00","NoRunAfter":"2000-01-01T00:00:00.000+00:00"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var task = body.GetProperty("DeploymentServerTasks")[0].GetProperty("ServerTaskId").GetString()!;

        var done = await WaitForTaskAsync(task, t => t.GetProperty("IsCompleted").GetBoolean());

        Assert.Equal("TimedOut", done.GetProperty("State").GetString());
        Assert.False(done.GetProperty("FinishedSuccessfully").GetBoolean());
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$")]
    private static partial Regex IsoWithOffset();
}
