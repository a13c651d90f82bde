"""Make ``review.sqlite3`` and ``mt-cache.sqlite3`` as translate-letter made them before the
database had migrations (commit d28f685), with a row in every table.

Run with that release's package first on the path:
``PYTHONPATH=<checkout of d28f685>/src python tests/storage/databases/make.py OUT_DIR``.
The files it made are kept beside it; the tests open copies of them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyotp

from translate_letter.accounts import add_account, audit, sessions, throttle
from translate_letter.accounts.preferences import save_interface_language
from translate_letter.accounts.schema import open_accounts
from translate_letter.accounts.signin import second_step
from translate_letter.accounts.twofactor import begin_enrolment, confirm_enrolment, verify_code
from translate_letter.machine.cache import TranslationCache
from translate_letter.review.journal import OutsideText, Save, SqliteJournal, Version
from translate_letter.review.publishing import PublishingDecisions

PASSWORD = "correct horse battery"


def main(out: Path) -> None:
    db = open_accounts(out)
    languages = ["fa", "fr", "ar"]
    add_account(db, "maya", "maintainer", [], languages, PASSWORD)
    add_account(db, "farid", "translator", ["fa"], languages, PASSWORD)
    add_account(db, "roya", "reviewer", ["fa", "ar"], languages, PASSWORD,
                must_change_password=True)
    secret = begin_enrolment(db, "roya")
    confirm_enrolment(db, "roya", pyotp.TOTP(secret).now())
    (out / "roya-totp-secret").write_text(secret)
    assert verify_code(db, "roya", pyotp.TOTP(secret).now()) is None  # spent at enrolment
    save_interface_language(db, "farid", "fa")
    sessions.start(db, "farid", "203.0.113.5")
    second_step(db, "roya")
    stranger = throttle.Client("198.51.100.7")
    for _ in range(4):
        throttle.failed(db, "maya", stranger)
        audit.record_failure(db, "signin-failed", "maya")
    throttle.succeeded(db, "farid", throttle.Client("203.0.113.5"))
    audit.record(db, "signed-in", "farid")

    journal = SqliteJournal(db)
    saves = journal.record_saves([
        Save("letter", "fa", f"e{n}", f"Sentence {n}.", None, 2, "farid",
             "2026-12-03T10:00:0{n}+00:00", "translated", "", f"جمله {n}.",
             origin="memory" if n == 1 else None) for n in range(3)])
    journal.record_outside("letter", "fa", {"e9": Version(2, None, "دستی", "draft")},
                           [OutsideText("e9", "Edited by hand.", None, 2, "draft", "", "دستی")])
    journal.mark_written("letter", "fa", saves[1].seq, [], b"\x01" * 32)
    journal.add_comment("letter", "fa", "e0", "roya", "2026-12-03T11:00:00+00:00",
                        "«جمله» با گیومه")
    PublishingDecisions(db).decide("letter", "fr", False, "maya")
    db.close()

    cache = TranslationCache(out / "mt-cache.sqlite3")
    cache.put("libretranslate", "en", "fa", [("The Council met.", "شورا تشکیل جلسه داد."),
                                            ("A" * 3000, "B" * 3000)])
    cache.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
