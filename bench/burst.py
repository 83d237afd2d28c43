"""The deadline-day burst (issue 27, item 5): N officers send their report within `seconds`, each as a browser
does it — open the report page, press "Gửi báo cáo", follow the redirect and read "Đã gửi báo cáo kỳ …".

    python bench/burst.py HOST PORT officers.jsonl [--seconds 60] [--concurrency 64] [--seed 27]

officers.jsonl comes from bench/burst_setup.py (signed-in sessions, so no password is hashed in the burst).
Each officer starts at a moment drawn uniformly in [0, seconds) (seeded); a pool of worker threads takes
them in order of that moment, and enough of them (64 by default) that an officer's start is not held up by
others — how late the starts were is reported, so a client that could not keep up shows. Latency is
measured from each request's actual start. Cookies are kept by hand: production's are Secure and the
drill speaks plain HTTP to the load balancer (as bench/cluster_faults.Officer does).

Afterwards, `python bench/burst_setup.py verify` counts the reports the database holds as sent (exactly N,
none sent twice).
"""

import argparse
import http.client
import json
import random
import re
import threading
import time
import urllib.parse
from collections import Counter

SENT = "Đã gửi báo cáo kỳ"  # campaigns.admin.cycle.SubmissionAdmin.DONE["submit"]
STEPS = ("GET trang báo cáo", "POST gửi báo cáo", "GET sau khi gửi")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Failed(Exception):
    """One officer's sending went wrong: `kind` is what the report counts."""

    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


class Browser:
    """One officer's browser: the session cookie from burst_setup (or none yet: bench/cluster_faults.Officer
    signs in), the rest as the server sets them, kept by hand — production's cookies are Secure and the drill
    speaks plain HTTP to the load balancer."""

    def __init__(self, host, port, sessionid=None, timeout=60):
        self.host, self.port, self.timeout = host, port, timeout
        self.origin = f"http://{host}" + ("" if port == 80 else f":{port}")
        self.cookies = {"sessionid": sessionid} if sessionid else {}

    def request(self, method, path, fields=None):
        """(status, Location, page)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
                            "Referer": self.origin + path})
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read().decode(errors="replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, val = value.split(";")[0].partition("=")
                    self.cookies[key.strip()] = val
            return response.status, response.getheader("Location", ""), data
        finally:
            connection.close()


def timed(browser, step, timings, method, path, fields=None):
    """One request, its latency recorded under `step` (failed requests too: a 502 after 30 s is a latency)."""
    started = time.monotonic()
    try:
        return browser.request(method, path, fields)
    except Exception as exc:  # noqa: BLE001 — a reset, a refused connection or a timeout is a result here
        raise Failed(f"{step}: {type(exc).__name__}") from exc
    finally:
        timings[step] = (time.monotonic() - started) * 1000


def send(host, port, officer, timings):
    """The browser's three requests; raises Failed with what went wrong."""
    browser = Browser(host, port, officer["sessionid"])
    path = officer["path"]
    status, _location, page = timed(browser, STEPS[0], timings, "GET", path)
    if status != 200:
        raise Failed(f"{STEPS[0]}: {status}")
    token = TOKEN.search(page)
    if token is None or 'value="submit"' not in page:
        raise Failed(f"{STEPS[0]}: không có nút “Gửi báo cáo”")
    status, location, _page = timed(browser, STEPS[1], timings, "POST", path, {
        "csrfmiddlewaretoken": token.group(1), "note": "", "cycle_action": "submit"})
    if status != 302:
        raise Failed(f"{STEPS[1]}: {status}")
    status, _location, page = timed(browser, STEPS[2], timings, "GET", urllib.parse.urlsplit(location).path or path)
    if status != 200:
        raise Failed(f"{STEPS[2]}: {status}")
    if SENT not in page:
        raise Failed(f"{STEPS[2]}: không thấy “{SENT} …”")


def percentiles(values):
    """p50/p95/p99/max in ms (nearest rank), or None when there is nothing to measure."""
    if not values:
        return None
    ordered = sorted(values)

    def rank(p):
        return round(ordered[max(0, -(-len(ordered) * p // 100) - 1)], 1)

    return {"n": len(ordered), "p50": rank(50), "p95": rank(95), "p99": rank(99), "max": round(ordered[-1], 1)}


def run(host, port, officers, seconds=60, concurrency=None, seed=27):
    """Send every officer's report once, at its drawn moment; returns the figures (see module docstring)."""
    rng = random.Random(seed)  # noqa: S311 — a schedule, not a secret
    schedule = sorted((rng.uniform(0, seconds), index) for index in range(len(officers)))
    results = [None] * len(officers)
    lock = threading.Lock()
    pending = iter(schedule)
    begin = time.monotonic() + 0.5  # every worker is started before the first officer's moment

    def worker():
        while True:
            with lock:
                item = next(pending, None)
            if item is None:
                return
            offset, index = item
            time.sleep(max(0.0, begin + offset - time.monotonic()))
            started = time.monotonic()
            timings, error = {}, None
            try:
                send(host, int(port), officers[index], timings)
            except Failed as failure:
                error = failure.kind
            except Exception as exc:  # noqa: BLE001 - a client fault counts as this officer's failure
                error = f"lỗi phía máy đo: {type(exc).__name__}"
            finished = time.monotonic()
            results[index] = {"late": (started - begin - offset) * 1000, "timings": timings, "error": error,
                              "total": (finished - started) * 1000,
                              "since_moment": (finished - begin - offset) * 1000}

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency or min(64, len(officers)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - begin
    done = [r for r in results if r["error"] is None]
    return {
        "officers": len(officers),
        "requests": sum(len(r["timings"]) for r in results),
        "sent": len(done),  # the server said "Đã gửi báo cáo kỳ …" on the page after the POST
        "errors": dict(Counter(r["error"] for r in results if r["error"])),
        "steps": {step: percentiles([r["timings"][step] for r in results if step in r["timings"]])
                  for step in STEPS},
        "sending": percentiles([r["total"] for r in done]),
        # what the officer waited: from the moment they meant to send (the schedule) to the page saying so —
        # includes waiting for a browser slot when the client's threads were all busy (an overload)
        "since_moment": percentiles([r["since_moment"] for r in done]),
        "late_start": percentiles([r["late"] for r in results]),
        "duration_s": round(duration, 1),
        "seconds": seconds,
        "concurrency": len(threads),
    }


def table(result):
    """A short Vietnamese summary, as markdown."""
    lines = [f"Gửi báo cáo dồn dập: {result['officers']} cán bộ bấm gửi trong {result['seconds']:g} s "
             f"({result['concurrency']} trình duyệt cùng lúc), {result['requests']} yêu cầu, xong sau "
             f"{result['duration_s']} s; "
             f"máy chủ báo đã gửi {result['sent']}/{result['officers']}; lỗi: "
             + (", ".join(f"{k} ×{v}" for k, v in result["errors"].items()) or "0"), "",
             "| bước | số yêu cầu | p50 (ms) | p95 (ms) | p99 (ms) | tối đa (ms) |", "|---|---|---|---|---|---|"]
    rows = [*result["steps"].items(), ("cả lần gửi (GET + POST + GET)", result["sending"]),
            ("bắt đầu trễ so với lịch", result["late_start"]),
            ("từ lúc định gửi đến khi thấy “Đã gửi”", result["since_moment"])]
    for name, p in rows:
        if p:
            lines.append(f"| {name} | {p['n']} | {p['p50']} | {p['p95']} | {p['p99']} | {p['max']} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("officers", help="JSON lines from bench/burst_setup.py")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int)
    parser.add_argument("--seed", type=int, default=27)
    args = parser.parse_args()
    with open(args.officers, encoding="utf-8") as lines:
        officers = [json.loads(line) for line in lines if line.strip()]
    result = run(args.host, args.port, officers, args.seconds, args.concurrency, args.seed)
    print(table(result))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
