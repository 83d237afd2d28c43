"""Drills on the cluster (`make cluster-faults`): `make cluster` (scripts/cluster.py) under a steady mixed
load — public pages through nginx's cache, public pages rendered from the database (anonymous: the replica),
citizens' comment POSTs, officers saving activities in the admin — while

  1. an application node is killed (SIGKILL, every gunicorn process of app2), then started again;
  2. both application nodes are redeployed in turn (graceful stop, start, wait until it answers);
  3. the primary database host is cut off (its link down): Patroni promotes the synchronous replica;
  4. the old primary's link comes back: it must rejoin as a replica, never as a second primary;
  5. the replica is lost (its link down): reads move to the primary;
  6. replication lag is injected (WAL replay paused on the replica): an officer sees their own write at
     once; a public page is at most REPLICA_MAX_LAG_SECONDS (+ the check interval) behind.

Every acknowledged write (a comment answered 302, an activity answered 302) must be in the database
afterwards, exactly once; refused ones are sent again once the drills are over, as a browser would.
Results: var/cluster-results.md. Needs root (namespaces). FAULT_CLIENTS (default 6) × FAULT_RATE req/s."""

import json
import os
import re
import signal
import subprocess  # nosec B404 - fixed commands on the drill's own hosts
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))
import burst  # noqa: E402
import cluster  # noqa: E402
import faults  # noqa: E402
from faults import CACHED, COMMENT, summarize, wait_until  # noqa: E402

PUBLIC = "trang công khai dựng từ CSDL (bản sao)"
OFFICER = "cán bộ lưu kết quả (POST)"
MARK = f"Diễn tập cụm {int(time.time())}"
BURST_OFFICERS = int(os.environ.get("BURST_OFFICERS", "500"))
BURST_SECONDS = float(os.environ.get("BURST_SECONDS", "60"))
# Then the same officers again within a few seconds: more than the cluster can serve at once, so requests
# queue in PgBouncer — the server connections must stay within the bound, and none may fail.
OVERLOAD_SECONDS = float(os.environ.get("BURST_OVERLOAD_SECONDS", "5"))
LAG_BOUND = 10  # REPLICA_MAX_LAG_SECONDS as the cluster runs it (settings default)
DRILL_ENV = {"COMMENTS_RATE_LIMIT": "1000000/s", "COMMENTS_RATE_LIMIT_PER_ADDRESS": "1000000/s",
             "COMMENTS_AUTO_APPROVE_RETURNING": "False", "GUNICORN_ACCESSLOG": "/dev/null",
             "LOGIN_FAILURES_PER_ADDRESS": "100000/m", "AXES_FAILURE_LIMIT": "100000"}


def say(text):
    print(time.strftime("%H:%M:%S"), text, flush=True)


def ip(*args):
    subprocess.run(["ip", *args], check=True)  # noqa: S603 S607 # nosec


def psql(host, sql, database="cchc"):
    address = cluster.topology()["hosts"][host]["address"]
    return subprocess.run(["psql", "-h", address, "-U", "postgres", "-d", database, "-tAc", sql],  # noqa: S603 S607 # nosec
                          capture_output=True, text=True, timeout=10).stdout.strip()


class Officer(burst.Browser):
    """One officer's browser, signed in through the login page with the demo password."""

    def __init__(self, load, username):
        super().__init__(load.host, load.port, timeout=15)
        _status, _location, page = self.request("GET", "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _location, _page = self.request("POST", "/admin/login/", {
            "csrfmiddlewaretoken": token, "username": username, "password": "CaMau-CCHC-2019", "next": "/admin/"})
        if status != 302:
            raise RuntimeError(f"login of {username}: {status}")

    def save_activity(self, title, plan_id, agency_id, channel_id):
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), "plan": plan_id, "agency": agency_id,
                  "task": "", "channel": channel_id, "date": "20/12/2019", "title": title, "quantity": "1",
                  "participants": "", "awards": "", "description": "", "evidence_url": "", "_save": "Lưu lại"}
        for formset in ("photos", "evidence"):
            fields.update({f"{formset}-TOTAL_FORMS": "0", f"{formset}-INITIAL_FORMS": "0",
                           f"{formset}-MIN_NUM_FORMS": "0", f"{formset}-MAX_NUM_FORMS": "1000"})
        return self.request("POST", "/admin/campaigns/activity/add/", fields)[0]


class ClusterLoad(faults.Load):
    def __init__(self, report_path, ids):
        (lb,) = cluster.hosts_with(cluster.topology(), "nginx").values()
        super().__init__(report_path, host=lb["address"], port=80,
                         kinds=[CACHED] * 3 + [PUBLIC] * 4 + [COMMENT] * 2 + [OFFICER], mark=MARK)
        self.ids = ids
        self.activities_sent = {}  # title -> status of the first sending
        self.officers = {}

    def one(self, kind, n):
        if kind == PUBLIC:  # an implausible page number: answered, never stored, rendered from the database
            status, headers, _data = self._request("GET", f"/nocache{self.report_path}?trang=k{n}")
            return status
        if kind == OFFICER:
            index = n // 1_000_000
            officer = self.officers.get(index)
            if officer is None:
                officer = self.officers[index] = Officer(self, "dai_ptth")
            title = f"{MARK} — kết quả số {n}"
            status = officer.save_activity(title, *self.ids)
            with self.lock:
                self.activities_sent[title] = status
            return status
        return super().one(kind, n)


def ok(outcome, kind):
    return outcome == 302 if kind in (COMMENT, OFFICER) else outcome == 200



class ConnectionSampler(threading.Thread):
    """Every quarter second while the burst runs, summed over the application nodes' PgBouncers (SHOW
    POOLS, the primary's database `cchc`): the server connections open (sv_active + sv_idle + sv_used +
    sv_tested + sv_login), the busy ones, and the requests waiting for one (cl_waiting); and, on the primary
    itself, every connection from the load balancer's address — the primary's pool and, while no replica was
    healthy, the replica pool's connections HAProxy sent there."""

    def __init__(self, topo):
        super().__init__(daemon=True)
        self.topo, self.stop, self.samples, self.errors = topo, threading.Event(), [], []
        self.began = self.ended = time.monotonic()

    def run(self):
        self.began = time.monotonic()
        while not self.stop.is_set():
            try:
                self.samples.append(self.sample())
            except Exception as exc:  # noqa: BLE001 - counted: a drill whose sampling failed fails
                self.errors.append(repr(exc))
            time.sleep(0.25)
        self.ended = time.monotonic()

    def sample(self):
        (lb,) = cluster.hosts_with(self.topo, "haproxy").values()
        s = self.topo["settings"]
        lead = cluster.primary(self.topo)
        on_primary = psql(lead, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "  # noqa: S608 # nosec B608 - the topology's own address
                          f"AND client_addr = '{lb['address']}'") if lead else ""
        waiting = busy = opened = seen = 0
        for host in cluster.hosts_with(self.topo, "app"):
            pools = subprocess.run(cluster.in_host(host, "psql", "-h", "127.0.0.1", "-p", s["pgbouncer_port"],  # noqa: S603 # nosec B603
                                                   "-U", "postgres", "-d", "pgbouncer", "-A", "-F", ",",
                                                   "-P", "footer=off", "-c", "SHOW POOLS"),
                                   capture_output=True, text=True, timeout=5).stdout.splitlines()
            header = pools[0].split(",") if pools else []
            for row in pools[1:]:
                pool = dict(zip(header, row.split(","), strict=False))
                if pool.get("database") == s["database"]:
                    seen += 1
                    waiting += int(pool["cl_waiting"])
                    busy += int(pool["sv_active"])
                    opened += sum(int(pool[k]) for k in ("sv_active", "sv_idle", "sv_used", "sv_tested",
                                                         "sv_login"))
        if not lead or not on_primary.isdigit() or not seen:
            raise RuntimeError(f"no reading: primary {lead!r}, {on_primary!r}, pools seen {seen}")
        return int(on_primary), waiting, busy, opened


def deadline_burst(topo, seconds):
    """Item 5: BURST_OFFICERS officers (bench/burst_setup.py: drill communes, signed in, one unsent report
    and one activity each — made unsent again for each burst) send their report within `seconds` through
    the load balancer, while the server connections are sampled. Returns the figures and the database's
    count of what was sent."""
    env = {**os.environ, **cluster.app_env(topo, "app1")}
    made = subprocess.run(cluster.in_host("app1", cluster.PY, "bench/burst_setup.py", BURST_OFFICERS),  # noqa: S603 # nosec B603
                          env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    officers = [json.loads(line) for line in made.stdout.splitlines() if line.strip()]
    (lb,) = cluster.hosts_with(topo, "nginx").values()
    sampler = ConnectionSampler(topo)
    sampler.start()
    result = burst.run(lb["address"], 80, officers, seconds=seconds)
    sampler.stop.set()
    sampler.join(10)
    checked = subprocess.run(cluster.in_host("app1", cluster.PY, "bench/burst_setup.py", "verify"),  # noqa: S603 # nosec B603
                             env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    result["database"] = json.loads(checked.stdout)
    s = topo["settings"]
    result["bound"] = len(cluster.hosts_with(topo, "app")) * s["pgbouncer_pool_size"]
    result["server_connections_max"] = max((x[3] for x in sampler.samples), default=None)
    result["on_primary_max"] = max((x[0] for x in sampler.samples), default=None)
    result["waiting_max"] = max((x[1] for x in sampler.samples), default=None)
    result["busy_max"] = max((x[2] for x in sampler.samples), default=None)
    result["samples"] = len(sampler.samples)
    result["sample_errors"] = sampler.errors
    result["sample_interval"] = (sampler.ended - sampler.began) / max(1, len(sampler.samples))
    return result


def waited(check, timeout):
    """faults.wait_until, but None instead of TimeoutError: the drill records what did not happen."""
    try:
        return wait_until(check, timeout=timeout)
    except TimeoutError:
        return None


def patroni_paused(topo, paused):
    """Patroni's maintenance mode on or off (PATCH /config on any member's REST API), waited for. Paused,
    Patroni leaves PostgreSQL alone — it would otherwise resume a paused WAL replay within a loop."""
    body = json.dumps({"pause": paused}).encode()
    for host in cluster.hosts_with(topo, "patroni").values():
        request = urllib.request.Request(f"http://{host['address']}:8008/config", data=body, method="PATCH",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=5):  # noqa: S310 # nosec B310 - the drill's own host
                break
        except OSError:
            continue
    return waited(lambda: bool(cluster.http_json(f"http://{host['address']}:8008/cluster").get("pause")) == paused,
                  timeout=30)


def without_writes(load, start, end):
    """The seconds no write was acknowledged around the primary's loss — the longest time between two
    acknowledged writes (comments or activities, by the moment they were answered) overlapping the cut —,
    and how many writes were refused meanwhile (each is sent again later, as its browser would)."""
    writes = load.window(start - 30, end + 30)
    acknowledged = sorted(r[1] for r in writes if r[2] in (COMMENT, OFFICER) and r[3] == 302)
    refused = sum(1 for r in writes if r[2] in (COMMENT, OFFICER) and r[3] != 302 and start <= r[1] < end)
    gaps = [(b - a, a) for a, b in zip(acknowledged, acknowledged[1:], strict=False) if b >= start and a < end]
    if not gaps:
        return None, f"không đo được ({refused} lần ghi bị từ chối)"
    gap, since = max(gaps)
    return gap, (f"{gap:.1f} s không ghi được (khoảng dài nhất giữa hai lần ghi được nhận, từ giây "
                 f"{since - start:+.1f} so với lúc cắt), {refused} lần ghi bị từ chối")


def gunicorn_pids(host):
    pids = subprocess.run(["ip", "netns", "pids", cluster.netns(host)], capture_output=True,  # noqa: S603 S607 # nosec
                          text=True).stdout.split()
    found = []
    for pid in pids:
        try:
            if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(int(pid))
        except FileNotFoundError:  # gone meanwhile
            pass
    return found


def start_app(host):
    state = cluster.load_state()
    cluster.start_app(cluster.topology(), state, host)


def steadily(check, seconds=5.0):
    """True once `check()` has held for `seconds` in a row (a replica that rejoined may restart once more
    after pg_rewind before it streams for good)."""
    since = None

    def held():
        nonlocal since
        if not check():
            since = None
            return False
        since = since or time.monotonic()
        return time.monotonic() - since >= seconds
    return held


def a_replica(topo):
    wait_until(lambda: cluster.streaming_replicas(topo), timeout=120)
    return cluster.streaming_replicas(topo)[0]


def stored(model, field, prefix):
    sql = (f"SELECT json_object_agg(t, c) FROM (SELECT {field} AS t, count(*) AS c FROM {model} "  # noqa: S608 # nosec B608
           f"WHERE {field} LIKE '{prefix}%' GROUP BY {field}) x")
    out = psql(cluster.primary(cluster.topology()), sql)
    return json.loads(out) if out else {}


def main():
    if os.geteuid() != 0:
        sys.exit("cluster_faults.py cuts links between network namespaces: run it as root.")
    os.environ.update(DRILL_ENV)
    started = time.monotonic()
    cluster.main(["start"])
    topo = cluster.topology()
    build_seconds = time.monotonic() - started
    lead = cluster.primary(topo)
    slug = psql(lead, "SELECT slug FROM reports_report WHERE status = 'published' LIMIT 1")
    plan_id = psql(lead, "SELECT id FROM campaigns_plan WHERE year = 2019 LIMIT 1")
    agency_id = psql(lead, "SELECT agency_id FROM accounts_user WHERE username = 'dai_ptth'")
    channel_id = psql(lead, "SELECT id FROM campaigns_channel ORDER BY id LIMIT 1")
    load = ClusterLoad(f"/bao-cao/{slug}/", (plan_id, agency_id, channel_id))
    windows, facts = [], {"build": f"{build_seconds:.0f} s"}
    load.start()
    t0 = time.monotonic()
    time.sleep(5)
    windows.append(("Không có sự cố (5 s đầu)", t0, time.monotonic(), {}))

    say('1. An application node killed')
    # 1. An application node killed, then started.
    start = time.monotonic()
    for pid in gunicorn_pids("app2"):
        os.kill(pid, signal.SIGKILL)
    time.sleep(5)
    start_app("app2")
    time.sleep(3)
    windows.append(("Giết nút ứng dụng app2 (SIGKILL), 5 s sau bật lại", start, time.monotonic(), {}))

    say('2. Rolling deploy')
    # 2. Rolling deploy: each node stopped gracefully (in-flight requests finish), started, answering.
    start = time.monotonic()
    for host in cluster.hosts_with(topo, "app"):
        cluster.main(["drain", host])  # nginx sends it nothing new; its old workers finish what they hold
        time.sleep(3)
        for pid in gunicorn_pids(host):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        wait_until(lambda h=host: not gunicorn_pids(h), timeout=40)
        start_app(host)
        cluster.main(["undrain", host])
        time.sleep(2)
    windows.append(("Triển khai lần lượt hai nút (rút khỏi nginx, dừng êm, bật, đưa lại)", start, time.monotonic(), {}))

    say("3. The primary's host cut off.")
    # 3. The primary's host cut off.
    old = cluster.primary(topo)
    start = time.monotonic()
    ip("link", "set", f"cchc-{old}", "down")
    promoted = waited(lambda: cluster.primary(topo) not in (None, old), timeout=90)
    if promoted is None:
        sys.exit(f"cluster drill: no replica was promoted within 90 s of cutting {old} off")
    new_primary = cluster.primary(topo)
    facts["promoted"] = f"{new_primary} sau {promoted - start:.1f} s"
    time.sleep(5)
    cut = (start, time.monotonic())
    windows.append((f"Cắt máy CSDL chính {old} (mất mạng)", start, time.monotonic(),
                    {"fault_over": promoted, "probe": COMMENT}))  # recovery: the first comment stored after

    say('4. The old primary returns')
    # 4. The old primary returns: a replica, never a second primary.
    start = time.monotonic()
    ip("link", "set", f"cchc-{old}", "up")
    rejoined = waited(lambda: old in cluster.streaming_replicas(topo), timeout=120)
    steady = rejoined and waited(steadily(lambda: old in cluster.streaming_replicas(topo)), timeout=120)
    leaders = [m["name"] for m in cluster.cluster_members(topo) if m["role"] == "leader"]
    facts["rejoined"] = (f"{old} là bản sao sau {rejoined - start:.1f} s" if rejoined and steady
                         else f"{old} KHÔNG trở thành bản sao ổn định trong 120 s") + \
        f"; máy chính: {', '.join(leaders) or 'không có'} (trước đó {new_primary} được bầu)"
    if leaders != [new_primary]:
        facts["rejoined"] += " — máy chính cũ đã giành lại quyền: những gì máy mới ghi có thể mất"
    time.sleep(3)
    windows.append((f"Máy CSDL cũ {old} trở lại", start, time.monotonic(), {}))

    say('5. The replica lost.')
    # 5. The replica lost.
    replica = a_replica(topo)
    start = time.monotonic()
    ip("link", "set", f"cchc-{replica}", "down")
    time.sleep(10)
    ip("link", "set", f"cchc-{replica}", "up")
    wait_until(steadily(lambda: replica in cluster.streaming_replicas(topo)), timeout=120)
    # Meanwhile HAProxy sent the replica pool's new connections to the primary; PgBouncer makes its server
    # connections again after server_lifetime, and the public reads move back to the replica.
    back = waited(lambda: psql(cluster.primary(topo), "SELECT count(*) FROM pg_stat_activity "
                               "WHERE application_name = 'cchc_replica_pool'") == "0", timeout=90)
    facts["reads_back"] = ("đọc công khai trở lại bản sao sau " + (f"{back - start:.1f} s" if back else "> 90 s")
                           + " kể từ lúc mất bản sao")
    windows.append((f"Mất bản sao {replica} 10 s", start, time.monotonic(), {}))

    say('6. Replication lag')
    # 6. Replication lag: Patroni paused (it would resume the replay itself), WAL replay paused on the
    # replica while the load writes; the replica must really fall behind for the drill to mean anything.
    replica = a_replica(topo)
    start = time.monotonic()
    facts["patroni_paused"] = bool(patroni_paused(topo, True))
    psql(replica, "SELECT pg_wal_replay_pause()")
    replay_paused = psql(replica, "SELECT pg_is_wal_replay_paused()") == "t"
    officer = Officer(load, "dai_ptth")
    title = f"{MARK} — đọc lại ngay"
    saved = officer.save_activity(title, plan_id, agency_id, channel_id)
    status, _location, page = officer.request("GET", "/admin/campaigns/activity/?q=" + urllib.parse.quote(title))
    own_write_seen = saved == 302 and status == 200 and title in page
    facts["read_your_writes"] = f"lưu {saved}, danh sách {status}, thấy ngay: {own_write_seen}"
    marker = f"Diễn tập độ trễ {int(time.time())}"
    manage_env = {**os.environ, **cluster.app_env(topo, "app1")}
    subprocess.run(cluster.in_host("app1", cluster.PY, "manage.py", "shell", "-c",  # noqa: S603 # nosec
                                   "from core.models import PortalIdentity as P; "
                                   "p = P.objects.get_or_create(pk=1)[0]; "
                                   f"p.short_name = {marker!r}; p.save()"),
                   env=manage_env, cwd=ROOT, check=True, capture_output=True)
    written = time.monotonic()
    behind = psql(replica, "SELECT COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)")
    seen = waited(lambda: marker in load._request("GET", f"/nocache{load.report_path}?trang=m{time.time_ns()}")[2]
                  .decode(errors="replace"), timeout=60)
    public_lag = None if seen is None else seen - written
    psql(replica, "SELECT pg_wal_replay_resume()")
    patroni_paused(topo, False)
    facts["public_lag"] = (f"bản sao dừng phát lại: {replay_paused}, chậm {float(behind or 0):.1f} s lúc ghi; trang "
                           "công khai thấy thay đổi sau " + ("—" if public_lag is None else f"{public_lag:.1f} s")
                           + f" (giới hạn {LAG_BOUND} s + 1 s đo + 1 s bộ đệm tối thiểu)")
    # behind at first, then caught up within the bound
    lag_ok = replay_paused and own_write_seen and public_lag is not None and 1 < public_lag <= LAG_BOUND + 2
    windows.append(("Bản sao chậm (dừng phát lại WAL)", start, time.monotonic(), {}))

    load.finish()
    windows.append(("Toàn bộ lần diễn tập", t0, time.monotonic(), {}))

    bursts = []
    for seconds in (BURST_SECONDS, OVERLOAD_SECONDS):
        say(f"7. The deadline-day burst: {BURST_OFFICERS} officers within {seconds:g} s")
        bursts.append(deadline_burst(topo, seconds))
    rows = [summarize(load, name, s, e, ok=ok, **{"probe": PUBLIC, **options}) for name, s, e, options in windows]
    no_writes, facts["no_writes"] = without_writes(load, *cut)

    refused = {t for t, s in load.comments_sent.items() if s != 302}
    load.resubmit_refused()
    comments = stored("discussion_citizencomment", "comment", MARK)
    activities = stored("campaigns_activity", "title", MARK)
    acknowledged = {t for t, s in load.comments_sent.items() if s == 302}
    saved_ok = {t for t, s in load.activities_sent.items() if s == 302}
    integrity = {
        "bình luận gửi": len(load.comments_sent), "được nhận ngay (302)": len(acknowledged),
        "bị từ chối rồi gửi lại": len(refused), "nhận mà mất": len(acknowledged - set(comments)),
        "lưu hai lần": sum(1 for v in comments.values() if v > 1),
        "kết quả cán bộ lưu": len(load.activities_sent), "được nhận (302)": len(saved_ok),
        "kết quả nhận mà mất": len(saved_ok - set(activities)),
        "kết quả lưu hai lần": sum(1 for v in activities.values() if v > 1),
    }
    lines = ["# Diễn tập cụm máy (make cluster-faults)", "",
             f"{faults.CLIENTS} luồng × ~{faults.RATE:g} yêu cầu/s: 30% trang qua bộ đệm nginx, 40% trang công khai "
             "dựng từ CSDL (bản sao), 20% bình luận (POST), 10% cán bộ lưu kết quả (POST, phiên đăng nhập thật); "
             f"{time.strftime('%Y-%m-%d %H:%M')}. Dựng cụm: {facts['build']}.", "",
             "| Sự cố | Yêu cầu | Lỗi | Loại lỗi | Kết quả lỗi | Khoảng lỗi | Phục hồi sau | Ghi chú |",
             "|---|---:|---:|---|---|---|---|---|"]
    lines += [f"| {r['fault']} | {r['requests']} | {r['failed']} | {r['by_kind']} | {r['outcomes']} | {r['span']} | "
              f"{r['recovery']} | {r['note']} |" for r in rows]
    lines += ["", *(f"- {k}: {v}" for k, v in facts.items()), "",
              "Toàn vẹn: " + ", ".join(f"{k}: {v}" for k, v in integrity.items()), "",
              "## Hạn ngày 20: gửi báo cáo dồn dập qua cụm (sau các sự cố, không tải nền)"]
    for result in bursts:
        lines += ["", burst.table(result), "",
                  f"Kết nối máy chủ của PgBouncer tới CSDL chính ({result['samples']} mẫu, trung bình mỗi "
                  f"{result['sample_interval']:.2f} s; lỗi đo: {len(result['sample_errors'])}): tối "
                  f"đa {result['server_connections_max']} (giới hạn: {result['bound']} = số nút × pool), bận tối "
                  f"đa {result['busy_max']}; yêu cầu chờ trong PgBouncer tối đa {result['waiting_max']}. Trên máy "
                  f"CSDL chính, mọi kết nối từ HAProxy: tối đa {result['on_primary_max']} (giới hạn "
                  f"{2 * result['bound']}: thêm pool đọc khi không có bản sao). CSDL: {result['database']}."]
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "cluster-results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if not lag_ok or integrity["nhận mà mất"] or integrity["lưu hai lần"] or integrity["kết quả nhận mà mất"] \
            or integrity["kết quả lưu hai lần"] or leaders != [new_primary] or not (rejoined and steady) \
            or any(r["database"]["sent"] != BURST_OFFICERS or r["database"]["sent_twice"]
                   or r["database"]["expected"] != BURST_OFFICERS or r["errors"] or r["sent"] != BURST_OFFICERS
                   or not r["samples"] or r["sample_errors"]
                   or (r["server_connections_max"] or 0) > r["bound"]
                   or (r["on_primary_max"] or 0) > 2 * r["bound"] for r in bursts):
        sys.exit("cluster drill failed: an acknowledged write lost or stored twice, the old primary taking the lead "
                 "back or not rejoining, the replication-lag check (replica not behind, own write not seen, public "
                 "page past the bound), or the burst (an error, a report not stored once, no connection reading, "
                 "server connections over the bound)")


if __name__ == "__main__":
    try:
        main()
    finally:  # whatever happened, nothing of the drill is left running (CLUSTER_KEEP=1 keeps it to look at)
        if os.geteuid() == 0 and os.environ.get("CLUSTER_KEEP") != "1":
            cluster.main(["stop"])
