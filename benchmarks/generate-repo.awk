# Writes a `git fast-import` stream: one commit with COMPONENTS x 100 files plus root files, then COMMITS-1 commits that
# each touch 1-5 components. Global files change only in commits 60 and 150, i.e. outside the last 100 commits, so the
# 100-commit range measures ordinary owner mapping rather than "everything is affected".
# Usage: awk -v COMPONENTS=1000 -v COMMITS=300 -v SEED=42 -f generate-repo.awk > stream
BEGIN {
    srand(SEED)
    when = 1700000000
    for (c = 0; c < COMPONENTS; c++) added[c] = 0

    start_commit("Import " COMPONENTS " components")
    put("octo-orchestrate.yaml", manifest())
    put("README.md", "# Benchmark monorepo\n")
    put("global.json", "{ \"sdk\": { \"version\": \"10.0.100\" } }\n")
    put("Directory.Build.props", "<Project />\n")
    put("Directory.Packages.props", "<Project />\n")
    put("build/common.props", "<Project />\n")
    # The peers (turbo, nx) read the same repository as npm workspaces: a root package.json, turbo.json, nx.json, and a
    # package.json per component whose dependencies mirror the manifest's `uses`, so all three see the same graph.
    put(".gitignore", "node_modules\n.nx/\n.turbo/\n")
    put("package.json", "{\n  \"name\": \"bench-monorepo\",\n  \"private\": true,\n  \"packageManager\": \"npm@10.9.0\",\n  \"workspaces\": [\"packages/*\"]\n}\n")
    put("turbo.json", "{\n  \"globalDependencies\": [\"global.json\", \"Directory.Build.props\", \"Directory.Packages.props\", \"build/**\"],\n  \"tasks\": { \"build\": { \"dependsOn\": [\"^build\"] } }\n}\n")
    put("nx.json", "{\n  \"namedInputs\": { \"default\": [\"{projectRoot}/**/*\"] }\n}\n")
    for (c = 0; c < COMPONENTS; c++) {
        dir = folder(c)
        put(dir "/package.json", package_json(c))
        put(dir "/" name(c) ".csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n")
        put(dir "/README.md", "# " name(c) "\n")
        put(dir "/docs/guide.md", "Guide for " name(c) "\n")
        for (f = 0; f < 80; f++) put(dir sprintf("/src/File%02d.cs", f), "// " name(c) " File" f "\n")
        for (f = 0; f < 17; f++) put(dir sprintf("/tests/Test%02d.cs", f), "// " name(c) " Test" f "\n")
    }

    for (n = 2; n <= COMMITS; n++) {
        start_commit("Change " n)
        if (n == 60) put("global.json", "{ \"sdk\": { \"version\": \"10.0.101\" } }\n")
        if (n == 150) put("build/common.props", "<Project><!-- " n " --></Project>\n")
        if (n % 25 == 0) put("README.md", "# Benchmark monorepo, revision " n "\n")
        touch = 1 + int(rand() * 5)
        for (t = 0; t < touch; t++) change(rand() < 0.01 ? int(rand() * 10) : int(rand() * COMPONENTS), n)
    }
}

function name(c) { return sprintf("pkg-%04d", c) }
function folder(c) { return "packages/" name(c) }

# Adds (10%), deletes a file an earlier commit added (5%), else edits a source, test or markdown file.
function change(c, n,    files, i, r, path) {
    files = 1 + int(rand() * 6)
    for (i = 0; i < files; i++) {
        r = rand()
        if (r < 0.10) {
            put(folder(c) sprintf("/src/New%03d.cs", added[c]), "// added in " n "\n")
            added[c]++
        } else if (r < 0.15 && added[c] > 0) {
            added[c]--
            print "D " folder(c) sprintf("/src/New%03d.cs", added[c])
        } else {
            r = int(rand() * 100)
            path = r < 80 ? sprintf("/src/File%02d.cs", r) : r < 97 ? sprintf("/tests/Test%02d.cs", r - 80) : r < 99 ? "/README.md" : "/docs/guide.md"
            put(folder(c) path, "// " name(c) " " path " revision " n "\n")
        }
    }
}

function start_commit(message) {
    print "commit refs/heads/main"
    print "committer Bench <bench@example.com> " (when++) " +0000"
    print "data " length(message)
    print message
}

function put(path, content) {
    print "M 100644 inline " path
    print "data " length(content)
    printf "%s", content
}

function uses(c) { return c < 10 ? -1 : c % 10 == 0 ? int(c / 10) % 10 : c - c % 10 }

function package_json(c,    text) {
    text = "{\n  \"name\": \"" name(c) "\",\n  \"version\": \"1.0.0\""
    if (uses(c) >= 0) text = text ",\n  \"dependencies\": { \"" name(uses(c)) "\": \"1.0.0\" }"
    return text "\n}\n"
}

# 10 libraries (pkg-0000..0009, not deployable); every tenth component is a group core that uses one library; the other
# nine of each group use their core. Every fifth component leaves its markdown out; every seventh also owns a shared folder.
function manifest(    text, c) {
    text = "train: 2026.1.0\nglobalFiles:\n  - global.json\n  - Directory.Build.props\n  - Directory.Packages.props\n  - \"build/**\"\ncomponents:\n"
    for (c = 0; c < COMPONENTS; c++) {
        text = text "  - name: " name(c) "\n    paths:\n      - \"" folder(c) "/**\"\n"
        if (c % 5 == 0) text = text "      - \"!**/*.md\"\n"
        if (c % 7 == 0) text = text "      - \"shared/" name(c) "/*.json\"\n"
        if (c < 10) text = text "    deployable: false\n"
        else if (c % 10 == 0) text = text "    uses: [ " name(int(c / 10) % 10) " ]\n"
        else text = text "    uses: [ " name(c - c % 10) " ]\n"
    }
    return text
}
