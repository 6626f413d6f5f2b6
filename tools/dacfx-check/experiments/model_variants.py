#!/usr/bin/env python3
"""Hand-edited bacpacs that answer the writer's open questions (docs/bacpac-format.md §4.5 and §9).

Each variant takes a real DacFx-written fixture, changes one thing (model.xml relationships, the Origin.xml
checksum, DspName/SchemaVersion, Origin.xml fields, _rels), recomputes the model.xml SHA-256 in Origin.xml unless
the variant is about the checksum, rezips with Python's zipfile (plain deflate, no OPC padding field) and runs
`dacfx-check bacpac` on all of them in one go. It prints one line per variant: whether DacFx loaded it, validated it
without errors, scripted it and read all rows, plus what DacFx's model held afterwards.

Usage: python3 tools/dacfx-check/experiments/model_variants.py [--fixtures DIR] [--keep DIR]
(needs the tool built: dotnet build -c Release tools/dacfx-check)
"""
import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

NS = "http://schemas.microsoft.com/sqlserver/dac/Serialization/2012/02"
Q = "{%s}" % NS
ET.register_namespace("", NS)
TOOL_DIR = Path(__file__).resolve().parent.parent
TOOL_DLL = TOOL_DIR / "bin" / "Release" / "net10.0" / "dacfx-check.dll"
CODE_RELATIONSHIPS = {"QueryDependencies", "BodyDependencies", "Columns", "Parameters"}


def read_parts(path):
    with zipfile.ZipFile(path) as z:
        return [(info.filename, z.read(info)) for info in z.infolist()]


def write_parts(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)


def part(parts, name):
    return next(data for n, data in parts if n == name)


def replace_part(parts, name, data):
    return [(n, data if n == name else d) for n, d in parts]


def checksum_hex(model_bytes, lower=False):
    digest = hashlib.sha256(model_bytes).hexdigest()
    return digest if lower else digest.upper()


def set_checksum(parts, value):
    origin = part(parts, "Origin.xml").decode("utf-8-sig")
    origin = re.sub(r'(<Checksum Uri="/model.xml">)[0-9A-Fa-f]*(</Checksum>)', lambda m: m.group(1) + value + m.group(2), origin)
    return replace_part(parts, "Origin.xml", b"\xef\xbb\xbf" + origin.encode("utf-8"))


def edit_origin(parts, edit):
    origin = part(parts, "Origin.xml").decode("utf-8-sig")
    return replace_part(parts, "Origin.xml", b"\xef\xbb\xbf" + edit(origin).encode("utf-8"))


def with_model(parts, model_bytes, lower=False):
    """Puts a new model.xml in and recomputes the Origin.xml checksum over its exact bytes."""
    parts = replace_part(parts, "model.xml", model_bytes)
    return set_checksum(parts, checksum_hex(model_bytes, lower))


def serialize(root):
    # ElementTree drops CDATA (text is escaped instead) and turns CRLF inside text into LF: the 'etree-control'
    # variant shows DacFx does not care, so every other model edit can go through ElementTree.
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="utf-8"?>\r\n' + body).encode("utf-8")


def edit_model(parts, edit):
    root = ET.fromstring(part(parts, "model.xml"))
    edit(root)
    return with_model(parts, serialize(root))


def strip(element_types, relationship_names, annotations=False):
    """Removes the named relationships (and optionally SysComments annotations) from every element of the types."""
    def edit(root):
        for element in root.iter(Q + "Element"):
            if element.get("Type") not in element_types:
                continue
            for child in list(element):
                if child.tag == Q + "Relationship" and child.get("Name") in relationship_names:
                    element.remove(child)
                if annotations and child.tag == Q + "Annotation" and child.get("Type") == "SysCommentsObjectAnnotation":
                    element.remove(child)
    return edit


def add_view_on_view(root, target="[dbo].[summary]"):
    """A view whose name sorts before the view it reads, declared with script text only: does DacFx still
    create the target view first when nothing tells it about the dependency?"""
    model = root.find(Q + "Model")
    # First in model.xml, so that neither element order nor name order would put it after [dbo].[summary].
    view = ET.Element(Q + "Element", {"Type": "SqlView", "Name": "[dbo].[a_counts]"})
    model.insert(0, view)
    query = ET.SubElement(view, Q + "Property", {"Name": "QueryScript"})
    ET.SubElement(query, Q + "Value", {"QuotedIdentifiers": "True", "AnsiNulls": "True"}).text = f"\r\nSELECT COUNT(*) AS [n] FROM {target}"
    ET.SubElement(view, Q + "Property", {"Name": "IsAnsiNullsOn", "Value": "True"})
    schema = ET.SubElement(ET.SubElement(view, Q + "Relationship", {"Name": "Schema"}), Q + "Entry")
    ET.SubElement(schema, Q + "References", {"ExternalSource": "BuiltIns", "Name": "[dbo]"})


def set_dsp(dsp, schema_version):
    def edit(root):
        root.set("DspName", f"Microsoft.Data.Tools.Schema.Sql.{dsp}DatabaseSchemaProvider")
        root.set("SchemaVersion", schema_version)
    return edit


def dsp_variant(parts, dsp, schema_version):
    parts = edit_model(parts, set_dsp(dsp, schema_version))
    return edit_origin(parts, lambda o: re.sub(r"<ModelSchemaVersion>[^<]*</ModelSchemaVersion>", f"<ModelSchemaVersion>{schema_version}</ModelSchemaVersion>", o))


# A package written from scratch, the way the TypeScript writer will: minimal Origin.xml (no Server, Operation or
# ExportStatistics), minimal SqlDatabaseOptions, a user schema, one table with a named PK, one script-only view.
MINIMAL_MODEL = """<?xml version="1.0" encoding="utf-8"?>
<DataSchemaModel FileFormatVersion="1.2" SchemaVersion="{schema_version}" DspName="Microsoft.Data.Tools.Schema.Sql.{dsp}DatabaseSchemaProvider" CollationLcid="1033" CollationCaseSensitive="False" xmlns="{ns}">
\t<Model>
\t\t<Element Type="SqlDatabaseOptions">
\t\t\t<Property Name="Collation" Value="SQL_Latin1_General_CP1_CI_AS" />
\t\t\t<Relationship Name="DefaultFilegroup"><Entry><References ExternalSource="BuiltIns" Name="[PRIMARY]" /></Entry></Relationship>
\t\t</Element>
\t\t<Element Type="SqlSchema" Name="[app]">
\t\t\t<Relationship Name="Authorizer"><Entry><References ExternalSource="BuiltIns" Name="[dbo]" /></Entry></Relationship>
\t\t</Element>
\t\t<Element Type="SqlTable" Name="[app].[Item]">
\t\t\t<Property Name="IsAnsiNullsOn" Value="True" />
\t\t\t<Relationship Name="Columns">
\t\t\t\t<Entry><Element Type="SqlSimpleColumn" Name="[app].[Item].[Id]"><Property Name="IsNullable" Value="False" /><Property Name="IsIdentity" Value="True" /><Relationship Name="TypeSpecifier"><Entry><Element Type="SqlTypeSpecifier"><Relationship Name="Type"><Entry><References ExternalSource="BuiltIns" Name="[int]" /></Entry></Relationship></Element></Entry></Relationship></Element></Entry>
\t\t\t\t<Entry><Element Type="SqlSimpleColumn" Name="[app].[Item].[Name]"><Relationship Name="TypeSpecifier"><Entry><Element Type="SqlTypeSpecifier"><Property Name="Length" Value="50" /><Relationship Name="Type"><Entry><References ExternalSource="BuiltIns" Name="[nvarchar]" /></Entry></Relationship></Element></Entry></Relationship></Element></Entry>
\t\t\t</Relationship>
\t\t\t<Relationship Name="Schema"><Entry><References Name="[app]" /></Entry></Relationship>
\t\t</Element>
\t\t<Element Type="SqlPrimaryKeyConstraint" Name="[app].[PK_Item]">
\t\t\t<Relationship Name="ColumnSpecifications"><Entry><Element Type="SqlIndexedColumnSpecification"><Relationship Name="Column"><Entry><References Name="[app].[Item].[Id]" /></Entry></Relationship></Element></Entry></Relationship>
\t\t\t<Relationship Name="DefiningTable"><Entry><References Name="[app].[Item]" /></Entry></Relationship>
\t\t</Element>
\t\t<Element Type="SqlView" Name="[app].[vItem]">
\t\t\t<Property Name="QueryScript"><Value QuotedIdentifiers="True" AnsiNulls="True"><![CDATA[
SELECT [Id], [Name] FROM [app].[Item]]]></Value></Property>
\t\t\t<Property Name="IsAnsiNullsOn" Value="True" />
\t\t\t<Relationship Name="Schema"><Entry><References Name="[app]" /></Entry></Relationship>
\t\t</Element>
\t</Model>
</DataSchemaModel>"""

MINIMAL_ORIGIN = """\ufeff<?xml version="1.0" encoding="utf-8"?>
<DacOrigin xmlns="{ns}">
  <PackageProperties>
    <Version>3.1.0.0</Version>
    <ContainsExportedData>true</ContainsExportedData>
    <StreamVersions>
      <Version StreamName="Data">2.0.0.0</Version>
      <Version StreamName="DeploymentContributors">1.0.0.0</Version>
    </StreamVersions>
  </PackageProperties>
  <ExportStatistics>
    <TableRowCountTotalTag>2</TableRowCountTotalTag>
  </ExportStatistics>
  <Checksums>
    <Checksum Uri="/model.xml">{checksum}</Checksum>
  </Checksums>
  <ModelSchemaVersion>{schema_version}</ModelSchemaVersion>
</DacOrigin>"""

CONTENT_TYPES = ('\ufeff<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="text/xml" /><Default Extension="BCP" ContentType="application/octet-stream" />'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" /></Types>')

DAC_METADATA = ('\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<DacType xmlns="{ns}">\r\n  <Name>minimal</Name>\r\n'
                '  <Version>0.0.0.0</Version>\r\n</DacType>')


def minimal_rows():
    """Two rows of (Id int NOT NULL: 4 bytes, no prefix; Name nvarchar(50) NULL: 2-byte length, 0xFFFF = NULL)."""
    row1 = (1).to_bytes(4, "little") + len("Widget".encode("utf-16-le")).to_bytes(2, "little") + "Widget".encode("utf-16-le")
    row2 = (2).to_bytes(4, "little") + b"\xff\xff"
    return row1 + row2


def minimal_package(dsp="Sql160", schema_version="2.9", newline="\r\n", lower=False, origin_bom=True, table="Item", folder=None, rows=None):
    """folder: the part folder name as stored in the ZIP (default: app.Item); rows: the BCP bytes."""
    quoted = table.replace("]", "]]")
    model = MINIMAL_MODEL.format(ns=NS, dsp=dsp, schema_version=schema_version).replace("[app].[Item]", f"[app].[{quoted}]")
    model = model.replace("\n", newline).encode("utf-8")
    origin = MINIMAL_ORIGIN.format(ns=NS, checksum=checksum_hex(model, lower), schema_version=schema_version).replace("\n", "\r\n")
    if not origin_bom:
        origin = origin.lstrip("\ufeff")
    return [
        ("model.xml", model),
        ("DacMetadata.xml", DAC_METADATA.format(ns=NS).encode("utf-8")),
        ("[Content_Types].xml", CONTENT_TYPES.encode("utf-8")),
        (f"Data/{folder or 'app.Item'}/TableData-000-00000.BCP", minimal_rows() if rows is None else rows),
        ("Origin.xml", origin.encode("utf-8")),
    ]


def variants(fixtures):
    yield "hand/minimal-Sql160-2.9", "written from scratch: minimal options, schema, table, named PK, script-only view, 2 rows, no _rels", minimal_package()
    yield "hand/minimal-SqlAzureV12-2.9", "the same with DspName SqlAzureV12", minimal_package(dsp="SqlAzureV12")
    yield "hand/minimal-Sql150-2.9", "the same with DspName Sql150", minimal_package(dsp="Sql150")
    yield "hand/minimal-LF-lowercase", "the same with LF line ends in model.xml and a lowercase checksum", minimal_package(newline="\n", lower=True)
    yield "hand/minimal-origin-no-bom", "the same with Origin.xml written without a BOM", minimal_package(origin_bom=False)
    yield "hand/bcp-truncated", "the BCP part cut 3 bytes short (negative control for the data check)", minimal_package(rows=minimal_rows()[:-3])
    yield "hand/bcp-null-in-not-null", "Id (int NOT NULL) given a 1-byte NULL prefix like a nullable column", minimal_package(rows=b"\xff" + minimal_rows())
    yield "hand/orphan-folder", "the part under Data/app.Other/ (no such table in the model)", minimal_package(folder="app.Other")
    yield "hand/name-space-escaped", "table [app].[Order Items], part folder app.Order%20Items", minimal_package(table="Order Items", folder="app.Order%20Items")
    yield "hand/name-space-raw", "table [app].[Order Items], part folder with a raw space", minimal_package(table="Order Items", folder="app.Order Items")
    yield "hand/name-unicode-escaped", "table [app].[Ünïcode], folder app.%C3%9Cn%C3%AFcode", minimal_package(table="Ünïcode", folder="app.%C3%9Cn%C3%AFcode")
    yield "hand/name-brackets-escaped", "table [app].[a[b]]], folder app.a%5Bb%5D", minimal_package(table="a[b]", folder="app.a%5Bb%5D")
    yield "hand/name-brackets-raw", "table [app].[a[b]]], folder app.a[b]", minimal_package(table="a[b]", folder="app.a[b]")
    yield "hand/name-case-differs", "table [app].[Item], folder APP.ITEM (case differs)", minimal_package(folder="APP.ITEM")
    sap = read_parts(fixtures / "saptable-adf-starter-db.bacpac")
    awlt = read_parts(fixtures / "adventureworkslt2025.bacpac")
    sink = read_parts(fixtures / "bacpactod-kitchen-sink.bacpac")
    model = part(sap, "model.xml")
    code_types = {"SqlView", "SqlProcedure", "SqlDmlTrigger", "SqlScriptFunctionImplementation"}
    yield "sap/python-zip-control", "original bytes, rezipped by Python zipfile", sap
    yield "sap/etree-control", "model.xml rewritten by ElementTree (no CDATA, LF in text)", edit_model(sap, lambda root: None)
    yield "sap/checksum-lowercase", "Origin checksum in lowercase hex", set_checksum(sap, checksum_hex(model, lower=True))
    good = checksum_hex(model)
    yield "sap/checksum-wrong", "Origin checksum with one digit changed", set_checksum(sap, ("1" if good[0] == "0" else "0") + good[1:])
    yield "sap/checksum-missing", "no <Checksums> in Origin.xml", edit_origin(sap, lambda o: re.sub(r"\s*<Checksums>.*?</Checksums>", "", o, flags=re.S))
    yield "sap/view-no-QueryDependencies", "SqlView without QueryDependencies", edit_model(sap, strip({"SqlView"}, {"QueryDependencies"}))
    yield "sap/view-no-Columns", "SqlView without Columns", edit_model(sap, strip({"SqlView"}, {"Columns"}))
    yield "sap/view-script-only", "SqlView without QueryDependencies and Columns", edit_model(sap, strip({"SqlView"}, {"QueryDependencies", "Columns"}))
    yield "sap/proc-no-BodyDependencies", "SqlProcedure without BodyDependencies", edit_model(sap, strip({"SqlProcedure"}, {"BodyDependencies"}))
    yield "sap/proc-no-Parameters", "SqlProcedure without Parameters", edit_model(sap, strip({"SqlProcedure"}, {"Parameters"}))
    yield "sap/proc-script-only", "SqlProcedure without BodyDependencies and Parameters", edit_model(sap, strip({"SqlProcedure"}, {"BodyDependencies", "Parameters"}))
    yield "sap/code-no-deps-keep-params", "views/procs: no QueryDependencies/BodyDependencies/Columns, Parameters kept", edit_model(sap, strip({"SqlView", "SqlProcedure"}, {"QueryDependencies", "BodyDependencies", "Columns"}))
    yield "sap/code-no-syscomments", "views/procs without SysCommentsObjectAnnotation (relationships kept)", edit_model(sap, strip({"SqlView", "SqlProcedure"}, set(), annotations=True))
    yield "sap/proc-bare", "SqlProcedure with neither Parameters, BodyDependencies nor SysComments annotation", edit_model(sap, strip({"SqlProcedure"}, {"BodyDependencies", "Parameters"}, annotations=True))
    yield "sap/code-minimal", "views/procs: QueryScript/BodyScript + Parameters + Schema only, no SysComments annotation", edit_model(sap, strip({"SqlView", "SqlProcedure"}, {"QueryDependencies", "BodyDependencies", "Columns"}, annotations=True))
    yield "sap/view-on-view-no-deps", "an added view [dbo].[a_counts] reading view [dbo].[summary], no QueryDependencies", edit_model(sap, add_view_on_view)
    yield "sap/view-on-view-no-deps-2", "the same view reading [dbo].[importFromTemplate] instead", edit_model(sap, lambda root: add_view_on_view(root, "[dbo].[importFromTemplate]"))
    yield "awlt/code-script-only", "views, procs, triggers, function bodies without QueryDependencies/BodyDependencies/Columns/Parameters", edit_model(awlt, strip(code_types, CODE_RELATIONSHIPS))
    yield "awlt/code-no-deps", "views, procs, triggers, function bodies without QueryDependencies/BodyDependencies (Columns, Parameters kept)", edit_model(awlt, strip(code_types, {"QueryDependencies", "BodyDependencies"}))
    for base_name, base in (("sap", sap), ("sink", sink)):
        for dsp in ("Sql150", "Sql160", "Sql170", "SqlAzureV12"):
            for version in ("2.9", "3.5"):
                yield f"{base_name}/dsp-{dsp}-{version}", f"DspName {dsp}, SchemaVersion {version}", dsp_variant(base, dsp, version)
    yield "sink/product-fake", "Origin ProductName/ProductVersion of a non-DacFx writer", edit_origin(sink, lambda o: re.sub(
        r"<ProductName>[^<]*</ProductName>\s*<ProductVersion>[^<]*</ProductVersion>",
        "<ProductName>Cloud Database Backup, Version=0.1.0</ProductName>\r\n    <ProductVersion>0.1.0</ProductVersion>", o))
    yield "sink/origin-minimal", "Origin.xml without Server, ExportStatistics, Operation", edit_origin(sink, lambda o: re.sub(
        r"\s*<(Server|ExportStatistics|Operation)>.*?</\1>", "", o, flags=re.S))
    yield "sink/no-rels", "_rels/.rels left out", [(n, d) for n, d in sink if n != "_rels/.rels"]
    yield "sink/no-ContainsExportedData", "Origin ContainsExportedData=false", edit_origin(sink, lambda o: o.replace(
        "<ContainsExportedData>true</ContainsExportedData>", "<ContainsExportedData>false</ContainsExportedData>"))


def summarize(report, script_path):
    views = sorted((o for o in report.get("objects", []) if o["type"] == "View"), key=lambda o: o["name"] != "[dbo].[a_counts]")
    procs = [o for o in report.get("objects", []) if o["type"] == "Procedure"]
    after = []
    for label, objs in (("view", views), ("proc", procs)):
        if objs:
            refs = objs[0].get("references", {})
            after.append(f"{label} {objs[0]['name']} " + ",".join(f"{k}={v}" for k, v in refs.items()))
    created = ""
    if script_path.exists():
        text = script_path.read_text(encoding="utf-8")
        creates = re.findall(r"^CREATE\s+(VIEW|PROCEDURE|FUNCTION|TRIGGER)\s+(\[[^]]*\]\.\[[^]]*\])", text, flags=re.I | re.M)
        kinds = {}
        for kind, _ in creates:
            kinds[kind.upper()] = kinds.get(kind.upper(), 0) + 1
        created = "script creates " + ",".join(f"{k}x{v}" for k, v in sorted(kinds.items()))
        order = [n for _, n in creates]
        if "[dbo].[a_counts]" in order:
            target = re.search(r"FROM (\[dbo\]\.\[\w+\])", text[text.index("CREATE VIEW [dbo].[a_counts]"):]).group(1)
            created += f"; [dbo].[a_counts] created {'after' if order.index('[dbo].[a_counts]') > order.index(target) else 'BEFORE'} {target}"
    return {
        "ok": report["ok"],
        "errors": report["errors"],
        "validationErrors": [v for v in report.get("validation", []) if v["severity"] == "Error"],
        "warnings": len(report.get("warnings", [])),
        "rows": report.get("dataRowsDecoded"),
        "after": after,
        "script": created,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", type=Path, default=TOOL_DIR.parent.parent.parent / "shared" / "fixtures" / "peer-bacpacs")
    parser.add_argument("--keep", type=Path, help="write the variant bacpacs and the report here instead of a temp dir")
    args = parser.parse_args()
    if not TOOL_DLL.exists():
        sys.exit(f"build the tool first: dotnet build -c Release {TOOL_DIR}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="dacfx-variants-"))
    work.mkdir(parents=True, exist_ok=True)
    names, files = [], []
    for name, description, parts in variants(args.fixtures):
        file = work / (name.replace("/", "__") + ".bacpac")
        write_parts(file, parts)
        names.append((name, description))
        files.append(str(file))
    report_path = work / "report.json"
    subprocess.run(["dotnet", str(TOOL_DLL), "bacpac", *files, "--json-out", str(report_path), "--script-out", str(work / "scripts")],
                   stdout=subprocess.DEVNULL, check=False)
    reports = json.loads(report_path.read_text(encoding="utf-8"))
    results = {}
    for (name, description), report, file in zip(names, reports, files):
        result = summarize(report, work / "scripts" / (Path(file).stem + ".sql"))
        results[name] = {"description": description, **result}
        verdict = "PASS" if result["ok"] else "FAIL"
        detail = f"rows={result['rows']} {result['script']} | " + " | ".join(result["after"])
        if result["errors"]:
            detail = " ".join(result["errors"][0].split())[:400] + (f" || {result['script']}" if result["script"] else "")
        print(f"{verdict}  {name:34} {description}\n      {detail}")
    (work / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nvariants and report: {work}")


if __name__ == "__main__":
    main()
