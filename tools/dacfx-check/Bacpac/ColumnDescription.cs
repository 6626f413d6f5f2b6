using Microsoft.SqlServer.Dac.Model;

namespace DacfxCheck.Bacpac;

/// <summary>One table column as DacFx's model sees it. <see cref="BaseType"/> is the built-in type after resolving an
/// alias type, because that (not the alias) decides how the column's BCP bytes are laid out.</summary>
internal sealed record ColumnDescription(
    string Name,
    string Type,
    string BaseType,
    string? UserType,
    int? Length,
    int? Precision,
    int? Scale,
    bool IsMax,
    bool Nullable,
    bool Identity,
    bool Computed,
    bool RowGuid,
    string? Expression)
{
    public static ColumnDescription From(TSqlObject column)
    {
        var name = column.Name.Parts.Last();
        if (column.GetMetadata<ColumnType>(Column.ColumnType) == ColumnType.ComputedColumn)
        {
            // The expression is a script property; its text is what sys.computed_columns.definition holds.
            var expression = column.GetProperty(Column.Expression)?.ToString();
            return new ColumnDescription(name, "computed", "computed", null, null, null, null, false,
                column.GetProperty<bool>(Column.Nullable), false, true, false, expression);
        }

        var typeObject = column.GetReferenced(Column.DataType).FirstOrDefault();
        var nullable = column.GetProperty<bool>(Column.Nullable);
        var isMax = GetBool(column, Column.IsMax);
        var length = GetInt(column, Column.Length);
        var precision = GetInt(column, Column.Precision);
        var scale = GetInt(column, Column.Scale);
        string? userType = null;
        // Only alias types (DataType elements) have a base type; CLR types (geography…) are UserDefinedType elements.
        var aliasBase = typeObject?.ObjectType == DataType.TypeClass ? typeObject.GetReferenced(DataType.Type).FirstOrDefault() : null;
        if (typeObject != null && aliasBase != null)
        {
            // An alias type carries the length/precision of its base type, and may itself be NOT NULL.
            userType = typeObject.Name.ToString();
            nullable = nullable && typeObject.GetProperty<bool>(DataType.UddtNullable);
            isMax = GetBool(typeObject, DataType.UddtIsMax);
            length = GetInt(typeObject, DataType.UddtLength);
            precision = GetInt(typeObject, DataType.UddtPrecision);
            scale = GetInt(typeObject, DataType.UddtScale);
            typeObject = aliasBase;
        }
        var baseType = typeObject == null ? "unknown" : BuiltInTypeName(typeObject.Name);
        var display = Display(baseType, length, precision, scale, isMax);
        return new ColumnDescription(
            name,
            userType == null ? display : $"{userType} ({display})",
            baseType,
            userType,
            length,
            precision,
            scale,
            isMax,
            nullable,
            column.GetProperty<bool>(Column.IsIdentity),
            false,
            column.GetProperty<bool>(Column.IsRowGuidCol),
            null);
    }

    /// <summary>"[int]" → "int"; "[sys].[geography]" → "geography".</summary>
    private static string BuiltInTypeName(ObjectIdentifier name) => name.Parts.Last().ToLowerInvariant();

    private static int? GetInt(TSqlObject source, ModelPropertyClass property)
    {
        var value = source.GetProperty(property);
        return value is int i && i != 0 ? i : null;
    }

    private static bool GetBool(TSqlObject source, ModelPropertyClass property) => source.GetProperty(property) is true;

    private static string Display(string baseType, int? length, int? precision, int? scale, bool isMax)
    {
        if (isMax) return $"{baseType}(max)";
        return baseType switch
        {
            "char" or "varchar" or "nchar" or "nvarchar" or "binary" or "varbinary" => $"{baseType}({length ?? 1})",
            "decimal" or "numeric" => $"{baseType}({precision ?? 18},{scale ?? 0})",
            "time" or "datetime2" or "datetimeoffset" => $"{baseType}({scale ?? 0})",
            "float" => precision is { } p && p != 53 ? $"float({p})" : "float",
            _ => baseType,
        };
    }
}
