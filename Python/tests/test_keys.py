"""Key files from ``agglm keygen`` and a CURVE server with an allow-list, end to end on loopback."""

import os
import signal
import subprocess

import pytest
import zmq

from agglm import AggLMTimeout, Client, KeyFileError, answer, curve_keys, read_key_file, read_key_pair

from conftest import free_port

PUBLIC = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
SECRET = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"


def _write(path, text, mode=0o600):
    path.write_text(text)
    os.chmod(path, mode)
    return str(path)


def test_reads_the_keygen_format_and_zcert_quotes(tmp_path):
    pub = _write(tmp_path / "a.pub", f"# AggLM CURVE public key\npublic-key = {PUBLIC}\n", 0o644)
    assert read_key_file(pub) == (PUBLIC, None)
    _write(tmp_path / "b.key", f'# zcert\npublic-key = "{PUBLIC}"\nsecret-key = "{SECRET}"\n')
    assert read_key_pair(str(tmp_path / "b")) == (PUBLIC, SECRET)
    assert curve_keys(pub, str(tmp_path / "b.key")) == {
        "curve_server_key": PUBLIC, "curve_public_key": PUBLIC, "curve_secret_key": SECRET}


@pytest.mark.parametrize("text, message", [
    ("public-key = short\n", ":1: expected"),
    ("# nothing\n\n", "no `public-key"),
    ("x" * 5000, "larger than"),
])
def test_bad_key_files_are_named_with_their_line(tmp_path, text, message):
    path = _write(tmp_path / "bad.pub", text, 0o644)
    with pytest.raises(KeyFileError, match=message):
        read_key_file(path)


def test_secret_keys_must_be_private_and_present(tmp_path):
    _write(tmp_path / "open.key", f"public-key = {PUBLIC}\nsecret-key = {SECRET}\n", 0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        read_key_pair(str(tmp_path / "open"))
    _write(tmp_path / "half.key", f"public-key = {PUBLIC}\n")
    with pytest.raises(KeyFileError, match="no `secret-key"):
        read_key_pair(str(tmp_path / "half"))
    with pytest.raises(KeyFileError, match="missing"):
        read_key_pair(str(tmp_path / "missing"))


@pytest.mark.skipif(not zmq.has("curve"), reason="this libzmq has no CURVE support")
def test_real_server_admits_only_listed_client_keys(agglm_bin, tmp_path):
    for name in ("server", "alice", "mallory"):
        subprocess.run([agglm_bin, "keygen", "--out", str(tmp_path / name)], check=True, capture_output=True)
    clients = tmp_path / "clients"
    clients.mkdir()
    (clients / "alice.pub").write_text((tmp_path / "alice.pub").read_text())
    endpoint = f"tcp://127.0.0.1:{free_port()}"
    process = subprocess.Popen([agglm_bin, "serve", "--bind", endpoint, "--workers", "1",
                                "--server-key", str(tmp_path / "server.key"), "--client-keys", str(clients)])
    try:
        server_pub = str(tmp_path / "server.pub")
        with Client(endpoint, timeout=2.0, retries=5, **curve_keys(server_pub, str(tmp_path / "alice"))) as alice:
            assert alice.health().workers_alive >= 1
            response = alice.aggregate([{"id": "p", "question": "q", "candidates": [
                {"id": "a", "text": "so 4", "answer": "4"}, {"id": "b", "text": "so 4", "answer": "4"},
                {"id": "c", "text": "so 5", "answer": "5"}]}])
            assert answer(response.results[0]) == "4"
        with Client(endpoint, timeout=0.5, retries=1, **curve_keys(server_pub, str(tmp_path / "mallory"))) as mallory:
            with pytest.raises(AggLMTimeout):
                mallory.health()
        with Client(endpoint, timeout=0.5, retries=0) as plain:
            with pytest.raises(AggLMTimeout):
                plain.health()
        with Client(endpoint, timeout=2.0, retries=2, **curve_keys(server_pub, str(tmp_path / "alice"))) as alice:
            assert alice.health().refused_client_connections >= 1
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
