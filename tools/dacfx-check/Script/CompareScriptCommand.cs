// `dacfx-check compare-script PACKAGE.bacpac SCRIPT.sql [--json-out FILE]`: the oracle for our schema script.
// DacFx loads the package's model, builds a second model from our T-SQL (the model-from-SQL path, as an SSDT
// project build does) and the two are compared element by element: every user-defined object by type and name,
// every property DacFx's metadata lists for it, every peer/hierarchical reference by name, and composed children
// (columns, parameters, inline constraints…) recursively, in order. The script is also parsed by ScriptDom under
// the SQL Server 2022 and Azure SQL Database grammars. Principals, permissions and database options are left out
// of the comparison: the script skips them by default (the restore's default; see issue 20). With
// --include-principals, users, roles, role memberships and permission statements are compared too (the script
// then creates them); logins stay out (a restore never creates one), and so does a user's Password, which is
// random on both sides (a package cannot carry it).
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace DacfxCheck.Script;

internal static class CompareScriptCommand
{
    // Object types the script does not create by default (security, database-level options).
    private static readonly string[] PrincipalTypes = ["User", "Role", "RoleMembership", "Permission"];

    private static readonly HashSet<string> SkippedTypes =
    [
        "User", "Login", "Role", "RoleMembership", "Permission", "ApplicationRole", "ServerRoleMembership",
        "DatabaseOptions", "Filegroup", "PartitionFunction", "PartitionScheme", "DatabaseScopedConfiguration",
        "DatabaseCredential", "ExternalDataSource", "MasterKey", "DatabaseAuditSpecification",
    ];

    private static readonly (string Name, Func<TSqlParser> Create)[] Parsers =
    [
        ("TSql160Parser/Standalone (SQL Server 2022)", () => new TSql160Parser(true, SqlEngineType.Standalone)),
        ("TSql170Parser/SqlAzure (Azure SQL Database)", () => new TSql170Parser(true, SqlEngineType.SqlAzure)),
    ];

    public static int Run(string package, string scriptFile, string? jsonOut, bool includePrincipals = false)
    {
        var skippedTypes = new HashSet<string>(SkippedTypes);
        if (includePrincipals) skippedTypes.ExceptWith(PrincipalTypes);
        var report = new CompareReport { Package = Path.GetFullPath(package), Script = Path.GetFullPath(scriptFile) };
        var sql = File.ReadAllText(scriptFile);
        foreach (var (name, create) in Parsers)
        {
            using var reader = new StringReader(sql);
            create().Parse(reader, out var errors);
            foreach (var e in errors) report.Errors.Add($"{name}: line {e.Line}, column {e.Column}: {e.Message}");
        }
        try
        {
            using var fromPackage = TSqlModel.LoadFromDacpac(package, new ModelLoadOptions(DacSchemaModelStorageType.Memory, loadAsScriptBackedModel: false));
            var options = fromPackage.CopyModelOptions();
            using var fromScript = new TSqlModel(fromPackage.Version, options);
            foreach (var (batches, ansiNulls, quotedIdentifier) in SessionBatches.Split(sql))
            {
                fromScript.AddObjects(batches, new TSqlObjectOptions { AnsiNulls = ansiNulls, QuotedIdentifier = quotedIdentifier });
            }
            if (includePrincipals)
            {
                // A restore creates users FOR LOGIN only where the target has the login (it checks first): the
                // script's model gets the package's logins the way the target has them.
                foreach (var login in fromPackage.GetObjects(DacQueryScopes.UserDefined, Login.TypeClass))
                {
                    fromScript.AddObjects($"CREATE LOGIN {login.Name} WITH PASSWORD = N'Aa1!{Guid.NewGuid():N}';");
                }
            }
            foreach (var message in fromScript.Validate().Where(m => m.MessageType == DacMessageType.Error))
            {
                report.Errors.Add($"model from script: {message.Prefix}{message.Number}: {message.Message}");
            }
            new ModelComparer(report).Compare(fromPackage, fromScript, skippedTypes);
        }
        catch (Exception e)
        {
            report.Errors.Add("comparing models failed: " + ErrorText.Chain(e));
        }
        if (jsonOut != null) JsonOutput.Write(jsonOut, report);
        foreach (var e in report.Errors) Console.WriteLine($"ERROR {e}");
        foreach (var d in report.Differences) Console.WriteLine($"DIFF {d}");
        Console.WriteLine($"dacfx-check compare-script: {report.ObjectsCompared} objects compared, {report.Differences.Count} differences, {report.Errors.Count} errors; skipped {report.Skipped.Count}, derived {report.Derived.Count}");
        return report.Ok ? 0 : 1;
    }
}

internal sealed class CompareReport
{
    public string Package { get; set; } = "";
    public string Script { get; set; } = "";
    public int ObjectsCompared { get; set; }
    public List<string> Errors { get; } = [];
    public List<string> Differences { get; } = [];
    /// <summary>Objects of the package the script leaves out by design, as `Type Name`.</summary>
    public List<string> Skipped { get; } = [];
    /// <summary>What DacFx derives from the script's code beyond what the package declares (not a difference).</summary>
    public List<string> Derived { get; } = [];
    public bool Ok => Errors.Count == 0 && Differences.Count == 0;
}
