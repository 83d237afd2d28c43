"""A flood of random addresses from one client against the production stack on loopback (issue 23, item 9):
how many reach the app, how many nginx refuses (429), and what an ordinary search from another client
costs meanwhile.

    scripts/prod-local.sh start && .venv/bin/python bench/flood.py [--requests 4000] [--connections 16] [--rate 163]

The flood comes from 127.0.0.1 and the search from 127.0.0.2 (the whole of 127/8 is loopback): nginx limits
per client address, so the searching citizen is another client. Prints one JSON line.
"""

import argparse
import asyncio
import json
import secrets
import statistics
import time
from collections import Counter

HOST, PORT = "127.0.0.1", 8080
SEARCH = "/tim-kiem/?q=c%E1%BA%A3i+c%C3%A1ch"  # “cải cách”


async def exchange(reader, writer, path):
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: cchc-flood\r\n"
                 f"Accept-Encoding: identity\r\n\r\n".encode())
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length, close = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
        if name.strip().lower() == "connection" and value.strip().lower() == "close":
            close = True
    if length:
        await reader.readexactly(length)
    return status, close


async def flood(total, connections, statuses, rate):
    queue = list(range(total))
    started = time.perf_counter()

    async def worker():
        reader = writer = None
        while queue:
            n = total - len(queue)
            queue.pop()
            if rate:  # paced: request n is due n / rate seconds after the start
                await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(HOST, PORT, local_addr=("127.0.0.1", 0))
                status, close = await exchange(reader, writer, f"/{secrets.token_hex(6)}/{secrets.token_hex(4)}/")
                statuses[status] += 1
                if close:
                    writer.close()
                    writer = None
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                statuses[type(exc).__name__] += 1
                writer = None
        if writer is not None:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))


async def search_latencies(stop, every=0.2):
    """An ordinary search from another client, every `every` seconds until `stop` is set: [(ms, status)]."""
    found = []
    while not stop.is_set():
        started = time.perf_counter()
        reader, writer = await asyncio.open_connection(HOST, PORT, local_addr=("127.0.0.2", 0))
        status, _ = await exchange(reader, writer, SEARCH)
        writer.close()
        found.append(((time.perf_counter() - started) * 1000, status))
        await asyncio.sleep(every)
    return found


async def main(total, connections, rate):
    quiet = asyncio.Event()
    baseline_task = asyncio.create_task(search_latencies(quiet))
    await asyncio.sleep(4)
    quiet.set()
    baseline = await baseline_task

    statuses, done = Counter(), asyncio.Event()
    during_task = asyncio.create_task(search_latencies(done))
    started = time.perf_counter()
    await flood(total, connections, statuses, rate)
    elapsed = time.perf_counter() - started
    done.set()
    during = await during_task

    def p50(samples):
        return round(statistics.median(ms for ms, _ in samples), 1) if samples else None

    reached = sum(n for status, n in statuses.items() if status != 429)
    return {"requests": total, "connections": connections, "paced_at_per_s": rate or "as fast as possible",
            "seconds": round(elapsed, 2),
            "requests_per_s": round(total / elapsed, 1), "reached_app_per_s": round(reached / elapsed, 1),
            "statuses": {str(k): v for k, v in sorted(statuses.items(), key=str)},
            "search_p50_ms_before": p50(baseline), "search_p50_ms_during": p50(during),
            "search_max_ms_during": round(max(ms for ms, _ in during), 1) if during else None,
            "search_statuses_during": dict(Counter(str(s) for _, s in during))}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rate", type=float, default=0, help="requests per second in all (0: as fast as possible)")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.requests, args.connections, args.rate))))
