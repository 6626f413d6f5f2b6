// Hidden experiment command: `dacfx-check model-from-sql FILE.sql --out model.xml`. Lets DacFx build a model from
// T-SQL and writes the model.xml DacFx itself produces, so the names of model.xml properties can be read off
// DacFx's own output instead of being guessed (see experiments/RESULTS.md).
using System.IO.Compression;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;

namespace DacfxCheck
{
    internal static class ModelFromSqlCommand
    {
        public static int Run(string sqlFile, string outFile)
        {
            var sql = File.ReadAllText(sqlFile);
            using var model = new TSqlModel(SqlServerVersion.SqlAzure, new TSqlModelOptions());
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
            Console.WriteLine($"wrote {outFile}");
            return problems.Count == 0 ? 0 : 1;
        }
    }
}
