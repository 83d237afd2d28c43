"""The benchmark (`make bench`): the production stack on loopback, PostgreSQL filled with national-scale
synthetic data, and each page measured against nginx serving a static copy of the same report — the
physical limit of this machine — so results compare across noisy machines.

The coordinator's start page (/admin/, the reporting-cycle dashboard of every expected agency) is measured
too, signed in as the generator's coordinator by a session made in the database (no password, no login
form), with few connections: it is one person's page, not a public one.

Environment: BENCH_ACTIVITIES (default 1000000), BENCH_SECONDS per wrk run (10), BENCH_STEADY_SECONDS per
half-peak run (30), BENCH_CONNECTIONS (64),
DASHBOARD_CONNECTIONS (2), WEB_CONCURRENCY (gunicorn workers; default 2 × cores + 1). Results: printed
and written to var/bench-results.md. Everything listens on 127.0.0.1 only.
"""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "prod-local"
PY = str(ROOT / ".venv" / "bin" / "python")
BASE = "http://127.0.0.1:8080"
ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "1000000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
# The half-peak runs are longer: their p99 is the figure asked for, and over 10 s (~500 requests) it is the
# 5th slowest request, which one scheduler hiccup decides.
STEADY_SECONDS = int(os.environ.get("BENCH_STEADY_SECONDS", "30"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
DASHBOARD_CONNECTIONS = int(os.environ.get("DASHBOARD_CONNECTIONS", "2"))
DB = "cchc_bench"


def sh(*args, env=None, capture=False):
    result = subprocess.run(args, cwd=ROOT, env={**os.environ, **(env or {})}, check=True, text=True,
                            capture_output=capture)
    return result.stdout if capture else None


def stack_env():
    env = {}
    for line in (VAR / "env").read_text().splitlines():
        match = re.match(r"export (\w+)=(.*)", line)
        if match:
            env[match.group(1)] = match.group(2).strip("'")
    return env


def manage(*args, capture=True):
    return sh(PY, "manage.py", *args, env=stack_env(), capture=capture)


def start(page_cache=True):
    # NGINX_LIMIT_REQ=off: the comment POSTs below come from one address far above nginx's limit on
    # uncached requests (the /nocache/ route is never limited).
    sh("scripts/prod-local.sh", "start", env={
        "PROD_DB": DB, "SKIP_DEMO": "1", "COMMENTS_RATE_LIMIT": "1000000/s",
        "COMMENTS_RATE_LIMIT_PER_ADDRESS": "1000000/s", "NGINX_LIMIT_REQ": "off",
        "PUBLIC_PAGE_CACHE_SECONDS": "600" if page_cache else "0", "GUNICORN_ACCESSLOG": "/dev/null"})


def ensure_data():
    count = int(manage("shell", "-c", "from campaigns.models import Activity; "
                       "print(Activity.objects.filter(plan__slug__startswith='mo-phong-').count())").split()[-1])
    if count != ACTIVITIES:
        print(f"Generating {ACTIVITIES:,} synthetic activities (found {count:,})…", flush=True)
        manage("generate_national_data", "--reset")
        t = time.monotonic()
        manage("generate_national_data", "--activities", str(ACTIVITIES), capture=False)
        print(f"  generated in {time.monotonic() - t:.0f} s", flush=True)


def targets():
    code = ("from reports.models import Report; r = Report.objects.published().filter(plan__slug__startswith="
            "'mo-phong-').order_by('-plan__year', 'plan__id').select_related('plan').first(); "
            "from discussion.forms import CommentForm; import time, json; ts = int(time.time()) - 60; "
            "print(json.dumps({'report': r.get_absolute_url(), 'plan': r.plan.get_absolute_url(), 'pk': r.pk, "
            "'ts': ts, 'hash': CommentForm(r).initial_security_hash(ts)}))")
    return json.loads(manage("shell", "-c", code).strip().splitlines()[-1])


def coordinator_cookie():
    """A signed-in session of the generator's coordinator (`Cookie:` header value), made with Django's
    test client's force_login against the bench database: no password exists to type."""
    code = ("from django.conf import settings; from django.test import Client; "
            "from django.contrib.auth import get_user_model; "
            "from ops.management.commands.generate_national_data import COORDINATOR_USERNAME as name; "
            "c = Client(); c.force_login(get_user_model().objects.get(username=name)); "
            "print(settings.SESSION_COOKIE_NAME + '=' + c.cookies[settings.SESSION_COOKIE_NAME].value)")
    return manage("shell", "-c", code).strip().splitlines()[-1]


def wrk(path, connections=CONNECTIONS, script=None, cookie=None):
    threads = min(2, connections)
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{SECONDS}s", "--latency", "--timeout", "10s"]
    if script:
        args += ["-s", str(script)]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*args, BASE + path], capture_output=True, text=True, check=True).stdout

    def latency(pct):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (sum(int(g) for g in socket.groups()) if socket else 0)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": latency(50),
            "p99": latency(99), "errors": errors}


def post_script(t):
    body = (f"content_type=reports.report&object_pk={t['pk']}&timestamp={t['ts']}&security_hash={t['hash']}"
            "&name=Nguoi+dan&email=bench%40example.vn&honeypot=")
    script = VAR / "post-comment.lua"
    script.write_text(f"""
local base = "{body}"
local n = 0
request = function()
  n = n + 1
  local body = base .. "&comment=Gop+y+so+" .. n .. "+" .. math.random(1, 1000000000)
  return wrk.format("POST", "/binh-luan/gui/", {{["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = "{BASE}"}}, body)
end
""")
    return script


def warm(path, cookie=None):
    for _ in range(3):
        request = urllib.request.Request(BASE + path, headers={"Cookie": cookie} if cookie else {})
        # BASE is a fixed http://127.0.0.1 URL, not input.
        with urllib.request.urlopen(request, timeout=30) as response:  # nosec B310
            response.read()
            if cookie and response.url != BASE + path:
                raise RuntimeError(f"{path} sent the coordinator elsewhere ({response.url}): not signed in")


def main():
    cores = os.cpu_count()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    subprocess.run(["bash", "-c", "command -v wrk >/dev/null || (apt-get update -qq && "
                    "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)"], check=True)
    start(page_cache=True)
    ensure_data()
    t = targets()
    pages = {"report (published)": t["report"], "home": "/", "plan": t["plan"]}
    # BASE is a fixed http://127.0.0.1 URL, not input.
    html = urllib.request.urlopen(BASE + t["report"], timeout=30).read()  # nosec B310
    (VAR / "static-report.html").write_bytes(html)
    for path in [*pages.values(), "/bench/static-report.html"]:
        warm(path)

    rows = []
    static = wrk("/bench/static-report.html")
    rows.append(("static copy of the report (nginx)", "—", static))
    for name, path in pages.items():
        rows.append((name, "nginx 5 s + Django cache", wrk(path)))
    rows.append(("comment POST", "rate limit relaxed", wrk("/binh-luan/gui/", script=post_script(t))))
    cookie = coordinator_cookie()
    warm("/admin/", cookie=cookie)
    rows.append(("coordinator dashboard (/admin/)", f"signed in, {DASHBOARD_CONNECTIONS} connections",
                 wrk("/admin/", connections=DASHBOARD_CONNECTIONS, cookie=cookie)))

    start(page_cache=False)  # Django's page cache off; /nocache/ bypasses nginx's
    uncached = []
    for name, path in pages.items():
        warm("/nocache" + path)
        peak = wrk("/nocache" + path, connections=16)
        rows.append((name, "no cache (peak)", peak))
        half = max(1.0, round(peak["rps"] / 2, 1))
        out = subprocess.run([PY, "bench/rate.py", BASE + "/nocache" + path, "--rate", str(half),
                              "--duration", str(STEADY_SECONDS)], cwd=ROOT, capture_output=True, text=True, check=True)
        steady = json.loads(out.stdout)
        uncached.append((name, half, steady))
    start(page_cache=True)  # leave the recommended setup running

    lines = [f"Benchmark {time.strftime('%Y-%m-%d %H:%M')} — {cores} cores ({cpu}), "
             f"{ACTIVITIES:,} activities, wrk -t2 -c{CONNECTIONS} -d{SECONDS}s on loopback".replace(",", "."),
             "", "| page | setup | req/s | p50 ms | p99 ms | errors | share of static |",
             "|---|---|---|---|---|---|---|"]
    for name, setup, r in rows:
        lines.append(f"| {name} | {setup} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} | "
                     f"{r['rps'] / static['rps']:.0%} |")
    lines += ["", f"Uncached pages at half their peak rate (open loop, bench/rate.py, {STEADY_SECONDS} s each):", "",
              "| page | rate req/s | achieved | p50 ms | p99 ms | errors | p99 < 100 ms |",
              "|---|---|---|---|---|---|---|"]
    for name, rate, r in uncached:
        ok = r["p99_ms"] is not None and r["p99_ms"] < 100 and r["errors"] == 0
        lines.append(f"| {name} | {rate} | {r['achieved_rps']} | {r['p50_ms']} | {r['p99_ms']} | {r['errors']} | "
                     f"{'yes' if ok else 'NO'} |")
    report_share = rows[1][2]["rps"] / static["rps"]
    lines += ["", f"Published report page at {report_share:.0%} of static-file throughput "
                  f"(target ≥ 50%: {'met' if report_share >= 0.5 else 'NOT met'})."]
    text = "\n".join(lines)
    print(text)
    (ROOT / "var" / "bench-results.md").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
