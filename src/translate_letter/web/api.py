"""The JSON API the editor uses (scripts and tests may too)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, jsonify, request

from ..review.errors import ReviewError
from ..review.suggestions import machine_suggestions
from .auth import account
from .serializers import (
    detail_json,
    document_bytes,
    entry_json,
    listing_bytes,
    sign_off_json,
    suggestions_json,
)
from .services import commands, queries, workspace

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
    return Response(queries().entries(account(), doc, lang, listing_bytes),
                    mimetype="application/json")


@bp.get("/<doc>/<lang>/entries/<eid>")
def entry(doc: str, lang: str, eid: str) -> Response:
    return jsonify(detail_json(queries().entry(account(), doc, lang, eid)))


@bp.put("/<doc>/<lang>/entries/<eid>")
def save(doc: str, lang: str, eid: str) -> Response:
    body = json_body({"translation": str, "state": str, "version": int}, {"origin": str})
    return jsonify(entry_json(commands().save(account(), doc, lang, eid, body["translation"],
                                              body["state"], body["version"],
                                              body.get("origin"))))


@bp.get("/<doc>/<lang>/document")
def document(doc: str, lang: str) -> Response:
    return Response(queries().document(account(), doc, lang, document_bytes),
                    mimetype="application/json")


@bp.post("/<doc>/<lang>/approve")
def approve(doc: str, lang: str) -> Response:
    body = json_body({"entries": list})
    items = []
    for item in body["entries"]:
        if (not isinstance(item, dict) or set(item) != {"id", "version"}
                or not isinstance(item["id"], str) or type(item["version"]) is not int):
            raise ReviewError('each entry to approve is {"id": string, "version": integer}')
        items.append((item["id"], item["version"]))
    return jsonify(sign_off_json(commands().sign_off(account(), doc, lang, items)))


@bp.get("/<doc>/<lang>/entries/<eid>/machine")
def machine(doc: str, lang: str, eid: str) -> Response:
    return jsonify(suggestions_json(machine_suggestions(workspace(), account(), doc, lang,
                                                        eid)))


@bp.post("/<doc>/<lang>/entries/<eid>/comments")
def comment(doc: str, lang: str, eid: str) -> tuple[Response, int]:
    body = json_body({"text": str})
    return jsonify(commands().add_comment(account(), doc, lang, eid, body["text"])), 201


@bp.post("/<doc>/<lang>/entries/<eid>/intended")
def intended(doc: str, lang: str, eid: str) -> Response:
    body = json_body({"check": str, "intended": bool, "version": int})
    return jsonify(entry_json(commands().mark_intended(
        account(), doc, lang, eid, body["check"], body["intended"], body["version"])))
