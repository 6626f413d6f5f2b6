using System.Text.Json;

namespace DacfxCheck.Sql;

internal sealed record NamedQuery(string Name, string Source, string Sql);

/// <summary>Reads the queries to parse: a .sql file is one query; a .json file is an array of {name, sql};
/// a directory contributes every .sql and .json file below it, in name order.</summary>
internal static class SqlInputs
{
    public static List<NamedQuery> Load(IEnumerable<string> paths)
    {
        var queries = new List<NamedQuery>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    .OrderBy(f => f, StringComparer.Ordinal);
                foreach (var file in files) queries.AddRange(LoadFile(file));
            }
            else if (File.Exists(path))
            {
                queries.AddRange(LoadFile(path));
            }
            else
            {
                throw new FileNotFoundException($"no such file or directory: {path}");
            }
        }
        return queries;
    }

    private static IEnumerable<NamedQuery> LoadFile(string file)
    {
        if (!file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return [new NamedQuery(Path.GetFileNameWithoutExtension(file), file, File.ReadAllText(file))];
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{file}: expected a JSON array of {{name, sql}}");
        }
        return doc.RootElement.EnumerateArray().Select((item, i) =>
        {
            var name = item.TryGetProperty("name", out var n) ? n.GetString() : null;
            var sql = item.TryGetProperty("sql", out var s) ? s.GetString() : null;
            if (sql == null) throw new InvalidDataException($"{file}[{i}]: missing string property 'sql'");
            return new NamedQuery(name ?? $"{Path.GetFileNameWithoutExtension(file)}[{i}]", file, sql);
        }).ToList();
    }
}
