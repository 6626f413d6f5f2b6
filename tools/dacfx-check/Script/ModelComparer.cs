// Element-by-element comparison of two DacFx models (see CompareScriptCommand): what DacFx's own metadata says an
// object type has — its properties and relationships — is what is compared, so nothing is hand-picked.
using Microsoft.SqlServer.Dac.Model;

namespace DacfxCheck.Script;

internal sealed class ModelComparer(CompareReport report)
{
    public void Compare(TSqlModel expected, TSqlModel actual, IReadOnlySet<string> skippedTypes)
    {
        var expectedObjects = TopLevel(expected, skippedTypes, report.Skipped);
        var actualObjects = TopLevel(actual, skippedTypes, null);
        foreach (var (key, obj) in expectedObjects)
        {
            if (!actualObjects.TryGetValue(key, out var other))
            {
                report.Differences.Add($"{key}: in the package, not created by the script");
                continue;
            }
            report.ObjectsCompared++;
            CompareObject(key, obj, other);
        }
        foreach (var key in actualObjects.Keys.Where(k => !expectedObjects.ContainsKey(k)))
        {
            report.Differences.Add($"{key}: created by the script, not in the package");
        }
    }

    /// <summary>User-defined top-level objects by `Type Name`; unnamed ones (inline constraints) by what they reference.</summary>
    private static SortedDictionary<string, TSqlObject> TopLevel(TSqlModel model, IReadOnlySet<string> skippedTypes, List<string>? skipped)
    {
        var result = new SortedDictionary<string, TSqlObject>(StringComparer.Ordinal);
        foreach (var obj in model.GetObjects(DacQueryScopes.UserDefined))
        {
            var key = Key(obj);
            if (skippedTypes.Contains(obj.ObjectType.Name))
            {
                skipped?.Add(key);
                continue;
            }
            var unique = key;
            for (var n = 2; result.ContainsKey(unique); n++) unique = $"{key} #{n}";
            result[unique] = obj;
        }
        return result;
    }

    private static string Key(TSqlObject obj)
    {
        if (obj.Name.HasName) return $"{obj.ObjectType.Name} {obj.Name}";
        var references = obj.ObjectType.Relationships
            .Where(r => r.Type != RelationshipType.Composing)
            .SelectMany(r => obj.GetReferencedRelationshipInstances(r, DacQueryScopes.All).Select(i => $"{r.Name}={i.ObjectName}"))
            .Order(StringComparer.Ordinal);
        return $"{obj.ObjectType.Name} (unnamed: {string.Join(", ", references)})";
    }

    private void CompareObject(string where, TSqlObject expected, TSqlObject actual)
    {
        foreach (var property in expected.ObjectType.Properties)
        {
            // A contained user's password is random in every package and every script: there is nothing to compare.
            if (expected.ObjectType.Name == "User" && property.Name == "Password") continue;
            var a = Text(SafeProperty(expected, property));
            var b = Text(SafeProperty(actual, property));
            if (a != b) report.Differences.Add($"{where}: property {property.Name}: package {Show(a)}, script {Show(b)}");
        }
        foreach (var relationship in expected.ObjectType.Relationships)
        {
            var a = expected.GetReferencedRelationshipInstances(relationship, DacQueryScopes.All).ToList();
            var b = actual.GetReferencedRelationshipInstances(relationship, DacQueryScopes.All).ToList();
            if (relationship.Type == RelationshipType.Composing)
            {
                // DacFx derives a view's or function's output columns from its code; a package may not list them.
                if (a.Count == 0 && b.Count > 0 && relationship.Name == "Columns" && expected.ObjectType.Name is "View" or "TableValuedFunction")
                {
                    report.Derived.Add($"{where}: {relationship.Name}: the package lists none, DacFx derives {b.Count} from the script's code ({Names(b)})");
                    continue;
                }
                if (a.Count != b.Count)
                {
                    report.Differences.Add($"{where}: {relationship.Name}: package has {a.Count} ({Names(a)}), script {b.Count} ({Names(b)})");
                    continue;
                }
                for (var i = 0; i < a.Count; i++)
                {
                    var childWhere = $"{where} / {relationship.Name}[{i}] {a[i].ObjectName}";
                    if (a[i].ObjectName.ToString() != b[i].ObjectName.ToString() || a[i].Object.ObjectType.Name != b[i].Object.ObjectType.Name)
                    {
                        report.Differences.Add($"{childWhere}: script has {b[i].Object.ObjectType.Name} {b[i].ObjectName}");
                        continue;
                    }
                    CompareObject(childWhere, a[i].Object, b[i].Object);
                }
            }
            else
            {
                var namesA = Names(a);
                var namesB = Names(b);
                // Dependencies of code (BodyDependencies and the like) are a set that DacFx derives from the code. A
                // package may declare fewer than DacFx derives from the same code (ours declares objects, not columns
                // or parameters): every declared one must be derived from the script too; the extra ones are noted.
                if (relationship.Name.EndsWith("Dependencies", StringComparison.Ordinal))
                {
                    var setA = a.Select(i => i.ObjectName.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    var setB = b.Select(i => i.ObjectName.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    var missing = setA.Where(n => !setB.Contains(n)).Order(StringComparer.OrdinalIgnoreCase).ToList();
                    var extra = setB.Where(n => !setA.Contains(n)).Order(StringComparer.OrdinalIgnoreCase).ToList();
                    if (missing.Count > 0) report.Differences.Add($"{where}: {relationship.Name}: the script's code does not give [{string.Join(", ", missing)}]");
                    if (extra.Count > 0) report.Derived.Add($"{where}: {relationship.Name}: DacFx derives more from the script's code than the package declares: [{string.Join(", ", extra)}]");
                    continue;
                }
                if (!string.Equals(namesA, namesB, StringComparison.OrdinalIgnoreCase))
                {
                    report.Differences.Add($"{where}: {relationship.Name}: package [{namesA}], script [{namesB}]");
                }
            }
        }
    }

    private static object? SafeProperty(TSqlObject obj, ModelPropertyClass property)
    {
        try
        {
            return obj.GetProperty(property);
        }
        catch (Exception e)
        {
            return "<unreadable: " + e.GetType().Name + ">";
        }
    }

    private static string Names(List<ModelRelationshipInstance> instances) =>
        string.Join(", ", instances.Select(i => i.ObjectName.ToString()));

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s.Replace("\r\n", "\n"),
        _ => value.ToString() ?? "",
    };

    private static string Show(string value) => value.Length > 300 ? $"\"{value[..300]}…\"" : $"\"{value}\"";
}
