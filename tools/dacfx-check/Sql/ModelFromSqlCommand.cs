// Hidden experiment command: `dacfx-check model-from-sql FILE.sql --out model.xml [--json-out FILE]
// [--version SqlAzure|Sql160|…] [--options OPTIONS.json]`. Lets DacFx build a model from T-SQL and writes the
// model.xml DacFx itself produces, so the names of model.xml properties can be read off DacFx's own output instead
// of being guessed (see experiments/RESULTS.md). Database options cannot be set by T-SQL in a model; OPTIONS.json
// sets them by their TSqlModelOptions names ({"AllowSnapshotIsolation": true, "QueryStoreCaptureMode": "Auto"}).
// --json-out writes DacFx's security model and database options (SecurityInventory), as `bacpac` does.
using System.IO.Compression;
using System.Text.Json;
using DacfxCheck.Bacpac;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;

namespace DacfxCheck
{
    internal static class ModelFromSqlCommand
    {
        public static int Run(string sqlFile, string outFile, string? jsonOut, string version, string? optionsFile)
        {
            var sql = File.ReadAllText(sqlFile);
            using var model = new TSqlModel(Enum.Parse<SqlServerVersion>(version), ReadOptions(optionsFile));
            model.AddObjects(sql);
            var problems = model.Validate().Where(m => m.MessageType == DacMessageType.Error).ToList();
            foreach (var p in problems) Console.Error.WriteLine(p.ToString());
            using var dacpac = new MemoryStream();
            DacPackageExtensions.BuildPackage(dacpac, model, new PackageMetadata { Name = "experiment", Version = "1.0.0.0" });
            dacpac.Position = 0;
            using var zip = new ZipArchive(dacpac, ZipArchiveMode.Read);
            var entry = zip.GetEntry("model.xml") ?? throw new InvalidOperationException("the dacpac has no model.xml");
            using (var input = entry.Open())
            using (var output = File.Create(outFile))
            {
                input.CopyTo(output);
            }
            if (jsonOut != null) JsonOutput.Write(jsonOut, SecurityInventory.Read(model));
            Console.WriteLine($"wrote {outFile}");
            return problems.Count == 0 ? 0 : 1;
        }

        private static TSqlModelOptions ReadOptions(string? optionsFile)
        {
            var options = new TSqlModelOptions();
            if (optionsFile == null) return options;
            using var json = JsonDocument.Parse(File.ReadAllText(optionsFile));
            foreach (var item in json.RootElement.EnumerateObject())
            {
                var property = typeof(TSqlModelOptions).GetProperty(item.Name) ?? throw new ArgumentException($"TSqlModelOptions has no property {item.Name}");
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                object value = item.Value.ValueKind switch
                {
                    JsonValueKind.True or JsonValueKind.False => item.Value.GetBoolean(),
                    JsonValueKind.Number when type.IsEnum => Enum.ToObject(type, item.Value.GetInt32()),
                    JsonValueKind.Number => Convert.ChangeType(item.Value.GetInt64(), type),
                    JsonValueKind.String when type.IsEnum => Enum.Parse(type, item.Value.GetString()!),
                    _ => item.Value.GetString()!,
                };
                property.SetValue(options, value);
            }
            return options;
        }
    }
}
