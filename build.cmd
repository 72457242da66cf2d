@echo off
rem Bootstraps the build project (Nuke style) and runs a target; no target = the main job (ci on sample-monorepo).
setlocal
set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
cd /d "%~dp0"
dotnet build build\_build.csproj -c Release --nologo -v quiet "-clp:ErrorsOnly;NoSummary" || exit /b %ERRORLEVEL%
dotnet build\bin\Release\net10.0\_build.dll %*
exit /b %ERRORLEVEL%
