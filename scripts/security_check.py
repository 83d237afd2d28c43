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
6. Issues 13 and 23, item by item: each defence with the tests that prove it and whether they passed.
"""

import http.client
import json
import os
import re
import subprocess  # nosec B404 — fixed commands
import sys
import urllib.parse
import xml.etree.ElementTree as ET  # nosec B405 — reads the JUnit file pytest just wrote here
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from run import stack_env  # noqa: E402  (bench/run.py: the loopback stack's environment)

PY = str(ROOT / ".venv" / "bin" / "python")
VAR = ROOT / "var" / "prod-local"
HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
           "X-Frame-Options", "Permissions-Policy", "Cross-Origin-Resource-Policy", "Strict-Transport-Security",
           "Content-Type")
SECURITY_TESTS = ["tests/security", "tests/security/test_deploy_config.py", "tests/test_security_headers.py",
                  "tests/test_login_protection.py", "tests/campaigns/test_uploads.py",
                  "tests/campaigns/test_sanitize.py"]
PORTAL_CODE = ("core", "accounts", "campaigns", "cchc_portal", "discussion", "reports", "ops", "bench", "scripts")
DEPLOY = "tests/security/test_deploy_config.py"
# Issue 13 (the security review): each item, its defence, and the tests proving it (a file, or file::test,
# which also matches that test's parametrized cases).
ISSUE_13 = [
    ("1. History revert", "a revert keeps the current status and frozen figures; history and revert need change "
     "permission", ["tests/security/test_history_revert.py"]),
    ("2. Drafts leak to other agencies", "one scoping module (agencies/scoping.py) for previews, admin lists, "
     "filters, imports and batches", [
         "tests/security/test_draft_previews.py",
         "tests/campaigns/test_import_batches.py::test_officers_see_their_own_agencys_batches_and_coordinators_all",
         "tests/campaigns/test_spreadsheets.py::test_an_officer_cannot_import_into_another_agencys_draft_plan",
         "tests/campaigns/test_admin_scoping.py::test_staff_cannot_pick_a_draft_plan_of_another_agency",
         "tests/campaigns/test_plan_rules.py::test_activity_list_plan_filter_hides_other_agencies_draft_plans",
         "tests/campaigns/test_activity_form.py::test_the_year_filter_lists_no_year_known_only_from_another_agencys_draft",
         "tests/security/test_history_revert.py::test_view_on_site_shortcut_does_not_reveal_another_agencys_draft"]),
    ("3. Tasks on other agencies' plans", "tasks are added and changed only on the officer's own plans (form, "
     "inline, autocomplete)", [
         "tests/campaigns/test_plan_rules.py::test_commune_officer_cannot_add_a_task_to_the_provincial_plan",
         "tests/campaigns/test_plan_rules.py::test_commune_officer_cannot_add_a_task_through_the_plan_inline",
         "tests/campaigns/test_plan_rules.py::test_task_add_form_offers_only_the_officers_own_plans",
         "tests/campaigns/test_plan_rules.py::test_plan_autocomplete_for_a_task_lists_only_editable_plans",
         "tests/campaigns/test_plan_rules.py::test_lead_agency_cannot_change_the_target_of_a_task_of_the_provincial_plan",
         "tests/campaigns/test_plan_rules.py::test_lead_agency_cannot_delete_a_task_of_the_provincial_plan"]),
    ("4. Formula injection in spreadsheets", "every CSV cell through core/files.py safe_cell (apostrophe), every "
     "XLSX text cell through guard_cell (text cell, quote prefix); the import reads them back unchanged", [
         "tests/core/test_files.py",
         "tests/core/test_workbooks.py",
         "tests/campaigns/test_spreadsheets.py::test_the_problems_download_as_an_excel_file_to_fix_and_upload_again",
         "tests/security/test_odd_numbers.py::test_a_formula_in_a_task_title_is_text_in_the_public_report_downloads"]),
    ("5. Cache flooding", "page cache keyed on known parameters only, per worker and bounded "
     "(PUBLIC_PAGE_CACHE_ENTRIES); nginx limit_req on uncached requests; Redis maxmemory, noeviction", [
         "tests/core/test_page_cache_bounds.py",
         f"{DEPLOY}::test_every_request_that_can_reach_the_app_is_limited_per_client_address",
         f"{DEPLOY}::test_the_benchmark_can_turn_the_limit_off_and_only_the_limit",
         f"{DEPLOY}::test_redis_has_a_memory_bound_and_never_evicts_the_rate_limit_counters",
         f"{DEPLOY}::test_the_try_out_applies_the_same_redis_bound"]),
    ("6. Cache poisoning (Host, scheme)", "absolute links from SITE_URL only; nginx refuses unknown hosts (444, "
     "TLS handshake refused) and sets X-Forwarded-Proto itself", [
         "tests/security/test_odd_numbers.py::test_links_in_pages_come_from_the_configured_site_address_not_the_host",
         "tests/security/test_odd_numbers.py::test_api_links_come_from_the_configured_site_address",
         f"{DEPLOY}::test_a_default_server_answers_unknown_hosts_with_nothing",
         f"{DEPLOY}::test_over_tls_the_handshake_for_an_unknown_name_is_refused",
         f"{DEPLOY}::test_both_renderings_share_every_security_directive"]),
    ("7. Odd numbers and 500s", "ASCII-only number parsing (core/numbers.py); error pages independent of Host",
     ["tests/security/test_odd_numbers.py", "tests/security/test_error_pages.py"]),
    ("8. Import CPU", "blank rows count against IMPORT_MAX_ROWS; a sheet's XML size is checked before parsing", [
        "tests/security/test_upload_attacks.py::test_a_file_of_blank_rows_counts_them_against_the_row_limit",
        "tests/security/test_upload_attacks.py::"
        "test_a_sheet_whose_xml_is_far_larger_than_the_row_limit_needs_is_refused_before_parsing"]),
    ("9. Two-step login", "when required, every staff-only view needs the second step, not only the admin", [
        "tests/test_two_factor.py",
        "tests/security/test_draft_previews.py::test_when_two_step_is_required_a_password_only_session_sees_no_draft",
        "tests/security/test_plan_attachment.py::test_a_password_only_session_reads_no_draft_when_two_step_is_required"]),
    ("10. Smaller ones", "gunicorn on a socket only nginx can open + TRUSTED_PROXY_ADDRESSES; one nginx template; "
     "attachments under random names, a draft's documents only after publishing; history only with change "
     "permission", [
         DEPLOY, "tests/security/test_plan_attachment.py",
         "tests/campaigns/test_uploads.py::test_a_plan_attachment_is_stored_under_a_random_name",
         "tests/security/test_history_revert.py::test_staff_of_other_agencies_cannot_read_a_published_plans_history",
         "tests/security/test_history_revert.py::test_an_officer_who_may_only_read_a_plan_cannot_revert_it"]),
]

# Issue 23 (defects found from outside, second review): the same, item by item.
ISSUE_23 = [
    ("1. Look-alike and invisible characters", "default-ignorables removed, UTS #39 skeleton (disarm), mixed "
     "scripts held; one rule for questions and replies before the trusted path; corpus as data files", [
         "tests/discussion/test_filter_corpus.py"]),
    ("2. Mail floods", "per-client-address limit (IPv6 by /48) on confirmations before the global cap, both "
     "django-ratelimit on one cache; moderators get one digest per interval (send_moderation_digest), never one "
     "email per held comment; one reply email per thread per COMMENTS_REPLY_MAIL_HOURS", [
         "tests/discussion/test_mail_bounds.py",
         "tests/security/test_cache_outage.py::TestCacheOutageOnTheDemo::"
         "test_the_global_confirmation_cap_still_holds_while_redis_is_down",
         "tests/discussion/test_citizen_followup.py::TestFollowUpOnTheDemo::"
         "test_first_comment_mails_a_confirmation_link_once_a_day"]),
    ("3. 500 on tampered hidden fields", "hidden numbers are ASCII digits of bounded length (core.numbers.parse_id), "
     "else 400", [
         "tests/discussion/test_comments.py::TestCommentsOnTheDemo::test_a_tampered_hidden_field_is_a_400_never_a_500"]),
    ("4. Approval misses deletions and moved dates", "sending records the ids and per-channel totals "
     "(Submission.sent_content); approval recomputes the window from the database and refuses any difference; "
     "every writer of activities locks the governing submissions first", [
         "tests/campaigns/test_cycle.py::test_sending_records_the_activities_and_the_totals_per_channel",
         "tests/campaigns/test_cycle.py::"
         "test_approval_refuses_a_report_whose_activities_were_deleted_or_moved_out_without_a_trace",
         "tests/campaigns/test_cycle.py::test_approval_refuses_changed_totals_and_added_activities_without_a_trace",
         "tests/campaigns/test_cycle.py::"
         "test_what_the_history_says_was_sent_is_what_is_approved_after_a_return_and_resending",
         "tests/campaigns/test_cycle.py::test_a_report_sent_without_a_record_of_its_content_is_not_approved_blindly",
         "tests/campaigns/test_import_batches.py::"
         "test_a_report_sent_before_an_import_was_undone_is_not_approved_as_if_nothing_was_deleted",
         "tests/campaigns/test_cycle.py::"
         "test_a_report_sent_before_its_content_was_recorded_is_refused_without_claiming_a_change",
         "tests/test_migrations.py::test_reports_waiting_at_the_upgrade_record_no_content_and_must_be_sent_again",
         # Writers of activities lock the governing submissions (cycle.activities_lock), as sending and
         # approval do (the real races: tests/security/test_concurrency.py, on PostgreSQL).
         "tests/campaigns/test_cycle.py::test_an_edit_is_refused_when_the_report_is_approved_between_its_check_and_its_write",
         "tests/campaigns/test_cycle.py::test_a_move_out_of_a_report_approved_meanwhile_is_refused",
         "tests/campaigns/test_cycle.py::test_a_delete_is_refused_when_the_report_is_approved_between_its_check_and_its_write",
         "tests/campaigns/test_cycle.py::"
         "test_a_history_revert_is_refused_when_the_report_is_approved_between_its_check_and_its_write",
         "tests/campaigns/test_import_batches.py::test_an_import_confirmed_after_its_report_was_approved_is_refused_whole"]),
    ("5. Bulk approval 500", "each chosen report through the one approval function in its own transaction; "
     "each refusal listed with its own reason", [
         "tests/campaigns/test_submission_admin.py::"
         "test_bulk_approval_of_reports_that_all_changed_after_sending_is_a_message_not_a_500",
         "tests/campaigns/test_submission_admin.py::"
         "test_bulk_approval_approves_the_unchanged_and_lists_each_refused_one_with_its_own_reason"]),
    ("6. Import undo over evidence; undo re-approving", "the undo finds every relation to an activity from the "
     "model and refuses with a message; restored rows ask the cycle whether they count", [
         "tests/campaigns/test_import_batches.py::"
         "test_undo_with_evidence_on_an_added_activity_is_refused_with_a_message_not_a_server_error",
         "tests/campaigns/test_import_batches.py::test_undo_checks_every_model_that_points_to_an_activity",
         "tests/campaigns/test_import_batches.py::"
         "test_undo_asks_the_cycle_so_a_reopened_period_stays_out_of_the_public_figures",
         "tests/campaigns/test_import_batches.py::"
         "test_undo_never_puts_an_activity_back_into_an_approved_report_that_did_not_hold_it"]),
    ("7. A published report's scope", "plan, period and dates frozen with the figures: Report.clean/save refuse, "
     "read-only in the admin, kept by a history revert (core.history.frozen_fields)", [
         "tests/reports/test_models.py::test_a_published_reports_scope_cannot_change_while_its_figures_stay_frozen",
         "tests/reports/test_admin.py::test_a_published_reports_scope_is_read_only_and_a_forged_post_does_not_change_it",
         "tests/security/test_history_revert.py::test_reverting_a_published_report_never_changes_the_scope_its_frozen_figures_were_counted_for",
         "tests/security/test_history_revert.py::test_restoring_an_old_version_in_code_cannot_change_a_published_reports_scope"]),
    ("8. 100% for a task not done", "every percentage rounded down in core.numbers.percent, older frozen reports "
     "included", [
         "tests/reports/test_percentages.py",
         "tests/core/test_numbers.py::test_a_percentage_is_floored_so_it_never_reads_100_short_of_the_whole",
         "tests/reports/test_figures.py::"
         "test_version_3_percentages_rounded_up_to_100_are_read_floored_from_the_records_own_figures"]),
    ("9. nginx limit skipped uncached GETs", "every request in location / counted per client address (cchc_client "
     "20/s, burst 200); what never comes from a cache also against the tighter zone", [
         "tests/security/test_deploy_config.py::test_every_request_that_can_reach_the_app_is_limited_per_client_address",
         "tests/security/test_deploy_config.py::test_what_nginx_may_answer_from_its_cache_gets_a_higher_burst_than_what_never_can",
         "tests/security/test_deploy_config.py::test_nginx_stops_a_flood_of_random_paths_from_one_address_and_only_that_address"]),
    ("10. Password spraying", "axes's per-username lockout plus a django-ratelimit count of failures per client "
     "address across usernames (LOGIN_FAILURES_PER_ADDRESS)", [
         "tests/test_login_protection.py::TestPasswordSprayingOnTheDemo"]),
    ("11. Password-reset emails per mailbox", "PASSWORD_RESET_EMAILS_PER_MAILBOX beside the per-address limit; the "
     "account lookup and the email run after the answer", [
         "tests/accounts/test_password_reset_limits.py"]),
    ("12. Numbers thousands of digits long", "whole numbers bounded by length before int() and by value after "
     "(core.numbers.parse_whole_number), a Vietnamese message; a bad import saves nothing", [
         "tests/core/test_numbers.py::test_a_whole_number_is_bounded_before_int_reads_it",
         "tests/campaigns/test_activity_form.py::test_a_number_thousands_of_digits_long_is_too_large_not_a_server_error",
         "tests/campaigns/test_spreadsheets.py::test_a_number_thousands_of_digits_long_is_a_problem_of_its_row_not_a_server_error",
         "tests/campaigns/test_spreadsheets.py::test_a_cell_excel_stores_as_a_number_thousands_of_digits_long_is_refused_clearly",
         "tests/campaigns/test_spreadsheets.py::test_an_odd_confirmed_warning_count_is_not_a_server_error"]),
    ("13. NUL in a path", "ControlCharacterMiddleware: a control character in a path, or %00 in an admin query "
     "string, gets the 400 page before any lookup", [
         "tests/security/test_control_characters.py::test_a_control_character_in_a_public_address_is_a_400_before_the_database",
         "tests/security/test_control_characters.py::test_a_nul_in_a_staff_address_or_its_filters_is_a_400_before_the_database",
         "tests/security/test_control_characters.py::test_ordinary_addresses_and_a_nul_typed_into_the_search_box_are_answered_as_before"]),
    ("14. Office macros", "legacy files read by olefile (strict) and oletools' VBA and BIFF parsers, any letter "
     "case; OOXML macro parts, sheets and relations; unreadable or encrypted files refused", [
         "tests/campaigns/test_evidence.py::test_a_document_with_macros_is_refused_whatever_their_case_or_kind",
         "tests/campaigns/test_evidence.py::test_documents_without_macros_are_accepted",
         "tests/campaigns/test_evidence.py::test_macro_enabled_kinds_are_refused_by_name",
         "tests/campaigns/test_evidence.py::test_a_file_the_parser_cannot_read_is_refused_in_vietnamese",
         "tests/campaigns/test_evidence.py::test_an_encrypted_workbook_is_refused",
         "tests/campaigns/test_evidence.py::test_a_legacy_file_of_the_other_kind_is_refused",
         "tests/campaigns/test_evidence.py::test_a_lower_case_vba_document_is_refused_in_the_inline",
         "tests/security/test_plan_attachment.py::test_the_plan_form_refuses_what_is_not_a_pdf_with_the_upload_message"]),
    ("15. Files served inline; old set-password links", "every file handed out through core.files.file_response: "
     "attachment, RFC 6266 name, the /media/ sandbox headers (FILE_HEADERS); a counter in the token ends older "
     "links", [
         "tests/core/test_files.py::test_a_download_is_named_the_rfc_6266_way",
         "tests/core/test_files.py::test_a_hostile_name_can_neither_end_the_header_nor_add_a_parameter",
         "tests/core/test_files.py::test_a_generated_file_is_a_download_with_the_same_headers_as_media",
         "tests/campaigns/test_evidence.py::test_evidence_is_a_download_under_its_vietnamese_name_with_the_media_headers",
         "tests/security/test_plan_attachment.py::test_a_plans_pdf_is_a_download_with_the_media_headers_even_when_it_is_also_html",
         "tests/test_security_headers.py::TestSecurityHeadersOnTheDemo::"
         "test_a_download_carries_the_file_policy_stricter_than_a_pages",
         "tests/security/test_deploy_config.py::test_media_gets_the_headers_the_portal_gives_every_file_it_hands_out",
         "tests/security/test_deploy_config.py::test_private_files_are_only_handed_out_by_the_app",
         "tests/accounts/test_staff_accounts.py::test_gui_lai_email_ends_the_link_sent_before",
         "tests/accounts/test_staff_accounts.py::"
         "test_an_old_link_already_open_in_a_browser_cannot_set_the_password_after_a_resend",
         "tests/accounts/test_staff_accounts.py::test_a_forgotten_password_email_ends_the_welcome_link_and_its_own_link_works"]),
    ("16. The fault drill", "the uncached load reaches Django (checked per answer); every refused comment is sent "
     "again and must be stored exactly once; a resent form changes nothing", [
         "tests/discussion/test_resubmission.py"]),
]

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
    bandit = run(str(ROOT / ".venv/bin/bandit"), "-q", "-r", *PORTAL_CODE, "-x", "*/migrations/*", "-f", "json",
                 check=False)  # the same folders as the Makefile's BANDIT
    report = json.loads(bandit.stdout or "{}")
    results = report.get("results", [])
    counts = {level: sum(1 for r in results if r["issue_severity"] == level) for level in ("HIGH", "MEDIUM", "LOW")}
    skipped = report.get("metrics", {}).get("_totals", {}).get("skipped_tests", 0)
    lines.append(f"- bandit: high {counts['HIGH']}, medium {counts['MEDIUM']}, low {counts['LOW']} "
                 f"(low: subprocess/assert notes, reviewed); {skipped} accepted with `# nosec` + reason:")
    if counts["HIGH"] or counts["MEDIUM"]:
        failures.append("bandit medium/high")
    grep = run("grep", "-rn", "--include=*.py", "nosec", *PORTAL_CODE, check=False)
    for hit in grep.stdout.splitlines():
        if "# nosec" not in hit or hit.startswith("scripts/security_check.py"):
            continue
        lines.append(f"  - `{hit.split(':', 2)[0]}:{hit.split(':', 2)[1]}` {hit.split(':', 2)[2].strip()[:110]}")
    print("\n".join(lines[-3:]))


def deploy_checks():
    section("Django deployment checks (production settings)")
    env = {"DJANGO_SETTINGS_MODULE": "cchc_portal.settings.production", "ALLOWED_HOSTS": "cchc.camau.gov.vn",
           "SITE_URL": "https://cchc.camau.gov.vn",
           "SECRET_KEY": "security-check-only-" + "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
           "SOURCE_CODE_URL": "https://git.example.gov.vn/cchc-portal"}  # AGPL section 13 (cchc.W001)
    result = run(PY, "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    said = (result.stdout.strip() or result.stderr.strip() or "(nothing)").splitlines()[-1]
    if result.returncode != 0:
        failures.append("check --deploy")
    lines.append(f"- `check --deploy --fail-level WARNING`: {said}")
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


def test_id(classname, name):
    """`tests.x.test_y.TestClass` + `test_z[case]` → `tests/x/test_y.py::TestClass::test_z[case]`."""
    parts = classname.split(".")
    for cut in range(len(parts), 0, -1):
        path = "/".join(parts[:cut]) + ".py"
        if (ROOT / path).exists():
            return "::".join([path, *parts[cut:], name])
    return f"{classname.replace('.', '/')}.py::{name}"


def covers(spec, node):
    """A spec (file, file::test or file::Class::test) covers its tests, classes' tests and parametrized cases."""
    return node == spec or node.startswith(spec + "::") or node.startswith(spec + "[")


def issue_items(number, items):
    """Run every test listed for an issue once (SQLite) and give each item its result."""
    section(f"Issue {number}, item by item")
    specs = sorted({spec for _, _, tests in items for spec in tests})
    present = [spec for spec in specs if (ROOT / spec.split("::")[0]).exists()]
    junit = ROOT / "var" / f"issue-{number}-junit.xml"
    junit.parent.mkdir(exist_ok=True)
    result = run(PY, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={junit}", *present,
                 env={"DATABASE_URL": None}, check=False)
    outcomes = {}  # "path/test_file.py::[Class::]test_name[param]" → passed / failed / skipped
    if junit.exists():
        for case in ET.parse(junit).iter("testcase"):  # noqa: S314 # nosec B314 — our own pytest's output
            kind = next((child.tag for child in case if child.tag in ("failure", "error", "skipped")), "passed")
            node = test_id(case.get("classname", ""), case.get("name"))
            outcomes[node] = {"failure": "failed", "error": "failed"}.get(kind, kind)
    lines.extend(["| item | defence | tests | result |", "|---|---|---|---|"])
    for item, defence, tests in items:
        counts, missing = {"passed": 0, "failed": 0, "skipped": 0}, []
        for spec in tests:
            matched = [outcome for node, outcome in outcomes.items() if covers(spec, node)]
            if not matched:
                missing.append(spec)
            for outcome in matched:
                counts[outcome] += 1
        verdict = "pass" if counts["passed"] and not counts["failed"] and not missing else "FAIL"
        detail = f"{verdict}: {counts['passed']} passed" + (f", {counts['failed']} failed" if counts["failed"] else "")
        detail += f", {counts['skipped']} skipped" if counts["skipped"] else ""
        detail += f"; not found: {', '.join(missing)}" if missing else ""
        if verdict != "pass":
            failures.append(f"issue {number} {item}")
        names = "<br>".join(f"`{spec}`" for spec in tests)
        lines.append(f"| {item} | {defence} | {names} | {detail} |")
    summary = result.stdout.strip().splitlines()[-1].strip("= ") if result.stdout.strip() else result.stderr[-300:]
    lines.extend(["", f"pytest on SQLite: {summary}"])
    print("\n".join(lines[-(len(items) + 4):]))


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
        lines.append(f"- A request for another host name (`Host: evil.example`): {unknown_host()}")
        lines.append(f"- 300 random paths in a row (uncached, no query string), one address: {burst()}")
    finally:
        run("bash", "scripts/prod-local.sh", "stop", check=False)
    print("\n".join(lines[-14:]))


def unknown_host():
    try:
        response = fetch("GET", "/", headers={"Host": "evil.example"})
    except (http.client.RemoteDisconnected, ConnectionError):
        return "no answer, the connection is closed (nginx `return 444`)"
    failures.append("unknown Host answered")
    return f"ANSWERED {response.status}"


def burst():
    """nginx's limit_req counts every request per client address (issue 23, item 9): 300 random paths
    without a query string in a row, which nginx cannot answer from its cache, must meet 429s."""
    statuses = []
    for n in range(300):
        statuses.append(fetch("GET", f"/khong-co-trang-{n}/").status)
    counts = {status: statuses.count(status) for status in sorted(set(statuses))}
    if not counts.get(429):
        failures.append("no 429 from nginx's limit_req")
    return ", ".join(f"{count} × {status}" for status, count in counts.items()) + " (404: the app's answer; " \
        "429: nginx's limit)"


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
    issue_items(13, ISSUE_13)
    issue_items(23, ISSUE_23)
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
