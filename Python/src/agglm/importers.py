"""Importers: sampler outputs -> AggLM ``Problem`` messages (the dataset format).

Each importer takes the records its tool writes (Python objects or their JSON form) and returns one
``Problem`` per prompt with one ``Candidate`` per sampled output. Where the output carries per-token
log-probabilities, ``Candidate.confidence`` gets their DeepConf statistics (:mod:`agglm.confidence`).

* :func:`from_vllm` - vLLM ``RequestOutput`` objects from ``LLM.generate`` (``SamplingParams(n>1,
  logprobs=k)``), or their JSON dumps: ``{"request_id", "prompt", "outputs": [{"index", "text",
  "token_ids", "cumulative_logprob", "logprobs": [{token_id: {"logprob", "rank", "decoded_token"}}],
  "finish_reason"}]}``.
* :func:`from_openai` - OpenAI-compatible responses with ``n>1`` and ``logprobs``: chat completions
  (``choices[].message.content``, ``choices[].logprobs.content[].logprob``), legacy completions
  (``choices[].text``, ``choices[].logprobs.token_logprobs``), bare or as Batch API output lines
  (``{"custom_id", "response": {"body": ...}}``).
* :func:`from_lm_eval` - lm-evaluation-harness ``--log_samples`` records (``samples_<task>_<date>.jsonl``):
  ``{"doc_id", "doc", "target", "arguments", "resps": [[...]], "filter", ...}``; every string in
  ``resps`` is a candidate, ``target`` the gold. The harness writes a doc once per filter with the same
  responses: later copies of a doc are skipped. It stores no log-probabilities for generations.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
from typing import Any, Callable, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from google.protobuf import json_format

from .confidence import DEFAULT_TAIL, DEFAULT_WINDOW, token_confidence_message
from .v1 import agglm_pb2 as pb


class ConversionError(ValueError):
    """A record that does not have the expected shape; ``where`` says which: ``file:line``, or ``record N``
    (1-based; the line number in a JSON Lines file without blank lines)."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where


@contextlib.contextmanager
def _record(where: str) -> Iterator[None]:
    """Turns a record of an unexpected shape (a list where an object belongs, ...) into a ConversionError."""
    try:
        yield
    except ConversionError:
        raise
    except (TypeError, AttributeError, KeyError, IndexError, ValueError) as error:
        raise ConversionError(where, f"unexpected shape ({type(error).__name__}: {error})") from None


def _get(record: Any, name: str, default: Any = None) -> Any:
    """A field of a dict or an attribute of an object (vLLM's classes and their JSON dumps alike)."""
    if isinstance(record, Mapping):
        return record.get(name, default)
    return getattr(record, name, default)


def _text(value: Any, where: str, what: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    raise ConversionError(where, f"{what} is {type(value).__name__}, expected a string")


def _candidate(cid: str, model: str, text: str, logprobs: Optional[List[float]], window: int, tail: int) -> "pb.Candidate":
    candidate = pb.Candidate(id=cid, model=model, text=text)
    if logprobs:
        candidate.confidence.CopyFrom(token_confidence_message(logprobs, window, tail))
    return candidate


def _problem(pid: str, question: str, gold: Optional[str], source: str, candidates: Sequence["pb.Candidate"]) -> "pb.Problem":
    problem = pb.Problem(id=pid, question=question, source=source)
    if gold is not None:
        problem.gold = gold
    problem.candidates.extend(candidates)
    return problem


# -- vLLM --------------------------------------------------------------------------------------------

def _vllm_sampled_logprobs(output: Any, where: str) -> Optional[List[float]]:
    """log p of each sampled token: ``logprobs[i][token_ids[i]]`` (vLLM always includes the sampled token
    in a position's dict, besides the top-k)."""
    positions = _get(output, "logprobs")
    if not positions:
        return None
    token_ids = _get(output, "token_ids") or []
    if len(token_ids) != len(positions):
        raise ConversionError(where, f"{len(positions)} logprob positions for {len(token_ids)} token_ids")
    values = []
    for i, (token_id, entries) in enumerate(zip(token_ids, positions)):
        if not isinstance(entries, Mapping):
            raise ConversionError(where, f"logprobs[{i}] is not a mapping of token id to logprob")
        entry = entries.get(token_id, entries.get(str(token_id)))
        if entry is None:
            raise ConversionError(where, f"logprobs[{i}] lacks the sampled token {token_id}")
        value = entry if isinstance(entry, (int, float)) else _get(entry, "logprob")
        if not isinstance(value, (int, float)):
            raise ConversionError(where, f"logprobs[{i}][{token_id}] has no numeric logprob")
        values.append(float(value))
    return values


def vllm_top_logprobs(output: Any, k: int) -> List[List[float]]:
    """Per position, the log-probabilities of the ``k`` most likely tokens of a vLLM ``CompletionOutput``
    (``SamplingParams(logprobs=k)``), for :func:`agglm.deepconf_statistics`. A position's dict also holds
    the sampled token when it ranked below k; that entry is left out by its ``rank``."""
    positions = []
    for i, entries in enumerate(_get(output, "logprobs") or []):
        if not isinstance(entries, Mapping):
            raise ConversionError(f"logprobs[{i}]", "not a mapping of token id to logprob")
        values = []
        for entry in entries.values():
            value = entry if isinstance(entry, (int, float)) else _get(entry, "logprob")
            rank = None if isinstance(entry, (int, float)) else _get(entry, "rank")
            if isinstance(value, (int, float)) and (rank is None or rank <= k):
                values.append(float(value))
        positions.append(sorted(values, reverse=True)[:k])
    return positions


def from_vllm(
    outputs: Iterable[Any],
    model: str = "",
    golds: Optional[Mapping[str, str]] = None,
    window: int = DEFAULT_WINDOW,
    tail: int = DEFAULT_TAIL,
) -> List["pb.Problem"]:
    """One problem per ``RequestOutput`` (id = ``request_id``, question = ``prompt``), one candidate per
    ``CompletionOutput`` (id = its ``index``). ``golds`` maps request ids to reference answers."""
    problems = []
    for number, request in enumerate(outputs, start=1):
        where = f"record {number}"
        with _record(where):
            pid = str(_get(request, "request_id", number - 1))
            completions = _get(request, "outputs")
            if not isinstance(completions, Sequence) or isinstance(completions, (str, bytes)):
                raise ConversionError(where, "no 'outputs' list: not a vLLM RequestOutput")
            candidates = []
            for position, output in enumerate(completions):
                at = f"{where} output {position}"
                cid = str(_get(output, "index", position))
                text = _text(_get(output, "text"), at, "text")
                candidates.append(_candidate(cid, model, text, _vllm_sampled_logprobs(output, at), window, tail))
            question = _text(_get(request, "prompt"), where, "prompt")
            gold = (golds or {}).get(pid)
            problems.append(_problem(pid, question, gold, "vllm", candidates))
    return problems


# -- OpenAI-compatible -------------------------------------------------------------------------------

def _openai_choice(choice: Mapping[str, Any], where: str) -> Tuple[str, Optional[List[float]]]:
    """Text and sampled-token log-probabilities of one choice (chat or legacy completion)."""
    logprobs = choice.get("logprobs") or {}
    if "message" in choice:
        text = _text((choice.get("message") or {}).get("content"), where, "message.content")
        tokens = logprobs.get("content") or []
        values = [t.get("logprob") for t in tokens if isinstance(t, Mapping)]
    else:
        text = _text(choice.get("text"), where, "text")
        # With echo=True the first prompt token has no logprob (null): only generated tokens count.
        values = [v for v in (logprobs.get("token_logprobs") or []) if v is not None]
    if any(not isinstance(v, (int, float)) for v in values):
        raise ConversionError(where, "a token logprob is not a number")
    return text, [float(v) for v in values] or None


def openai_top_logprobs(choice: Mapping[str, Any]) -> List[List[float]]:
    """Per generated token, the ``top_logprobs`` values of an OpenAI-style choice (chat:
    ``logprobs.content[].top_logprobs[].logprob``; legacy: ``logprobs.top_logprobs[]`` dicts), for
    :func:`agglm.deepconf_statistics`."""
    logprobs = choice.get("logprobs") or {}
    if "message" in choice:
        return [[float(top["logprob"]) for top in token.get("top_logprobs") or []] for token in logprobs.get("content") or []]
    return [[float(v) for v in (top or {}).values()] for top in logprobs.get("top_logprobs") or []]


def from_openai(
    responses: Iterable[Mapping[str, Any]],
    questions: Optional[Mapping[str, str]] = None,
    golds: Optional[Mapping[str, str]] = None,
    window: int = DEFAULT_WINDOW,
    tail: int = DEFAULT_TAIL,
) -> List["pb.Problem"]:
    """One problem per response (id = the Batch API's ``custom_id``, else the response ``id``), one
    candidate per choice (id = its ``index``, model = the response's ``model``). Responses carry no
    prompt: ``questions`` (and ``golds``) map problem ids to them."""
    problems = []
    for number, record in enumerate(responses, start=1):
        where = f"record {number}"
        with _record(where):
            if not isinstance(record, Mapping):
                raise ConversionError(where, "not a JSON object")
            pid = record.get("custom_id")
            body: Any = record
            if "response" in record and isinstance(record["response"], Mapping):
                body = record["response"].get("body", record["response"])
            if record.get("error") or not isinstance(body, Mapping) or "choices" not in body:
                raise ConversionError(where, "no 'choices': not a completion response (or a failed batch request)")
            pid = str(pid if pid is not None else body.get("id", number - 1))
            model = _text(body.get("model"), where, "model")
            candidates = []
            for position, choice in enumerate(body.get("choices") or []):
                at = f"{where} choice {position}"
                if not isinstance(choice, Mapping):
                    raise ConversionError(at, "not a JSON object")
                text, logprobs = _openai_choice(choice, at)
                candidates.append(_candidate(str(choice.get("index", position)), model, text, logprobs, window, tail))
            problems.append(_problem(pid, (questions or {}).get(pid, ""), (golds or {}).get(pid), "openai", candidates))
    return problems


# -- lm-evaluation-harness ---------------------------------------------------------------------------

_QUESTION_KEYS = ("question", "problem", "Question", "Problem", "input", "query")


def _lm_eval_question(record: Mapping[str, Any]) -> str:
    doc = record.get("doc")
    if isinstance(doc, Mapping):
        for key in _QUESTION_KEYS:
            if isinstance(doc.get(key), str):
                return doc[key]
    arguments = record.get("arguments")
    if isinstance(arguments, Mapping):  # {"gen_args_0": {"arg_0": prompt, "arg_1": generation kwargs}}
        first = arguments.get("gen_args_0")
        if isinstance(first, Mapping) and isinstance(first.get("arg_0"), str):
            return first["arg_0"]
    elif isinstance(arguments, list) and arguments and isinstance(arguments[0], list) and arguments[0]:
        return arguments[0][0] if isinstance(arguments[0][0], str) else ""
    return ""


def _flatten_strings(value: Any, depth: int = 3) -> Iterator[str]:
    """The strings of ``resps`` (a list per request of ``repeats`` strings); deeper nesting is not lm-eval's."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list) and depth > 0:
        for item in value:
            yield from _flatten_strings(item, depth - 1)


def from_lm_eval(samples: Iterable[Mapping[str, Any]], task: str = "", model: str = "") -> List["pb.Problem"]:
    """One problem per ``doc_id`` (id = ``<task>/<doc_id>``), one candidate per generated response
    (ids ``0``, ``1``, ... in ``resps`` order), gold = ``target``."""
    problems = []
    seen = set()
    for number, record in enumerate(samples, start=1):
        where = f"record {number}"
        with _record(where):
            if not isinstance(record, Mapping) or "doc_id" not in record or "resps" not in record:
                raise ConversionError(where, "no 'doc_id'/'resps': not an lm-eval --log_samples record")
            doc_id = str(record["doc_id"])
            if doc_id in seen:
                continue  # the same doc under another filter: same responses
            seen.add(doc_id)
            texts = list(_flatten_strings(record["resps"]))
            candidates = [pb.Candidate(id=str(i), model=model, text=text) for i, text in enumerate(texts)]
            target = record.get("target")
            gold = None if target is None else (target if isinstance(target, str) else json.dumps(target))
            pid = f"{task}/{doc_id}" if task else doc_id
            problems.append(_problem(pid, _lm_eval_question(record), gold, f"lm-eval {task}".strip(), candidates))
    return problems


def lm_eval_task_name(path: str) -> str:
    """``gsm8k`` from ``samples_gsm8k_2025-01-01T00-00-00.123.jsonl`` (the harness's file naming)."""
    name = os.path.basename(path)
    for suffix in (".gz", ".jsonl", ".json"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    if name.startswith("samples_"):
        name = name[len("samples_"):]
        head, sep, _date = name.rpartition("_")
        if sep and head:
            name = head
    return name


# -- files -------------------------------------------------------------------------------------------

def _open_text(path: str) -> io.TextIOBase:
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return open(path, encoding="utf-8")


def read_records(path: str) -> List[Any]:
    """The JSON records of a file: a JSON array, one JSON object, or JSON Lines (plain or gzip).
    Raises :class:`ConversionError` with the line number of a bad line."""
    try:
        with _open_text(path) as handle:
            text = handle.read()
    except (UnicodeDecodeError, EOFError, gzip.BadGzipFile) as error:
        raise ConversionError(path, f"not UTF-8 text or a corrupt gzip file ({error})") from None
    if text.lstrip().startswith("["):
        records = _parse(text, path, 1)
        if not isinstance(records, list):
            raise ConversionError(path, "not a JSON array")
        return records
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(_parse(line, path, number))
        except ConversionError:
            if number == 1 and text.lstrip().startswith("{"):  # perhaps one pretty-printed object
                return [_parse(text, path, 1)]
            raise
    return records


def _parse(text: str, path: str, first_line: int) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ConversionError(f"{path}:{first_line + error.lineno - 1}", f"not valid JSON: {error.msg}") from None
    except RecursionError:
        raise ConversionError(f"{path}:{first_line}", "JSON nested too deeply") from None


def problem_to_json(problem: "pb.Problem") -> str:
    """One dataset line: the proto3 JSON mapping (``rewardScore``, ``meanLogprob``, ...), compact."""
    return json.dumps(json_format.MessageToDict(problem), ensure_ascii=False, separators=(",", ":"))


def write_dataset(problems: Iterable["pb.Problem"], path: str) -> int:
    """Writes a dataset file (gzip when ``path`` ends in ``.gz``); returns the number of problems."""
    count = 0
    opener: Callable[..., Any] = gzip.open if path.endswith(".gz") else open
    temporary = f"{path}.tmp{os.getpid()}"
    with opener(temporary, "wt", encoding="utf-8") as out:
        for problem in problems:
            out.write(problem_to_json(problem))
            out.write("\n")
            count += 1
    os.replace(temporary, path)
    return count


def read_dataset(path: str) -> List["pb.Problem"]:
    """The problems of a dataset file (plain or gzip JSON Lines)."""
    problems = []
    for number, record in enumerate(read_records(path), start=1):
        try:
            problems.append(json_format.ParseDict(record, pb.Problem(), ignore_unknown_fields=True))
        except json_format.ParseError as error:
            raise ConversionError(f"{path}:{number}", str(error)) from None
    return problems
