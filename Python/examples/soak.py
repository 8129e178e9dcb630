"""Soak run with faults: a server with remote worker processes (and optionally worker threads), several
client threads, a remote worker killed (SIGKILL) every few seconds and replaced, and random garbage frames
among the requests. Prints the counts the issue asks for: sent, answered, errors by code, lost (must be 0),
server RSS at start and end.

    AGGLM_BIN=.build/release/agglm python3 Python/examples/soak.py --seconds 600 --clients 4

Needs `$AGGLM_BIN serve --bind E --workers N --workers-endpoint W` and `$AGGLM_BIN worker --connect W`.
With `--inproc-workers N` the server also has worker threads, so small requests run on the broker's inline
engine and its helper thread as well.
"""

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time

from agglm import AggLMError, AggLMTimeout, Client, pb


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3, help="remote worker processes (one is killed every --kill-every s)")
    parser.add_argument("--inproc-workers", type=int, default=0,
                        help="worker threads in the server too; small requests then also run on the broker's inline engine")
    parser.add_argument("--kill-every", type=float, default=3.0)
    parser.add_argument("--garbage-rate", type=float, default=0.02)
    args = parser.parse_args()
    binary = os.environ.get("AGGLM_BIN")
    if not binary:
        print("AGGLM_BIN is not set", file=sys.stderr)
        return 2

    front, back = f"tcp://127.0.0.1:{free_port()}", f"tcp://127.0.0.1:{free_port()}"
    server = subprocess.Popen([binary, "serve", "--bind", front, "--workers", str(args.inproc_workers), "--workers-endpoint", back])
    workers = [subprocess.Popen([binary, "worker", "--connect", back]) for _ in range(args.workers)]
    Client(front, timeout=2.0, retries=10).health()
    rss_start = rss_kib(server.pid)

    counts = {"sent": 0, "answered": 0, "problems": 0, "lost": 0}
    errors: dict[int, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + args.seconds

    def client_loop(seed: int) -> None:
        rng = random.Random(seed)
        # No retries: a resend would hide a request the server dropped. 15 s is well past worker-death
        # detection (3-4 s) plus a re-queue.
        client = Client(front, timeout=15.0, retries=0)
        while time.monotonic() < stop_at:
            with lock:
                counts["sent"] += 1
            try:
                if rng.random() < args.garbage_rate:
                    reply = client.send_frame(bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))))
                    kind = reply.WhichOneof("kind")
                    code = reply.error.code if kind == "error" else reply.aggregate.error.code
                    with lock:
                        counts["answered"] += 1
                        errors[code] = errors.get(code, 0) + 1
                    continue
                n = rng.randint(1, 32)
                problems = [
                    {"id": f"p{i}", "candidates": [
                        {"id": str(j), "text": "x" * 200, "answer": str(rng.randint(0, 3))} for j in range(8)]}
                    for i in range(n)
                ]
                response = client.aggregate(problems)
                if len(response.results) != n:
                    raise AggLMError(pb.ERROR_CODE_INTERNAL, "result count mismatch")
                with lock:
                    counts["answered"] += 1
                    counts["problems"] += n
            except AggLMError as error:
                with lock:
                    counts["answered"] += 1
                    errors[error.code] = errors.get(error.code, 0) + 1
            except AggLMTimeout:
                with lock:
                    counts["lost"] += 1
        client.close()

    threads = [threading.Thread(target=client_loop, args=(seed,)) for seed in range(args.clients)]
    for thread in threads:
        thread.start()
    kills = 0
    while time.monotonic() < stop_at - args.kill_every:
        time.sleep(args.kill_every)
        victim = workers.pop(0)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        kills += 1
        workers.append(subprocess.Popen([binary, "worker", "--connect", back]))
    for thread in threads:
        thread.join()
    rss_end = rss_kib(server.pid)
    server.send_signal(signal.SIGTERM)
    server_status = server.wait(timeout=30)
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=30)

    names = {value: name for name, value in pb.ErrorCode.items()}
    print(f"seconds {args.seconds:g}, clients {args.clients}, in-process workers {args.inproc_workers}, workers killed {kills}")
    print(f"sent {counts['sent']}, answered {counts['answered']}, problems {counts['problems']}, lost {counts['lost']}")
    print("errors by code:", {names.get(code, code): n for code, n in sorted(errors.items())})
    print(f"server RSS start {rss_start} KiB, end {rss_end} KiB, server exit status {server_status}")
    return 0 if counts["lost"] == 0 and server_status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
