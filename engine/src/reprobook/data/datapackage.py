"""The one way to read data: load a resource of data/datapackage.yaml, validated.

The descriptor follows the Frictionless Table Schema (fields, types,
constraints, primaryKey) and adds table rules the data needs: ``lte`` (one
column never exceeds another in the same row), ``complete`` (within each
group, a field takes each listed value exactly once), ``unique`` (a
combination of columns appears once) and ``required_if``.
Any breach raises DataError naming the file, the row, the column and the rule.
"""
from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import digest, plaintext, utf8
from ..errors import DataError, Where, fail
from ..execution import record
from . import folios, patterns

TYPES = {"integer", "number", "string", "boolean"}
_INT = re.compile(r"^-?[0-9]+$")  # ASCII digits only: "１２" or "١٢" are not numbers here
_NUM = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
INT_LIMIT = 2**53  # beyond it an integer is no longer exact in every tool that reads the data


_fail = fail


@lru_cache(maxsize=4)
def _descriptor_cached(path: str, status: tuple, shown: str) -> dict:
    from .. import yamlfile

    desc = yamlfile.load(Path(path), shown)
    _check_descriptor(desc, shown)
    return desc


def _check_descriptor(desc, shown: str) -> None:
    """The parts of the descriptor the engine relies on, so a broken one is named, not a traceback."""
    def bad(where, rule, detail):
        raise DataError(f"{shown}, {where}", rule, detail)

    if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list) or not desc["resources"]:
        raise DataError(shown, "a data package lists its resources", "no list of resources")
    names = set()
    for i, res in enumerate(desc["resources"], 1):
        where = f"resource {i}" + (f" ('{res.get('name')}')" if isinstance(res, dict) and res.get("name") else "")
        if not isinstance(res, dict):
            bad(where, "a resource is a mapping", "not a mapping")
        for key in ("name", "path", "schema"):
            if key not in res:
                bad(where, "a resource has a name, a path and a schema", f"key '{key}' is missing")
        if res["name"] in names:
            bad(where, "resource names are unique", f"name '{res['name']}' is used twice")
        names.add(res["name"])
        path = res["path"]
        if not isinstance(path, str) or path.startswith("/") or ".." in Path(path).parts or "\\" in path:
            bad(where, "a resource path stays inside data/", f"path '{path}' leaves the data folder")
        schema = res["schema"]
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
            bad(where, "a schema lists its fields", "key 'schema.fields' is missing or empty")
        fields: set[str] = set()
        for j, field in enumerate(schema["fields"], 1):
            if not isinstance(field, dict) or not isinstance(field.get("name"), str):
                bad(f"{where}, field {j}", "a field has a name", "no name")
            if field["name"] in fields:
                bad(f"{where}, field {j}", "field names are unique in a schema",
                    f"field '{field['name']}' is named twice")
            fields.add(field["name"])
            if field.get("type") not in TYPES:
                bad(f"{where}, field '{field['name']}'", f"type is one of {', '.join(sorted(TYPES))}",
                    f"unknown type {field.get('type')!r}")
            if not isinstance(field.get("constraints", {}), dict):
                bad(f"{where}, field '{field['name']}'", "constraints is a mapping", "constraints is not a mapping")
            problem = _constraint_problem(field)
            if problem:
                bad(f"{where}, field '{field['name']}'", *problem)
        problem = _structure_problem(schema, fields)
        if problem:
            bad(where, *problem)
        sources = res.get("sources", [])
        if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
            bad(where, "sources is a list of mappings", "key 'sources' is not a list of mappings")
        for k, source in enumerate(sources, 1):
            for key, text in source.items():  # passages and tables are shown in captions: one line of text
                if isinstance(text, str) and plaintext.line_problem(text):
                    bad(f"{where}, source {k}", plaintext.LINE_RULE, f"'{key}' holds {plaintext.line_problem(text)}")
            # "" (the original prints no page there) and "per row" (each row names its own) are also pages
            if "page" in source and source["page"] not in ("", "per row") and folios.problem(source["page"]):
                bad(f"{where}, source {k}", folios.RULE, folios.problem(source["page"]))
    schemas = {r["name"]: {f["name"] for f in r["schema"]["fields"]} for r in desc["resources"]}
    for i, res in enumerate(desc["resources"], 1):
        for k, fk in enumerate(res["schema"].get("foreignKeys", []), 1):
            ref = fk["reference"]
            target = ref.get("resource") or res["name"]
            where = f"resource {i} ('{res['name']}'), foreignKeys {k}"
            if target not in schemas:
                bad(where, "a foreign key refers to a resource of the package", f"no resource '{target}'")
            unknown = [n for n in ref["fields"] if n not in schemas[target]]
            if unknown:
                bad(where, "a foreign key refers to fields of its resource",
                    f"'{unknown[0]}' is not a field of '{target}'")


RULES = {"lte": "a list of two field names", "unique": "a list of field names",
         "complete": "a mapping of group, field and values", "required_if": "a mapping of field and when"}


def _names(value, count: int | None = None) -> bool:
    return (isinstance(value, list) and bool(value) and all(isinstance(n, str) for n in value)
            and (count is None or len(value) == count))


def _rule_names(kind: str, spec) -> list[str] | None:
    """The field names a rule uses, or None when the rule is not in its shape."""
    if kind in ("lte", "unique"):
        return spec if _names(spec, 2 if kind == "lte" else None) else None
    if kind == "complete":
        ok = (isinstance(spec, dict) and set(spec) == {"group", "field", "values"} and isinstance(spec["group"], str)
              and isinstance(spec["field"], str) and isinstance(spec["values"], list))
        return [spec["group"], spec["field"]] if ok else None
    ok = (isinstance(spec, dict) and set(spec) == {"field", "when"} and isinstance(spec["field"], str)
          and isinstance(spec["when"], dict) and len(spec["when"]) == 1 and all(isinstance(k, str) for k in spec["when"]))
    return [spec["field"], *spec["when"]] if ok else None


def _structure_problem(schema: dict, fields: set[str]) -> tuple[str, str] | None:
    """(rule, detail) for the first name that primaryKey, rules or foreignKeys use and
    the schema does not have, or a part of them in the wrong shape; None if all is well."""
    def unknown(names, what):
        missing = [n for n in names if n not in fields]
        return ("primaryKey, rules and foreign keys name fields of the schema",
                f"{what} names '{missing[0]}', which is not a field") if missing else None

    if "primaryKey" in schema:
        if not _names(schema["primaryKey"]):
            return "primaryKey is a list of field names", f"primaryKey is {schema['primaryKey']!r}"
        found = unknown(schema["primaryKey"], "primaryKey")
        if found:
            return found
    rules = schema.get("rules", [])
    if not isinstance(rules, list):
        return "rules is a list of rules, each a mapping of one kind", f"rules is a {type(rules).__name__}"
    for n, rule in enumerate(rules, 1):
        kind = next(iter(rule)) if isinstance(rule, dict) and len(rule) == 1 else None
        if kind not in RULES:
            return (f"each rule is one of {', '.join(RULES)}", f"rule {n} is {rule!r}")
        spec = rule[kind]
        names = _rule_names(kind, spec)
        if names is None:
            return f"a rule {kind} is {RULES[kind]}", f"rule {n} is {rule!r}"
        found = unknown(names, f"rule {n} ({kind})")
        if found:
            return found
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        return "foreignKeys is a list", f"foreignKeys is a {type(fks).__name__}"
    for n, fk in enumerate(fks, 1):
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if not (isinstance(fk, dict) and _names(fk.get("fields")) and isinstance(ref, dict)
                and _names(ref.get("fields"), len(fk["fields"]))
                and isinstance(ref.get("resource", ""), str)):
            return ("a foreign key has fields and a reference {resource, fields} of as many fields",
                    f"foreign key {n} is {fk!r}")
        found = unknown(fk["fields"], f"foreign key {n}")
        if found:
            return found
    return None


# The value each constraint takes, by field type: a bound or an enum value of
# another type would be compared with the data and blamed on a correct cell.
_VALUE_TYPES = {"integer": (int,), "number": (int, float), "string": (str,), "boolean": (bool,)}
CONSTRAINTS = ("required", "unique", "minimum", "maximum", "enum", "pattern")


def _constraint_problem(field: dict) -> tuple[str, str] | None:
    """(rule, detail) for the first constraint that cannot apply to the field; None if all can."""
    cons = field.get("constraints", {})
    ftype = field["type"]
    allowed = _VALUE_TYPES[ftype]

    def of_type(value) -> bool:
        return isinstance(value, allowed) and (ftype == "boolean" or not isinstance(value, bool))

    for key, value in cons.items():
        if key not in CONSTRAINTS:
            return f"constraints are {', '.join(CONSTRAINTS)}", f"unknown constraint '{key}'"
        if key in ("required", "unique") and not isinstance(value, bool):
            return f"{key} is true or false", f"{key} is {value!r}"
        if key in ("minimum", "maximum") and (ftype not in ("integer", "number") or not of_type(value)):
            return (f"{key} is a number, on a number field",
                    f"{key} {value!r} cannot bound a field of type {ftype}")
        if key == "enum" and (not isinstance(value, list) or not value or not all(of_type(v) for v in value)):
            return f"enum lists values of the field's type ({ftype})", f"enum {value!r} does not"
        if key == "pattern" and patterns.problem(value):
            return patterns.RULE, patterns.problem(value)
    return None


# Each project's descriptor, by the status it had when it was found inside the project:
# a build asks for it hundreds of times (every {src} in the prose reads the contents).
_INSIDE: dict[tuple[str, str], tuple] = {}


def descriptor(project) -> dict:
    path = project.descriptor
    record.file(project.relative(path))
    status = digest.status(path)
    if status is None:
        raise DataError(project.relative(path), "a project has a data package", "file not found")
    if _INSIDE.get((str(project.root), str(path))) != status:
        project.read_bytes(path, DataError)  # refused when it leads out of the project
        _INSIDE[(str(project.root), str(path))] = status
    return _descriptor_cached(str(path), status, project.relative(path))


def resource(project, name: str) -> dict:
    desc = descriptor(project)
    for res in desc["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in desc["resources"])
    raise DataError(project.relative(project.descriptor), "a resource read is described",
                    f"no resource '{name}' (known: {known})")


def _parse_cell(text: str, field: dict, where: Where):
    ftype = field["type"]
    cons = field.get("constraints", {})
    if text == "":
        if cons.get("required"):
            raise _fail(where, "required", "value is missing")
        return None
    bad = plaintext.line_problem(text)
    if bad is not None:
        raise _fail(where, plaintext.LINE_RULE, f"the value holds {bad}")
    if ftype == "integer":
        if not _INT.match(text):
            raise _fail(where, "type integer", f"'{text}' is not a whole number (ASCII digits 0-9)")
        value = int(text)
        if abs(value) > INT_LIMIT:
            raise _fail(where, "integer within ±2^53", f"{text} is too large to be kept exactly")
    elif ftype == "number":
        if not _NUM.match(text):
            raise _fail(where, "type number", f"'{text}' is not a number (ASCII digits, a decimal point)")
        value = float(text)
    elif ftype == "boolean":
        if text not in {"true", "false"}:
            raise _fail(where, "type boolean", f"'{text}' is not true or false")
        value = text == "true"
    else:
        value = text
    if "minimum" in cons and value < cons["minimum"]:
        raise _fail(where, f"minimum {cons['minimum']}", f"value {text} is below {cons['minimum']}")
    if "maximum" in cons and value > cons["maximum"]:
        raise _fail(where, f"maximum {cons['maximum']}", f"value {text} is above {cons['maximum']}")
    if "enum" in cons and value not in cons["enum"]:
        raise _fail(where, "enum", f"value '{text}' is not one of {cons['enum']}")
    if "pattern" in cons and not re.fullmatch(cons["pattern"], text):
        raise _fail(where, f"pattern {cons['pattern']}", f"value '{text}' does not match")
    return value


def _check_rules(rows: list[dict], schema: dict, relpath: str) -> None:
    key = schema.get("primaryKey")
    if key:
        seen: dict[tuple, int] = {}
        for i, row in enumerate(rows, 1):
            k = tuple(row[c] for c in key)
            if k in seen:
                raise _fail(Where(relpath, i, ", ".join(key)), "primaryKey unique",
                            f"{dict(zip(key, k))} already appears in row {seen[k]}")
            seen[k] = i
    for field in schema["fields"]:
        if field.get("constraints", {}).get("unique"):
            seen = {}
            for i, row in enumerate(rows, 1):
                v = row[field["name"]]
                if v is not None and v in seen:
                    raise _fail(Where(relpath, i, field["name"]), "unique",
                                f"value '{v}' already appears in row {seen[v]}")
                seen[v] = i
    for rule in schema.get("rules", []):
        if "lte" in rule:
            small, big = rule["lte"]
            for i, row in enumerate(rows, 1):
                if row[small] is not None and row[big] is not None and row[small] > row[big]:
                    raise _fail(Where(relpath, i, small), f"{small} <= {big}",
                                f"{small} = {row[small]} exceeds {big} = {row[big]}")
        elif "complete" in rule:
            spec = rule["complete"]
            group, field, wanted = spec["group"], spec["field"], list(spec["values"])
            by_group: dict = {}
            for i, row in enumerate(rows, 1):
                by_group.setdefault(row[group], []).append((i, row[field]))
            for g, items in by_group.items():
                values = [v for _, v in items]
                missing = [v for v in wanted if v not in values]
                if missing:
                    raise _fail(Where(relpath, None, field), f"each {field} once per {group}",
                                f"{group} {g} lacks {field} {missing}")
        elif "unique" in rule:
            cols = list(rule["unique"])
            seen = {}
            for i, row in enumerate(rows, 1):
                k = tuple(row[c] for c in cols)
                if k in seen:
                    raise _fail(Where(relpath, i, ", ".join(cols)), f"each ({', '.join(cols)}) once",
                                f"{dict(zip(cols, k))} already appears in row {seen[k]}")
                seen[k] = i
        elif "required_if" in rule:
            spec = rule["required_if"]
            (cond_field, cond_value), = spec["when"].items()
            for i, row in enumerate(rows, 1):
                if row[cond_field] == cond_value and not row[spec["field"]]:
                    raise _fail(Where(relpath, i, spec["field"]), f"{spec['field']} required when {cond_field} = {cond_value}",
                                "value is missing")
        else:
            raise DataError(relpath, "rules are lte, complete, unique or required_if", f"unknown rule {rule!r} in the descriptor")


def read_rows(project, res: dict) -> list[dict]:
    """Parse and validate one resource's CSV; return typed rows."""
    path = project.data / res["path"]
    relpath = project.relative(path)
    record.file(relpath)
    if not path.exists():
        raise DataError(relpath, "resource path exists", "file not found")
    schema = res["schema"]
    names = [f["name"] for f in schema["fields"]]
    content = utf8.decode(project.read_bytes(path, DataError), relpath, DataError)
    with io.StringIO(content, newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError(relpath, "header row", "file is empty") from None
        missing = [n for n in names if n not in header]
        extra = [h for h in header if h not in names]
        if missing:
            raise _fail(Where(relpath, None, missing[0]), "header matches schema", "column is missing from the header")
        if extra:
            raise _fail(Where(relpath, None, extra[0]), "header matches schema", "column is not in the schema")
        if header != names:
            raise _fail(Where(relpath), "header matches schema", f"columns are {header}, expected order {names}")
        rows = []
        for i, cells in enumerate(reader, 1):
            if len(cells) != len(names):
                raise _fail(Where(relpath, i), "row length", f"has {len(cells)} cells, expected {len(names)}")
            fields = schema["fields"]
            rows.append({f["name"]: _parse_cell(c.strip(), f, Where(relpath, i, f["name"])) for f, c in zip(fields, cells)})
    if not rows:
        raise DataError(relpath, "a table has at least one row", "the file holds its header and no rows")
    _check_rules(rows, schema, relpath)
    return rows


_DTYPES = {"integer": "Int64", "number": "Float64", "string": "string", "boolean": "boolean"}


def load(project, name: str) -> pd.DataFrame:
    """Load a resource as a typed DataFrame after validating it."""
    res = resource(project, name)
    rows = read_rows(project, res)
    fields = res["schema"]["fields"]
    frame = pd.DataFrame(rows, columns=[f["name"] for f in fields])
    for f in fields:
        frame[f["name"]] = frame[f["name"]].astype(_DTYPES[f["type"]])
    frame.attrs["source"] = res.get("sources", [])
    frame.attrs["path"] = project.relative(project.data / res["path"])
    return frame


def localized(frame: pd.DataFrame, column: str, languages: tuple[str, ...]) -> list[dict]:
    """A text column in every edition, one {lang: text} per row. The original's own
    wording is `column` (the first language's); another language's is
    `column_<lang>` beside it, required (a silent fallback would mix languages on
    a page). A row whose cell is empty in every language gives None."""
    columns = {}
    for i, lang in enumerate(languages):
        name = column if i == 0 else f"{column}_{lang}"
        if name not in frame.columns:
            raise _fail(Where(frame.attrs.get("path", "?"), column=name), "a text column shown in every edition has "
                        "one column per language", f"no column {name} beside {column}")
        columns[lang] = frame[name]
    out = []
    for i in range(len(frame)):
        texts = {lang: col.iloc[i] for lang, col in columns.items()}
        if all(t is None or t is pd.NA for t in texts.values()):
            out.append(None)
        else:
            out.append({lang: "" if t is None or t is pd.NA else str(t) for lang, t in texts.items()})
    return out


def _check_foreign_key(project, res: dict, fk: dict, rows: dict) -> None:
    """Each value of `fields` appears among the referenced resource's `fields`."""
    ref = fk["reference"]
    target = ref.get("resource") or res["name"]
    known = {tuple(r[c] for c in ref["fields"]) for r in rows[target]}
    for i, row in enumerate(rows[res["name"]], 1):
        value = tuple(row[c] for c in fk["fields"])
        if value not in known:
            where = Where(project.relative(project.data / res["path"]), i, ", ".join(fk["fields"]))
            raise _fail(where, f"foreign key to {target}",
                        f"{dict(zip(fk['fields'], value))} is not in {target}")


def validate_all(project) -> list[str]:
    """Validate every resource; return their names. Raises on the first error."""
    desc = descriptor(project)
    names, rows = [], {}
    for res in desc["resources"]:
        rows[res["name"]] = read_rows(project, res)
        names.append(res["name"])
    for res in desc["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            _check_foreign_key(project, res, fk, rows)
    listed = {r["path"] for r in desc["resources"]}
    on_disk = {p.relative_to(project.data).as_posix() for p in project.data.rglob("*.csv")}
    stray = sorted(on_disk - listed)
    if stray:
        raise DataError(project.relative(project.data / stray[0]), "every data file has a schema",
                        f"file is not described in {project.relative(project.descriptor)}")
    return names
