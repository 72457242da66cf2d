using OctoOrchestrate.Detect;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Detect;

public sealed class AffectedTests : IDisposable
{
    readonly TempGitRepo repo = PetShopManifest.CreateRepo();

    public void Dispose() => repo.Dispose();

    async Task<AffectedResult> AffectedSince(string baseCommit, bool includeUncommitted = false) =>
        await Monorepo.Load(workingDirectory: repo.Path).AffectedAsync(baseCommit, includeUncommitted: includeUncommitted);

    static string[] Names(AffectedResult result) => result.Components.Select(c => c.Name).ToArray();

    [Fact]
    public async Task An_edit_marks_only_its_component()
    {
        var start = repo.Head;
        repo.Append("services/cart/Program.cs").Commit();

        var result = await AffectedSince(start);

        Assert.Equal(["cart-service"], Names(result));
        Assert.Equal(new AffectedReason(ReasonKind.File, "services/cart/Program.cs"), Assert.Single(result.Components[0].Reasons));
        Assert.Equal(start, result.Base);
        Assert.Equal(repo.Head, result.Head);
    }

    [Fact]
    public async Task An_added_file_marks_its_component()
    {
        var start = repo.Head;
        repo.Write("database/002_add_prices.sql", "alter table products add price int;").Commit();

        Assert.Equal(["database"], Names(await AffectedSince(start)));
    }

    [Fact]
    public async Task A_deleted_file_marks_its_component_and_its_users()
    {
        var start = repo.Head;
        repo.Write("services/product/Extra.cs").Commit();
        var withExtra = repo.Head;
        repo.Delete("services/product/Extra.cs").Commit();

        var result = await AffectedSince(withExtra);

        Assert.Equal(["product-service", "web"], Names(result));
        Assert.Empty(result.Removed);
        Assert.NotEqual(start, withExtra);
    }

    [Fact]
    public async Task A_move_across_components_counts_for_both()
    {
        repo.Write("services/cart/Helper.cs", "class Helper { /* long enough to be detected as a rename */ }").Commit();
        var start = repo.Head;
        repo.Git("mv", "services/cart/Helper.cs", "services/product/Helper.cs");
        repo.Commit("move helper");

        var result = await AffectedSince(start);

        Assert.Equal(["product-service", "cart-service", "web"], Names(result));
        Assert.Contains(new AffectedReason(ReasonKind.File, "services/cart/Helper.cs"), result.Components.Single(c => c.Name == "cart-service").Reasons);
    }

    [Fact]
    public async Task Excluded_files_mark_nothing()
    {
        var start = repo.Head;
        repo.Append("services/product/docs/notes.md").Commit();

        Assert.Empty(Names(await AffectedSince(start)));
    }

    [Fact]
    public async Task A_used_library_marks_its_users_transitively_in_dependency_order()
    {
        var start = repo.Head;
        repo.Append("shared/contracts/Product.cs").Commit();

        var result = await AffectedSince(start);

        Assert.Equal(["shared-contracts", "product-service", "cart-service", "web"], Names(result));
        Assert.Equal(new AffectedReason(ReasonKind.Uses, Component: "product-service"), Assert.Single(result.Components[3].Reasons));
    }

    [Fact]
    public async Task DeployAfter_orders_but_does_not_propagate()
    {
        var start = repo.Head;
        repo.Append("database/001_init.sql").Commit();

        Assert.Equal(["database"], Names(await AffectedSince(start)));
    }

    [Fact]
    public async Task A_global_file_marks_every_component_in_dependency_order()
    {
        var start = repo.Head;
        repo.Write("global.json", "{ \"sdk\": {} }").Commit();

        var result = await AffectedSince(start);

        Assert.Equal(["shared-contracts", "database", "product-service", "cart-service", "web"], Names(result));
        Assert.All(result.Components, c => Assert.Contains(new AffectedReason(ReasonKind.Global, "global.json"), c.Reasons));
    }

    [Fact]
    public async Task Files_outside_every_component_mark_nothing()
    {
        var start = repo.Head;
        repo.Append("README.md").Write("tools/script.sh", "echo").Commit();

        var result = await AffectedSince(start);

        Assert.Empty(result.Components);
        Assert.Empty(result.Removed);
    }

    [Fact]
    public async Task A_component_whose_folder_is_deleted_is_reported_removed()
    {
        var start = repo.Head;
        repo.Delete("services/cart").Commit();

        var result = await AffectedSince(start);

        Assert.Equal(["cart-service"], result.Removed);
        Assert.DoesNotContain("cart-service", Names(result));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Only_a_component_with_nothing_left_is_removed_when_deletions_and_edits_mix(bool uncommitted)
    {
        repo.Write("services/product/Extra.cs").Commit();
        var start = repo.Head;
        repo.Delete("services/cart").Delete("services/product/Extra.cs").Append("services/product/Program.cs");
        if (!uncommitted) repo.Commit();

        var result = await AffectedSince(start, includeUncommitted: uncommitted);

        Assert.Equal(["cart-service"], result.Removed);
        Assert.Contains("product-service", Names(result));
        Assert.DoesNotContain("cart-service", Names(result));
    }

    [Fact]
    public async Task A_component_dropped_from_the_manifest_is_reported_removed()
    {
        var start = repo.Head;
        var manifest = PetShopManifest.Yaml.Replace("deployAfter: [ cart-service ]", "deployAfter: [ database ]")
            .Replace("  - name: cart-service\n    paths: [ \"services/cart/**\" ]\n    uses: [ shared-contracts ]\n    deployAfter: [ database ]\n", "");
        Assert.DoesNotContain("cart-service", manifest);
        repo.Write("octo-orchestrate.yaml", manifest).Delete("services/cart").Commit();

        var result = await AffectedSince(start);

        Assert.Equal(["cart-service"], result.Removed);
    }

    [Fact]
    public async Task After_merging_main_only_the_branch_own_changes_count()
    {
        repo.Git("checkout", "-q", "-b", "feature");
        repo.Append("web/index.html").Commit("feature work");
        repo.Git("checkout", "-q", "main");
        repo.Append("database/001_init.sql").Commit("main work");
        repo.Git("checkout", "-q", "feature");
        repo.Git("merge", "-q", "--no-edit", "main");

        var result = await Monorepo.Load(workingDirectory: repo.Path).AffectedAsync();

        Assert.Equal(["web"], Names(result));
        Assert.Equal("merge-base of HEAD and main", result.BaseReason);
    }

    [Fact]
    public async Task Uncommitted_changes_count_only_when_asked()
    {
        var start = repo.Head;
        repo.Append("services/cart/Program.cs");
        repo.Git("add", "services/cart/Program.cs");
        repo.Append("web/index.html");
        repo.Write("database/003_untracked.sql", "select 1;");

        Assert.Empty(Names(await AffectedSince(start)));
        Assert.Equal(["database", "cart-service", "web"], Names(await AffectedSince(start, includeUncommitted: true)));
    }

    [Fact]
    public async Task Default_base_on_main_itself_is_head_and_nothing_changed()
    {
        var result = await Monorepo.Load(workingDirectory: repo.Path).AffectedAsync();

        Assert.Equal(repo.Head, result.Base);
        Assert.Empty(result.Components);
    }

    [Fact]
    public async Task A_manifest_in_a_subfolder_sees_only_its_own_files()
    {
        using var outer = new TempGitRepo();
        outer.Write("apps/octo-orchestrate.yaml", PetShopManifest.Yaml).Write("apps/database/1.sql").Write("database/1.sql").Commit();
        var start = outer.Head;
        outer.Append("database/1.sql").Commit();
        var outside = await Monorepo.Load(workingDirectory: System.IO.Path.Combine(outer.Path, "apps")).AffectedAsync(start);
        outer.Append("apps/database/1.sql").Commit();
        var inside = await Monorepo.Load(workingDirectory: System.IO.Path.Combine(outer.Path, "apps")).AffectedAsync(start);

        Assert.Empty(outside.Components);
        Assert.Equal(["database"], Names(inside));
    }

    [Fact]
    public async Task An_unknown_base_is_bad_input()
    {
        var error = await Assert.ThrowsAsync<BadInputException>(() => AffectedSince("no-such-branch"));
        Assert.Contains("--base 'no-such-branch'", error.Message);
    }

    [Fact]
    public async Task A_shallow_clone_missing_the_base_fails_with_the_fix()
    {
        var first = repo.Head;
        repo.Append("database/001_init.sql").Commit();
        repo.Append("web/index.html").Commit();
        using var clone = new TempGitRepo();
        clone.Git("fetch", "-q", "--depth", "1", "file://" + repo.Path, "main:refs/remotes/origin/main");
        clone.Git("checkout", "-q", "-b", "main", "origin/main");

        var explicitBase = await Assert.ThrowsAsync<MissingHistoryException>(() => Monorepo.Load(workingDirectory: clone.Path).AffectedAsync(first));
        Assert.Contains("fetch-depth: 0", explicitBase.Message);
        Assert.Contains("git fetch --unshallow", explicitBase.Message);
    }

    [Fact]
    public async Task Per_component_bases_mark_never_released_components_new()
    {
        var start = repo.Head;
        repo.Append("services/cart/Program.cs").Commit();
        var monorepo = Monorepo.Load(workingDirectory: repo.Path);

        var result = await monorepo.AffectedSinceAsync(new Dictionary<string, string?>
        {
            ["database"] = start, ["cart-service"] = start, ["web"] = null,
        });

        Assert.Equal(["cart-service", "web"], Names(result));
        Assert.Equal(ReasonKind.New, result.Components[1].Reasons[0].Kind);
    }
}
