"""Run by tests/security/test_interrupted_writes.py in a separate process, which it kills with SIGKILL
half-way through a write: `python -m tests.security.interrupted_write import <file.xlsx> <username>`
or `... publish <report id>`. Prints MIDWAY when the transaction has written part of its rows."""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402


def pause_after(owner, name):
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        print("MIDWAY", flush=True)
        time.sleep(120)  # killed here
        return result

    setattr(owner, name, wrapper)


def main(action, *args):
    if action == "import":
        from campaigns import spreadsheets

        path, username = args
        user = get_user_model().objects.get(username=username)
        with open(path, "rb") as fh:
            result = spreadsheets.read_activities(fh.read(), user)
        assert result.ok, result.errors[:3]
        pause_after(spreadsheets.saving, "bulk_create_with_history")  # the activities and their history are in
        spreadsheets.import_activities(result=result, user=user)
    elif action == "publish":
        from reports.models import Report
        from reports.report_publishing import report_publish

        pause_after(Report, "save")  # frozen figures, status and the history row written, not committed
        report_publish(report=Report.objects.get(pk=int(args[0])), user=None)
    print("FINISHED", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
