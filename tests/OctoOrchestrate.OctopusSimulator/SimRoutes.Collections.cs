using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctoOrchestrate.OctopusSimulator;

internal static partial class SimRoutes
{
    /// <summary>
    /// The three routes Octopus serves for each kind of space document: <c>/api/{spaceId}/{path}</c> paged (name/partialName and ids filters,
    /// in <paramref name="listOrder"/>), <c>/all</c> unpaged (in <paramref name="allOrder"/>) and <c>/{id}</c> one document (<paramref name="find"/>,
    /// by id when null). Where the orders differ per kind and route, they are what the clients were written against; keep them.
    /// </summary>
    static void MapSpaceCollection<T>(
        IEndpointRouteBuilder app, SimState state, string path, string itemType, List<T> items, Func<T, object> render,
        Func<IEnumerable<T>, IEnumerable<T>>? listOrder = null, Func<IEnumerable<T>, IEnumerable<T>>? allOrder = null, int defaultTake = 30,
        Func<SimSpace, string, T>? find = null, bool byIdRoute = true)
        where T : ISpaceDocument
    {
        listOrder ??= documents => documents;
        allOrder ??= documents => documents;
        find ??= (space, id) => items.FirstOrDefault(d => d.SpaceId == space.Id && d.Id == id) ?? throw OctopusProblem.NotFound(id);

        app.MapGet($"/api/{{spaceId}}/{path}", (string spaceId, HttpRequest request) =>
        {
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                var matching = listOrder(items.Where(d => d.SpaceId == space.Id && NameFilter(request, d.Name) && IdFilter(request, d.Id))).ToList();
                return Json(Paging.Page(request, itemType, matching, render, defaultTake));
            }
        });
        app.MapGet($"/api/{{spaceId}}/{path}/all", (string spaceId) =>
        {
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                return Json(allOrder(items.Where(d => d.SpaceId == space.Id)).Select(render).ToList());
            }
        });
        if (!byIdRoute) return;
        app.MapGet($"/api/{{spaceId}}/{path}/{{id}}", (string spaceId, string id) =>
        {
            lock (state.Gate) return Json(render(find(Space(state, spaceId), id)));
        });
    }
}
