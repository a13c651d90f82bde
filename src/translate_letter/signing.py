"""Signed folders: every file listed in ``SHA256SUMS`` and that list signed with OpenSSH.

A signed folder (a release) holds its files, ``SHA256SUMS`` in GNU coreutils' format (so
``sha256sum -c SHA256SUMS`` checks it), ``SHA256SUMS.sig``, a detached OpenSSH signature of
that list in the namespace ``translate-letter`` (``ssh-keygen -Y sign``), and the key's public
half three ways: ``release-key.pub``, an ``allowed_signers`` file and the key's fingerprint.
Anyone checks it with the standard tools alone (:func:`signature_command`)::

    ssh-keygen -Y verify -f allowed_signers -I release@translate-letter -n translate-letter \\
        -s SHA256SUMS.sig < SHA256SUMS
    sha256sum -c SHA256SUMS

Nothing here knows a project: a key is a path, a release a folder.  ``ssh-keygen`` does all
the cryptography; this module only runs it and reads its answers.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .core.errors import UserError

NAMESPACE = "translate-letter"  # what a signature is for (ssh-keygen -n)
PRINCIPAL = "release@translate-letter"  # who signs, in allowed_signers (ssh-keygen -I)
SUMS = "SHA256SUMS"
SIGNATURE = "SHA256SUMS.sig"
PUBLIC_KEY = "release-key.pub"
ALLOWED_SIGNERS = "allowed_signers"
FINGERPRINT = "release-key.fingerprint"
KEY_FILE = "release-key"  # the private key's name in an instance folder
UNSIGNED = (SUMS, SIGNATURE)  # the files SHA256SUMS does not list
_SUM_LINE = re.compile(r"(?P<hash>[0-9a-fA-F]{64}) [ *](?P<name>.+)")
_GOOD = re.compile(r"with \S+ key (?P<fingerprint>SHA256:\S+)")


def ssh_keygen(*args: str, stdin: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run OpenSSH's ``ssh-keygen`` (never prompting); missing, it is a user error."""
    program = shutil.which("ssh-keygen")
    if program is None:
        raise UserError("ssh-keygen not found: install OpenSSH's client (Debian: "
                        "openssh-client) to sign and verify releases")
    with open(stdin if stdin is not None else os.devnull, "rb") as given:
        done = subprocess.run([program, *args], stdin=given, capture_output=True)
    return subprocess.CompletedProcess(done.args, done.returncode,
                                       done.stdout.decode("utf-8", "replace"),
                                       done.stderr.decode("utf-8", "replace"))


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no reason given"


@dataclass(frozen=True)
class SigningKey:
    """A private OpenSSH key on disk (mode 0600) and its public half beside it (``.pub``)."""

    path: Path

    @property
    def public(self) -> Path:
        return self.path.with_name(self.path.name + ".pub")

    def check(self) -> SigningKey:
        """This key, if it is there and private to its owner; else a user error."""
        if not self.path.is_file() or not self.public.is_file():
            raise UserError(f"no release key at {self.path} (make one with 'translate-letter "
                            "key init', or pass --key PATH)")
        mode = stat.S_IMODE(self.path.stat().st_mode)
        if mode & 0o077:
            raise UserError(f"{self.path}: the release key is readable by others (mode "
                            f"{mode:04o}); run 'chmod 600 {self.path}'")
        return self

    def fingerprint(self) -> str:
        """``SHA256:…``, as ``ssh-keygen -l`` prints it."""
        return fingerprint(self.public)


def init_key(path: Path) -> SigningKey:
    """Make an ed25519 key at ``path`` (mode 0600) and ``path.pub``; an existing key is never
    replaced."""
    key = SigningKey(path)
    for existing in (key.path, key.public):
        if existing.exists():
            raise UserError(f"{existing} exists already: a release key is made once (pass "
                            "--key PATH for another)")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    made = ssh_keygen("-q", "-t", "ed25519", "-N", "", "-C", PRINCIPAL, "-f", str(path))
    if made.returncode != 0:
        raise UserError(f"ssh-keygen could not make a key at {path}: "
                        f"{_last_line(made.stderr)}")
    path.chmod(0o600)
    return key


def fingerprint(public: Path) -> str:
    """The SHA-256 fingerprint of the public key in ``public`` (``SHA256:…``)."""
    listed = ssh_keygen("-l", "-E", "sha256", "-f", str(public))
    found = re.search(r"SHA256:\S+", listed.stdout)
    if listed.returncode != 0 or found is None:
        raise UserError(f"{public}: not an OpenSSH public key ({_last_line(listed.stderr)})")
    return found.group(0)


def allowed_signers(public_key: str) -> str:
    """The ``allowed_signers`` line that lets ``public_key`` sign in this namespace only."""
    fields = public_key.split()
    if len(fields) < 2:
        raise UserError(f"not an OpenSSH public key: {public_key[:40]!r}")
    return f'{PRINCIPAL} namespaces="{NAMESPACE}" {fields[0]} {fields[1]}\n'


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def listed_files(folder: Path) -> list[str]:
    """The files ``SHA256SUMS`` lists: every file below ``folder`` but the list and its
    signature, as sorted relative paths with ``/``."""
    names = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
    return sorted(name for name in names if name not in UNSIGNED)


def sums_text(folder: Path, names: Iterable[str]) -> str:
    """``SHA256SUMS`` of ``names`` in ``folder``, as ``sha256sum`` writes it."""
    return "".join(f"{sha256_of(folder / name)}  {name}\n" for name in names)


def read_sums(path: Path) -> dict[str, str]:
    """The names and hashes of a ``SHA256SUMS`` file (lines it cannot read are left out)."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _SUM_LINE.fullmatch(line)
        if match:
            found[match["name"]] = match["hash"].lower()
    return found


def sign_folder(folder: Path, key: SigningKey) -> str:
    """Publish ``key``'s public half in ``folder``, list every file in ``SHA256SUMS`` and
    sign the list; the key's fingerprint."""
    key.check()
    public_key = key.public.read_text(encoding="utf-8")
    print_ = key.fingerprint()
    (folder / PUBLIC_KEY).write_text(public_key, encoding="utf-8")
    (folder / ALLOWED_SIGNERS).write_text(allowed_signers(public_key), encoding="utf-8")
    (folder / FINGERPRINT).write_text(print_ + "\n", encoding="utf-8")
    (folder / SUMS).write_text(sums_text(folder, listed_files(folder)), encoding="utf-8")
    (folder / SIGNATURE).unlink(missing_ok=True)
    signed = ssh_keygen("-Y", "sign", "-f", str(key.path), "-n", NAMESPACE,
                        str(folder / SUMS))
    if signed.returncode != 0 or not (folder / SIGNATURE).is_file():
        raise UserError(f"ssh-keygen could not sign with {key.path}: "
                        f"{_last_line(signed.stderr)}")
    return print_


def signature_command(signers: str = ALLOWED_SIGNERS) -> str:
    """The shell command that checks a release's signature with OpenSSH alone."""
    return (f"ssh-keygen -Y verify -f {signers} -I {PRINCIPAL} -n {NAMESPACE} "
            f"-s {SIGNATURE} < {SUMS}")


@dataclass(frozen=True)
class Signature:
    """Whether a release's ``SHA256SUMS`` is signed by a trusted key, and by which."""

    good: bool
    fingerprint: str = ""
    reason: str = ""
    own_key: bool = False  # trusted only because the release names it


def check_signature(release: Path, signers: Path | None = None) -> Signature:
    """Check ``release``'s signature of its ``SHA256SUMS`` against ``signers`` (an
    allowed-signers file or a public key), else against the release's own
    ``allowed_signers``."""
    if not (release / SIGNATURE).is_file():
        return Signature(False, reason=f"{SIGNATURE} is missing: the list is not signed")
    own = signers is None
    signers = release / ALLOWED_SIGNERS if signers is None else signers
    if not signers.is_file():
        return Signature(False, reason=f"{ALLOWED_SIGNERS} is missing: no key to check with")
    with tempfile.TemporaryDirectory(prefix="translate-letter-") as scratch:
        allowed = _as_allowed_signers(signers, Path(scratch))
        checked = ssh_keygen("-Y", "verify", "-f", str(allowed), "-I", PRINCIPAL,
                             "-n", NAMESPACE, "-s", str(release / SIGNATURE),
                             stdin=release / SUMS)
    good = _GOOD.search(checked.stdout)
    if checked.returncode != 0 or good is None:
        return Signature(False, reason=f"the signature of {SUMS} is refused (ssh-keygen: "
                                       f"{_last_line(checked.stderr + checked.stdout)})")
    return Signature(True, good["fingerprint"], own_key=own)


def _as_allowed_signers(path: Path, scratch: Path) -> Path:
    """``path`` as an allowed-signers file: a public key becomes one."""
    text = path.read_text(encoding="utf-8", errors="replace").strip()
    if not re.match(r"(ssh|ecdsa|sk)-", text):
        return path
    allowed = scratch / ALLOWED_SIGNERS
    allowed.write_text(allowed_signers(text), encoding="utf-8")
    return allowed


@dataclass(frozen=True)
class Verdict:
    """One file checked: authentic or not, in which release, under which name, and why."""

    path: Path
    release: Path
    authentic: bool
    name: str = ""  # its line in SHA256SUMS
    reason: str = ""


def find_release(path: Path) -> Path:
    """The nearest folder holding ``SHA256SUMS``, from ``path``'s folder up."""
    for folder in path.resolve().parents:
        if (folder / SUMS).is_file():
            return folder
    raise UserError(f"{path}: no {SUMS} in its folder or above it; pass --release DIR")


def verify_files(paths: Iterable[Path], release: Path | None = None,
                 signers: Path | None = None) -> tuple[list[Verdict], dict[Path, Signature]]:
    """Check each file against its release's signed ``SHA256SUMS``: the verdicts, in order,
    and the signature of each release checked."""
    paths = list(paths)
    if release is not None and not (release / SUMS).is_file():
        raise UserError(f"{release}: no {SUMS} there (not a release folder)")
    for path in paths:
        if not path.is_file():
            raise UserError(f"{path}: no such file")
    homes = {path: (release or find_release(path)).resolve() for path in paths}
    signatures = {home: check_signature(home, signers) for home in dict.fromkeys(homes.values())}
    verdicts = [_verdict(path, home, signatures[home]) for path, home in homes.items()]
    return verdicts, signatures


def _verdict(path: Path, release: Path, signature: Signature) -> Verdict:
    if not signature.good:
        return Verdict(path, release, False, reason=signature.reason)
    resolved = path.resolve()
    inside = resolved.is_relative_to(release)
    name = resolved.relative_to(release).as_posix() if inside else ""
    if name in UNSIGNED:
        return Verdict(path, release, True, name)  # the signature holds: both are authentic
    sums = read_sums(release / SUMS)
    digest = sha256_of(path)
    if inside:
        if name not in sums:
            return Verdict(path, release, False, name, f"{name} is not listed in {SUMS}")
        if sums[name] != digest:
            return Verdict(path, release, False, name,
                           f"its SHA-256 is not the one {SUMS} lists for {name}")
        return Verdict(path, release, True, name)
    matching = sorted(n for n, h in sums.items() if h == digest)
    if not matching:
        return Verdict(path, release, False, reason=f"its SHA-256 is on no line of {SUMS}")
    return Verdict(path, release, True, matching[0])
