using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OctoOrchestrate;

/// <summary>The one JSON shape every <c>--json</c> output and every stored document uses.</summary>
public static class Json
{
    /// <summary>
    /// Web defaults (camelCase), indented, relaxed escaping; types resolve only through source-generated contexts (no
    /// reflection), the same in a JIT and a Native AOT build.
    /// </summary>
    public static readonly JsonSerializerOptions Options = Create(JsonContext.Default);

    /// <summary>Options with this shape that resolve types through <paramref name="resolver"/> and then the library's own context.</summary>
    public static JsonSerializerOptions Create(IJsonTypeInfoResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = ReferenceEquals(resolver, JsonContext.Default) ? resolver : JsonTypeInfoResolver.Combine(resolver, JsonContext.Default),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Serializes a type listed in the library's source-generated context. A type not listed throws
    /// <see cref="NotSupportedException"/> in every build (never prints <c>{}</c>).
    /// </summary>
    public static string Serialize<T>(T value) => Serialize(value, Options);

    /// <summary>Serializes with <paramref name="options"/> from <see cref="Create"/> (e.g. a host's own context).</summary>
    public static string Serialize<T>(T value, JsonSerializerOptions options) => JsonSerializer.Serialize(value, Contract<T>(options));

    /// <summary>The source-generated contract of <typeparamref name="T"/> in <paramref name="options"/>; a type not listed throws.</summary>
    internal static JsonTypeInfo<T> Contract<T>(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }
}
