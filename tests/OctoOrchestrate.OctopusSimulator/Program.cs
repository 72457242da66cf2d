using OctoOrchestrate.OctopusSimulator;

// A demo server: `dotnet run --project tests/OctoOrchestrate.OctopusSimulator -- [--port N] [--api-key KEY] [--project NAME[=PackageId] ...]`.
// Without --project it serves the sample's Pet Shop projects. Prints the URL; Ctrl+C stops it.
var port = 0;
var apiKey = "API-SIMULATOR0000000000000000000";
var projects = new List<(string, string)>();
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--api-key": apiKey = args[i + 1]; break;
        case "--project":
            var parts = args[i + 1].Split('=', 2);
            projects.Add((parts[0], parts.Length > 1 ? parts[1] : parts[0]));
            break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

if (projects.Count == 0)
{
    projects.AddRange([("database", "OctoPetShop.Database"), ("product-service", "OctoPetShop.ProductService"), ("cart-service", "OctoPetShop.CartService"), ("web", "OctoPetShop.Web")]);
}

await using var simulator = await OctopusSimulatorHost.StartAsync(apiKey, port, projects, [("Default", "*.*.0.*", true), ("Hotfix", null, false)]);
Console.WriteLine($"Octopus simulator on {simulator.Url} (space Default, environments Dev, Test, Staging, Production)");
Console.WriteLine($"export OCTOPUS_URL={simulator.Url}; the API key is the --api-key value (put it in OCTOPUS_API_KEY)");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    done.TrySetResult();
});
await done.Task;
return 0;
