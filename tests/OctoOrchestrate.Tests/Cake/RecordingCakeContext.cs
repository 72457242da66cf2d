using System.Globalization;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace OctoOrchestrate.Tests.Cake;

/// <summary>
/// What the aliases use of Cake, for in-process tests: a working directory and a log that keeps every line. Not Cake's own
/// CakeEnvironment: its WorkingDirectory setter changes the process's current directory, which the other tests share.
/// The log always formats (string.Format), so a line passed as the format string with a '{' in it throws here.
/// The rest of the context is not used by the add-in and says so if that changes.
/// </summary>
internal sealed class RecordingCakeContext(string workingDirectory) : ICakeContext
{
    public RecordingLog RecordedLog { get; } = new();

    public ICakeEnvironment Environment { get; } = new ScriptEnvironment(new DirectoryPath(workingDirectory));

    public ICakeLog Log => RecordedLog;

    public IFileSystem FileSystem => throw Unused();

    public IGlobber Globber => throw Unused();

    public ICakeArguments Arguments => throw Unused();

    public IProcessRunner ProcessRunner => throw Unused();

    public IRegistry Registry => throw Unused();

    public IToolLocator Tools => throw Unused();

    public ICakeDataResolver Data => throw Unused();

    public ICakeConfiguration Configuration => throw Unused();

    public IToolInstaller ToolInstaller => throw Unused();

    public IServiceProvider ServiceProvider => throw Unused();

    static NotSupportedException Unused() => new("The add-in started using a part of the Cake context this test context does not provide.");

    sealed class ScriptEnvironment(DirectoryPath workingDirectory) : ICakeEnvironment
    {
        public DirectoryPath WorkingDirectory { get; set; } = workingDirectory;

        public DirectoryPath UserHomeDirectory => throw Unused();

        public DirectoryPath ApplicationRoot => throw Unused();

        public ICakePlatform Platform { get; } = new CakePlatform();

        public ICakeRuntime Runtime { get; } = new CakeRuntime();

        public DirectoryPath GetSpecialPath(SpecialPath path) => throw Unused();

        public string GetEnvironmentVariable(string variable) => System.Environment.GetEnvironmentVariable(variable)!;

        public IDictionary<string, string> GetEnvironmentVariables() =>
            System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
    }

    internal sealed class RecordingLog : ICakeLog
    {
        readonly Lock gate = new();
        readonly List<(LogLevel Level, string Text)> lines = [];

        public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

        public IReadOnlyList<(LogLevel Level, string Text)> Lines
        {
            get
            {
                lock (gate) return lines.ToList();
            }
        }

        public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
        {
            var text = string.Format(CultureInfo.InvariantCulture, format, args);
            lock (gate) lines.Add((level, text));
        }
    }
}
