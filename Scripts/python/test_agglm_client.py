"""Tests of the Python client.

The first tests need only pyzmq, protobuf and protoc. The server tests start ``$AGGLM_BIN serve --bind
tcp://127.0.0.1:<free port> --workers 1`` and are skipped (with the reason) when AGGLM_BIN is unset.

    AGGLM_BIN=.build/release/agglm python3 -m pytest -q Scripts/python
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import zmq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agglm_client import AggLMClient, AggLMError, AggLMTimeout, pb  # noqa: E402


def test_generated_protos_round_trip():
    request = pb.Request()
    request.aggregate.protocol_version = 1
    request.aggregate.request_id = "x"
    decoded = pb.Request()
    decoded.ParseFromString(request.SerializeToString())
    assert decoded.aggregate.request_id == "x"
    assert pb.ERROR_CODE_INVALID_UTF8 == 6


def test_lazy_pirate_gives_up_after_retries():
    context = zmq.Context()
    silent = context.socket(zmq.ROUTER)
    port = silent.bind_to_random_port("tcp://127.0.0.1")
    client = AggLMClient(f"tcp://127.0.0.1:{port}", timeout=0.1, retries=2, context=context)
    started = time.monotonic()
    with pytest.raises(AggLMTimeout):
        client.health()
    assert 0.25 < time.monotonic() - started < 2.0
    client.close()
    silent.close(linger=0)
    context.term()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    binary = os.environ.get("AGGLM_BIN")
    if not binary:
        pytest.skip("AGGLM_BIN is not set: no server binary to test against")
    endpoint = f"tcp://127.0.0.1:{_free_port()}"
    process = subprocess.Popen([binary, "serve", "--bind", endpoint, "--workers", "1"])
    client = AggLMClient(endpoint, timeout=2.0, retries=5)
    client.health()  # waits (with retries) until the server answers
    yield endpoint, process, client
    client.close()
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)


def _problem(pid, answers):
    return {
        "id": pid,
        "question": "q",
        "candidates": [{"id": f"{pid}-{i}", "text": f"the answer is {a}", "answer": a} for i, a in enumerate(answers)],
    }


def test_aggregate_answers_each_problem(server):
    _, _, client = server
    response = client.aggregate([_problem("p1", ["4", "4", "5"]), _problem("p2", ["7"])], request_id="r1")
    assert response.request_id == "r1"
    assert [r.problem_id for r in response.results] == ["p1", "p2"]


def test_bad_inputs_get_error_codes_and_server_keeps_serving(server):
    _, _, client = server
    reply = client.send_frame(b"\xff\xff\xff")
    assert reply.WhichOneof("kind") == "error" and reply.error.code == pb.ERROR_CODE_MALFORMED
    request = pb.Request()
    request.aggregate.protocol_version = 99
    reply = client.send(request)
    assert reply.aggregate.error.code == pb.ERROR_CODE_UNSUPPORTED_VERSION
    empty = client.aggregate([{"id": "empty", "candidates": []}, _problem("ok", ["1"])])
    assert empty.results[0].error.code == pb.ERROR_CODE_EMPTY_CANDIDATES
    assert client.aggregate([_problem("after", ["2"])]).results[0].problem_id == "after"


def test_batches_and_health(server):
    _, _, client = server
    problems = [_problem(f"b{i}", ["1", "2", "2"]) for i in range(10)]
    results = client.aggregate_batched(problems, batch_size=3)
    assert [r.problem_id for r in results] == [p["id"] for p in problems]
    health = client.health()
    assert health.workers_alive >= 1
    assert health.requests_served >= 4


def test_sigterm_exits_zero(server):
    _, process, client = server
    client.health()
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) == 0
