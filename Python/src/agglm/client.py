"""A client for the AggLM ZeroMQ service.

Reliability follows the ZeroMQ guide's Lazy Pirate pattern (``lpclient``): each request waits ``timeout``
seconds for its reply; on a timeout the REQ socket is closed (linger 0) and a new one connected, and the
request is sent again, at most ``retries`` times; then :class:`AggLMTimeout` is raised. A REQ socket that
lost its reply can never send again, which is why it is replaced rather than reused.

    with Client("tcp://127.0.0.1:5555") as client:
        response = client.aggregate([{"id": "p1", "candidates": [{"id": "a", "text": "... \\\\boxed{4}"}]}])
        print(response.results[0].aggregated.answer)
"""

from __future__ import annotations

import uuid
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import zmq
from google.protobuf import json_format

from .v1 import agglm_pb2 as pb

#: The version this client speaks; the server also takes an unset (0) version as its current one.
PROTOCOL_VERSION = pb.PROTOCOL_VERSION_CURRENT

ProblemLike = Union["pb.Problem", Mapping[str, Any]]
MethodLike = Union[int, str]


class AggLMError(Exception):
    """The server refused a request as a whole; ``code`` is an ``ErrorCode`` value."""

    def __init__(self, code: int, message: str):
        super().__init__(f"{error_name(code)}: {message}")
        self.code = code
        self.message = message


class AggLMTimeout(Exception):
    """No reply after the first attempt and every retry."""


def error_name(code: int) -> str:
    """``ERROR_CODE_...`` for a code this client knows, else the number."""
    return pb.ErrorCode.Name(code) if code in pb.ErrorCode.values() else str(code)


def make_problem(problem: ProblemLike) -> "pb.Problem":
    """A ``Problem`` from a ``Problem`` message or a dict in the dataset's JSON form
    (``rewardScore`` or ``reward_score`` both work)."""
    if isinstance(problem, pb.Problem):
        return problem
    return json_format.ParseDict(problem, pb.Problem())


def method_number(method: MethodLike) -> int:
    """``Method`` value for an enum number or a name as the CLI spells it (``"confidence-weighted"``,
    ``"majority"``, ``"METHOD_AGGLM"``)."""
    if isinstance(method, int):
        return method
    name = method.strip().upper().replace("-", "_")
    if not name.startswith("METHOD_"):
        name = "METHOD_" + name
    try:
        return pb.Method.Value(name)
    except ValueError:
        known = ", ".join(n[len("METHOD_"):].lower().replace("_", "-") for n in pb.Method.keys()[1:])
        raise ValueError(f"unknown method {method!r}; known: {known}") from None


def _key(value: Union[str, bytes], what: str) -> bytes:
    """A CURVE key as libzmq takes it: 40 Z85 characters (``zmq.curve_keypair()``'s form) or 32 raw bytes."""
    key = value.encode("ascii") if isinstance(value, str) else bytes(value)
    if len(key) not in (32, 40):
        raise ValueError(f"{what} must be 40 Z85 characters or 32 bytes, not {len(key)}")
    return key


class Client:
    """A Lazy Pirate client. One instance per thread (it owns a ZeroMQ REQ socket).

    CURVE encryption (for a server started with a CURVE key): ``curve_server_key`` is the server's public
    key; ``curve_public_key``/``curve_secret_key`` are this client's key pair, generated afresh when not
    given (a server that checks client keys needs the pair it knows). A wrong server key fails the
    handshake silently, which shows as :class:`AggLMTimeout`.
    """

    def __init__(
        self,
        endpoint: str = "tcp://127.0.0.1:5555",
        timeout: float = 5.0,
        retries: int = 3,
        context: Optional[zmq.Context] = None,
        curve_server_key: Union[str, bytes, None] = None,
        curve_public_key: Union[str, bytes, None] = None,
        curve_secret_key: Union[str, bytes, None] = None,
    ):
        self.endpoint = endpoint
        self.timeout = timeout
        self.retries = max(0, retries)
        self._timeout_ms = max(1, int(timeout * 1000))
        self._context = context or zmq.Context.instance()
        self._curve: Optional[tuple] = None
        if curve_server_key is not None:
            if (curve_public_key is None) != (curve_secret_key is None):
                raise ValueError("give both curve_public_key and curve_secret_key, or neither")
            if not zmq.has("curve"):
                raise ValueError("this libzmq has no CURVE support")
            if curve_public_key is None:
                curve_public_key, curve_secret_key = zmq.curve_keypair()
            self._curve = (_key(curve_server_key, "curve_server_key"), _key(curve_public_key, "curve_public_key"),
                           _key(curve_secret_key, "curve_secret_key"))
        elif curve_public_key is not None or curve_secret_key is not None:
            raise ValueError("a CURVE client key pair needs curve_server_key")
        self._socket: Optional[zmq.Socket] = None
        self._connect()

    def _connect(self) -> None:
        if self._socket is not None:
            self._socket.close(linger=0)
        self._socket = self._context.socket(zmq.REQ)
        self._socket.setsockopt(zmq.LINGER, 0)
        if self._curve is not None:
            server, public, secret = self._curve
            self._socket.setsockopt(zmq.CURVE_SERVERKEY, server)
            self._socket.setsockopt(zmq.CURVE_PUBLICKEY, public)
            self._socket.setsockopt(zmq.CURVE_SECRETKEY, secret)
        self._socket.connect(self.endpoint)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close(linger=0)
            self._socket = None

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport ---------------------------------------------------------------------------------

    def send_frame(self, frame: bytes) -> "pb.Reply":
        """Sends raw request bytes; returns the decoded ``Reply`` (Lazy Pirate retries included)."""
        if self._socket is None:
            raise RuntimeError("the client is closed")
        for _attempt in range(self.retries + 1):
            self._socket.send(frame)
            if self._socket.poll(self._timeout_ms, zmq.POLLIN):
                return pb.Reply.FromString(self._socket.recv())
            self._connect()
        raise AggLMTimeout(f"no reply from {self.endpoint} after {self.retries + 1} attempts of {self.timeout:g} s")

    def send(self, request: "pb.Request") -> "pb.Reply":
        return self.send_frame(request.SerializeToString())

    # -- requests ----------------------------------------------------------------------------------

    @staticmethod
    def aggregate_request(
        problems: Iterable[ProblemLike],
        request_id: Optional[str] = None,
        methods: Sequence[MethodLike] = (),
        deadline_ms: int = 0,
        include_solution: bool = False,
    ) -> "pb.Request":
        """The ``Request`` :meth:`aggregate` sends (useful to send the same bytes elsewhere)."""
        request = pb.Request()
        aggregate = request.aggregate
        aggregate.protocol_version = PROTOCOL_VERSION
        aggregate.request_id = request_id if request_id is not None else uuid.uuid4().hex
        aggregate.problems.extend(make_problem(p) for p in problems)
        aggregate.options.methods.extend(method_number(m) for m in methods)
        aggregate.options.deadline_ms = deadline_ms
        aggregate.options.include_solution = include_solution
        return request

    def aggregate(
        self,
        problems: Iterable[ProblemLike],
        request_id: Optional[str] = None,
        methods: Sequence[MethodLike] = (),
        deadline_ms: int = 0,
        include_solution: bool = False,
    ) -> "pb.AggregateResponse":
        """Aggregates the problems of one request; returns the ``AggregateResponse``, one result per problem
        in request order.

        ``methods``: names as the CLI spells them (``"agglm"``, ``"majority"``, ``"confidence-weighted"``, ...)
        or ``Method`` values; empty means the server's default set. Raises :class:`AggLMError` when the
        server refuses the request as a whole; a problem that cannot be aggregated (no candidates, say)
        has its own ``results[i].error``.
        """
        request = self.aggregate_request(problems, request_id, methods, deadline_ms, include_solution)
        return self._aggregate_reply(self.send(request))

    @staticmethod
    def _aggregate_reply(reply: "pb.Reply") -> "pb.AggregateResponse":
        kind = reply.WhichOneof("kind")
        if kind == "error":
            raise AggLMError(reply.error.code, reply.error.message)
        if kind != "aggregate":
            raise AggLMError(pb.ERROR_CODE_INTERNAL, f"unexpected reply kind {kind!r}")
        if reply.aggregate.HasField("error"):
            raise AggLMError(reply.aggregate.error.code, reply.aggregate.error.message)
        return reply.aggregate

    def aggregate_batched(self, problems: Sequence[ProblemLike], batch_size: int = 64, **options: Any) -> list:
        """Aggregates any number of problems in requests of ``batch_size``; one ``ProblemResult`` per problem,
        in order. A refused batch yields results carrying the refusal's error, so nothing goes missing."""
        results: list = []
        step = max(1, batch_size)
        for start in range(0, len(problems), step):
            batch = [make_problem(p) for p in problems[start:start + step]]
            try:
                results.extend(self.aggregate(batch, **options).results)
            except AggLMError as error:
                for problem in batch:
                    failed = pb.ProblemResult(problem_id=problem.id)
                    failed.error.code = error.code
                    failed.error.message = error.message
                    results.append(failed)
        return results

    def health(self) -> "pb.HealthReply":
        """The server's ``HealthReply`` (uptime, workers, counts, latency percentiles, checkpoint)."""
        request = pb.Request()
        request.health.SetInParent()
        reply = self.send(request)
        if reply.WhichOneof("kind") != "health":
            raise AggLMError(reply.error.code, reply.error.message)
        return reply.health


# -- result helpers ----------------------------------------------------------------------------------

def answer(result: "pb.ProblemResult") -> Optional[str]:
    """The learned aggregator's answer for one problem, or None when the problem failed or had none."""
    if result.HasField("error") and result.error.code != pb.ERROR_CODE_UNSPECIFIED:
        return None
    if not result.HasField("aggregated"):
        return None
    return result.aggregated.answer


def answers(response: "pb.AggregateResponse") -> dict:
    """``{problem_id: answer or None}`` for a whole response."""
    return {result.problem_id: answer(result) for result in response.results}


def method_answer(result: "pb.ProblemResult", method: MethodLike) -> Optional[str]:
    """The answer of one method (``"majority"``, ``"confidence-weighted"``, ...) for one problem."""
    number = method_number(method)
    if number == pb.METHOD_AGGLM:
        return answer(result)
    if number == pb.METHOD_MAJORITY:
        return result.majority.answer if result.HasField("majority") else None
    if number == pb.METHOD_RM_BEST_OF_N:
        return result.rm_best_of_n.answer if result.HasField("rm_best_of_n") else None
    if number == pb.METHOD_RM_WEIGHTED:
        return result.rm_weighted.answer if result.HasField("rm_weighted") else None
    for other in result.other_methods:
        if other.method == number:
            return other.answer
    return None


def to_dict(message: Any) -> dict:
    """Any message (a ``ProblemResult``, a ``HealthReply``, ...) as a JSON-ready dict."""
    return json_format.MessageToDict(message, preserving_proto_field_name=True)
