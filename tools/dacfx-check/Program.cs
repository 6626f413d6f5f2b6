// Entry point: `dacfx-check bacpac FILE… [--script-out DIR] [--json-out FILE]` and `dacfx-check parse-sql PATH…`.
// Exit codes: 0 = every check passed, 1 = a check failed (a bacpac DacFx rejects, a validation error, a syntax
// error), 2 = bad command line.
using System.Text;
using DacfxCheck;

// DacFx sends usage telemetry unless told not to; this tool runs in CI with no network, so opt out before any
// DacFx type loads. SqlPackage also registers the code-page encodings: DacFx's BCP reader needs them for
// varchar values inside sql_variant (code page 1252 and friends), which .NET does not provide by default.
Environment.SetEnvironmentVariable("DACFX_TELEMETRY_OPTOUT", "1");
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

return CommandLine.Run(args);

namespace DacfxCheck
{
    internal static class CommandLine
    {
        private const string Usage =
            "usage:\n" +
            "  dacfx-check bacpac FILE.bacpac… [--script-out DIR] [--json-out FILE]\n" +
            "  dacfx-check parse-sql PATH… [--json-out FILE] [--markdown-out FILE]\n" +
            "  dacfx-check compare-script PACKAGE.bacpac SCRIPT.sql [--json-out FILE] [--include-principals]\n" +
            "      PATH: a .sql file, a .json array of {name, sql}, or a directory of them; --markdown-out lists every sys.* view\n" +
            "      and column the queries read, for comparing with the documentation\n";

        public static int Run(string[] args)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help")
            {
                Console.Error.Write(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            // Hidden experiment command (experiments/RESULTS.md): the model.xml DacFx writes for a T-SQL script.
            if (args[0] == "model-from-sql")
            {
                var named = new Dictionary<string, string>();
                for (var i = 2; i + 1 < args.Length; i += 2) named[args[i]] = args[i + 1];
                var known = new HashSet<string> { "--out", "--json-out", "--version", "--options" };
                if (args.Length < 4 || args.Length % 2 != 0 || !named.ContainsKey("--out") || named.Keys.Any(k => !known.Contains(k)))
                {
                    Console.Error.WriteLine("usage: dacfx-check model-from-sql FILE.sql --out model.xml [--json-out FILE] [--version SqlAzure|Sql160|…] [--options OPTIONS.json]");
                    return 2;
                }
                return ModelFromSqlCommand.Run(args[1], named["--out"], named.GetValueOrDefault("--json-out"), named.GetValueOrDefault("--version") ?? "SqlAzure", named.GetValueOrDefault("--options"));
            }
            // The schema script oracle: DacFx's model of the package against DacFx's model of our script.
            if (args[0] == "compare-script")
            {
                var rest = args.Skip(3).ToList();
                var includePrincipals = rest.Remove("--include-principals");
                if (args.Length < 3 || rest.Count is not (0 or 2) || (rest.Count == 2 && rest[0] != "--json-out"))
                {
                    Console.Error.WriteLine("usage: dacfx-check compare-script PACKAGE.bacpac SCRIPT.sql [--json-out FILE] [--include-principals]");
                    return 2;
                }
                return Script.CompareScriptCommand.Run(args[1], args[2], rest.Count == 2 ? rest[1] : null, includePrincipals);
            }
            if (!TryParseOptions(args.Skip(1).ToArray(), out var inputs, out var scriptOut, out var jsonOut, out var markdownOut, out var problem))
            {
                Console.Error.WriteLine(problem);
                Console.Error.Write(Usage);
                return 2;
            }
            switch (args[0])
            {
                case "bacpac":
                    if (markdownOut != null)
                    {
                        Console.Error.WriteLine("--markdown-out applies to the parse-sql command only");
                        return 2;
                    }
                    return BacpacCommand.Run(inputs, scriptOut, jsonOut);
                case "parse-sql":
                    if (scriptOut != null)
                    {
                        Console.Error.WriteLine("--script-out applies to the bacpac command only");
                        return 2;
                    }
                    return ParseSqlCommand.Run(inputs, jsonOut, markdownOut);
                default:
                    Console.Error.WriteLine($"unknown command '{args[0]}'");
                    Console.Error.Write(Usage);
                    return 2;
            }
        }

        private static bool TryParseOptions(string[] args, out List<string> inputs, out string? scriptOut, out string? jsonOut, out string? markdownOut, out string problem)
        {
            inputs = new List<string>();
            scriptOut = null;
            jsonOut = null;
            markdownOut = null;
            problem = "";
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                if (arg is "--script-out" or "--json-out" or "--markdown-out")
                {
                    if (i + 1 >= args.Length)
                    {
                        problem = $"{arg} needs a value";
                        return false;
                    }
                    var value = args[++i];
                    if (arg == "--script-out") scriptOut = value;
                    else if (arg == "--json-out") jsonOut = value;
                    else markdownOut = value;
                }
                else if (arg.StartsWith("--", StringComparison.Ordinal))
                {
                    problem = $"unknown option '{arg}'";
                    return false;
                }
                else
                {
                    inputs.Add(arg);
                }
            }
            if (inputs.Count == 0)
            {
                problem = "no input files given";
                return false;
            }
            return true;
        }
    }
}
