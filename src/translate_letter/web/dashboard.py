"""The dashboard: each document and language with its progress by state, QA errors and
whether the public reads it."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..catalog.states import STATES
from ..publish import publication
from .auth import account
from .publishing import publishing
from .services import queries, services

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
def index() -> str:
    rows = queries().progress(account())
    held = {(row.doc, row.lang): row.rule_counts for row in rows}
    decided = publication(services().settings, publishing().current(),
                          held)
    public = {(e.doc, e.lang): e for e in decided.editions}
    return render_template("dashboard.html", rows=rows, states=[str(s) for s in STATES],
                           public=public)
