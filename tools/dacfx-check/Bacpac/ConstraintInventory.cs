using Microsoft.SqlServer.Dac.Model;

namespace DacfxCheck.Bacpac;

/// <summary>Keys, foreign keys, defaults, checks and indexes as DacFx's model holds them after loading, so a caller can
/// compare them with the schema the package was written from. Names are DacFx's (e.g. <c>[app].[PK_Customer]</c>,
/// indexes <c>[app].[Invoice].[IX_…]</c>); tables as <c>[schema].[table]</c>; columns by their last name part.</summary>
internal static class ConstraintInventory
{
    public static void Read(TSqlModel model, BacpacReport report)
    {
        foreach (var key in model.GetObjects(DacQueryScopes.UserDefined, PrimaryKeyConstraint.TypeClass))
        {
            report.KeyConstraints.Add(new KeyConstraintEntry("PrimaryKey", key.Name.ToString(), Referenced(key, PrimaryKeyConstraint.Host),
                key.GetProperty<bool>(PrimaryKeyConstraint.Clustered), KeyColumns(key, PrimaryKeyConstraint.Columns, PrimaryKeyConstraint.ColumnsRelationship.Ascending)));
        }
        foreach (var key in model.GetObjects(DacQueryScopes.UserDefined, UniqueConstraint.TypeClass))
        {
            report.KeyConstraints.Add(new KeyConstraintEntry("Unique", key.Name.ToString(), Referenced(key, UniqueConstraint.Host),
                key.GetProperty<bool>(UniqueConstraint.Clustered), KeyColumns(key, UniqueConstraint.Columns, UniqueConstraint.ColumnsRelationship.Ascending)));
        }
        foreach (var fk in model.GetObjects(DacQueryScopes.UserDefined, ForeignKeyConstraint.TypeClass))
        {
            report.ForeignKeys.Add(new ForeignKeyEntry(fk.Name.ToString(), Referenced(fk, ForeignKeyConstraint.Host),
                ColumnNames(fk, ForeignKeyConstraint.Columns), Referenced(fk, ForeignKeyConstraint.ForeignTable), ColumnNames(fk, ForeignKeyConstraint.ForeignColumns),
                fk.GetProperty<ForeignKeyAction>(ForeignKeyConstraint.DeleteAction).ToString(), fk.GetProperty<ForeignKeyAction>(ForeignKeyConstraint.UpdateAction).ToString()));
        }
        foreach (var df in model.GetObjects(DacQueryScopes.UserDefined, DefaultConstraint.TypeClass))
        {
            report.DefaultConstraints.Add(new DefaultConstraintEntry(df.Name.ToString(), Referenced(df, DefaultConstraint.Host),
                ColumnNames(df, DefaultConstraint.TargetColumn).FirstOrDefault(), df.GetProperty(DefaultConstraint.Expression)?.ToString()));
        }
        foreach (var ck in model.GetObjects(DacQueryScopes.UserDefined, CheckConstraint.TypeClass))
        {
            report.CheckConstraints.Add(new CheckConstraintEntry(ck.Name.ToString(), Referenced(ck, CheckConstraint.Host),
                ck.GetProperty(CheckConstraint.Expression)?.ToString(), ck.GetProperty<bool>(CheckConstraint.Disabled)));
        }
        foreach (var ix in model.GetObjects(DacQueryScopes.UserDefined, Microsoft.SqlServer.Dac.Model.Index.TypeClass))
        {
            report.Indexes.Add(new IndexEntry(ix.Name.ToString(), Referenced(ix, Microsoft.SqlServer.Dac.Model.Index.IndexedObject),
                ix.GetProperty<bool>(Microsoft.SqlServer.Dac.Model.Index.Unique), ix.GetProperty<bool>(Microsoft.SqlServer.Dac.Model.Index.Clustered),
                KeyColumns(ix, Microsoft.SqlServer.Dac.Model.Index.Columns, Microsoft.SqlServer.Dac.Model.Index.ColumnsRelationship.Ascending),
                ColumnNames(ix, Microsoft.SqlServer.Dac.Model.Index.IncludedColumns),
                ix.GetProperty(Microsoft.SqlServer.Dac.Model.Index.FilterPredicate)?.ToString()));
        }
    }

    private static string? Referenced(TSqlObject obj, ModelRelationshipClass relationship) =>
        obj.GetReferencedRelationshipInstances(relationship).FirstOrDefault()?.ObjectName.ToString();

    private static List<string> ColumnNames(TSqlObject obj, ModelRelationshipClass relationship) =>
        obj.GetReferencedRelationshipInstances(relationship).Select(r => r.ObjectName.Parts.Last()).ToList();

    private static List<KeyColumnEntry> KeyColumns(TSqlObject obj, ModelRelationshipClass relationship, ModelPropertyClass ascending) =>
        obj.GetReferencedRelationshipInstances(relationship)
            .Select(r => new KeyColumnEntry(r.ObjectName.Parts.Last(), !r.GetProperty<bool>(ascending)))
            .ToList();
}

internal sealed record KeyColumnEntry(string Name, bool Descending);

internal sealed record KeyConstraintEntry(string Kind, string Name, string? Table, bool Clustered, List<KeyColumnEntry> Columns);

internal sealed record ForeignKeyEntry(string Name, string? Table, List<string> Columns, string? ForeignTable, List<string> ForeignColumns, string OnDelete, string OnUpdate);

internal sealed record DefaultConstraintEntry(string Name, string? Table, string? Column, string? Expression);

internal sealed record CheckConstraintEntry(string Name, string? Table, string? Expression, bool Disabled);

internal sealed record IndexEntry(string Name, string? Table, bool Unique, bool Clustered, List<KeyColumnEntry> Columns, List<string> Included, string? Filter);
