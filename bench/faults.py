"""Fault injection (`make faults`): the production stack on loopback (scripts/prod-local.sh: nginx,
gunicorn, PostgreSQL, Redis; demo data in database cchc_faults) under a bounded load, while

  1. PostgreSQL restarts (gunicorn is not restarted: CONN_HEALTH_CHECKS must reconnect),
  2. Redis stops for a while and comes back (the cache failing must not be an outage),
  3. gunicorn workers are killed with SIGKILL (the master forks new ones),
  4. gunicorn reloads gracefully (HUP), as at a deployment.

The load: FAULT_CLIENTS threads (default 6), each about FAULT_RATE requests a second (default 8): public
pages through nginx's cache, the same pages past every cache, and comment POSTs, each with a unique text.
"Past every cache" is /nocache/ (no nginx cache) with a session cookie (a staff member's browser: the app's
page cache never answers it), so Django renders each from PostgreSQL; an answer counts only if it says so
(200 with `Cache-Control: private` and no X-Cache). (A query parameter cannot do it: an unknown one is
answered 301 by the cache-key defence, a known one is cached like the page.) Any failed request in the
first seconds, before any fault, fails the drill: the load must measure what it says.

Comments: a comment whose answer was lost (502, a reset connection) may have been stored — a worker killed
between the commit and the response. That cannot be prevented, only made harmless: as a browser would, the
drill sends every refused comment's form again, unchanged, once the faults are over, and then every
comment must be in the database exactly once.

Results: printed and written to var/fault-results.md. Needs root (pg_ctlcluster, redis-server).
"""

import html
import http.client
import json
import os
import random
import re
import signal
import subprocess  # nosec B404 — fixed commands on loopback
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from run import manage, sh  # noqa: E402  (bench/run.py: the stack's environment and manage.py)

VAR = ROOT / "var" / "prod-local"
HOST, PORT = "127.0.0.1", 8080
DB = "cchc_faults"
CLIENTS = int(os.environ.get("FAULT_CLIENTS", "6"))
RATE = float(os.environ.get("FAULT_RATE", "8"))
PG_CLUSTER = sorted(os.listdir("/etc/postgresql"))[0] if os.path.isdir("/etc/postgresql") else "15"
MARK = f"Kiểm thử sự cố {int(time.time())}"
CACHED, UNCACHED, COMMENT = "trang (qua bộ đệm nginx)", "trang (không bộ đệm, Django + CSDL)", "bình luận (POST)"


class Load:
    """Client threads recording (start, end, kind, outcome) for every request."""

    def __init__(self, report_path, host=HOST, port=PORT, kinds=None, mark=MARK):
        self.report_path, self.mark = report_path, mark
        self.host, self.port = host, port
        self.kinds = kinds or [CACHED] * 5 + [UNCACHED] * 4 + [COMMENT]
        self.records = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.comments_sent = {}  # text -> status of the first sending (or the exception's name)
        self.comment_forms = {}  # text -> the form's body, to send it again
        self.form = None

    def _request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            return response.status, response.headers, data
        finally:
            connection.close()

    def refresh_form(self):
        status, _headers, data = self._request("GET", self.report_path)
        page = data.decode()
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
        fields.setdefault("content_type", "reports.report")
        self.form = {k: html.unescape(v) for k, v in fields.items()}

    def one(self, kind, n):
        if kind == CACHED:
            status, _headers, _data = self._request("GET", self.report_path)
            return status
        if kind == UNCACHED:
            # A session cookie no session has: the app renders the page for this browser alone (after a
            # look in the session table), and says so (private, no X-Cache).
            status, headers, _data = self._request("GET", f"/nocache{self.report_path}",
                                                   headers={"Cookie": f"sessionid=kiemthusuco{n:012d}"})
            rendered = "private" in headers.get("Cache-Control", "") and "X-Cache" not in headers
            return status if status != 200 or rendered else "200 không do Django dựng"
        text = f"{self.mark} — góp ý số {n}"
        body = urllib.parse.urlencode({**self.form, "name": "Người kiểm thử", "email": f"kiemthu{n}@example.com",
                                       "comment": text, "honeypot": ""})
        with self.lock:
            self.comment_forms[text] = body
        status = self.post_comment(body)
        with self.lock:
            self.comments_sent[text] = status
        return status

    def post_comment(self, body):
        status, _headers, _data = self._request("POST", "/binh-luan/gui/", body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{self.host}" + ("" if self.port == 80 else f":{self.port}")})
        return status

    def resubmit_refused(self, attempts=3):
        """Send each refused comment's form again, unchanged, as its browser would (a few tries, a second
        apart): {text: final status}."""
        answers = {}
        for text, status in sorted(self.comments_sent.items()):
            if status == 302:
                continue
            for _attempt in range(attempts):
                try:
                    answers[text] = self.post_comment(self.comment_forms[text])
                except Exception as exc:  # noqa: BLE001 — recorded like the load's own failures
                    answers[text] = type(exc).__name__
                if answers[text] == 302:
                    break
                time.sleep(1)
        return answers

    def client(self, index):
        kinds = self.kinds
        rng = random.Random(index)  # noqa: S311 — a load mix, not a secret
        n = index * 1_000_000
        while not self.stop.is_set():
            n += 1
            kind = rng.choice(kinds)
            started = time.monotonic()
            try:
                outcome = self.one(kind, n)
            except Exception as exc:  # connection refused/reset, timeout: a failed request
                outcome = type(exc).__name__
                if kind == COMMENT:
                    with self.lock:
                        self.comments_sent[f"{self.mark} — góp ý số {n}"] = outcome
            ended = time.monotonic()
            with self.lock:
                self.records.append((started, ended, kind, outcome))
            time.sleep(max(0.0, 1 / RATE - (ended - started)))

    def start(self):
        self.refresh_form()
        time.sleep(3.5)  # the form refuses a comment sent within 3 s of showing it
        self.threads = [threading.Thread(target=self.client, args=(i,), daemon=True) for i in range(CLIENTS)]
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(30)

    def window(self, start, end):
        """The requests answered (or failed) between `start` and `end`: a request sent just before a fault
        and failed by it counts in that fault's window."""
        with self.lock:
            return [r for r in self.records if start <= r[1] < end]


def ok(outcome, kind):
    return outcome == 302 if kind == COMMENT else outcome == 200


def summarize(load, name, start, end, fault_over=None, note="", ok=ok, probe=UNCACHED):
    """One drill's row; `ok(outcome, kind)` says which answers succeeded (the cluster drill has more kinds);
    recovery is the first success of the `probe` kind after `fault_over`."""
    records = load.window(start, end)
    failures = [r for r in records if not ok(r[3], r[2])]
    by_kind = Counter(r[2] for r in failures)
    outcomes = Counter(str(r[3]) for r in failures)

    def outcomes_of(kind):
        counted = Counter(str(r[3]) for r in failures if r[2] == kind)
        return ", ".join(f"{outcome}×{count}" for outcome, count in counted.items())

    recovery = ""
    if fault_over is not None:
        after = sorted(r for r in records if r[0] >= fault_over and r[2] == probe)
        first_ok = next((r for r in after if ok(r[3], r[2])), None)
        recovery = f"{first_ok[1] - fault_over:.2f} s" if first_ok else "chưa phục hồi"
        late = [r for r in failures if r[0] >= (first_ok[1] if first_ok else end)]
        if late:
            note += f" {len(late)} lỗi sau khi đã phục hồi."
    span = ""
    if failures:
        span = f"{min(r[0] for r in failures) - start:.1f}–{max(r[1] for r in failures) - start:.1f} s"
    row = {"fault": name, "requests": len(records), "failed": len(failures),
           "by_kind": ", ".join(f"{k}: {v} ({outcomes_of(k)})" for k, v in by_kind.items()) or "—",
           "outcomes": ", ".join(f"{k}×{v}" for k, v in outcomes.items()) or "—",
           "span": span or "—", "recovery": recovery or "—", "note": note.strip()}
    print(f"{name}: {row}", flush=True)
    row["failures"] = failures
    return row


def wait_until(check, timeout=30.0, step=0.05):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic()
        time.sleep(step)
    raise TimeoutError


def pg_ready():
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False).returncode == 0  # noqa: S603 S607 # nosec


def redis_up():
    return subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True, text=True,  # noqa: S603 S607 # nosec
                          check=False).stdout.strip() == "PONG"


def workers():
    master = int((VAR / "gunicorn.pid").read_text())
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True, check=False).stdout  # noqa: S603 S607 # nosec
    return master, [int(p) for p in out.split()]


def stored_comments():
    """{text: how many times it is stored} for this run's comments."""
    out = manage("shell", "-c", (
        "from collections import Counter; from discussion.models import CitizenComment as C; "
        f"c = Counter(C.objects.filter(comment__startswith={MARK!r}).values_list('comment', flat=True)); "
        "import json; print(json.dumps(c, ensure_ascii=False))"))
    return json.loads(out.strip().splitlines()[-1])


def main():
    if os.geteuid() != 0:
        sys.exit("faults.py restarts PostgreSQL and Redis: run it as root (as CI and this machine do).")
    print("Starting the production stack on loopback (demo data, database cchc_faults)…", flush=True)
    sh("scripts/prod-local.sh", "start", env={
        "PROD_DB": DB, "COMMENTS_RATE_LIMIT": "1000000/s",
        "COMMENTS_RATE_LIMIT_PER_ADDRESS": "1000000/s", "GUNICORN_ACCESSLOG": "/dev/null", "NGINX_LIMIT_REQ": "off",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "4"), "COMMENTS_AUTO_APPROVE_RETURNING": "False"})
    slug = manage("shell", "-c", "from reports.models import Report; print(Report.objects.published().first().slug)")
    load = Load(f"/bao-cao/{slug.split()[-1]}/")
    windows = []  # summarized at the end: a request belongs to the window it started in, however long it took
    load.start()
    t0 = time.monotonic()
    time.sleep(5)
    windows.append(("Không có sự cố (5 s đầu)", t0, time.monotonic(), {}))

    # 1. PostgreSQL restart, gunicorn untouched.
    start = time.monotonic()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", PG_CLUSTER, "main", "restart", "-m", "fast"],  # noqa: S603 S607 # nosec
                   check=True)
    back = wait_until(pg_ready)
    time.sleep(10)
    windows.append((f"Khởi động lại PostgreSQL (lệnh restart {back - start:.1f} s)", start, time.monotonic(),
                    {"fault_over": back}))

    # 2. Redis stopped for 8 s, then started again (it keeps nothing on disk here).
    start = time.monotonic()
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True, check=False)  # noqa: S603 S607 # nosec
    wait_until(lambda: not redis_up())
    time.sleep(8)
    subprocess.run(["redis-server", "--bind", "127.0.0.1", "--port", "6379", "--save", "", "--appendonly", "no",  # noqa: S603 S607 # nosec
                    "--daemonize", "yes"], check=True, capture_output=True)
    back = wait_until(redis_up)
    time.sleep(5)
    windows.append((f"Dừng Redis {back - start:.1f} s rồi bật lại", start, time.monotonic(), {"fault_over": back}))

    # 3. Three gunicorn workers killed with SIGKILL, 3 s apart.
    start = time.monotonic()
    for _ in range(3):
        _master, pids = workers()
        os.kill(random.choice(pids), signal.SIGKILL)  # noqa: S311
        time.sleep(3)
    wait_until(lambda: len(workers()[1]) >= int(os.environ.get("WEB_CONCURRENCY", "4")))
    time.sleep(2)
    windows.append(("Giết 3 tiến trình gunicorn (SIGKILL, cách nhau 3 s)", start, time.monotonic(),
                    {"note": "master tạo tiến trình mới"}))

    # 4. Graceful reload (a deployment): HUP the master.
    start = time.monotonic()
    master, _ = workers()
    os.kill(master, signal.SIGHUP)
    time.sleep(8)
    windows.append(("Tải lại gunicorn êm (HUP, như khi triển khai)", start, time.monotonic(), {}))

    load.finish()
    windows.append(("Toàn bộ lần chạy", t0, time.monotonic(), {}))
    rows = [summarize(load, name, start, end, **options) for name, start, end, options in windows]
    # Failed before the first fault began: the load itself is wrong. (A request started before it and still
    # running when PostgreSQL went down failed because of the fault.)
    first_fault = windows[0][2]
    before_any_fault = [r for r in rows[0]["failures"] if r[1] < first_fault]
    if len(rows[0]["failures"]) > len(before_any_fault):
        rows[0]["note"] = (f"{len(rows[0]['failures']) - len(before_any_fault)} lỗi: yêu cầu còn đang chạy khi "
                           f"sự cố đầu bắt đầu; {len(before_any_fault)} lỗi trước đó").strip()

    # Every comment refused during the faults is sent again (the same form), as its browser would; then
    # every comment sent must be stored exactly once.
    refused_first = {t for t, s in load.comments_sent.items() if s != 302}
    stored_before = stored_comments()
    resent = load.resubmit_refused()
    stored = stored_comments()
    sent = set(load.comments_sent)
    integrity = {
        "sent": len(sent), "accepted at once": len(sent - refused_first), "refused": len(refused_first),
        "refused but stored already (answer lost after the commit)": len(refused_first & set(stored_before)),
        "refused, sent again, accepted": sum(1 for s in resent.values() if s == 302),
        "stored": len(stored), "stored twice": sum(1 for v in stored.values() if v > 1),
        "missing": len(sent - set(stored)),
    }
    print("Comments:", integrity, flush=True)

    workers_env = os.environ.get("WEB_CONCURRENCY", "4")
    lines = ["# Fault injection on loopback", "",
             f"{CLIENTS} clients × ~{RATE:g} req/s; mix 50% cached page, 40% uncached page (Django + PostgreSQL, "
             f"checked by its Cache-Control), 10% comment POST (refused ones sent again after the faults); "
             f"gunicorn {workers_env} workers; {time.strftime('%Y-%m-%d %H:%M')}.", "",
             "| Sự cố | Yêu cầu | Lỗi | Loại lỗi | Kết quả lỗi | Khoảng lỗi (từ lúc gây sự cố) | Phục hồi sau "
             "| Ghi chú |",
             "|---|---:|---:|---|---|---|---|---|"]
    lines += [f"| {r['fault']} | {r['requests']} | {r['failed']} | {r['by_kind']} | {r['outcomes']} | {r['span']} | "
              f"{r['recovery']} | {r['note']} |" for r in rows]
    lines += ["", "Bình luận: " + ", ".join(f"{k}: {v}" for k, v in integrity.items())]
    if before_any_fault:
        lines += ["", f"THẤT BẠI: {len(before_any_fault)} yêu cầu lỗi trước mọi sự cố: tải không đo đúng điều nó nói."]
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "fault-results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    sh("scripts/prod-local.sh", "stop")
    if before_any_fault:
        sys.exit(f"{len(before_any_fault)} requests failed before any fault: "
                 f"{Counter((r[2], str(r[3])) for r in before_any_fault)}")
    if integrity["stored twice"] or integrity["missing"]:
        sys.exit("comment integrity violated")


if __name__ == "__main__":
    main()
