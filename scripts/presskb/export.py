"""Export: one record per seed (front-matter keys plus `duplicate_of`), as JSON or CSV.

Needs no MkDocs build: it is how users take the knowledge base into a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json

from presskb.document import Document
from presskb.pipeline import IngestResult

FIELDS = ("seed", "title", "date", "source", "source_url", "dateline", "issuer", "categories",
          "topics", "language", "also_at", "duplicate_of")
FORMATS = ("json", "csv")
_LIST_SEPARATOR = "; "


def records(result: IngestResult) -> list[dict]:
    docs = sorted([*result.articles, *result.duplicates], key=lambda doc: doc.seed)
    return [_record(doc) for doc in docs]


def _record(doc: Document) -> dict:
    record = {name: getattr(doc, name) for name in FIELDS}
    record["date"] = doc.date.isoformat() if doc.date else None
    for name in ("categories", "topics", "also_at"):
        record[name] = list(record[name])
    return record


def dumps(rows: list[dict], format: str) -> str:
    if format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _LIST_SEPARATOR.join(v) if isinstance(v, list) else (v or "")
                         for key, v in row.items()})
    return buffer.getvalue()
