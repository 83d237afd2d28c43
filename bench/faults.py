"""Fault injection (`make faults`): the production stack on loopback (scripts/prod-local.sh: nginx,
gunicorn, PostgreSQL, Redis; demo data in database cchc_faults) under a bounded load, while

  1. PostgreSQL restarts (gunicorn is not restarted: CONN_HEALTH_CHECKS must reconnect),
  2. Redis stops for a while and comes back (the cache failing must not be an outage),
  3. gunicorn workers are killed with SIGKILL (the master forks new ones),
  4. gunicorn reloads gracefully (HUP), as at a deployment.

The load: FAULT_CLIENTS threads (default 6), each about FAULT_RATE requests a second (default 8): public
pages through nginx's cache, the same pages past every cache (a unique query string through /nocache/,
so Django renders them from PostgreSQL), and comment POSTs, each with a unique text. Afterwards every
comment the portal acknowledged (302) must be in the database exactly once, and none it refused.

Results: printed and written to var/fault-results.md. Needs root (pg_ctlcluster, redis-server).
"""

import html
import http.client
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


class Load:
    """Client threads recording (start, end, kind, outcome) for every request."""

    def __init__(self, report_path):
        self.report_path = report_path
        self.records = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.comments_sent = Counter()  # text -> status
        self.form = None

    def _request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(HOST, PORT, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            return response.status, data
        finally:
            connection.close()

    def refresh_form(self):
        status, data = self._request("GET", self.report_path)
        page = data.decode()
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
        fields.setdefault("content_type", "reports.report")
        self.form = {k: html.unescape(v) for k, v in fields.items()}

    def one(self, kind, n):
        if kind == "trang (qua bộ đệm nginx)":
            return self._request("GET", self.report_path)
        if kind == "trang (không bộ đệm, từ CSDL)":
            return self._request("GET", f"/nocache{self.report_path}?lan={n}")
        text = f"{MARK} — góp ý số {n}"
        body = urllib.parse.urlencode({**self.form, "name": "Người kiểm thử", "email": f"kiemthu{n}@example.com",
                                       "comment": text, "honeypot": ""})
        status, data = self._request("POST", "/binh-luan/gui/", body, {
            "Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://{HOST}:{PORT}"})
        with self.lock:
            self.comments_sent[text] = status
        return status, data

    def client(self, index):
        kinds = ["trang (qua bộ đệm nginx)"] * 5 + ["trang (không bộ đệm, từ CSDL)"] * 4 + ["bình luận (POST)"]
        rng = random.Random(index)  # noqa: S311 — a load mix, not a secret
        n = index * 1_000_000
        while not self.stop.is_set():
            n += 1
            kind = rng.choice(kinds)
            started = time.monotonic()
            try:
                status, _ = self.one(kind, n)
                outcome = status
            except Exception as exc:  # connection refused/reset, timeout: a failed request
                outcome = type(exc).__name__
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
        with self.lock:
            return [r for r in self.records if start <= r[0] < end]


def ok(outcome, kind):
    return outcome == 302 if kind == "bình luận (POST)" else outcome == 200


def summarize(load, name, start, end, fault_over=None, note=""):
    records = load.window(start, end)
    failures = [r for r in records if not ok(r[3], r[2])]
    by_kind = Counter(r[2] for r in failures)
    outcomes = Counter(str(r[3]) for r in failures)
    recovery = ""
    if fault_over is not None:
        after = sorted(r for r in records if r[0] >= fault_over and r[2] == "trang (không bộ đệm, từ CSDL)")
        first_ok = next((r for r in after if ok(r[3], r[2])), None)
        recovery = f"{first_ok[1] - fault_over:.2f} s" if first_ok else "chưa phục hồi"
        late = [r for r in failures if r[0] >= (first_ok[1] if first_ok else end)]
        if late:
            note += f" {len(late)} lỗi sau khi đã phục hồi."
    span = ""
    if failures:
        span = f"{min(r[0] for r in failures) - start:.1f}–{max(r[1] for r in failures) - start:.1f} s"
    row = {"fault": name, "requests": len(records), "failed": len(failures),
           "by_kind": ", ".join(f"{k}: {v}" for k, v in by_kind.items()) or "—",
           "outcomes": ", ".join(f"{k}×{v}" for k, v in outcomes.items()) or "—",
           "span": span or "—", "recovery": recovery or "—", "note": note.strip()}
    print(f"{name}: {row}", flush=True)
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

    # Every acknowledged comment stored exactly once; none of the refused ones stored.
    stored = manage("shell", "-c", (
        "from collections import Counter; from discussion.models import CitizenComment as C; "
        f"c = Counter(C.objects.filter(comment__startswith={MARK!r}).values_list('comment', flat=True)); "
        "import json; print(json.dumps(c, ensure_ascii=False))"))
    import json

    stored = json.loads(stored.strip().splitlines()[-1])
    accepted = {t for t, s in load.comments_sent.items() if s == 302}
    refused = {t for t, s in load.comments_sent.items() if s != 302}
    integrity = {
        "sent": len(load.comments_sent), "accepted": len(accepted),
        "stored": len(stored), "stored twice": sum(1 for v in stored.values() if v > 1),
        "accepted but missing": len(accepted - set(stored)),
        "refused but stored": len(refused & set(stored)),
    }
    print("Comments:", integrity, flush=True)

    workers_env = os.environ.get("WEB_CONCURRENCY", "4")
    lines = ["# Fault injection on loopback", "",
             f"{CLIENTS} clients × ~{RATE:g} req/s; mix 50% cached page, 40% uncached page (Django + PostgreSQL), "
             f"10% comment POST; gunicorn {workers_env} workers; {time.strftime('%Y-%m-%d %H:%M')}.", "",
             "| Sự cố | Yêu cầu | Lỗi | Loại lỗi | Kết quả lỗi | Khoảng lỗi (từ lúc gây sự cố) | Phục hồi sau "
             "| Ghi chú |",
             "|---|---:|---:|---|---|---|---|---|"]
    lines += [f"| {r['fault']} | {r['requests']} | {r['failed']} | {r['by_kind']} | {r['outcomes']} | {r['span']} | "
              f"{r['recovery']} | {r['note']} |" for r in rows]
    lines += ["", "Bình luận: " + ", ".join(f"{k}: {v}" for k, v in integrity.items())]
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "fault-results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    sh("scripts/prod-local.sh", "stop")
    if integrity["stored twice"] or integrity["accepted but missing"] or integrity["refused but stored"]:
        sys.exit("comment integrity violated")


if __name__ == "__main__":
    main()
