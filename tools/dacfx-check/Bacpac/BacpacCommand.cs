using System.IO.Compression;
using System.Xml.Linq;
using DacfxCheck.Bacpac;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;

namespace DacfxCheck;

/// <summary>`dacfx-check bacpac`: every check DacFx can run on a package without a server.</summary>
internal static class BacpacCommand
{
    private const int SampleRowsPerTable = 3;
    private static readonly HashSet<string> CodeObjectTypes = ["View", "Procedure", "ScalarFunction", "TableValuedFunction", "DmlTrigger"];

    public static int Run(IReadOnlyList<string> files, string? scriptOut, string? jsonOut)
    {
        var reports = files.Select(file => Check(file, scriptOut)).ToList();
        foreach (var report in reports) PrintSummary(report);
        if (jsonOut != null) JsonOutput.Write(jsonOut, reports);
        var failed = reports.Count(r => !r.Ok);
        Console.WriteLine($"dacfx-check: {reports.Count - failed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    public static BacpacReport Check(string file, string? scriptOut)
    {
        var report = new BacpacReport { File = Path.GetFullPath(file) };
        if (!File.Exists(file))
        {
            report.Errors.Add($"file not found: {file}");
            return report;
        }

        // 1. The package as import opens it: ZIP/OPC, Origin.xml's ContainsExportedData, no deployment scripts.
        try
        {
            using var _ = BacPackage.Load(file);
        }
        catch (Exception e)
        {
            report.Errors.Add("BacPackage.Load failed: " + ErrorText.Chain(e));
            return report;
        }

        // 2. The model as import loads it: this is where the Origin.xml checksum of model.xml is verified.
        TSqlModel model;
        try
        {
            model = TSqlModel.LoadFromDacpac(file, new ModelLoadOptions(DacSchemaModelStorageType.Memory, loadAsScriptBackedModel: false));
        }
        catch (Exception e)
        {
            report.Errors.Add("TSqlModel.LoadFromDacpac failed: " + ErrorText.Chain(e));
            return report;
        }

        using (model)
        {
            report.ModelVersion = model.Version.ToString();
            report.Collation = model.CopyModelOptions().Collation;
            try
            {
                Validate(model, report);
                report.Errors.AddRange(DeployOrderCheck.MissingDependencies(model));
                Inventory(model, report);
                ConstraintInventory.Read(model, report);
                report.Security = SecurityInventory.Read(model);
            }
            catch (Exception e)
            {
                report.Errors.Add("reading the loaded model failed: " + ErrorText.Chain(e));
                return report;
            }
            ReadData(file, report);
            Script(model, file, scriptOut, report);
        }
        return report;
    }

    private static void Validate(TSqlModel model, BacpacReport report)
    {
        foreach (var message in model.Validate())
        {
            var entry = new ValidationEntry(message.MessageType.ToString(), $"{message.Prefix}{message.Number}", message.Message);
            report.Validation.Add(entry);
            var line = $"{entry.Code}: {entry.Message}";
            if (message.MessageType == DacMessageType.Error) report.Errors.Add("validation " + line);
            else report.Warnings.Add("validation " + line);
        }
    }

    private static void Inventory(TSqlModel model, BacpacReport report)
    {
        foreach (var obj in model.GetObjects(DacQueryScopes.UserDefined))
        {
            var references = CodeObjectTypes.Contains(obj.ObjectType.Name)
                ? new SortedDictionary<string, int>(obj.GetReferencedRelationshipInstances(DacQueryScopes.All)
                    .GroupBy(r => r.Relationship.Name)
                    .ToDictionary(g => g.Key, g => g.Count()))
                : null;
            report.Objects.Add(new SchemaObjectEntry(obj.ObjectType.Name, obj.Name.ToString(), references));
        }
        foreach (var table in model.GetObjects(DacQueryScopes.UserDefined, Table.TypeClass))
        {
            var parts = table.Name.Parts;
            report.Tables.Add(new TableEntry
            {
                Name = table.Name.ToString(),
                Schema = parts[0],
                Table = parts[^1],
                Columns = table.GetReferenced(Table.Columns).Select(ColumnDescription.From).ToList(),
            });
        }
    }

    private static void ReadData(string file, BacpacReport report)
    {
        try
        {
            using var reader = new DacfxBcpReader(file);
            var claimed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            long total = 0;
            foreach (var table in report.Tables)
            {
                // Import reads every non-computed column, in model order (TableMetadata.SelectedColumns).
                var columns = table.Columns.Where(c => !c.Computed).ToList();
                long tableRows = 0;
                foreach (var (uri, open) in reader.TableParts(table.Schema, table.Table))
                {
                    claimed.Add(uri);
                    try
                    {
                        using var stream = open();
                        var rows = reader.ReadPart(stream, columns, values =>
                        {
                            if (table.SampleRows.Count < SampleRowsPerTable) table.SampleRows.Add(values.Select(ValueText.Render).ToList());
                        }, (category, column) =>
                        {
                            var message = $"{table.Name}.[{column}] sql_variant type fidelity loss ({category}) when DacFx imports it";
                            var list = category.Contains("ImportBlocked", StringComparison.Ordinal) ? report.Errors : report.Warnings;
                            if (!list.Contains(message)) list.Add(message);
                        });
                        table.DataParts.Add(new DataPartEntry(uri, rows));
                        tableRows += rows;
                    }
                    catch (Exception e)
                    {
                        report.Errors.Add($"data part {uri} of {table.Name}: DacFx's BCP reader failed: {ErrorText.Chain(e)}");
                    }
                }
                table.Rows = tableRows;
                total += tableRows;
            }
            report.DataRowsDecoded = total;
            // DacFx only traces these ("data for this table will be ignored"): a writer bug would lose data silently.
            var parts = reader.AllPartUris().ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var orphan in parts.Where(u => u.StartsWith("/Data/", StringComparison.OrdinalIgnoreCase) && !claimed.Contains(u)))
            {
                report.Errors.Add($"data part {orphan} belongs to no table in the model: DacFx import would silently skip it");
            }
            // A ZIP entry whose name is not a valid OPC part name (e.g. a raw space) is invisible to System.IO.Packaging.
            foreach (var entry in ZipEntryNames(file).Where(n => n.StartsWith("Data/", StringComparison.OrdinalIgnoreCase) && !parts.Contains("/" + n)))
            {
                report.Errors.Add($"ZIP entry '{entry}' is not an OPC part DacFx can see (part names must be percent-encoded): its rows would be lost on import");
            }
        }
        catch (Exception e)
        {
            report.Errors.Add("reading table data with DacFx's BCP reader failed: " + ErrorText.Chain(e));
            return;
        }

        report.OriginRowCount = OriginRowCount(file);
        if (report.OriginRowCount is { } expected && expected != report.DataRowsDecoded)
        {
            // DacFx does not check this total itself; a mismatch still means the writer miscounted or lost rows.
            report.Errors.Add($"Origin.xml TableRowCountTotalTag is {expected} but DacFx's reader decoded {report.DataRowsDecoded} rows");
        }
    }

    private static List<string> ZipEntryNames(string file)
    {
        using var zip = ZipFile.OpenRead(file);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    private static long? OriginRowCount(string file)
    {
        using var zip = ZipFile.OpenRead(file);
        var entry = zip.GetEntry("Origin.xml");
        if (entry == null) return null;
        using var stream = entry.Open();
        var value = XDocument.Load(stream).Descendants().FirstOrDefault(e => e.Name.LocalName == "TableRowCountTotalTag")?.Value;
        return long.TryParse(value, out var rows) ? rows : null;
    }

    private static void Script(TSqlModel model, string file, string? scriptOut, BacpacReport report)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        try
        {
            var script = CreateScript.Generate(model, name);
            report.CreateScriptLength = script.Length;
            if (scriptOut != null)
            {
                Directory.CreateDirectory(scriptOut);
                report.CreateScriptPath = Path.GetFullPath(Path.Combine(scriptOut, name + ".sql"));
                File.WriteAllText(report.CreateScriptPath, script);
            }
        }
        catch (Exception e)
        {
            report.Errors.Add("DacServices.GenerateCreateScript failed: " + ErrorText.Chain(e));
        }
    }

    private static void PrintSummary(BacpacReport report)
    {
        Console.WriteLine($"== {report.File}");
        Console.WriteLine($"   model {report.ModelVersion ?? "?"}, collation {report.Collation ?? "?"}, {report.Objects.Count} objects, {report.Tables.Count} tables, {report.DataRowsDecoded?.ToString() ?? "?"} rows decoded (Origin.xml says {report.OriginRowCount?.ToString() ?? "?"})");
        foreach (var table in report.Tables)
        {
            Console.WriteLine($"   {table.Name}: {table.Rows?.ToString() ?? "?"} rows in {table.DataParts.Count} part(s)");
            foreach (var c in table.Columns)
            {
                var flags = string.Join(" ", new[] { c.Nullable ? "NULL" : "NOT NULL", c.Identity ? "IDENTITY" : null, c.RowGuid ? "ROWGUIDCOL" : null }.Where(f => f != null));
                Console.WriteLine(c.Computed ? $"      {c.Name} AS {c.Expression}" : $"      {c.Name} {c.Type} {flags}");
            }
        }
        if (report.CreateScriptPath != null) Console.WriteLine($"   create script: {report.CreateScriptPath} ({report.CreateScriptLength} chars)");
        foreach (var w in report.Warnings) Console.WriteLine($"   WARNING {w}");
        foreach (var e in report.Errors) Console.WriteLine($"   ERROR {e}");
        Console.WriteLine(report.Ok ? "   OK" : "   FAILED");
    }
}
