"""The JSON API the editor uses (scripts and tests may too)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, jsonify, request

from ..review.document import document_json
from ..review.errors import ReviewError
from ..review.signoff import approve_entries
from ..review.suggestions import machine_suggestions
from .auth import account
from .i18n import localized
from .services import workspace

bp = Blueprint("api", __name__, url_prefix="/api")


def json_body(fields: dict[str, type], optional: dict[str, type] | None = None) -> dict:
    """The request's JSON object with exactly ``fields`` (and perhaps ``optional`` ones) of
    the given types, else a 400."""
    try:
        body = json.loads(request.get_data()) if request.is_json else None
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        body = None
    if not isinstance(body, dict):
        raise ReviewError("the body must be a JSON object (Content-Type: application/json)")
    optional = optional or {}
    unknown = sorted(set(body) - set(fields) - set(optional))
    if unknown:
        raise ReviewError(f"unknown field {unknown[0]!r}")
    given = {name: kind for name, kind in optional.items() if name in body}
    for name, kind in {**fields, **given}.items():
        value = body.get(name)
        # bool is an int to Python; a version of `true` is a mistake all the same.
        if (value is None or not isinstance(value, kind)
                or (isinstance(value, bool) and kind is not bool)):
            raise ReviewError(f"field {name!r} must be a {kind.__name__}")
        if kind is str and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # "\ud800": a lone surrogate is not text
                raise ReviewError(f"field {name!r} holds a lone surrogate, which is not "
                                  "text") from None
    return body


@bp.get("/<doc>/<lang>/entries")
def entries(doc: str, lang: str) -> Response:
    return Response(workspace().entries_json(account(), doc, lang),
                    mimetype="application/json")


@bp.get("/<doc>/<lang>/entries/<eid>")
def entry(doc: str, lang: str, eid: str) -> Response:
    return jsonify(workspace().entry(account(), doc, lang, eid))


@bp.put("/<doc>/<lang>/entries/<eid>")
def save(doc: str, lang: str, eid: str) -> Response:
    body = json_body({"translation": str, "state": str, "version": int}, {"origin": str})
    return jsonify(workspace().save(account(), doc, lang, eid, body["translation"],
                                    body["state"], body["version"], body.get("origin")))


@bp.get("/<doc>/<lang>/document")
def document(doc: str, lang: str) -> Response:
    return Response(document_json(workspace(), account(), doc, lang),
                    mimetype="application/json")


@bp.post("/<doc>/<lang>/approve")
def approve(doc: str, lang: str) -> Response:
    body = json_body({"entries": list})
    results = approve_entries(workspace(), account(), doc, lang, body["entries"])
    return jsonify([{**{k: v for k, v in r.items() if k != "refusal"},
                     "reason": localized(r["refusal"]) if r["refusal"] else None}
                    for r in results])


@bp.get("/<doc>/<lang>/entries/<eid>/machine")
def machine(doc: str, lang: str, eid: str) -> Response:
    found = machine_suggestions(workspace(), account(), doc, lang, eid)
    return jsonify([s | {"problem": localized(s["problem"]) if s["problem"] else None}
                    for s in found])


@bp.post("/<doc>/<lang>/entries/<eid>/comments")
def comment(doc: str, lang: str, eid: str) -> tuple[Response, int]:
    body = json_body({"text": str})
    return jsonify(workspace().add_comment(account(), doc, lang, eid, body["text"])), 201


@bp.post("/<doc>/<lang>/entries/<eid>/intended")
def intended(doc: str, lang: str, eid: str) -> Response:
    body = json_body({"check": str, "intended": bool, "version": int})
    return jsonify(workspace().mark_intended(account(), doc, lang, eid, body["check"],
                                             body["intended"], body["version"]))
