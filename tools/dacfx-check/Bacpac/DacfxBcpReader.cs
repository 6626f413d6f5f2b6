using System.Collections;
using System.Data;
using System.Data.SqlTypes;
using System.Reflection;

namespace DacfxCheck.Bacpac;

/// <summary>
/// Reads a bacpac's table data the way DacFx import does, offline. DacFx has no public API for this, so this
/// reaches its internal types by reflection (pinned to the DacFx version in DacfxCheck.csproj):
/// <list type="bullet">
/// <item><c>BacpacPackage.GetTablePackageParts(schema, table)</c>: how import finds a table's parts (by folder name
/// <c>/Data/{EscapeDataString(schema)}.{EscapeDataString(table)}/TableData-*.bcp</c>, not through _rels);</item>
/// <item><c>BcpDataReader(stream, schemaTable)</c>: import's BCP decoder. Import builds its schema table from the
/// target server (<c>SELECT col… FROM table</c> → <c>SqlDataReader.GetSchemaTable()</c>); here it is built from the
/// model with the same columns SqlClient reports.</item>
/// </list>
/// </summary>
internal sealed class DacfxBcpReader : IDisposable
{
    private const string SchemaAssembly = "Microsoft.Data.Tools.Schema.Sql";
    private const BindingFlags AnyInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const BindingFlags AnyStatic = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    private readonly FileStream _file;
    private readonly object _bacpacPackage;
    private readonly MethodInfo _getTableParts;
    private readonly MethodInfo _getParts;
    private readonly ConstructorInfo _bcpReaderCtor;

    public DacfxBcpReader(string bacpacPath)
    {
        var packageType = InternalType("Microsoft.Data.Tools.Schema.Sql.Dac.Data.BacpacPackage");
        var readerType = InternalType("Microsoft.Data.Tools.Schema.Sql.SqlClient.Bcp.BcpDataReader");
        _getTableParts = packageType.GetMethod("GetTablePackageParts", AnyInstance, [typeof(string), typeof(string)])
            ?? throw Missing("BacpacPackage.GetTablePackageParts(string, string)");
        _getParts = packageType.GetMethod("GetParts", AnyInstance, Type.EmptyTypes) ?? throw Missing("BacpacPackage.GetParts()");
        _bcpReaderCtor = readerType.GetConstructor(AnyInstance, [typeof(Stream), typeof(DataTable), typeof(bool)])
            ?? throw Missing("BcpDataReader(Stream, DataTable, bool)");
        var open = packageType.GetMethod("Open", AnyStatic, [typeof(Stream)]) ?? throw Missing("BacpacPackage.Open(Stream)");
        _file = File.OpenRead(bacpacPath);
        _bacpacPackage = Unwrap(() => open.Invoke(null, [_file]))!;
    }

    /// <summary>Every part URI in the package (to find data parts that no model table claims).</summary>
    public IEnumerable<string> AllPartUris() =>
        ((IEnumerable)Unwrap(() => _getParts.Invoke(_bacpacPackage, null))!).Cast<object>().Select(PartUri);

    /// <summary>The parts import would read for this table, in the order DacFx lists them.</summary>
    public IReadOnlyList<(string Uri, Func<Stream> Open)> TableParts(string schema, string table)
    {
        var parts = (IEnumerable)Unwrap(() => _getTableParts.Invoke(_bacpacPackage, [schema, table]))!;
        return parts.Cast<object>()
            .Select(part => (PartUri(part), (Func<Stream>)(() => (Stream)Unwrap(() => part.GetType().GetMethod("GetStream", Type.EmptyTypes)!.Invoke(part, null))!)))
            .ToList();
    }

    /// <summary>Decodes one part with DacFx's reader; <paramref name="onRow"/> gets every row's values and
    /// <paramref name="onFidelityLoss"/> the sql_variant losses import would report (category names, column).</summary>
    public long ReadPart(Stream partStream, IReadOnlyList<ColumnDescription> columns, Action<object?[]> onRow, Action<string, string> onFidelityLoss)
    {
        // Import copies each part into a seekable buffer first; the reader insists on CanSeek.
        using var buffer = new MemoryStream();
        partStream.CopyTo(buffer);
        buffer.Position = 0;
        // Import passes enforceTypeFidelity: false and turns the reader's loss events into SQL73147/73150 warnings,
        // or an SQL73149 error for the ImportBlocked category (ImportTableHelper.HandleTypeFidelityLossEvent).
        using var reader = (IDataReader)Unwrap(() => _bcpReaderCtor.Invoke([buffer, SchemaTable(columns), false]))!;
        var lossEvent = reader.GetType().GetEvent("TypeFidelityLossEvent", AnyInstance) ?? throw Missing("BcpDataReader.TypeFidelityLossEvent");
        var sink = new FidelityLossSink(onFidelityLoss);
        lossEvent.AddMethod!.Invoke(reader, [Delegate.CreateDelegate(lossEvent.EventHandlerType!, sink, typeof(FidelityLossSink).GetMethod(nameof(FidelityLossSink.Handle))!)]);
        long rows = 0;
        var values = new object?[columns.Count];
        while (Unwrap(() => reader.Read()))
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var ordinal = i;
                var value = Unwrap(() => reader.GetValue(ordinal));
                values[i] = value is DBNull ? null : value;
            }
            onRow(values);
            rows++;
        }
        if (buffer.Position != buffer.Length)
        {
            throw new InvalidDataException($"DacFx's reader stopped at byte {buffer.Position} of {buffer.Length}");
        }
        return rows;
    }

    /// <summary>The schema table SqlClient's GetSchemaTable() returns for these columns, reduced to the fields
    /// DacFx's serializer factory reads (ColumnSerizalizerFactory.GetSerializer).</summary>
    public static DataTable SchemaTable(IReadOnlyList<ColumnDescription> columns)
    {
        var table = new DataTable("SchemaTable");
        table.Columns.Add("ColumnName", typeof(string));
        table.Columns.Add("ColumnOrdinal", typeof(int));
        table.Columns.Add("ColumnSize", typeof(int));
        table.Columns.Add("AllowDBNull", typeof(bool));
        table.Columns.Add("DataTypeName", typeof(string));
        table.Columns.Add("ProviderSpecificDataType", typeof(Type));
        table.Columns.Add("UdtAssemblyQualifiedName", typeof(string));
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var (providerType, size, typeName, udt) = SqlClientShape(column);
            table.Rows.Add(column.Name, i, size, column.Nullable, typeName, providerType, (object?)udt ?? DBNull.Value);
        }
        return table;
    }

    private static (Type ProviderType, int Size, string TypeName, string? Udt) SqlClientShape(ColumnDescription c)
    {
        const int max = int.MaxValue;
        var sized = c.IsMax ? max : c.Length ?? 1;
        return c.BaseType switch
        {
            "bit" => (typeof(SqlBoolean), 1, "bit", null),
            "tinyint" => (typeof(SqlByte), 1, "tinyint", null),
            "smallint" => (typeof(SqlInt16), 2, "smallint", null),
            "int" => (typeof(SqlInt32), 4, "int", null),
            "bigint" => (typeof(SqlInt64), 8, "bigint", null),
            "real" => (typeof(SqlSingle), 4, "real", null),
            "float" => (typeof(SqlDouble), 8, "float", null),
            "money" => (typeof(SqlMoney), 8, "money", null),
            "smallmoney" => (typeof(SqlMoney), 4, "smallmoney", null),
            "decimal" or "numeric" => (typeof(SqlDecimal), 17, c.BaseType, null),
            "datetime" => (typeof(SqlDateTime), 8, "datetime", null),
            "smalldatetime" => (typeof(SqlDateTime), 4, "smalldatetime", null),
            "date" => (typeof(DateTime), 3, "date", null),
            "datetime2" => (typeof(DateTime), 8, "datetime2", null),
            "time" => (typeof(TimeSpan), 5, "time", null),
            "datetimeoffset" => (typeof(DateTimeOffset), 10, "datetimeoffset", null),
            "uniqueidentifier" => (typeof(SqlGuid), 16, "uniqueidentifier", null),
            "char" or "varchar" or "nchar" or "nvarchar" => (typeof(SqlString), sized, c.BaseType, null),
            "text" or "ntext" => (typeof(SqlString), max, c.BaseType, null),
            "binary" or "varbinary" => (typeof(SqlBinary), sized, c.BaseType, null),
            "image" => (typeof(SqlBinary), max, "image", null),
            // SqlClient names a rowversion column "timestamp" and reports it as binary(8).
            "rowversion" or "timestamp" => (typeof(SqlBinary), 8, "timestamp", null),
            "xml" => (typeof(SqlXml), max, "xml", null),
            "sql_variant" => (typeof(object), 8016, "sql_variant", null),
            "json" or "vector" => (typeof(string), max, c.BaseType, null),
            "geography" or "geometry" or "hierarchyid" =>
                (typeof(object), -1, c.BaseType, $"Microsoft.SqlServer.Types.Sql{ClrName(c.BaseType)}, Microsoft.SqlServer.Types"),
            _ => throw new NotSupportedException($"column {c.Name}: no SqlClient mapping for type '{c.BaseType}'"),
        };
    }

    private static string ClrName(string type) => type switch
    {
        "hierarchyid" => "HierarchyId",
        _ => char.ToUpperInvariant(type[0]) + type[1..],
    };

    private sealed class FidelityLossSink(Action<string, string> report)
    {
        public void Handle(object sender, EventArgs e)
        {
            var category = e.GetType().GetProperty("Category")!.GetValue(e)!.ToString()!;
            var column = (string)e.GetType().GetProperty("ColumnName")!.GetValue(e)!;
            report(category, column);
        }
    }

    private static string PartUri(object part) => ((Uri)part.GetType().GetProperty("Uri")!.GetValue(part)!).OriginalString;

    private static Type InternalType(string fullName) =>
        Type.GetType($"{fullName}, {SchemaAssembly}") ?? throw Missing(fullName);

    private static MissingMemberException Missing(string what) =>
        new($"DacFx internal '{what}' not found: this check is tied to the DacFx version pinned in DacfxCheck.csproj");

    /// <summary>Reflection wraps the reader's own exceptions; report DacFx's message, not "target of invocation".</summary>
    private static T Unwrap<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    public void Dispose()
    {
        (_bacpacPackage as IDisposable)?.Dispose();
        _file.Dispose();
    }
}
