using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;

namespace DacfxCheck.Bacpac;

/// <summary>The T-SQL DacFx would run to create this schema in an empty database: the model is packed into a
/// dacpac and DacFx's deployment planner scripts it against no target at all.</summary>
internal static class CreateScript
{
    public static string Generate(TSqlModel model, string databaseName)
    {
        using var dacpac = new MemoryStream();
        DacPackageExtensions.BuildPackage(dacpac, model, new PackageMetadata { Name = databaseName, Version = "1.0.0.0" });
        dacpac.Position = 0;
        using var package = DacPackage.Load(dacpac);
        return DacServices.GenerateCreateScript(package, databaseName, new DacDeployOptions());
    }
}
