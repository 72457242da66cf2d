using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctoOrchestrate.OctopusSimulator;

internal static partial class SimRoutes
{
    public sealed record InterruptionSubmission(string? Result, string? Notes, string? Guidance);

    static void MapTasks(IEndpointRouteBuilder app, SimState state)
    {
        app.MapGet("/api/{spaceId}/tasks", (string spaceId, HttpRequest request) =>
        {
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                var states = Paging.List(request, "states");
                var matching = state.Tasks.Where(t => t.SpaceId == space.Id && IdFilter(request, t.Id)
                    && (states.Count == 0 || states.Contains(t.State.ToString(), StringComparer.OrdinalIgnoreCase))
                    && (request.Query["project"].FirstOrDefault() is not { } p || p == t.ProjectId)
                    && (request.Query["environment"].FirstOrDefault() is not { } e || e == t.EnvironmentId)).Reverse().ToList();
                var page = Paging.Page(request, "Task", matching, t => Resources.Task(t, state));
                return Json(page);
            }
        });
        app.MapGet("/api/{spaceId}/tasks/{id}", (string spaceId, string id) =>
        {
            lock (state.Gate) return Json(Resources.Task(Task(state, spaceId, id), state));
        });
        app.MapGet("/api/{spaceId}/tasks/{id}/details", (string spaceId, string id) =>
        {
            lock (state.Gate)
            {
                var task = Task(state, spaceId, id);
                return Json(new { Task = Resources.Task(task, state), Progress = new { ProgressPercentage = task.IsCompleted ? 100 : 50, EstimatedTimeRemaining = "" }, PhysicalLogSize = task.Log.Sum(l => l.Length + 1), ActivityLogs = Array.Empty<object>() });
            }
        });
        app.MapGet("/api/{spaceId}/tasks/{id}/raw", (string spaceId, string id) =>
        {
            lock (state.Gate) return Results.Text(string.Join('\n', Task(state, spaceId, id).Log) + "\n", "text/plain");
        });
        app.MapPost("/api/{spaceId}/tasks/{id}/cancel", (string spaceId, string id) =>
        {
            lock (state.Gate)
            {
                var task = Task(state, spaceId, id);
                state.Cancel(task, DateTimeOffset.UtcNow);
                return Json(Resources.Task(task, state));
            }
        });
        app.MapGet("/api/{spaceId}/interruptions", (string spaceId, HttpRequest request) =>
        {
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                var regarding = request.Query["regarding"].FirstOrDefault();
                var pendingOnly = string.Equals(request.Query["pendingOnly"], "true", StringComparison.OrdinalIgnoreCase);
                var matching = state.Interruptions.Where(i => i.SpaceId == space.Id && IdFilter(request, i.Id) && (regarding is null || i.RelatedDocumentIds.Contains(regarding))
                    && (!pendingOnly || i.IsPending)).Reverse().ToList();
                return Json(Paging.Page(request, "Interruption", matching, Resources.Interruption));
            }
        });
        app.MapGet("/api/{spaceId}/interruptions/{id}", (string spaceId, string id) =>
        {
            lock (state.Gate) return Json(Resources.Interruption(Interruption(state, spaceId, id)));
        });
        app.MapGet("/api/{spaceId}/interruptions/{id}/responsible", (string spaceId, string id) =>
        {
            lock (state.Gate) return Interruption(state, spaceId, id).ResponsibleUserId is null ? Results.Json((object?)null) : Json(new { Id = "Users-1", Username = "simulator" });
        });
        app.MapPut("/api/{spaceId}/interruptions/{id}/responsible", (string spaceId, string id) =>
        {
            lock (state.Gate)
            {
                var interruption = Interruption(state, spaceId, id);
                if (!interruption.IsPending) throw OctopusProblem.BadRequest("This interruption has already been submitted, possibly by another user.");
                var task = state.Tasks.Single(t => t.Id == interruption.TaskId);
                if (state.InterventionForbidden.Contains(state.Environments.Single(e => e.Id == task.EnvironmentId).Name))
                    throw new OctopusProblem(403, "You do not have permission to perform this action. Please see your Octopus administrator.");
                interruption.ResponsibleUserId = "Users-1";
                return Json(new { Id = "Users-1", Username = "simulator" });
            }
        });
        app.MapPost("/api/{spaceId}/interruptions/{id}/submit", async (string spaceId, string id, HttpRequest request) =>
        {
            var values = await BodyAsync<InterruptionSubmission>(request).ConfigureAwait(false);
            lock (state.Gate)
            {
                var interruption = Interruption(state, spaceId, id);
                if (!interruption.IsPending) throw OctopusProblem.BadRequest("The interruption has already been submitted.");
                if (interruption.ResponsibleUserId is null) throw OctopusProblem.BadRequest("You must take responsibility for this interruption before attempting to submit it.");
                if (values.Result is not ("Proceed" or "Abort")) throw OctopusProblem.BadRequest("There were errors with the form.", "Result must be Proceed or Abort.");
                state.Submit(interruption, values.Result, values.Notes, DateTimeOffset.UtcNow);
                return Json(Resources.Interruption(interruption));
            }
        });
    }

    static SimTask Task(SimState state, string spaceId, string id)
    {
        Space(state, spaceId);
        return state.Tasks.FirstOrDefault(t => t.Id == id) ?? throw OctopusProblem.NotFound(id); // tasks are historically unscoped
    }

    static SimInterruption Interruption(SimState state, string spaceId, string id)
    {
        var space = Space(state, spaceId);
        return state.Interruptions.FirstOrDefault(i => i.SpaceId == space.Id && i.Id == id) ?? throw OctopusProblem.NotFound(id);
    }
}
