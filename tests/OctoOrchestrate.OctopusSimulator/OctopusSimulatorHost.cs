using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OctoOrchestrate.OctopusSimulator;

/// <summary>One request as the simulator saw it (for request counts and the contract test's comparison).</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyList<string> BodyKeys, int Status);

/// <summary>
/// A stateful Octopus Deploy server on 127.0.0.1 with a random port: in-process for tests (<see cref="StartAsync"/>), or <c>dotnet run</c> for a demo.
/// Routes and shapes follow the shared Octopus API reference; <see cref="Faults"/> injects 5xx, 429 + Retry-After, dropped connections and slow answers.
/// </summary>
public sealed class OctopusSimulatorHost : IAsyncDisposable
{
    readonly WebApplication app;
    readonly CancellationTokenSource stop = new();
    readonly Task ticker;

    OctopusSimulatorHost(WebApplication app, SimState state, Faults faults, string apiKey)
    {
        this.app = app;
        State = state;
        Faults = faults;
        ApiKey = apiKey;
        Url = app.Urls.First();
        ticker = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(25));
            try { while (await timer.WaitForNextTickAsync(stop.Token)) state.Advance(DateTimeOffset.UtcNow); }
            catch (OperationCanceledException) { }
        });
    }

    public string Url { get; }
    public string ApiKey { get; }
    public SimState State { get; }
    public Faults Faults { get; }
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>A simulator seeded with Dev → Test → Staging → Production, a lifecycle with one phase each, and one project per name.</summary>
    public static async Task<OctopusSimulatorHost> StartAsync(string apiKey, int port = 0, IEnumerable<(string Project, string PackageId)>? projects = null,
        IEnumerable<(string Name, string? Rule, bool IsDefault)>? channels = null)
    {
        var state = new SimState();
        foreach (var name in new[] { "Dev", "Test", "Staging", "Production" }) state.AddEnvironment(name);
        var lifecycle = state.AddLifecycle("Default Lifecycle", new[] { "Dev", "Test", "Staging", "Production" }.Select(n => new[] { n }));
        foreach (var (project, packageId) in projects ?? []) state.AddProject(project, lifecycle.Id, packageId, channels: channels?.ToList());
        return await StartAsync(state, apiKey, port).ConfigureAwait(false);
    }

    public static async Task<OctopusSimulatorHost> StartAsync(SimState state, string apiKey, int port = 0)
    {
        // Not the process's current directory: tests running the CLI in-process change it (to folders they delete afterwards).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = null;
            o.SerializerOptions.PropertyNameCaseInsensitive = true;
            foreach (var converter in SimJson.Options.Converters) o.SerializerOptions.Converters.Add(converter);
        });
        var app = builder.Build();
        var faults = new Faults();
        OctopusSimulatorHost? host = null;
        app.Use(async (context, next) =>
        {
            var keys = await BodyKeysAsync(context.Request).ConfigureAwait(false);
            try { await next(context).ConfigureAwait(false); }
            finally
            {
                host?.Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "", keys, context.Response.StatusCode));
            }
        });
        app.Use(async (context, next) =>
        {
            switch (faults.Pick(context.Request.Method, context.Request.Path))
            {
                case FaultKind.ServerError:
                    await Answer(context, 500, new OctopusError("An unexpected error occurred in Octopus (simulated fault).", []) { FullException = "System.InvalidOperationException: simulated" }).ConfigureAwait(false);
                    return;
                case FaultKind.ServiceUnavailable:
                    await Answer(context, 503, new OctopusError("Octopus Server is unavailable (simulated fault).", [])).ConfigureAwait(false);
                    return;
                case FaultKind.RateLimited:
                    if (faults.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    context.Response.Headers["Octopus-RateLimit-Policy"] = "l=200;rpm=600";
                    await Answer(context, 429, new OctopusError("Too many requests. Please slow down (simulated rate limit).", [])).ConfigureAwait(false);
                    return;
                case FaultKind.DropConnection:
                    context.Abort();
                    return;
                case FaultKind.Slow:
                    await Task.Delay(faults.SlowDelay, context.RequestAborted).ConfigureAwait(false);
                    break;
                case FaultKind.LostAnswer:
                    var answer = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    try { await next(context).ConfigureAwait(false); }
                    finally { context.Response.Body = answer; }
                    context.Abort();
                    return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.Use(async (context, next) =>
        {
            try { await next(context).ConfigureAwait(false); }
            catch (OctopusProblem problem)
            {
                await Answer(context, problem.Status, new OctopusError(problem.Message, problem.Errors)).ConfigureAwait(false);
            }
        });
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            if (path.TrimEnd('/') != "/api" && path.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
            {
                var given = context.Request.Headers["X-Octopus-ApiKey"].FirstOrDefault() ?? context.Request.Query["apikey"].FirstOrDefault();
                if (given != apiKey)
                {
                    await Answer(context, 401, new OctopusError("Either your API key is invalid, or your account has been disabled. Please contact your Octopus administrator.", [])).ConfigureAwait(false);
                    return;
                }
            }

            // OC sends PUT and DELETE as POST with X-HTTP-Method-Override.
            if (context.Request.Method == "POST" && context.Request.Headers["X-HTTP-Method-Override"].FirstOrDefault() is { Length: > 0 } method)
                context.Request.Method = method.ToUpperInvariant();
            context.Request.Path = SpaceRoutes.Canonical(context.Request.Path, state);
            await next(context).ConfigureAwait(false);
        });
        app.UseRouting();
        SimRoutes.Map(app, state);
        await app.StartAsync().ConfigureAwait(false);
        host = new OctopusSimulatorHost(app, state, faults, apiKey);
        return host;
    }

    /// <summary>A request path with its space and ids replaced: /api/Spaces-1/releases/Releases-2 → /api/{space}/releases/{id}.</summary>
    public static string RouteOf(string path) => SpaceRoutes.Template(path);

    /// <summary>How many requests went to each route (ids replaced by {id}), e.g. "GET /api/{space}/projects".</summary>
    public IReadOnlyDictionary<string, int> CountByRoute() =>
        Requests.GroupBy(r => $"{r.Method} {SpaceRoutes.Template(r.Path)}").ToDictionary(g => g.Key, g => g.Count());

    static async Task Answer(HttpContext context, int status, OctopusError error)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(error, SimJson.Options).ConfigureAwait(false);
    }

    static async Task<IReadOnlyList<string>> BodyKeysAsync(HttpRequest request)
    {
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true) return [];
        request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.EnumerateObject().Select(p => p.Name).ToList() : [];
        }
        catch (JsonException)
        {
            return [];
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await ticker.ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        stop.Dispose();
    }
}
