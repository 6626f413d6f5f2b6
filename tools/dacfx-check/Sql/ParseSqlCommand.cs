using DacfxCheck.Sql;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace DacfxCheck;

/// <summary>`dacfx-check parse-sql`: parses each query with Microsoft's T-SQL parser for SQL Server 2025 and for
/// Azure SQL Database, reports syntax errors, and lists the sys.* views and columns each query reads.</summary>
internal static class ParseSqlCommand
{
    // TSql170Parser is the SQL Server 2025 / compatibility level 170 grammar, the level Azure SQL Database runs;
    // SqlEngineType.SqlAzure switches it to the Azure SQL Database surface (no USE, no server-scoped DDL…).
    private static readonly (string Name, Func<TSqlParser> Create)[] Parsers =
    [
        ("TSql170Parser/Standalone (SQL Server 2025)", () => new TSql170Parser(true, SqlEngineType.Standalone)),
        ("TSql170Parser/SqlAzure (Azure SQL Database)", () => new TSql170Parser(true, SqlEngineType.SqlAzure)),
    ];

    public static int Run(IReadOnlyList<string> paths, string? jsonOut, string? markdownOut)
    {
        List<NamedQuery> queries;
        try
        {
            queries = SqlInputs.Load(paths);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }

        var results = queries.Select(Parse).ToList();
        var failed = results.Count(r => r.SyntaxErrors.Count > 0);
        var union = new SortedDictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var result in results)
        {
            foreach (var view in result.SysViews.Concat(result.SysFunctions))
            {
                if (!union.ContainsKey(view)) union[view] = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            }
            foreach (var (view, columns) in result.SysColumns) union[view].UnionWith(columns);
        }
        var report = new ParseReport(results, union);

        if (jsonOut != null) JsonOutput.Write(jsonOut, report);
        if (markdownOut != null) SysCatalogMarkdown.Write(markdownOut, results, union);
        else Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(report, JsonOutput.Options));
        foreach (var result in results.Where(r => r.SyntaxErrors.Count > 0))
        {
            foreach (var error in result.SyntaxErrors)
            {
                Console.Error.WriteLine($"{result.Source}: {result.Name}: {error.Parser}: line {error.Line}, column {error.Column}: {error.Message}");
            }
        }
        (failed == 0 ? Console.Out : Console.Error).WriteLine($"dacfx-check parse-sql: {results.Count - failed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    private static QueryResult Parse(NamedQuery query)
    {
        var errors = new List<SyntaxError>();
        TSqlFragment? tree = null;
        foreach (var (name, create) in Parsers)
        {
            using var reader = new StringReader(query.Sql);
            var fragment = create().Parse(reader, out var parseErrors);
            errors.AddRange(parseErrors.Select(e => new SyntaxError(name, e.Line, e.Column, e.Number, e.Message)));
            tree ??= parseErrors.Count == 0 ? fragment : null;
        }
        var usage = tree == null ? new SysCatalogUsage() : SysCatalogUsage.Of(tree);
        return new QueryResult(
            query.Name,
            query.Source,
            errors,
            usage.Views.ToList(),
            usage.Functions.ToList(),
            usage.Columns.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()));
    }

    internal sealed record SyntaxError(string Parser, int Line, int Column, int Number, string Message);

    internal sealed record QueryResult(
        string Name,
        string Source,
        List<SyntaxError> SyntaxErrors,
        List<string> SysViews,
        List<string> SysFunctions,
        Dictionary<string, List<string>> SysColumns);

    internal sealed record ParseReport(List<QueryResult> Queries, SortedDictionary<string, SortedSet<string>> SysCatalog);
}
