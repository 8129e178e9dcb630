"""Shared fixtures. The server tests start ``$AGGLM_BIN serve`` on a free loopback port and are skipped,
with that reason, when AGGLM_BIN is unset (Scripts/test.sh sets it to the freshly built binary)."""

import os
import signal
import socket
import subprocess
from pathlib import Path

import pytest

from agglm import Client

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPOSITORY = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def agglm_bin() -> str:
    binary = os.environ.get("AGGLM_BIN")
    if not binary:
        pytest.skip("AGGLM_BIN is not set: no server binary to test against")
    return binary


@pytest.fixture(scope="module")
def server(agglm_bin):
    """(endpoint, process, client) of a server with one worker thread and the embedded default checkpoint."""
    endpoint = f"tcp://127.0.0.1:{free_port()}"
    process = subprocess.Popen([agglm_bin, "serve", "--bind", endpoint, "--workers", "1"])
    client = Client(endpoint, timeout=2.0, retries=5)
    client.health()  # waits (with retries) until the server answers
    yield endpoint, process, client
    client.close()
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
