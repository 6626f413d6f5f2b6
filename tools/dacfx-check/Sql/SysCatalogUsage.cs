using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace DacfxCheck.Sql;

/// <summary>
/// Collects the <c>sys.*</c> catalog views a query reads and the columns it reads from them. A column counts when
/// it is qualified by a sys view's alias or name (<c>c.name</c>, <c>sys.columns.name</c>), or, when the query reads
/// exactly one table and that is a sys view, when it is unqualified. Aliases are matched across the whole query
/// (T-SQL scoping is not modelled), which is exact for the flat catalog queries this tool is meant for.
/// </summary>
internal sealed class SysCatalogUsage : TSqlFragmentVisitor
{
    private readonly Dictionary<string, string> _aliasToView = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<MultiPartIdentifier> _columnReferences = [];
    private int _tableReferences;

    public SortedSet<string> Views { get; } = new(StringComparer.OrdinalIgnoreCase);
    public SortedDictionary<string, SortedSet<string>> Columns { get; } = new(StringComparer.OrdinalIgnoreCase);
    public SortedSet<string> Functions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static SysCatalogUsage Of(TSqlFragment fragment)
    {
        var usage = new SysCatalogUsage();
        fragment.Accept(usage);
        usage.ResolveColumns();
        return usage;
    }

    public override void ExplicitVisit(NamedTableReference node)
    {
        _tableReferences++;
        var schema = node.SchemaObject.SchemaIdentifier?.Value;
        var name = node.SchemaObject.BaseIdentifier?.Value;
        if (name != null && string.Equals(schema, "sys", StringComparison.OrdinalIgnoreCase))
        {
            var view = "sys." + name.ToLowerInvariant();
            Views.Add(view);
            _aliasToView[node.Alias?.Value ?? name] = view;
            _aliasToView["sys." + name] = view;
        }
        base.ExplicitVisit(node);
    }

    public override void ExplicitVisit(SchemaObjectFunctionTableReference node)
    {
        // sys.dm_* table-valued functions, e.g. sys.dm_db_partition_stats is a view but sys.dm_exec_sql_text(...) is not.
        _tableReferences++;
        if (string.Equals(node.SchemaObject.SchemaIdentifier?.Value, "sys", StringComparison.OrdinalIgnoreCase))
        {
            var name = "sys." + node.SchemaObject.BaseIdentifier.Value.ToLowerInvariant();
            Functions.Add(name);
            _aliasToView[node.Alias?.Value ?? node.SchemaObject.BaseIdentifier.Value] = name;
        }
        base.ExplicitVisit(node);
    }

    public override void ExplicitVisit(QueryDerivedTable node)
    {
        _tableReferences++;
        base.ExplicitVisit(node);
    }

    public override void ExplicitVisit(ColumnReferenceExpression node)
    {
        if (node.MultiPartIdentifier != null) _columnReferences.Add(node.MultiPartIdentifier);
        base.ExplicitVisit(node);
    }

    private void ResolveColumns()
    {
        var onlyView = _tableReferences == 1 && _aliasToView.Values.Distinct().Count() == 1 ? _aliasToView.Values.First() : null;
        foreach (var identifier in _columnReferences)
        {
            var parts = identifier.Identifiers.Select(i => i.Value).ToList();
            var column = parts[^1];
            string? view = null;
            if (parts.Count >= 2)
            {
                var qualifier = parts.Count >= 3 ? $"{parts[^3]}.{parts[^2]}" : parts[^2];
                _aliasToView.TryGetValue(qualifier, out view);
            }
            else
            {
                view = onlyView;
            }
            if (view == null) continue;
            if (!Columns.TryGetValue(view, out var set)) Columns[view] = set = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            set.Add(column.ToLowerInvariant());
        }
    }
}
