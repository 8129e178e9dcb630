"""Importers on fixtures that mirror each tool's documented output shape, and the round trip through the
Swift tools (the converted file is read by `agglm compare`, with confidence-weighted available)."""

import dataclasses
import json
import subprocess
from typing import Dict, List, Optional

import pytest

from agglm import ConversionError, from_lm_eval, from_openai, from_vllm, pb, read_dataset, read_records, write_dataset
from agglm.convert import main as convert_main
from agglm.importers import lm_eval_task_name
from conftest import FIXTURES

VLLM = FIXTURES / "vllm_request_outputs.json"
OPENAI = FIXTURES / "openai_responses.jsonl"
LM_EVAL = FIXTURES / "samples_gsm8k-cot-self-consistency_2025-06-01T12-00-00.000000.jsonl"


def test_vllm_json_dump():
    problems = from_vllm(read_records(str(VLLM)), model="qwen", golds={"0": "5"})
    assert [p.id for p in problems] == ["0", "1"]
    first = problems[0]
    assert first.gold == "5" and not problems[1].HasField("gold")
    assert first.question.startswith("What is 2 + 3?")
    assert [c.id for c in first.candidates] == ["0", "1", "2"]
    assert all(c.model == "qwen" for c in first.candidates)
    # Candidate 0's sampled tokens: -0.1 -0.9 -0.2 -0.4 (token 103 is sampled at rank 2, not the top token).
    confidence = first.candidates[0].confidence
    assert confidence.mean_logprob == pytest.approx(-0.4)
    assert confidence.lowest_window_logprob == pytest.approx(-0.4)  # 4 tokens < 2048: one window
    assert confidence.token_count == 4
    # Candidate 2 sampled token 303 at rank 4, outside the top-2: vLLM adds it to the position's dict.
    assert problems[0].candidates[2].confidence.mean_logprob == pytest.approx((-1.1 - 2.7 - 0.8) / 3)


@dataclasses.dataclass
class Logprob:  # mirrors vllm.logprobs.Logprob
    logprob: float
    rank: Optional[int] = None
    decoded_token: Optional[str] = None


@dataclasses.dataclass
class CompletionOutput:  # mirrors vllm.outputs.CompletionOutput (the fields the importer reads)
    index: int
    text: str
    token_ids: List[int]
    cumulative_logprob: Optional[float]
    logprobs: Optional[List[Dict[int, Logprob]]]
    finish_reason: Optional[str] = None


@dataclasses.dataclass
class RequestOutput:  # mirrors vllm.outputs.RequestOutput
    request_id: str
    prompt: Optional[str]
    prompt_token_ids: Optional[List[int]]
    prompt_logprobs: None
    outputs: List[CompletionOutput]
    finished: bool


def test_vllm_objects_match_their_json_dump():
    records = read_records(str(VLLM))
    objects = [
        RequestOutput(r["request_id"], r["prompt"], r["prompt_token_ids"], None, [
            CompletionOutput(o["index"], o["text"], o["token_ids"], o["cumulative_logprob"],
                             [{int(t): Logprob(**e) for t, e in position.items()} for position in o["logprobs"]])
            for o in r["outputs"]], True)
        for r in records
    ]
    assert from_vllm(objects) == from_vllm(records)
    no_logprobs = [RequestOutput("x", "q", None, None, [CompletionOutput(0, "\\boxed{1}", [5], None, None)], True)]
    assert not from_vllm(no_logprobs)[0].candidates[0].HasField("confidence")


def test_openai_chat_legacy_and_batch():
    questions = json.loads((FIXTURES / "openai_questions.json").read_text())
    problems = from_openai(read_records(str(OPENAI)), questions=questions)
    assert [p.id for p in problems] == ["chatcmpl-abc123", "cmpl-xyz789", "geo-1"]
    chat, legacy, batch = problems
    assert chat.question == "What is 12 times 3?"
    assert [c.id for c in chat.candidates] == ["0", "1", "2"]
    assert chat.candidates[0].model == "qwen2.5-7b-instruct"
    assert chat.candidates[0].text.endswith("\\boxed{36}.")
    assert chat.candidates[0].confidence.mean_logprob == pytest.approx((-0.05 - 0.4 - 0.2) / 3)
    assert chat.candidates[2].confidence.tail_mean_logprob == pytest.approx(-2.5)
    assert legacy.candidates[0].confidence.mean_logprob == pytest.approx(-0.3)
    assert legacy.candidates[1].text == " \\boxed{16}"
    assert len(batch.candidates) == 2 and batch.candidates[1].confidence.mean_logprob == pytest.approx(-0.2)


def test_lm_eval_log_samples():
    problems = from_lm_eval(read_records(str(LM_EVAL)), task=lm_eval_task_name(str(LM_EVAL)), model="llama")
    assert lm_eval_task_name(str(LM_EVAL)) == "gsm8k-cot-self-consistency"
    # Two docs, each written once per filter: one problem each, four candidates from resps.
    assert [p.id for p in problems] == ["gsm8k-cot-self-consistency/0", "gsm8k-cot-self-consistency/1"]
    assert [p.gold for p in problems] == ["18", "3"]
    assert problems[0].question.startswith("Janet's ducks")
    assert [len(p.candidates) for p in problems] == [4, 4]
    assert problems[1].candidates[2].text == " The answer is 4."
    assert not problems[0].candidates[0].HasField("confidence")


def test_bad_records_raise_conversion_errors(tmp_path):
    with pytest.raises(ConversionError):
        from_vllm([{"request_id": "a"}])
    with pytest.raises(ConversionError, match="lacks the sampled token"):
        from_vllm([{"request_id": "a", "outputs": [{"text": "t", "token_ids": [1], "logprobs": [{"2": -0.1}]}]}])
    with pytest.raises(ConversionError):
        from_openai([{"custom_id": "x", "response": None, "error": {"code": "server_error"}}])
    with pytest.raises(ConversionError):
        from_lm_eval([{"doc": {}}])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": 0, "resps": []}\n{not json\n')
    with pytest.raises(ConversionError, match="bad.jsonl:2"):
        read_records(str(bad))
    assert convert_main(["--from", "lm-eval", str(bad), str(tmp_path / "out.jsonl")]) == 2


@pytest.mark.parametrize("source,input_file,extra", [
    ("vllm", VLLM, ["--model", "qwen"]),
    ("openai", OPENAI, ["--questions", str(FIXTURES / "openai_questions.json"), "--golds", str(FIXTURES / "openai_golds.json")]),
    ("lm-eval", LM_EVAL, ["--model", "llama"]),
])
def test_cli_writes_a_dataset_that_reads_back(tmp_path, source, input_file, extra):
    out = tmp_path / "out.jsonl.gz"
    assert convert_main(["--from", source, str(input_file), str(out), *extra]) == 0
    problems = read_dataset(str(out))
    assert problems and all(p.candidates for p in problems)
    line = read_records(str(out))[0]
    if source != "lm-eval":
        assert "meanLogprob" in line["candidates"][0]["confidence"]  # the dataset's proto3 JSON names


def _convert_fixture(tmp_path, source, input_file, extra=()):
    out = tmp_path / f"{source}.jsonl.gz"
    assert convert_main(["--from", source, str(input_file), str(out), *extra]) == 0
    return out


def test_agglm_compare_reads_converted_files(tmp_path, agglm_bin):
    """The Swift dataset reader takes every converted file; confidence-weighted runs where confidence exists."""
    golds = tmp_path / "golds.json"
    golds.write_text(json.dumps({"0": "5", "1": "\\frac{5}{2}"}))
    files = [
        _convert_fixture(tmp_path, "vllm", VLLM, ["--golds", str(golds), "--model", "qwen"]),
        _convert_fixture(tmp_path, "openai", OPENAI, ["--golds", str(FIXTURES / "openai_golds.json")]),
        _convert_fixture(tmp_path, "lm-eval", LM_EVAL, ["--model", "llama"]),
    ]
    for path in files:
        run = subprocess.run([agglm_bin, "compare", "--data", str(path), "--k", "2", "--sets", "2", "--json"],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        (report,) = json.loads(run.stdout)["datasets"]
        assert report["problems"] == len(read_dataset(str(path)))
        assert "majority" in report["methods"] and "agglm" in report["methods"]
        # lm-eval stores no generation log-probabilities: no confidence, so the method is unavailable there.
        assert ("confidence-weighted" in report["methods"]) == ("lm-eval" not in path.name), report["methods"].keys()


def _random_json(rng, depth=0):
    kind = rng.randrange(7 if depth < 4 else 4)
    if kind == 0:
        return rng.choice([None, True, 0, -1.5, float("inf")])
    if kind == 1:
        return rng.choice(["", "x", "0", "\\boxed{1}"])
    if kind == 2:
        return rng.randint(-3, 3)
    if kind == 3:
        return rng.random()
    keys = ["request_id", "outputs", "text", "token_ids", "logprobs", "choices", "message", "content", "logprob",
            "token_logprobs", "doc_id", "resps", "target", "doc", "arguments", "response", "body", "custom_id", "index"]
    if kind in (4, 5):
        return {rng.choice(keys): _random_json(rng, depth + 1) for _ in range(rng.randint(0, 5))}
    return [_random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]


def test_importers_refuse_any_malformed_record_with_a_conversion_error():
    """Property: whatever JSON an importer gets, it returns problems or raises ConversionError, nothing else."""
    import random
    rng = random.Random(0)
    seeds = read_records(str(VLLM)) + read_records(str(OPENAI)) + read_records(str(LM_EVAL))
    for trial in range(3000):
        record = _random_json(rng) if trial % 2 else _mutate(rng, json.loads(json.dumps(rng.choice(seeds))))
        for importer in (from_vllm, from_openai, from_lm_eval):
            try:
                importer([record])
            except ConversionError:
                pass


def _mutate(rng, value):
    """Replaces one nested value of a real record with random JSON."""
    node = value
    for _ in range(rng.randint(1, 6)):
        if not isinstance(node, (dict, list)) or not node:
            break
        slot = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        if rng.random() < 0.3 or not isinstance(node[slot], (dict, list)):
            node[slot] = _random_json(rng, 2)
            break
        node = node[slot]
    return value


def test_deeply_nested_and_non_utf8_files_are_refused(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100000 + "]" * 100000)
    with pytest.raises(ConversionError):
        read_records(str(deep))
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConversionError):
        read_records(str(binary))


def _run_convert_module(*args):
    import sys
    return subprocess.run([sys.executable, "-m", "agglm.convert", *map(str, args)], capture_output=True, text=True, timeout=60)


def test_module_entry_point_runs(tmp_path):
    out = tmp_path / "lm.jsonl"
    run = _run_convert_module("--from", "lm-eval", LM_EVAL, out)
    assert run.returncode == 0, run.stderr
    assert "2 problems, 8 candidates, 0 with token confidence" in run.stdout
    assert len(read_dataset(str(out))) == 2
    bad = _run_convert_module("--from", "vllm", LM_EVAL, out)
    assert bad.returncode == 2 and "record 1" in bad.stderr
