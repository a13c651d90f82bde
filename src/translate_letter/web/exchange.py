"""A translator's own tool from the editor: the catalog downloaded as XLIFF, and the file
uploaded back, taken in under the review's rule (:mod:`translate_letter.review.exchange`)."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, render_template, request, send_file
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..review.errors import Forbidden, ReviewError
from ..review.exchange import VERSIONS, Importer, chosen_states, export_xliff, import_data
from .auth import account
from .i18n import language
from .services import workspace

bp = Blueprint("exchange", __name__, url_prefix="/exchange")


def _editable(doc: str, lang: str) -> None:
    workspace().catalog(doc, lang)  # a 404 for an unknown document or language
    who = account()
    if not who.can_edit(lang):
        raise Forbidden(_("%(name)s has no role for the language %(lang)s.",
                          name=who.name, lang=lang))


@bp.get("/<doc>/<lang>")
def page(doc: str, lang: str) -> str:
    _editable(doc, lang)
    return render_template("exchange.html", doc=doc, lang=language(lang), report=None)


@bp.get("/<doc>/<lang>/<fmt>")
def download(doc: str, lang: str, fmt: str) -> Response:
    _editable(doc, lang)
    if fmt not in VERSIONS:
        raise ReviewError(f"no format {fmt!r} (choose {', '.join(VERSIONS)})")
    workspace().flush(doc, lang)  # the file holds every acknowledged save
    data = export_xliff(workspace().settings, doc, lang, fmt,
                        chosen_states(request.args.get("state")))
    suffix = "xlf" if fmt == "xliff" else "xliff2.xlf"
    return send_file(BytesIO(data), mimetype="application/xliff+xml", as_attachment=True,
                     download_name=f"{doc}-{lang}.{suffix}", max_age=0)


@bp.post("/<doc>/<lang>")
def upload(doc: str, lang: str) -> str:
    _editable(doc, lang)
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        raise ReviewError(_("Choose the XLIFF file to upload."))
    workspace().flush(doc, lang)  # an entry saved here since the download is a conflict
    report = import_data(workspace().settings, sent.filename, sent.read(),
                         Importer(account().name, draft=bool(request.form.get("draft")),
                                  only=(doc, lang)))
    return render_template("exchange.html", doc=doc, lang=language(lang), report=report)
