"""Convert sampler outputs to an AggLM dataset file.

    python -m agglm.convert --from vllm|openai|lm-eval IN OUT.jsonl.gz [--model NAME] [--golds FILE]

IN is JSON (an array or one object) or JSON Lines, plain or gzip. OUT is JSON Lines, gzip when it ends
in ``.gz``: one ``Problem`` per line, readable by ``agglm compare``/``aggregate`` and by
:func:`agglm.read_dataset`. Token log-probabilities, where IN has them, become ``confidence``
(DeepConf statistics: window and tail of ``--window``/``--tail`` tokens, 2048 each by default), which
the ``confidence-weighted`` method needs.
"""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from .confidence import DEFAULT_TAIL, DEFAULT_WINDOW
from .importers import ConversionError, from_lm_eval, from_openai, from_vllm, lm_eval_task_name, read_records, write_dataset


def _id_map(path: Optional[str], key: str) -> Optional[dict]:
    """``{id: value}`` from a JSON object or JSON Lines of ``{"id": ..., key: ...}``."""
    if path is None:
        return None
    records = read_records(path)
    if len(records) == 1 and isinstance(records[0], dict) and "id" not in records[0]:
        return {str(k): str(v) for k, v in records[0].items()}
    mapping = {}
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict) or "id" not in record or key not in record:
            raise ConversionError(f"{path}:{number}", f"expected {{\"id\": ..., \"{key}\": ...}}")
        mapping[str(record["id"])] = str(record[key])
    return mapping


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agglm.convert", description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", required=True, choices=["vllm", "openai", "lm-eval"])
    parser.add_argument("input", metavar="IN")
    parser.add_argument("output", metavar="OUT")
    parser.add_argument("--model", default="", help="candidate model name (vllm, lm-eval; openai uses the response's model)")
    parser.add_argument("--golds", help="reference answers: JSON object {id: gold} or JSON Lines {\"id\", \"gold\"} (vllm, openai)")
    parser.add_argument("--questions", help="questions, same shapes with \"question\" (openai: responses carry no prompt)")
    parser.add_argument("--task", help="lm-eval task name for problem ids (default: from the samples_<task>_<date>.jsonl name)")
    parser.add_argument("--window", type=int, default=DEFAULT_WINDOW, help="lowest-group window in tokens (default %(default)s)")
    parser.add_argument("--tail", type=int, default=DEFAULT_TAIL, help="tail length in tokens (default %(default)s)")
    args = parser.parse_args(argv)
    try:
        records = read_records(args.input)
        if args.source == "vllm":
            problems = from_vllm(records, model=args.model, golds=_id_map(args.golds, "gold"), window=args.window, tail=args.tail)
        elif args.source == "openai":
            problems = from_openai(records, questions=_id_map(args.questions, "question"), golds=_id_map(args.golds, "gold"),
                                   window=args.window, tail=args.tail)
        else:
            problems = from_lm_eval(records, task=args.task or lm_eval_task_name(args.input), model=args.model)
        count = write_dataset(problems, args.output)
    except (ConversionError, ValueError, OSError) as error:
        print(f"agglm.convert: {error}", file=sys.stderr)
        return 2
    candidates = sum(len(p.candidates) for p in problems)
    with_confidence = sum(1 for p in problems for c in p.candidates if c.HasField("confidence"))
    print(f"wrote {args.output}: {count} problems, {candidates} candidates, {with_confidence} with token confidence")
    return 0


if __name__ == "__main__":
    sys.exit(main())
