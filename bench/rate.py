"""Open-loop load at a constant rate, for latency at a given throughput (wrk measures peak throughput).

    python bench/rate.py URL --rate 100 --duration 10 [--connections 32]

Requests are scheduled at fixed intervals; each latency is measured from the moment the request was due,
not from when a connection became free, so a slow server cannot hide its queueing (no coordinated
omission). Prints one JSON line: sent, ok, errors, achieved rate, p50 and p99 in milliseconds.
"""

import argparse
import asyncio
import json
import time
from urllib.parse import urlsplit


async def one_request(reader, writer, request):
    writer.write(request)
    await writer.drain()
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return int(status_line.split()[1])


async def run(url, rate, duration, connections):
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    request = (f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: cchc-bench\r\n"
               f"Accept-Encoding: identity\r\n\r\n").encode()
    queue = asyncio.Queue()
    latencies, errors = [], 0

    async def worker():
        nonlocal errors
        reader = writer = None
        while True:
            due = await queue.get()
            if due is None:
                break
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                status = await one_request(reader, writer, request)
                if status >= 400:
                    errors += 1
                else:
                    latencies.append(time.perf_counter() - due)
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                errors += 1
                writer = None
        if writer is not None:
            writer.close()

    workers = [asyncio.create_task(worker()) for _ in range(connections)]
    start = time.perf_counter()
    total = int(rate * duration)
    for i in range(total):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait(due)
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1) if latencies else None

    return {"url": url, "rate": rate, "sent": total, "ok": len(latencies), "errors": errors,
            "achieved_rps": round(len(latencies) / elapsed, 1), "p50_ms": pct(0.50), "p99_ms": pct(0.99)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.url, args.rate, args.duration, args.connections))))


if __name__ == "__main__":
    main()
