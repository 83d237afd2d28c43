"""Mail floods, measured on the production stack on loopback (issue 23, item 2): what 240 comments, each
with a different email address, sent from one client address, make the portal email — to the addresses
(confirmations) and to the moderators — and whether a real citizen at another client address still gets
a confirmation afterwards; then what the moderators' digest sends.

    .venv/bin/python bench/mail_flood.py            # results printed and in var/mail-flood.md

The stack runs with the file email backend (each email a file in var/prod-local/mail), database
cchc_mail (created afresh) and Redis database 3, emptied first (the limits count per hour). The per-browser and
per-address comment limits are lifted to let all 240 comments in, as the attack in the issue did, so
what is measured is the mail bounds themselves; nginx's own limit stays on, so the comments are paced
at 8 a second. The citizen connects from 127.0.0.2, which nginx passes on as the client address.
"""

import email
import html
import http.client
import re
import shutil
import sys
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from run import PY, sh, stack_env  # noqa: E402  (bench/run.py: the stack's environment)

VAR = ROOT / "var" / "prod-local"
MAIL = VAR / "mail"
HOST, PORT = "127.0.0.1", 8080
COMMENTS = 240
MODERATOR = "kiemduyet@example.com"
RUN = int(time.time())  # each run's addresses and texts are new: a form sent again is stored once, and an
# address gets one confirmation a day
STACK = {"PROD_DB": "cchc_mail", "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
         "EMAIL_FILE_PATH": str(MAIL), "COMMENTS_RATE_LIMIT": "100000/h",
         "COMMENTS_RATE_LIMIT_PER_ADDRESS": "100000/h", "COMMENTS_MODERATOR_EMAILS": MODERATOR,
         "COMMENTS_AUTO_APPROVE_RETURNING": "False", "GUNICORN_ACCESSLOG": "/dev/null",
         "REDIS_URL": "redis://127.0.0.1:6379/3"}  # its own Redis database, emptied first: the hour's counters


def manage(*args):
    """manage.py with the stack's environment and this run's settings (the email backend, the moderator)."""
    return sh(PY, "manage.py", *args, env={**stack_env(), **STACK}, capture=True)


def request(method, path, body=None, source="127.0.0.1"):
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30, source_address=(source, 0))
    try:
        headers = {"Origin": f"http://{HOST}:{PORT}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def form(path, source):
    _status, page = request("GET", path, source=source)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    return {name: html.unescape(value) for name, value in fields.items()}


def comment(fields, n, source):
    body = urllib.parse.urlencode({**fields, "name": f"Người gửi {n}", "email": f"nguoila{n}.{RUN}@example.com",
                                   "comment": f"Góp ý thử số {n} ({RUN}) về thủ tục hành chính", "honeypot": ""})
    return request("POST", "/binh-luan/gui/", body, source=source)[0]


def mails():
    """(recipient, subject) of every email written so far."""
    sent = []
    for path in sorted(MAIL.glob("*.log")):
        for raw in path.read_text(encoding="utf-8", errors="replace").split("\n" + "-" * 79 + "\n"):
            if raw.strip():
                message = email.message_from_string(raw)
                subject = str(email.header.make_header(email.header.decode_header(message["Subject"] or "")))
                sent.append((message["To"], subject))
    return sent


def kinds(sent):
    return Counter("kiểm duyệt" if to == MODERATOR else "người gửi bình luận" for to, _ in sent)


def main():
    sh("redis-cli", "-u", STACK["REDIS_URL"], "FLUSHDB", capture=True)
    sh("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", STACK["PROD_DB"])  # only this run's comments
    shutil.rmtree(MAIL, ignore_errors=True)
    MAIL.mkdir(parents=True)
    print("Starting the production stack on loopback (demo data, database cchc_mail)…", flush=True)
    sh("scripts/prod-local.sh", "start", env=STACK)
    try:
        slug = manage("shell", "-c",
                      "from reports.models import Report; print(Report.objects.published().first().slug)")
        path = f"/bao-cao/{slug.split()[-1]}/"
        fields = form(path, "127.0.0.1")
        time.sleep(3.5)  # the form refuses a comment sent within 3 s of showing it
        started, statuses = time.monotonic(), Counter()
        for n in range(COMMENTS):
            statuses[comment(fields, n, "127.0.0.1")] += 1
            time.sleep(max(0.0, started + (n + 1) / 8 - time.monotonic()))
        flood_seconds = time.monotonic() - started
        after_flood = mails()
        citizen_fields = form(path, "127.0.0.2")
        time.sleep(3.5)
        citizen_status = comment(citizen_fields, 9999, "127.0.0.2")
        after_citizen = mails()
        citizen_mailed = any(to == f"nguoila9999.{RUN}@example.com" for to, _ in after_citizen)
        manage("send_moderation_digest")
        after_digest = mails()
        manage("send_moderation_digest")
        after_second_digest = mails()
    finally:
        sh("scripts/prod-local.sh", "stop")
    flood = kinds(after_flood)
    digest = kinds(after_digest[len(after_citizen):])
    rows = [
        "| step | answers | emails to commenters | emails to moderators |", "|---|---|---:|---:|",
        f"| {COMMENTS} comments, {COMMENTS} addresses, one client address, {flood_seconds:.0f} s | "
        f"{', '.join(f'{c} × {s}' for s, c in sorted(statuses.items()))} | {flood['người gửi bình luận']} | "
        f"{flood['kiểm duyệt']} |",
        f"| then a citizen at another client address | {citizen_status} | "
        f"{'1 (confirmation sent)' if citizen_mailed else '0 — REFUSED'} | "
        f"{kinds(after_citizen[len(after_flood):])['kiểm duyệt']} |",
        f"| send_moderation_digest | — | {digest['người gửi bình luận']} | {digest['kiểm duyệt']} |",
        f"| send_moderation_digest again, nothing new | — | 0 | {len(after_second_digest) - len(after_digest)} |",
    ]
    subjects = Counter(subject for _, subject in after_second_digest)
    text = "\n".join(["# Mail flood on the production stack (bench/mail_flood.py)", "", *rows, "",
                      "Subjects: " + "; ".join(f"{c} × “{s}”" for s, c in subjects.most_common())])
    (ROOT / "var" / "mail-flood.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    ok = citizen_mailed and flood["kiểm duyệt"] == 0 and flood["người gửi bình luận"] <= 20
    sys.exit(0 if ok else "a mail bound did not hold")


if __name__ == "__main__":
    main()
