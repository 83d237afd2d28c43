"""Drill data for the deadline-day burst (issue 27, item 5): N communes, each with one data-entry officer
already signed in, a report expected in the open period and one activity in its window — so that
bench/burst.py can have every officer press "Gửi báo cáo" within a minute and measure only the sending.

    python bench/burst_setup.py N > officers.jsonl     (the portal's environment: DJANGO_SETTINGS_MODULE…)

Prints one JSON line per officer: {"username", "sessionid", "path"} (path: the admin page of the officer's
report, the one with the "Gửi báo cáo" button).

Everything is marked as drill data: agencies "UBND xã diễn tập 001"…, logins dientap001…, official codes
9xxxx (the communes' real 5-digit codes, Quyết định 19/2025/QĐ-TTg, end in the 32 thousands; 9xxxx is never
issued). A second run reuses the agencies, logins and activities it finds and resets what a burst changed:
each drill report of the period that is no longer "Chưa gửi" is deleted with its history and notices and
made again, so every run starts from N unsent reports and `verify` counts this run's sendings only.

Sessions are written directly (SessionStore with Django's auth keys), as if each officer had signed in
that morning: the burst measures sending reports, not N password hashes on two cores. The sessions carry
no django-otp verification; with STAFF_TWO_FACTOR_REQUIRED on, the admin would send them to enrol, so the
script refuses to run then.
"""

import json
import os
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.roles import DATA_ENTRY  # noqa: E402
from agencies.models import Agency  # noqa: E402
from campaigns import cycle  # noqa: E402
from campaigns.models import Activity, Channel, Plan, PublishStatus, Submission, SubmissionStatus  # noqa: E402

PREFIX = "dientap"
CODE_BASE = 90000  # official codes 90001…99999: beyond every real commune code
BACKEND = "django.contrib.auth.backends.ModelBackend"  # the backend that authenticates (axes only guards)


def drill_period(today):
    """The period officers are sending on `today`: the cycle's `current_period`, if it is open (`open_periods`)
    and applies; else the year's periods are made (`periods_generate`, idempotent) and asked again."""
    for attempt in range(2):
        period = cycle.current_period(today)
        if period is not None and period.applies and cycle.open_periods(today).filter(pk=period.pk).exists():
            return period
        if attempt == 0:
            cycle.periods_generate(year=today.year, today=today)
    raise SystemExit(f"Không có kỳ báo cáo nào đang mở ngày {today:%d/%m/%Y}.")


def agencies(n):
    """The N drill communes, made where missing (the first one through full_clean: the code's shape and
    uniqueness, as the admin checks them; the rest alike, in one INSERT)."""
    width = max(3, len(str(n)))
    wanted = {CODE_BASE + i: (f"UBND xã diễn tập {i:0{width}d}", f"Xã diễn tập {i:0{width}d}") for i in range(1, n + 1)}
    found = {int(a.official_code): a for a in Agency.objects.filter(official_code__in=[str(c) for c in wanted])}
    new = [Agency(name=name, short_name=short, kind=Agency.Kind.COMMUNE, official_code=str(code))
           for code, (name, short) in wanted.items() if code not in found]
    if new:
        new[0].full_clean()
    Agency.objects.bulk_create(new)
    return list(Agency.objects.filter(official_code__in=[str(c) for c in wanted]).order_by("official_code"))


def officers(drill_agencies):
    """One active staff login per agency, role "Cán bộ nhập liệu". They share one unusable password (computed
    once): no password opens a drill account, should the script ever run against a live database; the
    sessions below are the only way in."""
    User = get_user_model()
    width = max(3, len(str(len(drill_agencies))))
    wanted = {f"{PREFIX}{i:0{width}d}": agency for i, agency in enumerate(drill_agencies, 1)}
    found = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    password = make_password(None)
    new = [User(username=username, full_name=f"Cán bộ {agency.short_name} (diễn tập)", password=password,
                is_staff=True, is_active=True, agency=agency) for username, agency in wanted.items()
           if username not in found]
    if new:
        new[0].full_clean(exclude=["password"])
    User.objects.bulk_create(new)
    users = list(User.objects.filter(username__in=wanted).select_related("agency").order_by("username"))
    group = Group.objects.get(name=DATA_ENTRY)
    User.groups.through.objects.bulk_create([User.groups.through(user=u, group=group) for u in users],
                                            ignore_conflicts=True)
    return users


def submissions(period, drill_agencies):
    """A report "Chưa gửi" for each agency in `period`; one a burst sent is deleted (with its history and
    notices) and made again. Validated like cycle.periods_set_agencies (Submission.full_clean), but only in
    this period: the cycle's function would make the communes expected, and overdue, in every period."""
    drill = Submission.objects.filter(period=period, agency__in=drill_agencies)
    sent = list(drill.exclude(status=SubmissionStatus.NOT_SUBMITTED).values_list("pk", flat=True))
    Submission.history.filter(id__in=sent).delete()
    Submission.objects.filter(pk__in=sent).delete()
    present = set(drill.values_list("agency_id", flat=True))
    new = [Submission(period=period, agency=a) for a in drill_agencies if a.pk not in present]
    for submission in new[:1]:
        submission.full_clean()
    Submission.objects.bulk_create(new)
    return {s.agency_id: s for s in Submission.objects.filter(period=period, agency__in=drill_agencies)}


def activities(period, drill_agencies, users, today):
    """One activity per agency in the period's window (submit refuses an empty report), where it has none."""
    plan = Plan.objects.filter(year=period.year, status=PublishStatus.PUBLISHED).order_by("pk").first()
    if plan is None:
        raise SystemExit(f"Không có kế hoạch đã công khai năm {period.year}: kết quả diễn tập cần một kế hoạch.")
    channel = Channel.objects.order_by("pk").first()
    day = min(today, period.end)
    have = set(Activity.objects.filter(agency__in=drill_agencies, date__gte=period.start, date__lte=period.end)
               .values_list("agency_id", flat=True))
    by_agency = {u.agency_id: u for u in users}
    new = [Activity(plan=plan, agency=a, channel=channel, date=day, quantity=1, created_by=by_agency[a.pk],
                    title=f"Kết quả diễn tập gửi báo cáo của {a.short_name} (dữ liệu diễn tập)")
           for a in drill_agencies if a.pk not in have]
    for activity in new[:1]:
        activity.full_clean()
    Activity.objects.bulk_create(new)


def sessions(users):
    """A signed-in session per officer, as django.contrib.auth.login leaves it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = {}
    for user in users:
        session = store()
        session.update({"_auth_user_id": str(user.pk), "_auth_user_backend": BACKEND,
                        "_auth_user_hash": user.get_session_auth_hash()})
        session.create()
        keys[user.pk] = session.session_key
    return keys


def setup(n, today=None):
    """Make (or reset) the drill for `n` officers on `today` (default: the portal's date); returns the period
    and one {"username", "sessionid", "path"} per officer."""
    if not 1 <= n <= 9999:
        raise SystemExit("N: từ 1 đến 9999.")
    if settings.STAFF_TWO_FACTOR_REQUIRED:
        raise SystemExit("STAFF_TWO_FACTOR_REQUIRED đang bật: phiên tạo sẵn chưa xác thực hai bước.")
    today = today or timezone.localdate()
    with transaction.atomic():
        period = drill_period(today)
        drill_agencies = agencies(n)
        users = officers(drill_agencies)
        reports = submissions(period, drill_agencies)
        activities(period, drill_agencies, users, today)
    keys = sessions(users)
    return period, [{"username": u.username, "sessionid": keys[u.pk],
                     "path": reverse("admin:campaigns_submission_change", args=[reports[u.agency_id].pk])}
                    for u in users]


def main():
    period, lines = setup(int(sys.argv[1]))
    for line in lines:
        print(json.dumps(line))
    print(f"{len(lines)} cán bộ diễn tập, kỳ {period} (hạn {period.due_date:%d/%m/%Y}).", file=sys.stderr)


def verify(period=None):
    """After a burst: {"expected", "sent", "sent_twice", "not_sent"} for the drill reports of the period
    (default: the drill period today). "Sent" is the status the cycle gives a sending (SUBMITTED, or
    AWAITING_CONFIRMATION where the province confirms); "twice" counts history rows of a sending."""
    from django.db.models import Count, Q

    period = period or drill_period(timezone.localdate())
    drill = Submission.objects.filter(period=period, agency__official_code__gte=str(CODE_BASE),
                                      agency__kind=Agency.Kind.COMMUNE)
    sent_states = (SubmissionStatus.SUBMITTED, SubmissionStatus.AWAITING_CONFIRMATION)
    sendings = (Submission.history.filter(id__in=drill.values("pk"), history_change_reason__startswith="Gửi báo cáo")
                .values("id").annotate(n=Count("history_id")))
    return {"period": str(period), "expected": drill.count(),
            "sent": drill.filter(status__in=sent_states).count(),
            "not_sent": drill.filter(~Q(status__in=sent_states)).count(),
            "sent_twice": sum(1 for row in sendings if row["n"] > 1)}


if __name__ == "__main__":
    if sys.argv[1:] == ["verify"]:
        print(json.dumps(verify(), ensure_ascii=False))
    else:
        main()
