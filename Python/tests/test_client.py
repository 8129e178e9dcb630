"""The client: Lazy Pirate retries against scripted sockets, then the real server from AGGLM_BIN."""

import signal
import threading
import time

import pytest
import zmq

from agglm import AggLMError, AggLMTimeout, Client, answer, answers, method_answer, method_number, pb, to_dict


def test_lazy_pirate_gives_up_after_retries():
    context = zmq.Context()
    silent = context.socket(zmq.ROUTER)
    port = silent.bind_to_random_port("tcp://127.0.0.1")
    client = Client(f"tcp://127.0.0.1:{port}", timeout=0.1, retries=2, context=context)
    started = time.monotonic()
    with pytest.raises(AggLMTimeout):
        client.health()
    assert 0.25 < time.monotonic() - started < 2.0
    client.close()
    silent.close(linger=0)
    context.term()


def test_lazy_pirate_reopens_the_socket_and_gets_the_retry_answered():
    """The server drops the first request; the retry must come from a new socket (a new REQ identity) and
    its answer must be returned."""
    context = zmq.Context()
    server = context.socket(zmq.ROUTER)
    port = server.bind_to_random_port("tcp://127.0.0.1")
    identities = []

    def serve():
        for attempt in range(2):
            identity, empty, body = server.recv_multipart()
            identities.append(identity)
            if attempt == 1:
                reply = pb.Reply()
                reply.health.workers_alive = 3
                server.send_multipart([identity, empty, reply.SerializeToString()])

    thread = threading.Thread(target=serve)
    thread.start()
    with Client(f"tcp://127.0.0.1:{port}", timeout=0.3, retries=1, context=context) as client:
        assert client.health().workers_alive == 3
    thread.join(timeout=5)
    assert len(identities) == 2 and identities[0] != identities[1]
    server.close(linger=0)
    context.term()


def test_method_names():
    assert method_number("confidence-weighted") == pb.METHOD_CONFIDENCE_WEIGHTED
    assert method_number("METHOD_MAJORITY") == pb.METHOD_MAJORITY
    assert method_number(pb.METHOD_AGGLM) == pb.METHOD_AGGLM
    with pytest.raises(ValueError, match="known"):
        method_number("best")


def _problem(pid, answers_, confidence=False):
    problem = {
        "id": pid,
        "question": "q",
        "candidates": [{"id": f"{pid}-{i}", "text": f"the answer is {a}", "answer": a} for i, a in enumerate(answers_)],
    }
    if confidence:
        for i, candidate in enumerate(problem["candidates"]):
            candidate["confidence"] = {"meanLogprob": -0.1 * (i + 1), "lowestWindowLogprob": -0.2 * (i + 1), "tokenCount": 5}
    return problem


def test_aggregate_answers_each_problem(server):
    _, _, client = server
    response = client.aggregate([_problem("p1", ["4", "4", "5"]), _problem("p2", ["7"])], request_id="r1")
    assert response.request_id == "r1"
    assert [r.problem_id for r in response.results] == ["p1", "p2"]
    assert answers(response) == {"p1": "4", "p2": "7"}
    assert method_answer(response.results[0], "majority") == "4"
    assert to_dict(response.results[0])["problem_id"] == "p1"


def test_named_methods_and_confidence(server):
    _, _, client = server
    response = client.aggregate([_problem("c", ["4", "5", "5"], confidence=True)], methods=["majority", "confidence-weighted"])
    result = response.results[0]
    assert method_answer(result, "majority") == "5"
    # The weights exp(-0.2), exp(-0.4), exp(-0.6): 4 keeps 0.82, 5 gets 0.67 + 0.55 = 1.22.
    assert method_answer(result, "confidence-weighted") == "5"


def test_unset_protocol_version_means_current(server):
    _, _, client = server
    request = Client.aggregate_request([_problem("v", ["3", "3"])])
    request.aggregate.protocol_version = 0
    reply = client.send(request)
    assert reply.WhichOneof("kind") == "aggregate" and not reply.aggregate.HasField("error")
    assert answer(reply.aggregate.results[0]) == "3"
    assert reply.aggregate.protocol_version == pb.PROTOCOL_VERSION_CURRENT
    request.aggregate.protocol_version = 99
    reply = client.send(request)
    assert reply.aggregate.error.code == pb.ERROR_CODE_UNSUPPORTED_VERSION


def test_bad_inputs_get_error_codes_and_server_keeps_serving(server):
    _, _, client = server
    reply = client.send_frame(b"\xff\xff\xff")
    assert reply.WhichOneof("kind") == "error" and reply.error.code == pb.ERROR_CODE_MALFORMED
    request = Client.aggregate_request([_problem("x", ["1"])])
    request.aggregate.protocol_version = 2
    with pytest.raises(AggLMError) as refused:
        client._aggregate_reply(client.send(request))
    assert refused.value.code == pb.ERROR_CODE_UNSUPPORTED_VERSION
    empty = client.aggregate([{"id": "empty", "candidates": []}, _problem("ok", ["1"])])
    assert empty.results[0].error.code == pb.ERROR_CODE_EMPTY_CANDIDATES
    assert answer(empty.results[0]) is None
    assert client.aggregate([_problem("after", ["2"])]).results[0].problem_id == "after"


def test_batches_and_health(server):
    _, _, client = server
    problems = [_problem(f"b{i}", ["1", "2", "2"]) for i in range(10)]
    results = client.aggregate_batched(problems, batch_size=3)
    assert [r.problem_id for r in results] == [p["id"] for p in problems]
    health = client.health()
    assert health.workers_alive >= 1
    assert health.requests_served >= 4
    assert health.checkpoint == "embedded default"


def test_sigterm_exits_zero(server):
    _, process, client = server
    client.health()
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) == 0


def _curve_echo_server(context, server_secret, answered, stop):
    """A pure pyzmq CURVE REP server (no ZAP handler: any client key is let in) answering health requests."""
    server = context.socket(zmq.REP)
    server.curve_server = True
    server.curve_secretkey = server_secret
    port = server.bind_to_random_port("tcp://127.0.0.1")

    def serve():
        while not stop.is_set():
            if not server.poll(50):
                continue
            pb.Request.FromString(server.recv())
            reply = pb.Reply()
            reply.health.server_version = "curve"
            server.send(reply.SerializeToString())
            answered.append(1)
        server.close(linger=0)

    thread = threading.Thread(target=serve)
    thread.start()
    return port, thread


@pytest.mark.skipif(not zmq.has("curve"), reason="this libzmq has no CURVE support")
def test_curve_keys_encrypt_and_a_wrong_server_key_fails():
    context = zmq.Context()
    server_public, server_secret = zmq.curve_keypair()
    answered, stop = [], threading.Event()
    port, thread = _curve_echo_server(context, server_secret, answered, stop)
    endpoint = f"tcp://127.0.0.1:{port}"
    public, secret = zmq.curve_keypair()
    with Client(endpoint, timeout=2.0, retries=0, context=context, curve_server_key=server_public.decode(),
                curve_public_key=public, curve_secret_key=secret) as client:
        assert client.health().server_version == "curve"
    with Client(endpoint, timeout=2.0, retries=1, context=context, curve_server_key=server_public) as client:
        assert client.health().server_version == "curve"  # an ephemeral client key pair
    with Client(endpoint, timeout=0.3, retries=1, context=context, curve_server_key=zmq.curve_keypair()[0]) as client:
        with pytest.raises(AggLMTimeout):
            client.health()
    with Client(endpoint, timeout=0.3, retries=0, context=context) as plain:  # no CURVE at all: refused too
        with pytest.raises(AggLMTimeout):
            plain.health()
    assert len(answered) == 2
    stop.set()
    thread.join(timeout=10)
    context.term()
    with pytest.raises(ValueError):
        Client(endpoint, curve_server_key="short")
    with pytest.raises(ValueError):
        Client(endpoint, curve_server_key=server_public, curve_public_key=public)
