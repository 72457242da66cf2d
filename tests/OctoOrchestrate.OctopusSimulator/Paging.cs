using Microsoft.AspNetCore.Http;

namespace OctoOrchestrate.OctopusSimulator;

/// <summary>A ResourceCollection page (§1.4): skip/take from the query, Links with Page.Next while more pages exist.</summary>
internal static class Paging
{
    public static object Page<T>(HttpRequest request, string itemType, IReadOnlyList<T> all, Func<T, object> render, int defaultTake = 30)
    {
        var skip = int.TryParse(request.Query["skip"], out var s) && s > 0 ? s : 0;
        var take = int.TryParse(request.Query["take"], out var t) && t > 0 ? t : defaultTake;
        var pages = take == 0 ? 1 : (int)Math.Ceiling(all.Count / (double)take);
        var links = new Dictionary<string, string>
        {
            ["Self"] = Link(request, skip, take),
            ["Page.All"] = Link(request, 0, int.MaxValue),
            ["Page.Current"] = Link(request, skip, take),
            ["Page.Last"] = Link(request, Math.Max(0, (pages - 1) * take), take),
        };
        if (skip + take < all.Count) links["Page.Next"] = Link(request, skip + take, take);
        if (skip > 0) links["Page.Previous"] = Link(request, Math.Max(0, skip - take), take);
        return new
        {
            ItemType = itemType,
            TotalResults = all.Count,
            ItemsPerPage = take,
            NumberOfPages = Math.Max(1, pages),
            LastPageNumber = Math.Max(0, pages - 1),
            Items = all.Skip(skip).Take(take).Select(render).ToList(),
            Links = links,
        };
    }

    static string Link(HttpRequest request, int skip, int take)
    {
        var query = request.Query.Where(q => q.Key is not ("skip" or "take") && !q.Key.Equals("apikey", StringComparison.OrdinalIgnoreCase))
            .Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"skip={skip}").Append($"take={take}");
        return $"{request.PathBase}{request.Path}?{string.Join("&", query)}";
    }

    /// <summary>Array query parameters: <c>ids=A,B</c> and <c>ids=A&amp;ids=B</c> alike.</summary>
    public static List<string> List(HttpRequest request, string name) =>
        request.Query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
