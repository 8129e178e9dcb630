"""Token-confidence statistics in the DeepConf manner ("Deep Think with Confidence", Fu et al., 2025).

DeepConf scores a reasoning trace from per-token values and three ways of pooling them:

* mean over all N tokens (the paper's "average trace confidence");
* lowest group confidence: the smallest mean over any window of ``window`` consecutive tokens
  (windows slide by one token; a trace shorter than the window is one window, the whole trace);
* tail: the mean over the last ``tail`` tokens (the whole trace when shorter).

Defaults: ``window = 2048`` and ``tail = 2048`` tokens, the sizes the paper uses.

Two per-token values are provided:

* the log-probability of the sampled token, log p(x_i). This is what ``TokenConfidence`` on the wire
  holds (``mean_logprob``, ``lowest_window_logprob``, ``tail_mean_logprob``, all <= 0): the server's
  confidence-weighted vote weighs each answer by exp(value), the geometric-mean token probability,
  and the learned aggregator's features read them as log-probabilities. Every importer fills these.
* the paper's token confidence C_i = -(1/k) * sum_{j=1..k} log P_i(j) over the k most likely tokens
  at position i (:func:`token_confidence`, :func:`deepconf_statistics`). It needs the top-k
  log-probabilities (vLLM ``logprobs=k``, OpenAI ``top_logprobs=k``); it is higher for a more peaked
  (more confident) distribution, so it cannot go into the log-probability fields, whose higher values
  mean a likelier sampled token. It is offered for local filtering (e.g. DeepConf's early stop).

A log-probability below ``LOGPROB_FLOOR`` (-100, including -inf) counts as the floor, so one
impossible token cannot make a whole trace's statistics infinite; one above 0 (rounding) counts as 0;
NaN and +inf are refused (ValueError).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from .v1 import agglm_pb2 as pb

DEFAULT_WINDOW = 2048
DEFAULT_TAIL = 2048
LOGPROB_FLOOR = -100.0


@dataclass(frozen=True)
class TraceStatistics:
    """Mean, lowest sliding-window mean and tail mean of one per-token series."""

    mean: float
    lowest_window: float
    tail_mean: float
    token_count: int


def _floored(value: float) -> float:
    value = float(value)
    if math.isnan(value) or value == math.inf:
        raise ValueError(f"{value} is not a log-probability")
    # Engines round: a sampled token of probability ~1 can come back as +1e-7.
    return min(0.0, max(LOGPROB_FLOOR, value))


def trace_statistics(values: Sequence[float], window: int = DEFAULT_WINDOW, tail: int = DEFAULT_TAIL) -> Optional[TraceStatistics]:
    """Pools a per-token series as DeepConf does; None for an empty series."""
    if window < 1 or tail < 1:
        raise ValueError("window and tail must be at least 1 token")
    n = len(values)
    if n == 0:
        return None
    width = min(window, n)
    running = math.fsum(values[:width])
    lowest = running
    for i in range(width, n):
        running += values[i] - values[i - width]
        lowest = min(lowest, running)
    last = values[-min(tail, n):]
    return TraceStatistics(
        mean=math.fsum(values) / n,
        lowest_window=lowest / width,
        tail_mean=math.fsum(last) / len(last),
        token_count=n,
    )


def token_confidence(top_logprobs: Iterable[float], k: Optional[int] = None) -> float:
    """DeepConf's C_i: minus the mean of the ``k`` largest log-probabilities at one position
    (all given when ``k`` is None)."""
    ordered = sorted((_floored(v) for v in top_logprobs), reverse=True)
    if k is not None:
        ordered = ordered[:k]
    if not ordered:
        raise ValueError("no top log-probabilities at a position")
    return -math.fsum(ordered) / len(ordered)


def deepconf_statistics(
    top_logprobs_per_token: Iterable[Iterable[float]],
    k: Optional[int] = None,
    window: int = DEFAULT_WINDOW,
    tail: int = DEFAULT_TAIL,
) -> Optional[TraceStatistics]:
    """The paper's average, lowest group and tail confidence (higher = more confident)."""
    return trace_statistics([token_confidence(top, k) for top in top_logprobs_per_token], window, tail)


def logprob_statistics(sampled_logprobs: Iterable[float], window: int = DEFAULT_WINDOW, tail: int = DEFAULT_TAIL) -> Optional[TraceStatistics]:
    """Mean, lowest window and tail of the sampled tokens' log-probabilities (what the wire carries)."""
    return trace_statistics([_floored(v) for v in sampled_logprobs], window, tail)


def token_confidence_message(
    sampled_logprobs: Iterable[float], window: int = DEFAULT_WINDOW, tail: int = DEFAULT_TAIL
) -> Optional["pb.TokenConfidence"]:
    """The ``TokenConfidence`` message for one output, or None when there are no log-probabilities."""
    stats = logprob_statistics(sampled_logprobs, window, tail)
    if stats is None:
        return None
    return pb.TokenConfidence(
        mean_logprob=stats.mean,
        lowest_window_logprob=stats.lowest_window,
        tail_mean_logprob=stats.tail_mean,
        token_count=min(stats.token_count, 2**32 - 1),
    )
