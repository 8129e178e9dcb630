"""Tiny example: aggregate one problem and print the server's health.

    python3 Python/examples/example.py tcp://127.0.0.1:5555
"""

import json
import sys

from agglm import Client, to_dict

endpoint = sys.argv[1] if len(sys.argv) > 1 else "tcp://127.0.0.1:5555"
problem = {
    "id": "demo-1",
    "question": "What is 2 + 2?",
    "candidates": [
        {"id": "a", "text": "2 + 2 = 4, so the answer is \\boxed{4}", "answer": "4"},
        {"id": "b", "text": "The answer is \\boxed{4}.", "answer": "4"},
        {"id": "c", "text": "I think it is \\boxed{5}.", "answer": "5"},
    ],
}

with Client(endpoint, timeout=5.0, retries=2) as client:
    response = client.aggregate([problem])
    print(json.dumps(to_dict(response.results[0]), indent=2))
    health = client.health()
    print(f"server up {health.uptime_seconds:.1f} s, {health.workers_alive} workers, "
          f"{health.requests_served} requests served")
