"""A whole partnership as one archive, and that archive imported into another Accord.

The archive is a zip file:

- `data.json`: every row that belongs to the partnership — the partnership itself and every row of
  every model that says how it reaches its partnership (`partnership_path`), found by looking at
  the models, so that a new model is archived without a line here — with the many-to-many links
  between them, and the directory rows they refer to (organizations, people, stakeholder groups,
  the rubric and criteria an assessment used, the MOU template), as `references`;
- `files/<sha256>`: every file a row holds (MOU documents, evidence), once each;
- `manifest.json`: the format and its version, when and from which partnership it was made, the
  number of rows per model, and the SHA-256 and size of `data.json` and of every file.

Not archived: the audit history (the archive is the partnership as it is), accounts (a person's
sign-in belongs to one Accord: fields naming a user are left empty), and credentials
(invitations). Numbers, dates, decimals and UUIDs are written as text by each field's own
serialization and read back by the same field, so nothing is rounded on the way.

Import checks every hash before it reads anything, then writes everything in one transaction:
directory rows are matched by their natural key (an organization or stakeholder group by name, a
person by e-mail, else by name within the organization; a rubric or MOU template by name, a
criterion by name within its rubric) and created when the other Accord has none; every other row
is created anew, with each reference translated to the new rows. A title already in use gets
" (imported)" added. Nothing is written when anything is wrong.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

FORMAT = "accord-partnership-archive"
VERSION = 1
# Rows that are not the partnership's to carry elsewhere.
# Digests e-mail this Accord's accounts (their subscriptions, what was sent to whom).
LEFT_OUT = {"invitations.Invitation", "reports.Digest"}
# Directory and document rows a partnership refers to, matched on import by these fields.
REFERENCES = {
    "directory.Organization": ("name",),
    "directory.StakeholderGroup": ("name",),
    "directory.Person": ("email",),  # else name within the organization
    "alignment.Rubric": ("name",),
    "alignment.Criterion": ("rubric", "name"),
    "leadership.MouTemplate": ("name",),
    "surveys.Instrument": ("name", "version"),
    "surveys.InstrumentCategory": ("instrument", "name"),
    "surveys.Factor": ("category", "key"),
    "surveys.Item": ("factor", "position"),
}
# Fields that hold a credential: left empty in the other Accord (a sign-in or answering link
# belongs to the Accord that sent it).
CLEARED = {"surveys.SurveyInvitation": ("token",)}
USER_MODEL = "accounts.User"
MAX_ARCHIVE_BYTES = 500 * 1024 * 1024


def _model(label: str) -> type[models.Model]:
    """The model called `label` ("directory.Organization"), among all the installed ones: the
    archive reads every app by looking at them, not by importing each."""
    for model in apps.get_models():
        if model._meta.label == label:
            return model
    raise LookupError(label)


def partnership_models() -> list[type[models.Model]]:
    """Every model whose rows belong to one partnership, in an order that creates each row's
    references before the row (self-references are set in a second pass)."""
    found = [
        model
        for model in apps.get_models()
        if getattr(model, "partnership_path", None)
        and not model.__name__.startswith("Historical")
        and model._meta.label not in LEFT_OUT
        and model._meta.managed
    ]
    return _ordered(found)


def _ordered(found: list) -> list:
    inside = set(found)
    ordered, placed = [], set()
    while len(ordered) < len(found):
        progress = False
        for model in found:
            if model in placed:
                continue
            needs = {
                f.related_model
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model in inside and f.related_model is not model
            }
            if needs <= placed:
                ordered.append(model)
                placed.add(model)
                progress = True
        if not progress:  # a cycle between two models: keep going, the second pass fixes it
            model = next(m for m in found if m not in placed)
            ordered.append(model)
            placed.add(model)
    return ordered


def _rows_of(model, partnership):
    return model._base_manager.filter(**{model.partnership_path: partnership}).order_by("pk")


# --- Values -------------------------------------------------------------------------------------
def _dump(field_, obj):
    value = field_.value_from_object(obj)
    if value is None:
        return None
    if isinstance(field_, models.BinaryField):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(field_, models.JSONField):
        return value
    if isinstance(field_, models.FileField):
        return value.name or ""
    if isinstance(field_, (models.BooleanField, models.IntegerField, models.FloatField)):
        return value
    if (field_.is_relation or field_.primary_key) and isinstance(value, int):
        return value  # ids stay numbers, so that references match the rows they name
    return field_.value_to_string(obj)


def _load(field_, value):
    if value is None:
        return None
    if isinstance(field_, models.BinaryField):
        return base64.b64decode(value)
    if isinstance(field_, (models.JSONField, models.FileField)):
        return value
    return field_.to_python(value)


def _row(model, obj) -> dict:
    return {f.attname: _dump(f, obj) for f in model._meta.concrete_fields}


# --- Export -------------------------------------------------------------------------------------
def export(partnership) -> bytes:
    """The partnership as one archive (the zip file's bytes)."""
    Partnership = type(partnership)
    data: dict = {"models": {}, "links": {}, "references": {}}
    data["models"][Partnership._meta.label] = [_row(Partnership, partnership)]
    wanted: dict[str, set] = defaultdict(set)
    files: dict[str, bytes] = {}
    file_names: dict[str, str] = {}
    chosen = [Partnership, *partnership_models()]
    ids: dict[type, set] = {Partnership: {partnership.pk}}
    for model in chosen[1:]:
        rows = list(_rows_of(model, partnership))
        ids[model] = {row.pk for row in rows}
        data["models"][model._meta.label] = [_row(model, row) for row in rows]
    for model in chosen:
        label = model._meta.label
        for row_data, row in zip(
            data["models"][label], _objects(model, ids[model], partnership), strict=True
        ):
            for f in model._meta.concrete_fields:
                if isinstance(f, models.FileField):
                    _keep_file(row, f, row_data, files, file_names)
                if f.is_relation and row_data.get(f.attname) is not None:
                    target = f.related_model._meta.label
                    if target in REFERENCES:
                        wanted[target].add(row_data[f.attname])
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            related = m2m.related_model._meta.label
            if not through._meta.auto_created:
                continue
            if m2m.related_model not in ids and related not in REFERENCES:
                continue
            source = m2m.m2m_field_name()
            target = m2m.m2m_reverse_field_name()
            pairs = through.objects.filter(**{f"{source}__in": ids[model]}).values_list(
                f"{source}_id", f"{target}_id"
            )
            if related in REFERENCES:
                links = sorted([a, b] for a, b in pairs)
                wanted[related].update(b for _, b in links)
            else:
                links = sorted([a, b] for a, b in pairs if b in ids[m2m.related_model])
            data["links"][f"{label}.{m2m.name}"] = links
    data["references"] = _references(wanted)
    body = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "partnership": {"id": partnership.pk, "title": partnership.title},
        "rows": {label: len(rows) for label, rows in data["models"].items()},
        "references": {label: len(rows) for label, rows in data["references"].items()},
        "data": {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)},
        "files": {
            digest: {"size": len(content), "name": file_names[digest]}
            for digest, content in sorted(files.items())
        },
        "left_out": [*sorted(LEFT_OUT), "the audit history", "sign-in accounts"],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        archive.writestr("data.json", body)
        for digest, content in sorted(files.items()):
            archive.writestr(f"files/{digest}", content)
    return buffer.getvalue()


def _objects(model, pks, partnership):
    if model is type(partnership):
        return [partnership]
    return list(model._base_manager.filter(pk__in=pks).order_by("pk"))


def _keep_file(row, field_, row_data, files, file_names) -> None:
    stored = getattr(row, field_.attname)
    if not stored:
        return
    try:
        with stored.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        row_data[field_.attname] = ""  # a file lost from the media folder is not carried
        return
    digest = hashlib.sha256(content).hexdigest()
    files[digest] = content
    file_names[digest] = stored.name.rsplit("/", 1)[-1]
    row_data[field_.attname] = {"sha256": digest, "name": stored.name}


def _references(wanted: dict[str, set]) -> dict:
    """The directory and document rows referred to, with what they refer to in turn."""
    out: dict[str, list] = {}
    pending = {label: set(pks) for label, pks in wanted.items()}
    while pending:
        label, pks = pending.popitem()
        model = _model(label)
        known = {row["id"] for row in out.get(label, [])}
        rows = [_row(model, obj) for obj in model._base_manager.filter(pk__in=pks - known)]
        out.setdefault(label, []).extend(rows)
        for f in model._meta.concrete_fields:
            target = f.related_model._meta.label if f.is_relation else None
            if target in REFERENCES:
                more = {row[f.attname] for row in rows if row[f.attname] is not None}
                already = {row["id"] for row in out.get(target, [])}
                if more - already:
                    pending.setdefault(target, set()).update(more - already)
    for rows in out.values():
        rows.sort(key=lambda row: row["id"])
    return out


# --- Import -------------------------------------------------------------------------------------
class ArchiveRefused(ValidationError):
    """An archive that cannot be imported: the message says why; nothing was written."""


@dataclass
class Imported:
    partnership: object
    rows: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)


def read(stream) -> tuple[dict, dict, zipfile.ZipFile]:
    """The manifest and data of an archive whose every hash checks out; refused otherwise."""
    try:
        archive = zipfile.ZipFile(stream)
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveRefused(f"This is not an Accord archive (not a zip file: {error}).") from error
    if not {"manifest.json", "data.json"} <= names:
        raise ArchiveRefused(
            "This is not an Accord archive: manifest.json or data.json is missing."
        )
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_ARCHIVE_BYTES:
        raise ArchiveRefused("This archive is larger than Accord imports at once.")
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except ValueError as error:
        raise ArchiveRefused("The archive's manifest.json is not valid JSON.") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ArchiveRefused(
            f"This archive's format is {manifest.get('format')!r} version "
            f"{manifest.get('version')!r}; this Accord imports {FORMAT} version {VERSION}."
        )
    body = archive.read("data.json")
    if hashlib.sha256(body).hexdigest() != manifest.get("data", {}).get("sha256"):
        raise ArchiveRefused("data.json does not match the manifest's SHA-256: it was changed.")
    for digest in manifest.get("files", {}):
        name = f"files/{digest}"
        if name not in names:
            raise ArchiveRefused(f"The file {name} named in the manifest is missing.")
        if hashlib.sha256(archive.read(name)).hexdigest() != digest:
            raise ArchiveRefused(f"The file {name} does not match its SHA-256: it was changed.")
    return manifest, json.loads(body), archive


@transaction.atomic
def import_archive(stream, *, by=None) -> Imported:
    """Create the archived partnership here, with new rows; all or nothing. Each row's history
    starts with its import, by `by` (a user, or None for Accord itself)."""
    _manifest, data, archive = read(stream)
    mapping: dict[str, dict] = defaultdict(dict)
    result = Imported(partnership=None)
    _import_references(data.get("references", {}), mapping, result, by)
    Partnership = _model("partnerships.Partnership")
    order = [Partnership, *partnership_models()]
    known = {model._meta.label for model in order}
    unknown = set(data["models"]) - known
    if unknown:
        raise ArchiveRefused(
            "This archive holds records this Accord does not know: " + ", ".join(sorted(unknown))
        )
    later: list[tuple] = []  # (model, new pk, field, old target pk): references made later
    for model in order:
        label = model._meta.label
        made = []
        for row in data["models"].get(label, []):
            values, pending = {}, []
            for f in model._meta.concrete_fields:
                if f.primary_key:
                    continue
                value = row.get(f.attname)
                if f.is_relation and value is not None:
                    target = f.related_model._meta.label
                    if target == USER_MODEL:
                        value = None
                    elif value in mapping[target]:
                        value = mapping[target][value]
                    elif target in known:
                        pending.append((f, value))
                        value = None
                    else:
                        raise ArchiveRefused(f"{label} refers to a {target} that is not archived.")
                    values[f.attname] = value
                elif isinstance(f, models.FileField):
                    values[f.attname] = _restore_file(f, value, archive)
                elif f.name in CLEARED.get(label, ()):
                    values[f.attname] = None
                else:
                    values[f.attname] = _load(f, value)
            if model is Partnership:
                values["title"] = _free_title(Partnership, values["title"])
            obj = model(**values)
            obj.save_base(raw=True)
            made.append(obj)
            mapping[label][row["id"]] = obj.pk
            later += [(model, obj.pk, f, old) for f, old in pending]
            if model is Partnership:
                result.partnership = obj
        result.rows[label] = len(made)
        _record(model, made, by)
    for model, pk, f, old in later:
        target = f.related_model._meta.label
        model._base_manager.filter(pk=pk).update(**{f.attname: mapping[target][old]})
    for name, pairs in data.get("links", {}).items():
        label, _, attribute = name.rpartition(".")
        model = _model(label)
        m2m = model._meta.get_field(attribute)
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(
                **{
                    f"{source}_id": mapping[label][a],
                    f"{target}_id": mapping[m2m.related_model._meta.label][b],
                }
            )
            for a, b in pairs
        )
    return result


def _record(model, made: list, by) -> None:
    history = getattr(model, "history", None)
    if history is None or not made:
        return
    history.bulk_history_create(
        made,
        default_user=by if getattr(by, "pk", None) else None,
        default_change_reason="imported from an Accord archive",
    )


def _free_title(Partnership, title: str) -> str:
    if not Partnership._base_manager.filter(title=title).exists():
        return title
    candidate, number = f"{title} (imported)", 2
    while Partnership._base_manager.filter(title=candidate).exists():
        candidate, number = f"{title} (imported {number})", number + 1
    return candidate


def _restore_file(field_, value, archive):
    if not value:
        return ""
    content = archive.read(f"files/{value['sha256']}")
    name = value["name"].rsplit("/", 1)[-1]
    storage = field_.storage
    upload_to = field_.upload_to if isinstance(field_.upload_to, str) else ""
    return storage.save(f"{upload_to}{name}", ContentFile(content))


def _import_references(references: dict, mapping, result: Imported, by) -> None:
    unknown = set(references) - set(REFERENCES)
    if unknown:
        raise ArchiveRefused(
            "This archive refers to records this Accord does not know: "
            + ", ".join(sorted(unknown))
        )
    for label in REFERENCES:  # in this order, each after what it refers to
        model = _model(label)
        rows = sorted(references.get(label, []), key=lambda row: row["id"])
        for row in rows:
            found = _match(model, label, row, mapping)
            if found is None:
                found = _create_reference(model, row, mapping, by)
                result.created[label] = result.created.get(label, 0) + 1
            else:
                result.matched[label] = result.matched.get(label, 0) + 1
            mapping[label][row["id"]] = found


def _create_reference(model, row: dict, mapping, by) -> int:
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        value = row.get(f.attname)
        if f.is_relation and value is not None:
            target = f.related_model._meta.label
            value = None if target == USER_MODEL else mapping[target].get(value)
        elif f.name == "is_default":
            value = False  # this Accord's own default stays its default
        else:
            value = _load(f, value)
        values[f.attname] = value
    obj = model(**values)
    obj.save_base(raw=True)
    _record(model, [obj], by)
    return obj.pk


def _match(model, label: str, row: dict, mapping) -> int | None:
    """The row of this Accord that `row` is, by its natural key (REFERENCES); None if none."""
    manager = model._base_manager
    if label == "directory.Person" and row.get("email"):
        found = manager.filter(email__iexact=row["email"]).values_list("pk", flat=True).first()
        if found:
            return found
    key = REFERENCES[label] if label != "directory.Person" else ("name", "organization")
    lookups = {}
    for name in key:
        f = model._meta.get_field(name)
        if f.is_relation:
            target = mapping[f.related_model._meta.label].get(row.get(f.attname))
            if target is None:
                return None
            lookups[f.attname] = target
        elif name == "name":
            lookups["name__iexact"] = row.get("name")
        else:
            lookups[name] = _load(f, row.get(f.attname))
    return manager.filter(**lookups).values_list("pk", flat=True).first()
