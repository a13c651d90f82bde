"""Signed releases: ``key init``, ``release`` and ``verify``, checked with the standard
tools (``ssh-keygen -Y verify``, ``sha256sum -c``) as a reader would, and a correction
released beside the release it corrects."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import Result
from playwright.sync_api import expect

from translate_letter.catalog.entry import messages
from translate_letter.catalog.reader import load_catalog
from translate_letter.catalog.states import mark_approved, mark_translated
from translate_letter.catalog.writer import save_catalog
from translate_letter.signing import read_sums

from ..conftest import Project, copy_shipped, wait_for
from .conftest import REVIEWER, publish_some

TODAY = datetime.now(UTC).date().isoformat()
NAMESPACE = "translate-letter"
PRINCIPAL = "release@translate-letter"
LETTERS = {"txt", "md", "html", "pdf", "docx"}


def standard(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A shell command with the standard tools only: no project code runs."""
    return subprocess.run(["sh", "-c", command], cwd=cwd, capture_output=True, text=True)


def check_signature(folder: Path) -> subprocess.CompletedProcess[str]:
    return standard(f"ssh-keygen -Y verify -f allowed_signers -I {PRINCIPAL} -n {NAMESPACE} "
                    "-s SHA256SUMS.sig < SHA256SUMS", folder)


def every_file(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.is_file())


def one_line_error(result: Result, words: str) -> None:
    assert result.exit_code == 2, result.output + result.stderr
    assert result.stderr.startswith("translate-letter: error: ")
    assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr


def correct(po: Path, index: int, old: str, new: str) -> tuple[str, str]:
    """A translator corrects one approved entry and a reviewer approves the correction; its
    msgid and the new text."""
    catalog = load_catalog(po)
    message = messages(catalog)[index]
    assert old in message.string
    text = message.string.replace(old, new, 1)
    mark_translated(message, text, "farid.translator", "2026-12-03")
    mark_approved(message, text, REVIEWER, "2026-12-03")
    save_catalog(po, catalog)
    return message.id, text


@dataclass
class Released:
    """A project with two releases: the first, and one after a French correction."""

    project: Project
    key: Path
    first: Path
    second: Path
    outputs: tuple[Result, Result]
    corrected: tuple[str, str]  # the French entry corrected: msgid, new text


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Released:
    root = tmp_path_factory.mktemp("release")
    project = publish_some(copy_shipped(root / "project"))
    project.ok("key", "init")
    first = project.ok("release")
    french = load_catalog(project.po("fr"))
    index = next(i for i, m in enumerate(messages(french)) if "droits de l'homme" in m.string)
    corrected = correct(project.po("fr"), index, "droits de l'homme", "droits humains")
    second = project.ok("release")
    releases = project.root / "dist" / "release"
    return Released(project, project.root / "instance" / "release-key",
                    releases / f"{TODAY}.1", releases / f"{TODAY}.2", (first, second),
                    corrected)


# ---- the key ------------------------------------------------------------------------------


def test_key_init_makes_a_private_ed25519_key_once_outside_the_catalogs(shipped):
    made = shipped.ok("key", "init")
    key = shipped.root / "instance" / "release-key"
    assert (key.stat().st_mode & 0o777) == 0o600
    listed = subprocess.run(["ssh-keygen", "-l", "-f", str(key) + ".pub"], capture_output=True,
                            text=True, check=True).stdout
    assert listed.rstrip().endswith("(ED25519)") and PRINCIPAL in listed
    fingerprint = re.search(r"SHA256:\S+", listed)[0]
    assert made.stdout.rstrip().endswith(f"fingerprint {fingerprint}")
    assert shipped.ok("key", "show").stdout.splitlines()[0] == fingerprint

    again = shipped.run("key", "init")
    one_line_error(again, "exists already: a release key is made once")
    for inside in ("locales/release-key", "dist/keys/release-key", "source/release-key"):
        one_line_error(shipped.run("key", "init", "--key", str(shipped.root / inside)),
                       "keep the release key outside them")
        assert not (shipped.root / inside).exists()
    elsewhere = shipped.root.parent / "keys" / "signing"
    shipped.ok("key", "init", "--key", str(elsewhere))
    assert (elsewhere.stat().st_mode & 0o777) == 0o600


# ---- a release ----------------------------------------------------------------------------


def test_a_release_holds_the_published_letters_their_sums_signature_and_public_key(released):
    folder = released.first
    fingerprint = (folder / "release-key.fingerprint").read_text().strip()
    assert released.outputs[0].stdout.splitlines()[-1] == (
        f"released {TODAY}.1 (the first release): dist/release/{TODAY}.1/ (28 files, signed "
        f"with key {fingerprint})")
    assert "not in this release: ar: letter is 0% approved" in released.outputs[0].stderr
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    letters = [n for n in names if "/" in n]
    assert {n.split("/")[0] for n in letters} == {"en", "fa", "fr"}  # Arabic is not published
    assert {n.rsplit(".", 1)[1] for n in letters} == LETTERS
    assert len(letters) == 5 + 8 + 8
    assert set(names) - set(letters) == {
        "SHA256SUMS", "SHA256SUMS.sig", "allowed_signers", "release-key.pub",
        "release-key.fingerprint", "release.json", "CHANGES.txt"}
    # The list names every file but itself and its signature, as sha256sum writes it.
    sums = (folder / "SHA256SUMS").read_text().splitlines()
    assert sorted(line.split("  ", 1)[1] for line in sums) == sorted(
        set(names) - {"SHA256SUMS", "SHA256SUMS.sig"})
    checked = standard("sha256sum -c SHA256SUMS", folder)
    assert checked.returncode == 0 and checked.stdout.count(": OK\n") == len(sums)
    public = (released.key.parent / "release-key.pub").read_text()
    assert (folder / "release-key.pub").read_text() == public
    assert (folder / "allowed_signers").read_text() == (
        f'{PRINCIPAL} namespaces="{NAMESPACE}" {" ".join(public.split()[:2])}\n')
    assert fingerprint in subprocess.run(
        ["ssh-keygen", "-l", "-E", "sha256", "-f", str(folder / "release-key.pub")],
        capture_output=True, text=True, check=True).stdout


def test_the_signature_checks_with_ssh_keygen_alone(released):
    for folder in (released.first, released.second):
        fingerprint = (folder / "release-key.fingerprint").read_text().strip()
        good = check_signature(folder)
        assert good.returncode == 0, good.stderr
        assert good.stdout.strip() == (f'Good "{NAMESPACE}" signature for {PRINCIPAL} with '
                                       f"ED25519 key {fingerprint}")


def test_verify_passes_every_file_of_both_releases(released):
    result = released.project.run("verify", *every_file(released.first),
                                  *every_file(released.second))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 28 + 28
    assert all(re.fullmatch(rf".+: OK, \S+ of release {TODAY}\.[12]", line) for line in lines)
    assert f"{released.first / 'fa' / 'letter.pdf'}: OK, fa/letter.pdf of release {TODAY}.1" \
        in lines
    assert result.stderr.count("is signed with key SHA256:") == 2


def test_one_flipped_byte_of_the_persian_pdf_fails_naming_that_file(released, tmp_path):
    folder = shutil.copytree(released.first, tmp_path / released.first.name)
    pdf = folder / "fa" / "letter.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))

    result = released.project.run("verify", *every_file(folder))

    assert result.exit_code == 1
    failed = [line for line in result.stdout.splitlines() if ": OK, " not in line]
    assert failed == [f"{pdf}: FAILED: its SHA-256 is not the one SHA256SUMS lists for "
                      f"fa/letter.pdf (release {TODAY}.1)"]


def test_sums_of_altered_files_are_refused_by_the_signature(released, tmp_path):
    folder = shutil.copytree(released.first, tmp_path / released.first.name)
    letter = folder / "fa" / "letter.txt"
    letter.write_text(letter.read_text(encoding="utf-8").replace("۱", "۲", 1), encoding="utf-8")
    names = [line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()]
    forged = standard("sha256sum " + " ".join(names) + " > SHA256SUMS", folder)
    assert forged.returncode == 0
    assert standard("sha256sum -c SHA256SUMS", folder).returncode == 0  # the sums alone agree

    result = released.project.run("verify", *every_file(folder))

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 28
    assert all(": FAILED: the signature of SHA256SUMS is refused (ssh-keygen: " in line
               for line in lines), lines
    assert check_signature(folder).returncode != 0  # and so says OpenSSH alone


def test_a_lone_download_is_verified_against_a_release_named_with_release(released, tmp_path):
    download = tmp_path / "letter.pdf"
    shutil.copyfile(released.second / "fr" / "letter.pdf", download)

    lost = released.project.run("verify", str(download))
    one_line_error(lost, "no SHA256SUMS in its folder or above it; pass --release DIR")

    found = released.project.run("verify", "--release", str(released.second), str(download))
    assert found.exit_code == 0
    assert found.stdout == f"{download}: OK, fr/letter.pdf of release {TODAY}.2\n"
    older = released.project.run("verify", "--release", str(released.first), str(download))
    assert older.exit_code == 1  # the corrected French letter is not the first release's
    assert "its SHA-256 is on no line of SHA256SUMS" in older.stdout


def test_a_self_signed_forgery_fails_against_the_signatories_key(released, tmp_path):
    """A forger may copy a release, change a letter and sign it with a key of their own:
    the release then agrees with itself, but not with the signatories' key."""
    forged = shutil.copytree(released.second, tmp_path / "forged" / released.second.name)
    letter = forged / "fr" / "letter.txt"
    letter.write_text(letter.read_text(encoding="utf-8").replace("Conseil", "Comité"),
                      encoding="utf-8")
    own = tmp_path / "forger"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", PRINCIPAL, "-f",
                    str(own)], check=True)
    public = (tmp_path / "forger.pub").read_text()
    (forged / "release-key.pub").write_text(public)
    (forged / "allowed_signers").write_text(
        f'{PRINCIPAL} namespaces="{NAMESPACE}" {" ".join(public.split()[:2])}\n')
    names = [line.split("  ", 1)[1] for line in (forged / "SHA256SUMS").read_text().splitlines()]
    assert standard("sha256sum " + " ".join(names) + " > SHA256SUMS && rm SHA256SUMS.sig && "
                    f"ssh-keygen -Y sign -f {own} -n {NAMESPACE} SHA256SUMS", forged
                    ).returncode == 0
    assert check_signature(forged).returncode == 0  # it agrees with itself

    # In the project, the project's own key is the one trusted.
    in_project = released.project.run("verify", str(letter))
    assert in_project.exit_code == 1 and "signature of SHA256SUMS is refused" in in_project.stdout
    # Anywhere, with the signatories' allowed_signers.
    genuine = released.project.run("verify", "--signers",
                                   str(released.first / "allowed_signers"), str(letter))
    assert genuine.exit_code == 1
    # With nothing to trust but the release itself, it passes, and says whose key it is.
    stranger = Project(tmp_path / "elsewhere")
    stranger.root.mkdir()
    alone = stranger.run("verify", str(letter))
    assert alone.exit_code == 0
    real = (released.first / "release-key.fingerprint").read_text().strip()
    fake = subprocess.run(["ssh-keygen", "-l", "-f", str(tmp_path / "forger.pub")],
                          capture_output=True, text=True).stdout.split()[1]
    assert f"is signed with key {fake} (the key the release publishes: compare this " \
           "fingerprint with the one the signatories publish)" in alone.stderr
    assert real != fake and real not in alone.stderr


# ---- refusals -------------------------------------------------------------------------------


def test_refusals_are_one_line_and_write_nothing(released, shipped, tmp_path, monkeypatch):
    project = released.project
    releases = project.root / "dist" / "release"
    before = sorted(p.name for p in releases.iterdir())

    one_line_error(project.run("release", "--version", f"{TODAY}.1"),
                   f"release {TODAY}.1 exists already")
    one_line_error(project.run("release", "--version", "../outside"),
                   "release version '../outside': use letters, digits and . _ + - only")
    one_line_error(project.run("release", "--key", str(tmp_path / "nokey")),
                   f"no release key at {tmp_path / 'nokey'}")
    one_line_error(shipped.run("release"), "no release key at")
    shipped.ok("key", "init")
    one_line_error(shipped.run("release"),
                   "nothing to release: no translation is published (fa: letter is 0% approved")
    assert not (shipped.root / "dist").exists() or not any(
        (shipped.root / "dist" / "release").iterdir())
    loose = project.root.parent / "loose-key"
    shipped.ok("key", "init", "--key", str(loose))
    loose.chmod(0o644)
    one_line_error(project.run("release", "--key", str(loose)),
                   "the release key is readable by others (mode 0644)")

    monkeypatch.setenv("PATH", str(tmp_path))  # no ssh-keygen on it
    missing = "ssh-keygen not found: install OpenSSH's client"
    one_line_error(project.run("release"), missing)
    one_line_error(shipped.run("key", "init", "--key", str(tmp_path / "other")), missing)
    one_line_error(project.run("verify", str(released.first / "SHA256SUMS")), missing)
    assert sorted(p.name for p in releases.iterdir()) == before


# ---- corrections ---------------------------------------------------------------------------


def test_a_correction_is_a_new_release_beside_the_one_it_corrects(released):
    first, second = released.first, released.second
    msgid, text = released.corrected
    assert check_signature(first).returncode == 0  # the first release is kept as it was
    french = (first / "fr" / "letter.txt").read_text(encoding="utf-8")
    assert text not in french and text in (second / "fr" / "letter.txt").read_text("utf-8")

    manifest = json.loads((second / "release.json").read_text(encoding="utf-8"))
    assert (manifest["version"], manifest["number"], manifest["previous"]) == (
        f"{TODAY}.2", 2, f"{TODAY}.1")
    changes = {(c["lang"], c["status"]): c for c in manifest["changes"]}
    assert set(changes) == {("fa", "unchanged"), ("fr", "changed"), ("en", "unchanged")}
    [segment] = changes[("fr", "changed")]["segments"]
    assert segment["source"] == msgid and segment["after"] == text
    assert segment["before"].replace("droits de l'homme", "droits humains", 1) == text
    assert re.fullmatch(r"(paragraph|list item|heading) \d+(, sentence \d+)?", segment["place"])
    assert changes[("fr", "changed")]["files"] == [
        f"fr/{name}" for name in ("letter.txt", "letter.md", "letter.html", "letter.pdf",
                                  "letter.docx", "letter.bilingual.html",
                                  "letter.bilingual.pdf", "letter.bilingual.docx")]

    listed = (second / "CHANGES.txt").read_text(encoding="utf-8")
    assert listed.startswith(f"Release {TODAY}.2 of {TODAY}\nChanges since release {TODAY}.1:")
    assert "letter, French (fr): 1 segment(s) changed, 8 file(s)" in listed
    assert f"  {segment['place']}: {msgid}\n    before: {segment['before']}\n" \
           f"    after:  {text}\n" in listed
    assert "letter, Persian (fa): unchanged" in listed
    assert released.outputs[1].stdout.splitlines()[-1].startswith(
        f"released {TODAY}.2 since release {TODAY}.1: ")
    # The audit trail holds each release with the hash of its list and its key.
    trail = json.loads(released.project.ok("audit", "--json").stdout)
    made = [(row["event"], row["detail"]) for row in trail if row["event"].startswith("releas")]
    fingerprint = (second / "release-key.fingerprint").read_text().strip()
    assert made == [("release-key-made", f"{released.key} {fingerprint}")] + [
        ("released", f"{folder.name}: 28 files, SHA256SUMS "
                     f"{hashlib.sha256((folder / 'SHA256SUMS').read_bytes()).hexdigest()}, "
                     f"key {fingerprint}") for folder in (first, second)]
    first_list = (first / "CHANGES.txt").read_text(encoding="utf-8")
    assert "The first release: letter in Persian (fa), letter in French (fr), letter in " \
           "English (en)." in first_list


@pytest.mark.slow
def test_anyone_with_the_catalogs_rebuilds_the_letters_of_a_release_byte_for_byte(released,
                                                                                  tmp_path):
    """A release made from the same catalogs elsewhere, days later, in another time zone and
    signed with another key, lists the same SHA-256 for every letter: a reader holding the
    catalogs can check a release by making it again."""
    elsewhere = tmp_path / "elsewhere"
    for part in ("source", "locales", "pyproject.toml"):
        copy = shutil.copytree if (released.project.root / part).is_dir() else shutil.copy2
        copy(released.project.root / part, elsewhere / part)
    command = [sys.executable, "-m", "translate_letter", "-C", str(elsewhere)]
    subprocess.run([*command, "key", "init"], check=True, capture_output=True)
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    subprocess.run(["faketime", "-f", "+3d", *command, "release", "--version", "rebuilt"],
                   check=True, capture_output=True, env=environ | {"TZ": "Asia/Tehran"})

    def letters(folder: Path) -> dict[str, str]:
        return {name: digest for name, digest in read_sums(folder / "SHA256SUMS").items()
                if "/" in name}

    rebuilt = elsewhere / "dist" / "release" / "rebuilt"
    assert len(letters(released.second)) == 5 + 8 + 8
    assert letters(rebuilt) == letters(released.second)
    assert (rebuilt / "release-key.fingerprint").read_text() != (
        released.second / "release-key.fingerprint").read_text()


def test_no_private_key_material_reaches_dist_or_the_static_site(released, tmp_path):
    private = released.key.read_text()
    assert "PRIVATE KEY" in private
    body = [line for line in private.splitlines() if "PRIVATE KEY" not in line]
    assert body and all(len(line) > 20 for line in body)
    site = tmp_path / "site"
    released.project.run("publish", "-o", str(site))
    published = [*(released.project.root / "dist").rglob("*"), *site.rglob("*")]
    files = [p for p in published if p.is_file()]
    assert len(files) > 60
    public = (released.key.parent / "release-key.pub").read_text().split()[1]
    carrying_public = 0
    for path in files:
        data = path.read_bytes()
        assert b"PRIVATE KEY" not in data, path
        assert not [line for line in body if line.encode() in data], path
        carrying_public += public.encode() in data
    assert carrying_public >= 4  # the public half is published, in every release and site


# ---- the public side: the static site and the Verify page ----------------------------------


@pytest.fixture(scope="module")
def site(released, tmp_path_factory) -> Path:
    """The static site ``publish -o`` writes from the project with two releases."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = released.project.run("publish", "-o", str(out))
    assert result.exit_code == 1, result.stderr  # Arabic is left out
    return out


def commands(page: Path) -> dict[str, str]:
    """The commands a Verify page tells the reader to type, by step."""
    found = re.findall(r'<code class="command" data-step="(\w+)">(.*?)</code>',
                       page.read_text(encoding="utf-8"), re.S)
    return {step: html.unescape(command) for step, command in found}


def checksums(page: Path) -> dict[str, tuple[str, str]]:
    """Each download of a letter page: (the SHA-256 it shows, what it says of its release)."""
    text = page.read_text(encoding="utf-8")
    found = re.findall(r'download="([^"]+)">.*?<code dir="ltr">([0-9a-f]{64})</code> '
                       r'<(?:a|span) class="(?:signed|unsigned)"[^>]*>(.*?)</(?:a|span)>',
                       text, re.S)
    return {name: (digest, said) for name, digest, said in found}


def test_the_static_site_carries_every_release_byte_for_byte(released, site):
    for folder in (released.first, released.second):
        copy = site / "releases" / folder.name
        assert [Path(p).relative_to(copy) for p in every_file(copy)] == [
            Path(p).relative_to(folder) for p in every_file(folder)]
        for path in every_file(folder):
            assert Path(path).read_bytes() == (copy / Path(path).relative_to(folder)).read_bytes()
        assert check_signature(copy).returncode == 0
        assert standard("sha256sum -c SHA256SUMS", copy).returncode == 0


def test_every_download_shows_its_sha256_and_the_release_that_signed_it(released, site):
    for lang in ("fa", "fr", "en"):
        folder = site / "read" / "letter" / lang
        shown = checksums(folder / "index.html")
        assert len(shown) == (5 if lang == "en" else 8)
        for name, (digest, said) in shown.items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
            # The reading room's file is the latest release's, byte for byte.
            assert (released.second / lang / name).read_bytes() == (folder / name).read_bytes()
            assert said.endswith(f' <bdi dir="ltr">{TODAY}.2</bdi>'), (lang, name)  # the latest
    french = (site / "read" / "letter" / "fr" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../../verify/fr/index.html#release-{TODAY}.2"' in french
    assert "signé dans la version" in french  # the static page speaks the letter's language


def test_the_verify_page_commands_work_as_written(released, site, tmp_path):
    """A reader downloads the list, its signature and allowed_signers beside a letter, then
    types the page's commands."""
    page = site / "verify" / "en" / "index.html"
    typed = commands(page)
    assert typed == {
        "signature": f"ssh-keygen -Y verify -f allowed_signers -I {PRINCIPAL} -n {NAMESPACE} "
                     "-s SHA256SUMS.sig < SHA256SUMS",
        "file": 'grep "^$(sha256sum letter.pdf | cut -c 1-64) " SHA256SUMS',
        "folder": "sha256sum -c SHA256SUMS",
        "tool": "translate-letter verify --release DIR letter.pdf",
    }
    text = page.read_text(encoding="utf-8")
    fingerprint = re.search(r'<code id="fingerprint">([^<]+)</code>', text)[1]
    assert fingerprint == (released.second / "release-key.fingerprint").read_text().strip()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    shutil.copyfile(site / "read" / "letter" / "fa" / "letter.pdf", downloads / "letter.pdf")
    for name in ("SHA256SUMS", "SHA256SUMS.sig", "allowed_signers"):
        link = re.search(rf'<a href="([^"]+/{re.escape(name)})">{re.escape(name)}</a>', text)[1]
        shutil.copyfile((page.parent / link).resolve(), downloads / name)

    signature = standard(typed["signature"], downloads)
    assert signature.returncode == 0 and signature.stdout.strip().endswith(fingerprint)
    found = standard(typed["file"], downloads)
    digest = hashlib.sha256((downloads / "letter.pdf").read_bytes()).hexdigest()
    assert found.stdout == f"{digest}  fa/letter.pdf\n"
    pdf = downloads / "letter.pdf"
    data = bytearray(pdf.read_bytes())
    data[100] ^= 0x20
    pdf.write_bytes(bytes(data))  # one byte changed: not the published file
    assert standard(typed["file"], downloads).stdout == ""
    pdf.unlink()
    assert standard(typed["file"], downloads).stdout == ""  # no file: no line either
    whole = standard(typed["folder"], site / "releases" / released.second.name)
    assert whole.returncode == 0 and whole.stdout.count(": OK") == 26


def test_the_verify_page_is_in_the_readers_language_with_the_releases_and_changes(released,
                                                                                 site):
    persian = (site / "verify" / "fa" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl" data-script="Arab">' in persian
    assert "<h1>راستی\u200cآزمایی فایل دریافتی</h1>" in persian
    fingerprint = (released.second / "release-key.fingerprint").read_text().strip()
    assert f'<code id="fingerprint">{fingerprint}</code>' in persian
    french = (site / "verify" / "fr" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Vérifier un téléchargement</h1>" in french
    assert french.index(f'id="release-{TODAY}.2"') < french.index(f'id="release-{TODAY}.1"')
    assert f'Ce qui a changé depuis la version <bdi dir="ltr">{TODAY}.1</bdi>' in french
    assert "Français</span>: segments modifiés\u00a0: 1" in french
    assert "droits <del>de l&#39;homme</del>" in french and "droits <ins>humains</ins>" in french
    assert f'href="../../releases/{TODAY}.2/CHANGES.txt"' in french
    assert "Persan</span>: inchangé" in french
    for lang in ("fa", "fr", "en"):
        page = (site / "read" / "letter" / lang / "index.html").read_text(encoding="utf-8")
        assert f'<p class="verify-link"><a href="../../../verify/{lang}/index.html">' in page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="verify/en/index.html">Verify a download</a>' in index
    for page in (site / "verify").rglob("index.html"):
        for link in re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8")):
            assert (page.parent / link).resolve().is_file(), (page, link)


@pytest.mark.slow
def test_the_verify_page_opens_from_file_in_chromium_with_the_fingerprint(released, site,
                                                                         chromium):
    page = chromium.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto((site / "verify" / "fa" / "index.html").as_uri())
    fingerprint = (released.second / "release-key.fingerprint").read_text().strip()
    expect(page.locator("#fingerprint")).to_have_text(fingerprint)
    expect(page.locator("#fingerprint")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.locator("pre").first.evaluate("e => getComputedStyle(e).direction") == "ltr"
    latest = page.locator(f"#release-{TODAY.replace('-', chr(92) + '-')}\\.2")
    latest.locator("summary").click()
    row = latest.locator("tr", has_text="fa/letter.pdf").first
    expect(row).to_be_visible()
    digest = hashlib.sha256((released.second / "fa" / "letter.pdf").read_bytes()).hexdigest()
    expect(row.locator("code")).to_have_text(digest)
    row.get_by_role("link").click()  # a release's file opens from the site itself
    assert failed == []
    page.close()


# ---- the public side: the reading room on the server ---------------------------------------


def test_the_reading_room_serves_the_releases_and_follows_a_new_one(server):
    project = server.project
    asked = server.get("/verify/", **{"Accept-Language": "fr-FR, fr;q=0.9"})
    assert asked.status_code == 303 and asked.headers["Location"].endswith("/verify/fr/")
    assert server.get("/verify/", **{"Accept-Language": "de"}).headers["Location"].endswith(
        "/verify/en/")
    before = server.get("/verify/fr/")
    assert before.status_code == 200 and "Aucune version signée pour l’instant." in before.text
    page = server.get("/read/letter/fr/").text
    assert "pas encore dans une version signée" not in page  # its words follow the reader's
    assert page.count("not in a signed release yet") == 8

    project.ok("key", "init")
    project.ok("release", "--version", "first")
    folder = project.root / "dist" / "release" / "first"
    fingerprint = (folder / "release-key.fingerprint").read_text().strip()
    french = server.get("/verify/fr/", **{"If-None-Match": before.headers["ETag"]})
    assert french.status_code == 200 and f'<code id="fingerprint">{fingerprint}</code>' \
        in french.text
    for name in ("SHA256SUMS", "SHA256SUMS.sig", "allowed_signers", "fa/letter.pdf"):
        served = server.get(f"/releases/first/{name}")
        assert served.status_code == 200 and served.content == (folder / name).read_bytes()
    assert server.get("/releases/first/fa/letter.pdf").headers["Content-Type"] == \
        "application/pdf"
    for missing in ("/releases/first/ar/letter.pdf", "/releases/second/SHA256SUMS",
                    "/releases/first/%2e%2e/%2e%2e/pyproject.toml", "/releases/first/.lock",
                    "/verify/de/"):
        assert server.get(missing).status_code == 404, missing

    page = server.get("/read/letter/fr/", **{"Accept-Language": "en"}).text
    shown = re.findall(r'download="([^"]+)">.*?<code dir="ltr">([0-9a-f]{64})</code> '
                       r'<a class="signed" href="([^"]+)">signed in release <bdi dir="ltr">'
                       r'first</bdi></a>',
                       page, re.S)
    assert len(shown) == 8
    for name, digest, href in shown:
        served = server.get(f"/read/letter/fr/{name}").content
        assert hashlib.sha256(served).hexdigest() == digest
        assert href == "../../../verify/en/#release-first"

    # A correction not released yet: the page, made again, says so beside its new checksum.
    catalog = load_catalog(project.po("fr"))
    index = next(i for i, m in enumerate(messages(catalog)) if "droits de l'homme" in m.string)
    correct(project.po("fr"), index, "droits de l'homme", "droits humains")
    assert wait_for(lambda: "droits humains" in server.get("/read/letter/fr/").text)
    corrected = server.get("/read/letter/fr/", **{"Accept-Language": "en"}).text
    assert corrected.count("not in a signed release yet") == 8
    assert corrected.count("signed in release") == 0
