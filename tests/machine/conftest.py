"""Fixtures for machine pre-translation: loopback services, small projects, PO checks."""

from __future__ import annotations

import importlib
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# The loopback services and catalog helpers live beside this file (the benchmark uses them
# too); test modules import them as ``mt_servers`` and ``mt_helpers``.
sys.path.insert(0, str(Path(__file__).parent))
servers = importlib.import_module("mt_servers")


@pytest.fixture
def serve() -> Iterator[Callable[..., object]]:
    """``serve(servers.LibreTranslateServer, **options)`` starts a loopback service; every
    service started is stopped after the test."""
    started = []

    def start(kind: type, **options: object) -> object:
        server = kind(**options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def libre(serve):
    return serve(servers.LibreTranslateServer)


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def small(project):
    """A project whose one document is a few sentences the tests choose (see ``write``)."""

    def write(text: str, doc: str = "letter", **more: str):
        source = project.root / "source"
        for path in source.glob("*.txt"):
            path.unlink()
        for name, body in {doc: text, **more}.items():
            (source / f"{name}.txt").write_text(body, encoding="utf-8")
        project.ok("extract")
        project.ok("update")
        return project

    return write
