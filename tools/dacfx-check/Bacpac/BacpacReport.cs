namespace DacfxCheck.Bacpac;

/// <summary>What `dacfx-check bacpac` found in one package; serialised as one entry of the --json-out array.</summary>
internal sealed class BacpacReport
{
    public required string File { get; init; }
    public bool Ok => Errors.Count == 0;
    public List<string> Errors { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<string> Notes { get; } = [];
    public string? ModelVersion { get; set; }
    public string? Collation { get; set; }
    public List<ValidationEntry> Validation { get; } = [];
    public List<SchemaObjectEntry> Objects { get; } = [];
    public List<TableEntry> Tables { get; } = [];
    public List<KeyConstraintEntry> KeyConstraints { get; } = [];
    public List<ForeignKeyEntry> ForeignKeys { get; } = [];
    public List<DefaultConstraintEntry> DefaultConstraints { get; } = [];
    public List<CheckConstraintEntry> CheckConstraints { get; } = [];
    public List<IndexEntry> Indexes { get; } = [];
    /// <summary>Users, roles, memberships, permissions and database options (SecurityInventory).</summary>
    public SecurityReport? Security { get; set; }
    public long? DataRowsDecoded { get; set; }
    public long? OriginRowCount { get; set; }
    public string? CreateScriptPath { get; set; }
    public int? CreateScriptLength { get; set; }
}

internal sealed record ValidationEntry(string Severity, string Code, string Message);

/// <summary>A top-level object. For code objects (views, procedures, functions, triggers), <see cref="References"/>
/// counts the relationships DacFx holds after loading (Columns, QueryDependencies, BodyDependencies…), which shows
/// whether DacFx derived them itself when the package left them out.</summary>
internal sealed record SchemaObjectEntry(string Type, string Name, SortedDictionary<string, int>? References = null);

internal sealed class TableEntry
{
    public required string Name { get; init; }
    public required string Schema { get; init; }
    public required string Table { get; init; }
    public required List<ColumnDescription> Columns { get; init; }
    public List<DataPartEntry> DataParts { get; } = [];
    public long? Rows { get; set; }
    /// <summary>The first rows as DacFx's reader decoded them, rendered as text (binary as 0x…).</summary>
    public List<List<string?>> SampleRows { get; } = [];
}

internal sealed record DataPartEntry(string Uri, long Rows);
