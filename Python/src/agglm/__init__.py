"""AggLM from Python: a client for the aggregation service and importers for sampler outputs.

    from agglm import Client, from_vllm
    with Client("tcp://127.0.0.1:5555") as client:
        response = client.aggregate(from_vllm(outputs))
"""

from .client import (
    PROTOCOL_VERSION,
    AggLMError,
    AggLMTimeout,
    Client,
    answer,
    answers,
    error_name,
    make_problem,
    method_answer,
    method_number,
    to_dict,
)
from .confidence import (
    DEFAULT_TAIL,
    DEFAULT_WINDOW,
    TraceStatistics,
    deepconf_statistics,
    logprob_statistics,
    token_confidence,
    token_confidence_message,
    trace_statistics,
)
from .importers import (
    ConversionError,
    from_lm_eval,
    from_openai,
    from_vllm,
    openai_top_logprobs,
    read_dataset,
    read_records,
    vllm_top_logprobs,
    write_dataset,
)
from .keys import KeyFileError, curve_keys, read_key_file, read_key_pair
from .v1 import agglm_pb2 as pb

__version__ = "0.1.0"

__all__ = [
    "PROTOCOL_VERSION", "AggLMError", "AggLMTimeout", "Client", "answer", "answers", "error_name", "make_problem",
    "method_answer", "method_number", "to_dict", "DEFAULT_TAIL", "DEFAULT_WINDOW", "TraceStatistics",
    "deepconf_statistics", "logprob_statistics", "token_confidence", "token_confidence_message", "trace_statistics",
    "ConversionError", "from_lm_eval", "from_openai", "from_vllm", "openai_top_logprobs", "read_dataset", "read_records",
    "vllm_top_logprobs", "write_dataset",
    "KeyFileError", "curve_keys", "read_key_file", "read_key_pair",
    "pb", "__version__",
]
