"""Python client for the AggLM ZeroMQ service.

The protobuf classes are generated at use time from ``Protos/agglm/v1/agglm.proto`` with
``protoc --python_out`` into a cache directory (nothing generated is committed). Needs:

* ``protoc`` (Debian: ``protobuf-compiler``),
* pyzmq and protobuf >= 3.20 (Debian: ``python3-zmq python3-protobuf``; or ``pip install pyzmq protobuf``).

Reliability follows the ZeroMQ guide's Lazy Pirate pattern: each request waits ``timeout`` seconds for its
reply; on a timeout the REQ socket is closed and reopened and the request sent again, at most ``retries``
times, then :class:`AggLMTimeout` is raised.

    client = AggLMClient("tcp://127.0.0.1:5555")
    response = client.aggregate([{"id": "p1", "candidates": [{"id": "a", "text": "...", "answer": "4"}]}])
    print(response.results[0].aggregated.answer)
"""

from __future__ import annotations

import hashlib
import importlib
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import zmq
from google.protobuf import json_format

PROTOCOL_VERSION = 1
_REPO_ROOT = Path(__file__).resolve().parents[2]
_PROTO_ROOT = _REPO_ROOT / "Protos"
_PROTO_FILE = "agglm/v1/agglm.proto"


def load_protos(proto_root: Path | str | None = None, build_dir: Path | str | None = None):
    """Generates (once per schema content) and imports the ``agglm.v1`` protobuf module.

    The code goes to ``build_dir`` or a cache directory under the system temp dir named after the schema's
    hash, so a changed schema is regenerated and concurrent users never see a half-written module.
    """
    root = Path(proto_root) if proto_root else _PROTO_ROOT
    schema = root / _PROTO_FILE
    digest = hashlib.sha256(schema.read_bytes()).hexdigest()[:16]
    out = Path(build_dir) if build_dir else Path(tempfile.gettempdir()) / f"agglm-py-{digest}"
    module_file = out / "agglm" / "v1" / "agglm_pb2.py"
    if not module_file.exists():
        staging = Path(tempfile.mkdtemp(prefix="agglm-py-gen-"))
        subprocess.run(["protoc", f"--python_out={staging}", f"-I{root}", _PROTO_FILE], check=True)
        out.mkdir(parents=True, exist_ok=True)
        target = out / "agglm"
        if not target.exists():
            try:
                os.replace(staging / "agglm", target)
            except OSError:
                pass  # another process won the race; its copy is identical
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    return importlib.import_module("agglm.v1.agglm_pb2")


pb = load_protos()


class AggLMError(Exception):
    """The server refused a request as a whole (``code`` is an ``ErrorCode`` value)."""

    def __init__(self, code: int, message: str):
        super().__init__(f"{pb.ErrorCode.Name(code) if code in pb.ErrorCode.values() else code}: {message}")
        self.code = code
        self.message = message


class AggLMTimeout(Exception):
    """No reply after the first attempt and every retry."""


def make_problem(problem: Any):
    """A ``Problem`` from a ``Problem`` message or a dict in the dataset's JSON form."""
    if isinstance(problem, pb.Problem):
        return problem
    return json_format.ParseDict(problem, pb.Problem())


class AggLMClient:
    """A Lazy Pirate client. One instance per thread (it owns a ZeroMQ socket)."""

    def __init__(self, endpoint: str, timeout: float = 5.0, retries: int = 3, context: zmq.Context | None = None):
        self.endpoint = endpoint
        self.timeout_ms = max(1, int(timeout * 1000))
        self.retries = max(0, retries)
        self._context = context or zmq.Context.instance()
        self._socket = None
        self._connect()

    def _connect(self) -> None:
        if self._socket is not None:
            self._socket.close(linger=0)
        self._socket = self._context.socket(zmq.REQ)
        self._socket.setsockopt(zmq.LINGER, 0)
        self._socket.connect(self.endpoint)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close(linger=0)
            self._socket = None

    def __enter__(self) -> "AggLMClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transport ---------------------------------------------------------------------------------

    def send_frame(self, frame: bytes):
        """Sends raw request bytes and returns the decoded ``Reply`` (Lazy Pirate retries included)."""
        for _attempt in range(self.retries + 1):
            self._socket.send(frame)
            if self._socket.poll(self.timeout_ms, zmq.POLLIN):
                reply = pb.Reply()
                reply.ParseFromString(self._socket.recv())
                return reply
            # The REQ socket is stuck waiting for a reply that will not come: start afresh.
            self._connect()
        raise AggLMTimeout(f"no reply from {self.endpoint} after {self.retries + 1} attempts")

    def send(self, request) -> Any:
        return self.send_frame(request.SerializeToString())

    # -- requests ----------------------------------------------------------------------------------

    def aggregate(
        self,
        problems: Iterable[Any],
        request_id: str | None = None,
        methods: Sequence[int] = (),
        deadline_ms: int = 0,
        include_solution: bool = False,
    ):
        """Aggregates the problems of one request; returns the ``AggregateResponse``.

        Raises :class:`AggLMError` when the server refuses the request as a whole. Per-problem errors (for
        example a problem without candidates) are in ``response.results[i].error``.
        """
        request = pb.Request()
        aggregate = request.aggregate
        aggregate.protocol_version = PROTOCOL_VERSION
        aggregate.request_id = request_id or uuid.uuid4().hex
        aggregate.problems.extend(make_problem(p) for p in problems)
        aggregate.options.methods.extend(methods)
        aggregate.options.deadline_ms = deadline_ms
        aggregate.options.include_solution = include_solution
        reply = self.send(request)
        kind = reply.WhichOneof("kind")
        if kind == "error":
            raise AggLMError(reply.error.code, reply.error.message)
        if kind != "aggregate":
            raise AggLMError(pb.ERROR_CODE_INTERNAL, f"unexpected reply kind {kind!r}")
        if reply.aggregate.HasField("error"):
            raise AggLMError(reply.aggregate.error.code, reply.aggregate.error.message)
        return reply.aggregate

    def aggregate_batched(self, problems: Sequence[Any], batch_size: int = 64, **options) -> list:
        """Aggregates any number of problems in requests of ``batch_size``; one ``ProblemResult`` per problem,
        in order. A refused batch yields results carrying the refusal's error, so nothing goes missing."""
        results = []
        for start in range(0, len(problems), max(1, batch_size)):
            batch = [make_problem(p) for p in problems[start:start + batch_size]]
            try:
                results.extend(self.aggregate(batch, **options).results)
            except AggLMError as error:
                for problem in batch:
                    failed = pb.ProblemResult(problem_id=problem.id)
                    failed.error.code = error.code
                    failed.error.message = error.message
                    results.append(failed)
        return results

    def health(self):
        """The server's ``HealthReply`` (uptime, workers, counts, latency percentiles)."""
        request = pb.Request()
        request.health.SetInParent()
        reply = self.send(request)
        if reply.WhichOneof("kind") != "health":
            raise AggLMError(reply.error.code, reply.error.message)
        return reply.health


def result_to_dict(result) -> Mapping[str, Any]:
    """A ``ProblemResult`` as a JSON-ready dict (proto3 JSON mapping)."""
    return json_format.MessageToDict(result, preserving_proto_field_name=True)
