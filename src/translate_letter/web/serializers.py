"""The review's answers as the editor's JSON: one function per value of
:mod:`..review.views`, so the wire format lives in ``web/`` alone."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..machine.suggest import Suggestion
from ..review.views import DocumentView, EntryDetail, EntryView, SignOffResult
from .i18n import localized


def entry_json(view: EntryView) -> dict:
    """``{id, source, context, translation, state, version, …}``: an entry of the list."""
    return {
        "id": view.id,
        "source": view.source,
        "context": view.context,
        "translation": list(view.translation) if view.plural else view.translation,
        "state": view.state,
        "version": view.version,
        "author": view.author,
        "origin": view.origin,
        "translator": view.translator,
        "places": [place.as_dict() for place in view.places],
        "locations": view.locations,
        "previous_source": view.previous_source,
        "diff": view.diff,
        "plural": view.plural,
        "findings": view.findings,
        "intended": list(view.intended),
    }


def listing_bytes(views: list[EntryView]) -> bytes:
    """Every entry of a catalog, as one compact JSON array."""
    return compact([entry_json(view) for view in views])


def detail_json(detail: EntryDetail) -> dict:
    """An entry with its history, comments and the side panel's suggestions."""
    return entry_json(detail.entry) | {
        "history": detail.history,
        "comments": detail.comments,
        "suggestions": {"glossary": detail.glossary,
                        "memory": [match.as_dict() for match in detail.memory]},
    }


def sign_off_json(results: Iterable[SignOffResult]) -> list[dict]:
    """``{id, approved, reason, entry}`` per entry asked for, the reason in the reader's
    interface language."""
    return [{"id": r.id, "approved": r.approved,
             "reason": localized(r.refusal) if r.refusal else None,
             "entry": None if r.entry is None else entry_json(r.entry)} for r in results]


def suggestions_json(found: Iterable[Suggestion]) -> list[dict]:
    """``{engine, translation, origin, problem}`` per engine, the problem localized."""
    return [{"engine": s.engine, "translation": s.text, "origin": s.origin,
             "problem": localized(s.problem) if s.problem else None} for s in found]


def document_bytes(view: DocumentView) -> bytes:
    """``{blocks, stale}``: the document view as compact JSON."""
    return compact({
        "blocks": [{"kind": b.kind, "marker": b.marker, "translated_marker": b.translated_marker,
                    "numbered": b.numbered, "gap": b.gap, "entries": list(b.entries)}
                   for b in view.blocks],
        "stale": None if view.stale is None else {"count": view.stale.count,
                                                  "place": view.stale.place.as_dict()},
    })


def compact(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
