"""`make security-check`: every security check in one run, with a summary in var/security-check.md.

1. Static analysis: ruff (with its bandit rules) and bandit -ll (no medium or high finding; each
   accepted one is a `# nosec` with its reason next to it — listed here).
2. Django's deployment checks with the production settings, at warning level.
3. The security tests: headers, login lockout, XSS corpus, hostile uploads, property tests, concurrency,
   interrupted writes, cache outage, backup/restore, history, error pages.
4. The running production stack on loopback (nginx + gunicorn, scripts/prod-local.sh): the headers
   actually sent for a public page, the admin, the API, a static file and media files, and a live
   brute-force attempt on the admin login.
5. With FAULTS=1, also the fault injection (bench/faults.py).
"""

import http.client
import json
import os
import re
import subprocess  # nosec B404 — fixed commands
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from run import stack_env  # noqa: E402  (bench/run.py: the loopback stack's environment)

PY = str(ROOT / ".venv" / "bin" / "python")
VAR = ROOT / "var" / "prod-local"
HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
           "X-Frame-Options", "Permissions-Policy", "Cross-Origin-Resource-Policy", "Strict-Transport-Security",
           "Content-Type")
SECURITY_TESTS = ["tests/security", "tests/test_security_headers.py", "tests/test_login_protection.py",
                  "tests/campaigns/test_uploads.py", "tests/campaigns/test_sanitize.py"]

lines, failures = ["# Security check", ""], []


def run(*args, env=None, check=True):
    merged = {k: v for k, v in {**os.environ, **(env or {})}.items() if v is not None}  # None: unset
    result = subprocess.run(args, cwd=ROOT, env=merged, capture_output=True, text=True)  # noqa: S603 # nosec
    if check and result.returncode != 0:
        failures.append(" ".join(args[:3]))
    return result


def section(title):
    print(f"\n== {title}", flush=True)
    lines.extend(["", f"## {title}", ""])


def static_analysis():
    section("Static analysis")
    ruff = run(str(ROOT / ".venv/bin/ruff"), "check", ".")
    lines.append(f"- ruff: {'no findings' if ruff.returncode == 0 else ruff.stdout[-500:]}")
    bandit = run(str(ROOT / ".venv/bin/bandit"), "-q", "-r", "accounts", "campaigns", "cchc_portal", "discussion",
                 "reports", "bench", "scripts", "-x", "*/migrations/*", "-f", "json", check=False)
    report = json.loads(bandit.stdout or "{}")
    results = report.get("results", [])
    counts = {level: sum(1 for r in results if r["issue_severity"] == level) for level in ("HIGH", "MEDIUM", "LOW")}
    skipped = report.get("metrics", {}).get("_totals", {}).get("skipped_tests", 0)
    lines.append(f"- bandit: high {counts['HIGH']}, medium {counts['MEDIUM']}, low {counts['LOW']} "
                 f"(low: subprocess/assert notes, reviewed); {skipped} accepted with `# nosec` + reason:")
    if counts["HIGH"] or counts["MEDIUM"]:
        failures.append("bandit medium/high")
    grep = run("grep", "-rn", "--include=*.py", "nosec", "accounts", "campaigns", "cchc_portal", "discussion",
               "reports", "bench", "scripts", check=False)
    for hit in grep.stdout.splitlines():
        if "# nosec" not in hit or hit.startswith("scripts/security_check.py"):
            continue
        lines.append(f"  - `{hit.split(':', 2)[0]}:{hit.split(':', 2)[1]}` {hit.split(':', 2)[2].strip()[:110]}")
    print("\n".join(lines[-3:]))


def deploy_checks():
    section("Django deployment checks (production settings)")
    env = {"DJANGO_SETTINGS_MODULE": "cchc_portal.settings.production", "ALLOWED_HOSTS": "cchc.camau.gov.vn",
           "SECRET_KEY": "security-check-only-" + "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789"}
    result = run(PY, "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)
    lines.append(f"- `check --deploy --fail-level WARNING`: {result.stdout.strip().splitlines()[-1]}")
    print(lines[-1])


def security_tests():
    section("Security tests")
    databases = {"SQLite": {"DATABASE_URL": None}}
    if run("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q", check=False).returncode == 0:
        databases["PostgreSQL"] = {"DATABASE_URL": os.environ.get("SECURITY_CHECK_DATABASE_URL",
                                                                  "postgres://postgres@127.0.0.1:5432/test")}
    for name, env in databases.items():
        result = run(PY, "-m", "pytest", "-p", "no:cacheprovider", *SECURITY_TESTS, env=env, check=False)
        summary = result.stdout.strip().splitlines()[-1].strip("= ") if result.stdout.strip() else result.stderr[-300:]
        if result.returncode != 0:
            failures.append(f"security tests on {name}")
        lines.append(f"- pytest on {name}: {summary}")
    lines.append(f"  ({' '.join(SECURITY_TESTS)}; the concurrency and kill-mid-write tests run on PostgreSQL only)")
    sys.path.insert(0, str(ROOT))
    from tests.security.xss import PAYLOADS

    lines.append(f"- XSS corpus: {len(PAYLOADS)} payloads × every staff field (11 pages each), comments (3 pages), "
                 "Excel import; nothing executable added to any page")
    print("\n".join(lines[-4:]))


def fetch(method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", 8080, timeout=15)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def live_stack():
    section("Live stack on loopback (nginx → gunicorn, production settings, plain HTTP)")
    started = run("bash", "scripts/prod-local.sh", "start", env={"PROD_DB": "cchc_local"})
    if started.returncode != 0:
        lines.append(f"- could not start the stack: {started.stderr[-400:]}")
        return
    try:
        media = VAR / "media" / "kiem-tra"
        media.mkdir(parents=True, exist_ok=True)
        (media / "anh.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg \xff\xd9")
        (media / "trang.html").write_text("<script>alert(1)</script>")
        (media / "hinh.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
        targets = {
            "public page": "/", "report page": None, "admin login": "/admin/login/", "API": "/api/v1/bao-cao/",
            "static CSS": "/static/css/portal.css", "media JPEG": "/media/kiem-tra/anh.jpg",
            "media .html (planted)": "/media/kiem-tra/trang.html", "media .svg (planted)": "/media/kiem-tra/hinh.svg",
        }
        reports = [p for p in re.findall(r'href="(/bao-cao/[^"/]+/)"', fetch_body("/bao-cao/"))
                   if p not in ("/bao-cao/rss/", "/bao-cao/atom/")]
        targets["report page"] = reports[0] if reports else "/bao-cao/"
        lines.append("| response | " + " | ".join(HEADERS) + " |")
        lines.append("|---" * (len(HEADERS) + 1) + "|")
        for label, path in targets.items():
            response = fetch("GET", path)
            values = [response.getheader(h) or "—" for h in HEADERS]
            cells = " | ".join(v.replace("|", "/") for v in values)
            lines.append(f"| {label} `{path}` {response.status} | {cells} |")
            if response.getheader("X-Content-Type-Options") != "nosniff":
                failures.append(f"nosniff missing on {path}")
            if label != "static CSS" and not response.getheader("Content-Security-Policy"):
                failures.append(f"CSP missing on {path}")  # every page, API answer and media file
            if "media" in label and "text/html" in (response.getheader("Content-Type") or ""):
                failures.append(f"{path} served as HTML")
            if "media" in label and "image/svg" in (response.getheader("Content-Type") or ""):
                failures.append(f"{path} served as SVG")
        lines.append("")
        lines.append("Strict-Transport-Security is absent here because the loopback stack speaks plain HTTP "
                     "(SECURE_HSTS_SECONDS=0 in scripts/prod-local.sh); with the production settings over HTTPS it is "
                     "`max-age=31536000; includeSubDomains; preload` (tests/test_security_headers.py).")
        cookies = fetch("GET", "/admin/login/").getheader("Set-Cookie") or ""
        lines.append(f"- Cookie set by the login form: `{re.sub(r'=[^;]{8,}', '=…', cookies)}`")
        if "Secure" not in cookies or "SameSite=Lax" not in cookies:
            failures.append("cookie flags")
        statuses = [login_attempt(f"sai-mat-khau-{attempt}") for attempt in range(6)]
        statuses.append(login_attempt("CaMau-CCHC-2019"))  # the right password, while locked out
        lines.append(f"- Admin login, 6 wrong passwords then the right one, one account, one address: HTTP {statuses} "
                     "(200 = form again with an error, 429 = locked out for AXES_COOLOFF_MINUTES)")
        if statuses[:4] != [200] * 4 or statuses[-1] != 429:
            failures.append("login lockout")
        run(PY, "manage.py", "axes_reset_username", "dieuphoi", env=stack_env(), check=False)
    finally:
        run("bash", "scripts/prod-local.sh", "stop", check=False)
    print("\n".join(lines[-14:]))


def login_attempt(password):
    """A browser's login: the form (with its CSRF token and cookie), then the POST."""
    connection = http.client.HTTPConnection("127.0.0.1", 8080, timeout=15)
    try:
        connection.request("GET", "/admin/login/")
        response = connection.getresponse()
        page = response.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"username": "dieuphoi", "password": password,
                                       "csrfmiddlewaretoken": token, "next": "/admin/"})
        connection.request("POST", "/admin/login/", body, {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}",
            "Origin": "http://127.0.0.1:8080", "Referer": "http://127.0.0.1:8080/admin/login/"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def fetch_body(path):
    connection = http.client.HTTPConnection("127.0.0.1", 8080, timeout=15)
    try:
        connection.request("GET", path)
        return connection.getresponse().read().decode()
    finally:
        connection.close()


def main():
    static_analysis()
    deploy_checks()
    security_tests()
    if os.environ.get("LIVE", "1") == "1":
        live_stack()
    if os.environ.get("FAULTS") == "1":
        section("Fault injection")
        result = run(PY, "bench/faults.py", check=True)
        lines.append((ROOT / "var" / "fault-results.md").read_text(encoding="utf-8"))
        print(result.stdout[-2000:])
    lines.extend(["", "## Result", "", "PASS" if not failures else "FAIL: " + "; ".join(failures)])
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "security-check.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n" + lines[-1] + "  (summary: var/security-check.md)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
