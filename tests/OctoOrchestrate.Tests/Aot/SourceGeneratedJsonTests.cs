using System.Text.Json;
using System.Text.Json.Nodes;
using OctoOrchestrate.Cli;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Detect;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Pipeline;
using OctoOrchestrate.Release;
using OctoOrchestrate.Version;

namespace OctoOrchestrate.Tests.Aot;

/// <summary>
/// JSON goes through source-generated contexts only, so the Native AOT binary (which has no reflection serializer) prints
/// what the JIT build prints. The published binary itself is compared with the JIT build by tests/aot/parity.sh.
/// </summary>
public sealed class SourceGeneratedJsonTests
{
    public static TheoryData<Type> LibraryDocuments => new()
    {
        typeof(AffectedResult), typeof(VersionPlan), typeof(BuildTrainResult), typeof(CiResult), typeof(StageResult),
    };

    public static TheoryData<Type> CliDocuments => new()
    {
        typeof(ErrorDocument), typeof(StagesDocument), typeof(StatusDocument),
    };

    [Theory]
    [MemberData(nameof(LibraryDocuments))]
    public void Every_document_the_library_prints_has_generated_metadata(Type type) =>
        Assert.True(Json.Options.TryGetTypeInfo(type, out _), $"{type.Name} is not in JsonContext");

    [Theory]
    [MemberData(nameof(CliDocuments))]
    [MemberData(nameof(LibraryDocuments))]
    public void Every_document_the_command_line_prints_has_generated_metadata(Type type) =>
        Assert.True(CliJson.Options.TryGetTypeInfo(type, out _), $"{type.Name} is not in CliJsonContext or JsonContext");

    sealed record NotRegistered(string Name);

    [Fact]
    public void A_type_missing_from_the_contexts_fails_loudly_instead_of_printing_an_empty_object()
    {
        Assert.Throws<NotSupportedException>(() => Json.Serialize(new NotRegistered("x")));
        Assert.Throws<NotSupportedException>(() => CliJson.Serialize(new NotRegistered("x")));
        Assert.Throws<NotSupportedException>(() => Json.Serialize(new { name = "anonymous" }));
    }

    [Fact]
    public void The_command_line_runs_with_the_reflection_serializer_off_as_the_AOT_binary_does()
    {
        var config = Path.ChangeExtension(typeof(CliApp).Assembly.Location, ".runtimeconfig.json");
        var options = JsonNode.Parse(File.ReadAllText(config))!["runtimeOptions"]!["configProperties"]!;

        Assert.False(options["System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault"]!.GetValue<bool>());
    }

    [Fact]
    public void The_error_document_keeps_its_documented_shape()
    {
        var json = JsonNode.Parse(CliJson.Serialize(new ErrorDocument(new ErrorBody(2, "bad \"flag\" <x>"))))!;

        Assert.Equal(2, json["error"]!["code"]!.GetValue<int>());
        Assert.Equal("bad \"flag\" <x>", json["error"]!["message"]!.GetValue<string>());
        Assert.Single(json.AsObject());
    }

    [Fact]
    public void A_status_cell_writes_every_field_and_the_state_by_name()
    {
        var cell = new StatusCell("2026.4.0.3", "Deployments-2", DateTimeOffset.UnixEpoch, null, new StatusLatest("2026.4.0.4", "Deployments-3", DeploymentState.Failed, "exit 1"));
        var document = new StatusDocument("/state", null, ["Dev", "Test"], [new StatusRow("web", new() { ["Dev"] = cell, ["Test"] = null })], null);

        var json = JsonNode.Parse(CliJson.Serialize(document))!;
        var dev = json["components"]![0]!["environments"]!["Dev"]!.AsObject();

        Assert.Equal(["version", "deploymentId", "completedAt", "installMissing", "latest"], dev.Select(p => p.Key));
        Assert.Equal("Failed", dev["latest"]!["state"]!.GetValue<string>());
        Assert.Null(json["components"]![0]!["environments"]!["Test"]);
        Assert.True(json["components"]![0]!["environments"]!.AsObject().ContainsKey("Test"));
    }

    [Fact]
    public void Octopus_request_bodies_keep_Octopus_PascalCase_and_responses_read_case_insensitively()
    {
        var options = OctoOrchestrate.Octopus.OctopusJsonContext.Default.Options;
        var body = JsonNode.Parse(JsonSerializer.Serialize(
            new OctoOrchestrate.Octopus.CreateDeploymentRequest("Spaces-1", "Spaces-1", "web", "1.2.3", ["Dev"], true), OctoOrchestrate.Octopus.OctopusJsonContext.Default.CreateDeploymentRequest))!.AsObject();
        Assert.Equal(["SpaceId", "SpaceIdOrName", "ProjectName", "ReleaseVersion", "EnvironmentNames", "ForcePackageRedeployment"], body.Select(p => p.Key));
        var submit = JsonNode.Parse(JsonSerializer.Serialize(new OctoOrchestrate.Octopus.SubmitInterruptionRequest("Proceed", "ok", null), OctoOrchestrate.Octopus.OctopusJsonContext.Default.SubmitInterruptionRequest))!;
        Assert.Equal("Proceed", submit["Result"]!.GetValue<string>());

        var page = JsonSerializer.Deserialize("""{"items":[{"id":"Spaces-2","name":"Ops","isDefault":false}],"TotalResults":1}""",
            OctoOrchestrate.Octopus.OctopusJsonContext.Default.ResourceCollectionSpaceResource)!;
        Assert.Equal("Ops", Assert.Single(page.Items).Name);
        Assert.NotNull(options.GetTypeInfo(typeof(OctoOrchestrate.Octopus.OctopusErrorBody)));
    }

    [Fact]
    public void Train_audit_and_permission_documents_are_source_generated()
    {
        var vote = new OctoOrchestrate.Promote.Approve.PlanVote("ops", "quinn", true, null, DateTimeOffset.UnixEpoch);
        var voteJson = JsonNode.Parse(CliJson.Serialize(new VoteDocument("PLAN-1", OctoOrchestrate.Promote.Approve.PlanDecision.Approved, ["qa"])))!;
        Assert.Equal("Approved", voteJson["decision"]!.GetValue<string>());
        var audit = JsonNode.Parse(CliJson.Serialize(new AuditVerificationDocument("/a.jsonl", true, 3, [], null)))!;
        Assert.Equal(3, audit["records"]!.GetValue<long>());
        var permissions = JsonNode.Parse(CliJson.Serialize(new PermissionsDocument("quinn", "--as", true, false,
            [new EnvironmentPermissions("Prod", ["ops"], true, false, true, "ops", "leads")])))!;
        Assert.Equal("leads", permissions["environments"]![0]!["whoMayApprove"]!.GetValue<string>());
        Assert.Contains("\"by\": \"quinn\"", Json.Serialize(vote), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_information_round_trips_in_Octopus_spelling()
    {
        var info = new BuildInformation("Pkg", "2026.4.0.1", "main", "Local", "7", null, "Git", null, "abc", [new BuildInformationCommit("abc", "first", "me")]);
        var path = Path.Combine(Path.GetTempPath(), $"bi-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, info.ToJson());
            using var document = JsonDocument.Parse(File.ReadAllText(path));

            Assert.Equal("Pkg", document.RootElement.GetProperty("PackageId").GetString());
            Assert.Equal("first", document.RootElement.GetProperty("Commits")[0].GetProperty("Comment").GetString());
            Assert.Equal(info with { Commits = [] }, BuildInformation.Read(path) with { Commits = [] });
            Assert.Equal(info.Commits, BuildInformation.Read(path).Commits);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
