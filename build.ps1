# Bootstraps the build project (Nuke style) and runs a target; no target = the main job (ci on sample-monorepo).
$ErrorActionPreference = 'Stop'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
Set-Location $PSScriptRoot
dotnet build build/_build.csproj -c Release --nologo -v quiet '-clp:ErrorsOnly;NoSummary'
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet build/bin/Release/net10.0/_build.dll @args
exit $LASTEXITCODE
