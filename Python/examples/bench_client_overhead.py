"""Python client overhead per request against raw pyzmq send/recv of the same bytes, in one run.

    AGGLM_BIN=.build/release/agglm python3 Python/examples/bench_client_overhead.py [--requests 4000] [--k 8]

Starts `$AGGLM_BIN serve --workers 1` on a free loopback port (or uses --endpoint), then times, in
interleaved rounds so drift hits every variant alike:
  raw       a pyzmq REQ socket: send(frame); recv()                    (the baseline)
  frame     Client.send_frame(frame): Lazy Pirate poll + Reply decode
  messages  Client.aggregate(prebuilt Problem messages): + request building and serialization
  dicts     Client.aggregate(problem dicts in the dataset's JSON form): + json_format parsing
Prints median and p90 per request and each variant's median minus raw's.
"""

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time

import zmq

from agglm import Client, make_problem


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def problems(k: int, count: int) -> list:
    return [{
        "id": f"p{p}",
        "question": "What is 6 times 7?",
        "candidates": [
            {"id": str(i), "model": "m", "text": "We multiply 6 by 7. " * 8 + f"The answer is \\boxed{{{42 if i % 3 else 41}}}."}
            for i in range(k)
        ],
    } for p in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint")
    parser.add_argument("--requests", type=int, default=4000, help="per variant")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--k", type=int, default=8, help="candidates per problem")
    parser.add_argument("--problems", type=int, default=1, help="problems per request")
    args = parser.parse_args()

    process = None
    endpoint = args.endpoint
    if endpoint is None:
        binary = os.environ.get("AGGLM_BIN")
        if not binary:
            print("give --endpoint or set AGGLM_BIN", file=sys.stderr)
            return 2
        endpoint = f"tcp://127.0.0.1:{free_port()}"
        process = subprocess.Popen([binary, "serve", "--bind", endpoint, "--workers", "1"])

    dicts = problems(args.k, args.problems)
    messages = [make_problem(p) for p in dicts]
    frame = Client.aggregate_request(messages, request_id="bench").SerializeToString()
    context = zmq.Context()
    client = Client(endpoint, timeout=10.0, retries=3, context=context)
    client.health()
    raw = context.socket(zmq.REQ)
    raw.setsockopt(zmq.LINGER, 0)
    raw.connect(endpoint)

    def run_raw():
        raw.send(frame)
        raw.recv()

    variants = {
        "raw": run_raw,
        "frame": lambda: client.send_frame(frame),
        "messages": lambda: client.aggregate(messages, request_id="bench"),
        "dicts": lambda: client.aggregate(dicts, request_id="bench"),
    }
    for run in variants.values():  # warm up
        for _ in range(50):
            run()
    samples = {name: [] for name in variants}
    per_round = max(1, args.requests // args.rounds)
    for _ in range(args.rounds):
        for name, run in variants.items():
            times = samples[name]
            for _ in range(per_round):
                start = time.perf_counter_ns()
                run()
                times.append(time.perf_counter_ns() - start)

    print(f"{len(frame)}-byte request ({args.problems} problem(s) x {args.k} candidates), "
          f"{per_round * args.rounds} requests per variant, {args.rounds} interleaved rounds")
    base = statistics.median(samples["raw"]) / 1000
    for name, times in samples.items():
        ordered = sorted(times)
        median = statistics.median(ordered) / 1000
        p90 = ordered[int(0.9 * (len(ordered) - 1))] / 1000
        print(f"  {name:9s} median {median:8.1f} us   p90 {p90:8.1f} us   over raw {median - base:+7.1f} us ({median / base:.2f}x)")

    raw.close()
    client.close()
    context.term()
    if process is not None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
