using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Polly;
using Polly.Retry;

namespace OctoOrchestrate.Octopus;

/// <summary>
/// An answer Octopus gave with an error status, with its <c>ErrorMessage</c> and <c>Errors[]</c>. A 401 or 403 is Octopus refusing the API
/// key's user (its own permissions rule): exit 2 like every refusal, not a server failure (exit 5) that a rerun could fix.
/// </summary>
public sealed class OctopusApiException(string call, HttpStatusCode status, string errorMessage, IReadOnlyList<string> errors)
    : OctoOrchestrateException(Describe(call, status, errorMessage, errors), IsRefusalStatus(status) ? ExitCodes.BadInput : ExitCodes.ReleaseServerFailed)
{
    static bool IsRefusalStatus(HttpStatusCode status) => status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    public string Call { get; } = call;
    public HttpStatusCode Status { get; } = status;
    public string ErrorMessage { get; } = errorMessage;
    public IReadOnlyList<string> Errors { get; } = errors;

    /// <summary>The server's own words: ErrorMessage and every entry of Errors[].</summary>
    public string ServerMessage => string.Join(" ", new[] { ErrorMessage }.Concat(Errors).Where(s => s.Length > 0));

    static string Describe(string call, HttpStatusCode status, string message, IReadOnlyList<string> errors)
    {
        var server = string.Join(" ", new[] { message }.Concat(errors).Where(s => s.Length > 0));
        var hint = status switch
        {
            HttpStatusCode.Unauthorized => " Octopus did not accept the API key: check OCTOPUS_API_KEY (or the --api-key-file) holds a current key of an enabled user.",
            HttpStatusCode.Forbidden => " The API key's user lacks a permission for this call: give its team the roles the README's 'Against Octopus Deploy' section lists, in this space.",
            _ => "",
        };
        return $"Octopus answered {(int)status} {status} to {call}: {server}{hint}";
    }
}

/// <summary>The server could not be reached or did not answer in time (after the retries, for calls that are retried).</summary>
public sealed class OctopusTransportException(string message) : OctoOrchestrateException(message, ExitCodes.ReleaseServerFailed);

/// <summary>
/// HTTP to one Octopus server: the API key header, JSON both ways, bounded retries (Polly) of transient failures for calls that are safe to
/// repeat, error bodies turned into <see cref="OctopusApiException"/>, and a count of requests per route.
/// </summary>
internal sealed partial class OctopusHttp : IDisposable
{
    static readonly JsonSerializerOptions JsonOptions = OctopusJsonContext.Default.Options;

    /// <summary>The source-generated contract of <typeparamref name="T"/>; a type not in <see cref="OctopusJsonContext"/> throws.</summary>
    static JsonTypeInfo<T> Contract<T>() => (JsonTypeInfo<T>)JsonOptions.GetTypeInfo(typeof(T));

    readonly HttpClient http;
    readonly OctopusConnection connection;
    readonly OctopusOptions options;
    readonly ResiliencePipeline<HttpResponseMessage> retry;
    readonly ConcurrentDictionary<string, int> counts = new();

    public OctopusHttp(OctopusConnection connection, OctopusOptions options, HttpMessageHandler? handler = null)
    {
        this.connection = connection;
        this.options = options;
        http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = connection.ServerUrl, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("X-Octopus-ApiKey", connection.ApiKey);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("OctoOrchestrate", typeof(OctopusHttp).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"));
        retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryAfter,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Requests sent (attempts, retries included) per route, ids replaced: "GET /api/{space}/projects".</summary>
    public IReadOnlyDictionary<string, int> Counts => new SortedDictionary<string, int>(counts, StringComparer.Ordinal);

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        await SendAsync<T>(HttpMethod.Get, path, () => null, retryable: true, cancellationToken).ConfigureAwait(false);

    /// <summary>A GET answered 404 → null.</summary>
    public async Task<T?> FindAsync<T>(string path, CancellationToken cancellationToken) where T : class
    {
        try { return await GetAsync<T>(path, cancellationToken).ConfigureAwait(false); }
        catch (OctopusApiException ex) when (ex.Status == HttpStatusCode.NotFound) { return null; }
    }

    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(HttpMethod.Get, path, () => null, retryable: true, cancellationToken).ConfigureAwait(false);
        return connection.Redact(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <param name="retryable">True only when the server treats a repeat as the same request (IgnoreIfExists, IgnoreIfAlreadyExists, cancel).</param>
    public async Task<T> PostJsonAsync<T, TBody>(string path, TBody body, bool retryable, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(body, Contract<TBody>());
        return await SendAsync<T>(HttpMethod.Post, path, () => new StringContent(json, Encoding.UTF8, "application/json"), retryable, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> PostAsync<T>(string path, Func<HttpContent?> content, bool retryable, CancellationToken cancellationToken, string? methodOverride = null) =>
        await SendAsync<T>(HttpMethod.Post, path, content, retryable, cancellationToken, methodOverride).ConfigureAwait(false);

    async Task<T> SendAsync<T>(HttpMethod method, string path, Func<HttpContent?> content, bool retryable, CancellationToken cancellationToken, string? methodOverride = null)
    {
        using var response = await SendRawAsync(method, path, content, retryable, cancellationToken, methodOverride).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(text, Contract<T>()) ?? throw new JsonException("empty body");
        }
        catch (JsonException ex)
        {
            throw new OctoOrchestrateException($"Octopus answered {method} {Route(path)} with a body that is not the expected JSON ({ex.Message}). Is --server an Octopus server?", ExitCodes.ReleaseServerFailed);
        }
    }

    async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, Func<HttpContent?> content, bool retryable, CancellationToken cancellationToken, string? methodOverride = null)
    {
        var call = $"{methodOverride ?? method.Method} {Route(path)}";
        var attempts = 0;
        HttpResponseMessage response;
        try
        {
            response = retryable
                ? await retry.ExecuteAsync(async token => await AttemptAsync(method, path, content, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)
                : await AttemptAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new OctopusTransportException(
                connection.Redact($"Octopus call {call} to {connection.ServerUrl} failed{(retryable ? $" after {attempts} attempts" : "")}: {Describe(ex)}. " +
                    "Check the server is reachable and rerun: what succeeded is not done again."));
        }

        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ErrorAsync(call, response, retryable ? attempts : 1, cancellationToken).ConfigureAwait(false);

        async Task<HttpResponseMessage> AttemptAsync(HttpMethod m, string p, Func<HttpContent?> body, CancellationToken token)
        {
            attempts++;
            counts.AddOrUpdate(call, 1, (_, n) => n + 1);
            using var request = new HttpRequestMessage(m, Relative(p)) { Content = body() };
            if (methodOverride is not null) request.Headers.Add("X-HTTP-Method-Override", methodOverride);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(options.RequestTimeout);
            try
            {
                var answer = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                return answer;
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                throw new TimeoutException($"no answer within {options.RequestTimeout.TotalSeconds:0} s");
            }
        }
    }

    /// <summary>Relative to the server root; a link Octopus gave (Page.Next) may carry the root's own path (a virtual directory) already.</summary>
    string Relative(string path)
    {
        var root = connection.ServerUrl.AbsolutePath;
        if (root.Length > 1 && path.StartsWith(root, StringComparison.OrdinalIgnoreCase)) path = path[root.Length..];
        return path.TrimStart('/');
    }

    async Task<OctoOrchestrateException> ErrorAsync(string call, HttpResponseMessage response, int attempts, CancellationToken cancellationToken)
    {
        var body = connection.Redact(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var (message, errors) = ParseError(body, response);
        var exception = new OctopusApiException(call, response.StatusCode, message, errors);
        if (IsTransientStatus(response.StatusCode) && attempts > 1)
            return new OctoOrchestrateException($"{exception.Message} (gave up after {attempts} attempts). Rerun later: what succeeded is not done again.", ExitCodes.ReleaseServerFailed, exception);
        return exception;
    }

    static (string Message, IReadOnlyList<string> Errors) ParseError(string body, HttpResponseMessage response)
    {
        try
        {
            var error = JsonSerializer.Deserialize(body, Contract<OctopusErrorBody>());
            if (error?.ErrorMessage is { } message) return (message, error.Errors ?? []);
        }
        catch (JsonException)
        {
            // Not the error contract (a proxy's page, say): show the raw text.
        }

        var raw = body.Length > 300 ? body[..300] + "…" : body;
        return (raw.Length > 0 ? raw : response.ReasonPhrase ?? "", []);
    }

    static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException or TimeoutException => true,
        null => outcome.Result is { } response && IsTransientStatus(response.StatusCode),
        _ => false,
    };

    /// <summary>A failure after which the request may or may not have been processed (so a creation is checked before it is sent again).</summary>
    public static bool IsTransientFailure(Exception ex) => ex is OctopusTransportException || (ex is OctopusApiException api && IsTransientStatus(api.Status));

    static bool IsTransientStatus(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>A 429's Retry-After (seconds or a date) replaces the backoff; null keeps the exponential delay.</summary>
    TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.StatusCode != HttpStatusCode.TooManyRequests || response.Headers.RetryAfter is not { } header) return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, options.MaxRetryAfter.Ticks)) : null;
    }

    static string Describe(Exception ex) => ex switch
    {
        TimeoutException timeout => timeout.Message,
        HttpRequestException { InnerException: { } inner } http => $"{http.Message} ({inner.Message})",
        _ => ex.Message,
    };

    /// <summary>The path with ids and versions replaced, for counts and messages: /api/{space}/projects/{id}/releases.</summary>
    public static string Route(string path)
    {
        var withoutQuery = path.Split('?')[0];
        var route = Id().Replace(Space().Replace(withoutQuery, "/api/{space}"), "/{id}");
        return Version().Replace(route, "/{version}");
    }

    public void Dispose() => http.Dispose();


    [GeneratedRegex(@"^/api/Spaces-\d+(?=/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Space();

    [GeneratedRegex(@"/[A-Za-z]+-\d+(?=/|$)")]
    private static partial Regex Id();

    [GeneratedRegex(@"/\d+(\.\d+){0,3}(-[0-9A-Za-z.-]+)?(?=/|$)")]
    private static partial Regex Version();
}
