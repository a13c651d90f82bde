"""The dashboard: each document and language with its progress by state and QA errors."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..catalog.states import STATES
from .auth import account, workspace

bp = Blueprint("dashboard", __name__)


@bp.get("/")
def index() -> str:
    rows = workspace().progress(account())
    return render_template("dashboard.html", rows=rows, states=[str(s) for s in STATES])
