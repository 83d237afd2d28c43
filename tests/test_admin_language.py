"""Every staff page in Vietnamese: the admin's pages (list, add, change, history and a history entry,
delete confirmation, each app's index, password change) opened as a superuser, a provincial coordinator
and an agency officer, and the visible text searched for English words the translations once missed."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.conftest import demo_in_an_outer_transaction

ENGLISH = [
    "Please", "Choose", "Changed", "Revert", "Show counts", "Hide counts", "Skip to", "Toggle", "Raw password",
    "Can add", "Can change", "Can delete", "Can view", "Object", "Changed by", "Change reason", "None", "Created",
    "Deleted", "Save and", "Save", "History", "Filter", "Search", "Add", "Delete", "Change", "View", "Home",
    "Log out", "Log in", "Welcome", "Password", "Username", "Date", "Time", "Today", "Now", "Yes", "Unknown",
    "All", "Select", "Action", "Remove", "Clear", "Enabled", "Disabled", "Close", "Cancel", "Submit", "Back",
    "Go", "results", "selected", "Required", "Enter", "Note", "Staff", "Active", "Superuser", "Groups",
    "Permissions", "Name", "First name", "Last name", "Last login", "Date joined", "Reason",
    "Attempt", "Failures", "Access", "Sites", "Axes", "OTP", "TOTP", "Domain", "Display name", "Device",
    "Comment", "Comments", "Content", "Submit date", "Public", "Removed", "Flag", "Key", "Throttling",
    "Historical", "Record", "User", "Auth", "Authentication", "Authorization", "Administration", "Site",
    "Documentation", "Theme", "Light", "Dark", "Auto", "Previous", "Next", "Page", "More", "Less", "Yesterday",
    "This month", "This year", "Past", "Any date", "Empty", "Unknown", "Nothing", "Summary", "Object id",
    "Django",
]
# Django's Vietnamese that reads wrong to staff: history as "a memo", "popularised" for public, "add to".
ODD_VIETNAMESE = ["Bản ghi nhớ", "Được phổ biến", "khỏi Site", "số tổng thể", "Thêm vào", "cho phép có thể chọn",
                  "Quản trị website | Thêm đăng nhập"]
# Words of our own interface that look English but are names: usernames, formats, codes.
ALLOWED = {"PAR", "INDEX", "PDF", "Excel", "Word", "CSV", "QR", "ID", "URL", "UBND", "KH", "BC", "CCHC", "PT",
           "TH", "Zalo", "Facebook", "YouTube", "Google", "Microsoft", "Authenticator", "FreeOTP", "TOTP"}
WORD = re.compile(r"(?<![\w'])(" + "|".join(re.escape(w) for w in sorted(set(ENGLISH), key=len, reverse=True))
                  + r")(?![\w'])", re.IGNORECASE)


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes outside <script>/<style>/<template>, plus the labels of buttons
    (an <input type=submit>'s value), placeholders and image alternatives. Other attributes are ignored.
    An element marked translate="no" (a secret key, a code: no language at all) is not read either."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden, self.untranslated = [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self.hidden += 1
        if attrs.get("translate") == "no":
            self.untranslated.append(tag)
            self.hidden += 1
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"} and attrs.get("value"):
            self.parts.append(attrs["value"])
        for name in ("placeholder", "alt"):
            if attrs.get(name):
                self.parts.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if self.untranslated and self.untranslated[-1] == tag:
            self.untranslated.pop()
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def english_in(text):
    """The English words of the list found in `text`, each with the line it is on."""
    found = []
    text = text.replace("<unknown>", "")  # django-axes' stored value for a request without a user agent
    for line in text.splitlines():
        for match in WORD.finditer(line):
            if match.group(0) not in ALLOWED:
                found.append(f"{match.group(0)!r} in {line[:120]!r}")
        found += [f"{odd!r} in {line[:120]!r}" for odd in ODD_VIETNAMESE if odd in line]
    return found


def admin_pages(user):
    """Every admin address worth reading for this user: per model the list, add form, one object's change
    form, history, one history entry and delete confirmation; each app's index; password change."""
    from accounts.models import User

    pages = [reverse("admin:index"), reverse("admin:password_change"), reverse("staff_two_factor"),
             reverse("admin:auth_user_password_change", args=[user.pk])]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add"),
                  reverse("admin:app_list", args=[opts.app_label])]
        obj = model_admin.get_queryset(_request(user)).first() if model is not User else user
        if obj is None:
            obj = model._default_manager.first()
        if obj is None:
            continue
        pages += [reverse(f"{prefix}_change", args=[obj.pk]), reverse(f"{prefix}_history", args=[obj.pk]),
                  reverse(f"{prefix}_delete", args=[obj.pk])]
        history = getattr(obj, "history", None)
        record = history.first() if history is not None and hasattr(history, "first") else None
        if record is not None:
            try:
                pages.append(reverse(f"{prefix}_simple_history", args=[obj.pk, record.history_id]))
            except NoReverseMatch:
                pass
    return list(dict.fromkeys(pages))


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


# The whole demo (its reporting cycle too), loaded once for the module (tests/conftest.py).
@pytest.fixture(scope="module")
def _demo_cycle_once(django_db_setup, django_db_blocker):
    yield from demo_in_an_outer_transaction(django_db_blocker, keep_periods=True)


def read_pages(username):
    from accounts.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    problems, statuses = [], {}
    for url in admin_pages(user):
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        if response.status_code in (301, 302):
            continue
        for found in english_in(visible_text(response.content.decode())):
            problems.append(f"{url}: {found}")
    return problems, statuses


# At least this many pages open (200) for each role: the crawl really reads pages, not login redirects.
@pytest.mark.parametrize(("username", "pages_read"), [("admin", 75), ("dieuphoi", 45), ("dai_ptth", 20)])
def test_every_admin_page_reads_in_vietnamese(demo_cycle, username, pages_read):
    problems, statuses = read_pages(username)
    print(username, sum(1 for code in statuses.values() if code == 200), "of", len(statuses))
    assert sum(1 for code in statuses.values() if code == 200) >= pages_read
    assert not problems, "\n".join(problems)


def test_login_and_password_reset_pages_read_in_vietnamese(demo_cycle):
    client = Client()
    pages = [reverse("admin:login"), reverse("admin_password_reset"), reverse("admin_password_reset_done"),
             reverse("password_reset_complete"),
             reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "sai-ma"})]
    problems = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        problems += [f"{url}: {found}" for found in english_in(visible_text(response.content.decode()))]
    assert not problems, "\n".join(problems)


def test_the_actions_drop_down_is_an_operation_not_an_activity(demo_cycle):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="dieuphoi"))
    html = client.get(reverse("admin:campaigns_activity_changelist")).content.decode()
    assert "Thao tác: <select" in html and "Hoạt động: <select" not in html
    assert "Thực hiện thao tác đã chọn" in html


def test_a_form_with_errors_says_so_in_vietnamese(demo_cycle):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="dai_ptth"))
    response = client.post(reverse("admin:campaigns_activity_add"), {"title": "", "quantity": "hai"})
    text = visible_text(response.content.decode())
    assert response.status_code == 200 and "Vui lòng sửa các lỗi được đánh dấu bên dưới." in text
    assert english_in(text) == []


def test_the_word_list_catches_what_it_should():
    html = ('<p>Choose one below</p><script>var Please = 1</script>'
            '<input type="submit" value="Save and continue"><a class="historylink" href="#">Lịch sử</a>')
    assert [f.split(" in ")[0] for f in english_in(visible_text(html))] == ["'Choose'", "'Save and'"]
    assert english_in(visible_text('<p title="Show counts">Lọc theo năm</p>')) == []
    assert english_in(visible_text("<a>Bản ghi nhớ</a>")) == ["'Bản ghi nhớ' in 'Bản ghi nhớ'"]


@pytest.mark.django_db
def test_the_two_step_secret_is_marked_as_no_language_and_never_read_as_english(demo_cycle, monkeypatch):
    """The secret key is random Base32: sometimes it holds "USER" or "EDIT" (seen in CI). It is marked
    translate="no" — a browser's translator leaves it alone, and so does this file's English check."""
    import base64

    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = base64.b32decode("WXDRYKBIK4JSAPBDIDBWDR6QY64MUSER")  # 20 bytes, the one CI met
    monkeypatch.setattr(TOTPDevice, "bin_key", property(lambda device: key))
    client = Client()
    client.force_login(get_user_model().objects.get(username="dai_ptth"))
    html = client.get(reverse("staff_two_factor")).content.decode()
    assert '<code translate="no">WXDR YKBI K4JS APBD IDBW DR6Q Y64M USER</code>' in html
    assert english_in(visible_text(html)) == []
