"""DeepConf statistics against hand-computed values."""

import math

import pytest

from agglm import deepconf_statistics, logprob_statistics, token_confidence, token_confidence_message, trace_statistics


def test_sampled_logprob_statistics_by_hand():
    # Tokens: -0.1 -0.9 -0.2 -0.4. Mean -1.6/4 = -0.4. Windows of 2: -1.0, -1.1, -0.6 -> lowest -1.1/2 = -0.55.
    # Tail of 2: (-0.2 - 0.4)/2 = -0.3.
    stats = logprob_statistics([-0.1, -0.9, -0.2, -0.4], window=2, tail=2)
    assert stats.mean == pytest.approx(-0.4)
    assert stats.lowest_window == pytest.approx(-0.55)
    assert stats.tail_mean == pytest.approx(-0.3)
    assert stats.token_count == 4


def test_a_trace_shorter_than_window_and_tail_is_one_window():
    stats = logprob_statistics([-0.1, -0.9, -0.2, -0.4])  # default window and tail: 2048 tokens
    assert stats.lowest_window == pytest.approx(-0.4) and stats.tail_mean == pytest.approx(-0.4)


def test_long_trace_windows_slide_by_one_token():
    # 3000 tokens at -0.1 except a dip of 100 tokens at -2.1 starting at 1500; window 2048.
    values = [-0.1] * 3000
    values[1500:1600] = [-2.1] * 100
    stats = trace_statistics(values, window=2048, tail=2048)
    assert stats.mean == pytest.approx((-0.1 * 2900 - 2.1 * 100) / 3000)
    # Every window of 2048 consecutive tokens contains the whole dip (starts 0..952 all cover 1500..1599).
    assert stats.lowest_window == pytest.approx((-0.1 * 1948 - 2.1 * 100) / 2048)
    assert stats.tail_mean == pytest.approx((-0.1 * 1948 - 2.1 * 100) / 2048)
    short = trace_statistics(values, window=100, tail=10)
    assert short.lowest_window == pytest.approx(-2.1)
    assert short.tail_mean == pytest.approx(-0.1)


def test_deepconf_token_confidence_by_hand():
    # C_i = -(1/k) sum of the k largest logprobs: top-2 of (-0.05, -4.0, -3.0) -> (0.05 + 3.0)/2 = 1.525.
    assert token_confidence([-0.05, -4.0, -3.0], k=2) == pytest.approx(1.525)
    assert token_confidence([-0.05, -4.0, -3.0]) == pytest.approx(7.05 / 3)
    # Positions: C = 1.525, (0.7 + 0.6)/2 = 0.65, (0.1 + 2.5)/2 = 1.3. Window 2: (2.175, 1.95)/2 -> 0.975.
    stats = deepconf_statistics([[-0.05, -3.0, -4.0], [-0.6, -0.7], [-0.1, -2.5]], k=2, window=2, tail=1)
    assert stats.mean == pytest.approx((1.525 + 0.65 + 1.3) / 3)
    assert stats.lowest_window == pytest.approx(0.975)
    assert stats.tail_mean == pytest.approx(1.3)


def test_message_and_edge_cases():
    assert token_confidence_message([]) is None
    message = token_confidence_message([-0.5, float("-inf")], window=1, tail=1)
    assert message.lowest_window_logprob == -100.0  # floored: one impossible token keeps the stats finite
    assert message.token_count == 2 and math.isfinite(message.mean_logprob)
    assert logprob_statistics([1e-7, -0.5], window=1).mean == pytest.approx(-0.25)  # rounding above 0 counts as 0
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError):
            logprob_statistics([bad])
    with pytest.raises(ValueError):
        trace_statistics([-1.0], window=0)
