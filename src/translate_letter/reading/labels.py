"""The words the reading room adds around a letter; in other languages they come from the
interface catalogs (``translate_letter.interface``), as the review app's do."""

from __future__ import annotations

from ..core.errors import N_
from ..interface import translate

LABELS: dict[str, str] = {
    "site": N_("Open letters"),
    "intro": N_("Read the letter in your language, or download it."),
    "languages": N_("Languages"),
    "downloads": N_("Download the letter"),
    "bilingual": N_("English beside the translation"),
    "original": N_("original"),
    "all": N_("All letters"),
    "txt": N_("Plain text"),
    "md": N_("Markdown"),
    "html": N_("Web page (HTML)"),
    "pdf": N_("PDF"),
    "docx": N_("Word (DOCX)"),
    "sign_in": N_("Sign in"),
    "staff": N_("For the translation team"),
    # Checksums, signatures and the Verify page.
    "sha256": N_("SHA-256"),
    "signed_in": N_("signed in release %(version)s"),
    "not_signed": N_("not in a signed release yet"),
    "verify": N_("Verify a download"),
    "verify_intro": N_("Every file of these letters is listed with its SHA-256 checksum in a "
                       "file named SHA256SUMS, and that list is signed with the signatories' "
                       "release key. A file whose checksum is in a list with a good signature "
                       "is exactly the file they published, to the last letter."),
    "key_title": N_("The release key"),
    "key_intro": N_("Releases are signed with OpenSSH (ssh-keygen), in the namespace "
                    "translate-letter. The key's fingerprint:"),
    "key_compare": N_("Compare it with the fingerprint the signatories publish elsewhere, on "
                      "their own websites and accounts: anyone can copy this page, nobody "
                      "can sign with their key."),
    "key_files": N_("The key's public half:"),
    "no_release": N_("No signed release yet."),
    "steps_title": N_("How to check a file"),
    "step_download": N_("Download the release's SHA256SUMS, SHA256SUMS.sig and allowed_signers "
                        "into the folder that holds your file."),
    "step_signature": N_("Check the signature of the list:"),
    "step_signature_good": N_("OpenSSH must answer with a good signature and the fingerprint "
                              "above; any other answer means the list is not the "
                              "signatories'."),
    "step_file": N_("Check your file (here letter.pdf): the command prints the file's line "
                    "of the list. If it prints nothing, the file is not one that was "
                    "published."),
    "step_folder": N_("With a whole release folder (every copy of this site holds them), "
                      "check every file at once: each must be OK."),
    "step_tool": N_("Or, with translate-letter installed:"),
    "step_macos": N_("On macOS, write shasum -a 256 instead of sha256sum."),
    "releases_title": N_("Releases"),
    "released_on": N_("released on %(date)s"),
    "latest": N_("latest"),
    "release_files": N_("Files and their SHA-256"),
    "changes_since": N_("What changed since release %(version)s"),
    "changes_first": N_("The first release: nothing to compare with."),
    "status_new": N_("new in this release"),
    "status_withdrawn": N_("not in this release"),
    "status_unchanged": N_("unchanged"),
    "segments_changed": N_("segments changed: %(count)s"),
    "before": N_("before"),
    "after": N_("after"),
    "files_changed": N_("files changed:"),
}


def labels(lang: str) -> dict[str, str]:
    """The reading room's words in ``lang``, English where the language has none."""
    return {key: translate(lang, text) for key, text in LABELS.items()}
