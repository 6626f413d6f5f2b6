using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace DacfxCheck.Bacpac;

/// <summary>
/// DacFx orders the CREATE statements of an import by the dependency relationships in model.xml; it does not read
/// the view and function scripts to find them (an experiment showed a script-only view created before the view it
/// reads). SQL Server resolves names in views and functions at CREATE time, so a missing dependency fails the
/// import on a real server while every offline check passes. This check parses each view and function with
/// ScriptDom and reports a reference to another user view or function that the model does not declare.
/// Procedures and triggers are left out: SQL Server defers their name resolution to run time.
/// </summary>
internal static class DeployOrderCheck
{
    private static readonly ModelTypeClass[] CheckedTypes = [View.TypeClass, ScalarFunction.TypeClass, TableValuedFunction.TypeClass];

    public static IEnumerable<string> MissingDependencies(TSqlModel model)
    {
        var codeObjects = model.GetObjects(DacQueryScopes.UserDefined, CheckedTypes)
            .ToDictionary(o => Key(o.Name.Parts), o => o, StringComparer.OrdinalIgnoreCase);
        foreach (var obj in codeObjects.Values)
        {
            if (!obj.TryGetScript(out var script)) continue;
            var declared = obj.GetReferenced(DacQueryScopes.UserDefined)
                .SelectMany(r => r.Name.Parts.Count >= 2 ? new[] { Key(r.Name.Parts.Take(2).ToList()) } : [])
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            var fragment = new TSql170Parser(true).Parse(new StringReader(script), out var errors);
            if (errors.Count > 0) continue; // Validation reports unparsable scripts; nothing to learn here.
            var names = new ReferencedNames();
            fragment.Accept(names);
            foreach (var name in names.Found.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!codeObjects.ContainsKey(name) || declared.Contains(name) || string.Equals(name, Key(obj.Name.Parts), StringComparison.OrdinalIgnoreCase)) continue;
                yield return $"{obj.Name} reads {name} but model.xml declares no dependency on it: DacFx may create {obj.Name} first and the import fails";
            }
        }
    }

    private static string Key(IList<string> parts) => $"[{parts[0]}].[{parts[1]}]";

    /// <summary>Every schema-object name a script reads as a table or calls as a function; unqualified names are
    /// taken to be in dbo, the default schema of the users DacFx imports as.</summary>
    private sealed class ReferencedNames : TSqlFragmentVisitor
    {
        public List<string> Found { get; } = [];

        public override void ExplicitVisit(NamedTableReference node)
        {
            Add(node.SchemaObject);
            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(SchemaObjectFunctionTableReference node)
        {
            Add(node.SchemaObject);
            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(FunctionCall node)
        {
            if (node.CallTarget is MultiPartIdentifierCallTarget target && target.MultiPartIdentifier.Count == 1)
            {
                Found.Add($"[{target.MultiPartIdentifier.Identifiers[0].Value}].[{node.FunctionName.Value}]");
            }
            base.ExplicitVisit(node);
        }

        private void Add(SchemaObjectName name)
        {
            if (name.DatabaseIdentifier != null || name.BaseIdentifier == null) return; // cross-database: not ours to order
            Found.Add($"[{name.SchemaIdentifier?.Value ?? "dbo"}].[{name.BaseIdentifier.Value}]");
        }
    }
}
