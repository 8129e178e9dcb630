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


def test_deepconf_confidence_from_engine_outputs():
    """The paper's C_i from the fixtures' top-2 log-probabilities, by hand."""
    from conftest import FIXTURES
    from agglm import openai_top_logprobs, read_records, vllm_top_logprobs

    vllm = read_records(str(FIXTURES / "vllm_request_outputs.json"))
    # Output 0: positions (-0.1, -2.4), (-0.6, -0.9), (-0.2, -1.8), (-0.4, -1.2): C = 1.25, 0.75, 1.0, 0.8.
    stats = deepconf_statistics(vllm_top_logprobs(vllm[0]["outputs"][0], k=2), window=2, tail=1)
    assert stats.mean == pytest.approx(0.95)
    assert stats.lowest_window == pytest.approx(0.875)  # windows: 1.0, 0.875, 0.9
    assert stats.tail_mean == pytest.approx(0.8)
    # Output 2, position 1: the sampled token ranked 4th is not among the top 2 (-0.3, -1.9): C = 1.1.
    assert vllm_top_logprobs(vllm[0]["outputs"][2], k=2)[1] == [-0.3, -1.9]
    assert token_confidence(vllm_top_logprobs(vllm[0]["outputs"][2], k=2)[1]) == pytest.approx(1.1)

    chat = read_records(str(FIXTURES / "openai_responses.jsonl"))[0]["choices"][0]
    # Tokens' top-2: (-0.05, -3.1), (-0.4, -1.2), (-0.2, -1.9): C = 1.575, 0.8, 1.05.
    assert deepconf_statistics(openai_top_logprobs(chat)).mean == pytest.approx((1.575 + 0.8 + 1.05) / 3)
    legacy = read_records(str(FIXTURES / "openai_responses.jsonl"))[1]["choices"][0]
    assert openai_top_logprobs(legacy) == [[-0.3, -1.6], [-0.1, -2.6], [-0.5, -1.2]]
