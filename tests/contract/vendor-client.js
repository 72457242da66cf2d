// The vendor's own TypeScript client (@octopusdeploy/api-client, pinned in package.json) against the OctoOrchestrate Octopus simulator.
// Whatever it cannot do against the simulator means the simulator is wrong. Run by OctopusVendorContractTests with:
//   OCTOPUS_URL, OCTOPUS_API_KEY, CONTRACT_PROJECT, CONTRACT_VERSION  (and npm ci done in this folder)
// Prints one JSON line: what it found, created and read.
"use strict";
const {
    Client, ProjectRepository, ReleaseRepository, DeploymentRepository, ServerTaskWaiter, SpaceServerTaskRepository, EnvironmentRepository,
} = require("@octopusdeploy/api-client");

async function main() {
    const projectName = process.env.CONTRACT_PROJECT;
    const version = process.env.CONTRACT_VERSION;
    const spaceName = "Default";
    const quiet = { debug: () => {}, info: () => {}, warn: (m) => console.error(m), error: (m) => console.error(m) };
    const client = await Client.create({
        instanceURL: process.env.OCTOPUS_URL, apiKey: process.env.OCTOPUS_API_KEY, userAgentApp: "octo-orchestrate-contract", logging: quiet,
    });

    // Find the space (by name, inside every space-scoped call) and the project (partialName + exact match, as the docs advise).
    const projects = await new ProjectRepository(client, spaceName).list({ partialName: projectName });
    const project = projects.Items.find((p) => p.Name === projectName);
    if (!project) throw new Error(`project ${projectName} not found among ${projects.Items.map((p) => p.Name)}`);
    const environments = await new EnvironmentRepository(client, spaceName).list({ take: 100 });

    // Create the release with the executions API.
    const created = await new ReleaseRepository(client, spaceName).create({
        spaceName, ProjectName: projectName, ChannelName: "Default", ReleaseVersion: version, PackageVersion: version,
        ReleaseNotes: "contract test", IgnoreIfAlreadyExists: true,
    });
    const release = await new ReleaseRepository(client, spaceName).get(created.ReleaseId);

    const deployments = new DeploymentRepository(client, spaceName);
    const waiter = new ServerTaskWaiter(client, spaceName);
    const tasks = new SpaceServerTaskRepository(client, spaceName);
    const states = {};
    for (const environment of ["Dev", "Test"]) {
        const deployed = await deployments.create({ spaceName, ProjectName: projectName, ReleaseVersion: version, EnvironmentNames: [environment] });
        const ids = deployed.DeploymentServerTasks.map((t) => t.ServerTaskId);
        const done = await waiter.waitForServerTasksToComplete(ids, 200, 60000);
        const task = await tasks.getById(ids[0]);
        const deployment = await deployments.get(deployed.DeploymentServerTasks[0].DeploymentId);
        states[environment] = { waited: done.map((t) => t.State), read: task.State, finished: task.FinishedSuccessfully, deploymentId: deployment.Id, taskId: task.Id };
    }

    const forProject = await new ReleaseRepository(client, spaceName).listForProject(project.Id, { take: 30 });
    console.log(JSON.stringify({
        projectId: project.Id, environments: environments.Items.map((e) => e.Name), releaseId: release.Id, releaseVersion: release.Version,
        releasesOfProject: forProject.Items.map((r) => r.Version), states,
    }));
}

main().catch((error) => {
    console.error(`vendor client failed: ${error && error.stack ? error.stack : error}`);
    process.exit(1);
});
