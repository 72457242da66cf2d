// .teamcity/settings.kts — copy as is (Kotlin DSL). Parameters set by the run: octo.components, octo.any-changed,
// octo.matrix, octo.versions, octo.succeeded; statistics octo.components.changed, octo.components.failed, octo.duration.<component>.
import jetbrains.buildServer.configs.kotlin.*
import jetbrains.buildServer.configs.kotlin.buildSteps.script
import jetbrains.buildServer.configs.kotlin.triggers.vcs

version = "2025.07"

project {
    buildType(ReleaseTrain)
}

object ReleaseTrain : BuildType({
    name = "Release train"
    artifactRules = """
        artifacts/report.html
        artifacts/logs => logs
    """.trimIndent()

    vcs {
        root(DslContext.settingsRoot)
        cleanCheckout = false
    }

    steps {
        script {
            name = "tool restore"
            scriptContent = "dotnet tool restore"
        }
        script {
            name = "affected"
            scriptContent = "dotnet tool run octo-orchestrate affected --base origin/main --ci teamcity"
        }
        script {
            name = "ci"
            scriptContent = "dotnet tool run octo-orchestrate ci --build-number %build.counter% --ci teamcity --report artifacts/report.html"
        }
    }

    triggers {
        vcs { branchFilter = "+:main" }
    }
})
