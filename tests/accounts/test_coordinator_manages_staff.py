"""A provincial coordinator manages the province's staff accounts (issue 24, item 5): the Cán bộ list,
creating an officer (welcomed by the set-password email), changing agency or role, locking, resending the
link — and never more than they hold themselves: no superuser, no group or permission beyond their own,
no superuser's account, not their own role or lock. Forged POSTs change nothing."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.roles import COORDINATOR, DATA_ENTRY
from tests.factories import AgencyFactory, UserFactory, coordinator_user, data_entry_user

pytestmark = pytest.mark.django_db

LIST = reverse("admin:accounts_user_changelist")
ADD = reverse("admin:accounts_user_add")


def change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


@pytest.fixture
def agencies():
    return AgencyFactory(name="Sở Nội vụ thử"), AgencyFactory(name="UBND xã Tân Thành thử")


@pytest.fixture
def coordinator(client, agencies):
    user = coordinator_user(agency=agencies[0], username="dieuphoi", full_name="Cán bộ điều phối")
    client.force_login(user)
    return user


@pytest.fixture
def officer(agencies):
    return data_entry_user(agencies[1], username="canbo_xa", full_name="Lê Thị Hoa", email="hoa@tinh.gov.vn")


@pytest.fixture
def superuser():
    return UserFactory(username="quantri", full_name="Quản trị hệ thống", is_superuser=True,
                       email="quantri@tinh.gov.vn")


def change_post(user, **overrides):
    """What the coordinator's change form posts for `user`, with `overrides`."""
    data = {"username": user.username, "full_name": user.full_name, "email": user.email,
            "agency": user.agency_id or "", "role": DATA_ENTRY, "is_active": "on"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def roles(user):
    return sorted(user.groups.values_list("name", flat=True))


def test_coordinator_opens_the_staff_list_without_the_superusers(client, coordinator, officer, superuser):
    response = client.get(LIST)
    assert response.status_code == 200  # was 403: only the superuser managed accounts
    html = response.content.decode()
    assert "Lê Thị Hoa" in html and "quantri" not in html
    assert "Vai trò" in html and "Cán bộ nhập liệu" in html


def test_coordinator_creates_an_officer_who_gets_the_set_password_email(
        client, coordinator, agencies, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, {"username": "tranvanbinh", "full_name": "Trần Văn Bình",
                                     "email": "binh@tinh.gov.vn", "role": DATA_ENTRY, "agency": agencies[1].pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    created = User.objects.get(username="tranvanbinh")
    assert created.is_staff and created.is_active and not created.is_superuser
    assert created.agency == agencies[1] and roles(created) == [DATA_ENTRY]
    assert not created.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["binh@tinh.gov.vn"]
    assert "Kính gửi Trần Văn Bình," in mail.outbox[0].body and "đặt mật khẩu" in mail.outbox[0].body
    assert "UBND xã Tân Thành thử" in mail.outbox[0].body


def test_the_add_form_offers_the_role_and_no_superuser_box(client, coordinator):
    html = client.get(ADD).content.decode()
    assert 'name="role"' in html and 'name="is_superuser"' not in html and 'name="user_permissions"' not in html


def test_forged_superuser_groups_and_permissions_on_add_are_ignored(
        client, coordinator, agencies, django_capture_on_commit_callbacks):
    powerful = Group.objects.create(name="Quản trị toàn quyền")
    delete_user = Permission.objects.get(codename="delete_user")
    powerful.permissions.add(delete_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, {"username": "gia_mao", "full_name": "Giả Mạo", "email": "giamao@tinh.gov.vn",
                                     "role": DATA_ENTRY, "agency": agencies[1].pk, "is_superuser": "on",
                                     "groups": [powerful.pk], "user_permissions": [delete_user.pk]})
    assert response.status_code == 302
    created = User.objects.get(username="gia_mao")
    assert not created.is_superuser and roles(created) == [DATA_ENTRY]
    assert not created.user_permissions.exists() and not created.has_perm("accounts.delete_user")


def test_a_role_the_coordinator_does_not_hold_is_refused(client, coordinator, agencies):
    powerful = Group.objects.create(name="Quản trị toàn quyền")
    powerful.permissions.add(Permission.objects.get(codename="delete_user"))
    response = client.post(ADD, {"username": "gia_mao", "full_name": "Giả Mạo", "email": "giamao@tinh.gov.vn",
                                 "role": powerful.name, "agency": agencies[1].pk})
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not User.objects.filter(username="gia_mao").exists()


def test_coordinator_changes_an_officers_agency_and_role_and_the_change_is_logged(
        client, coordinator, officer, agencies):
    response = client.post(change_url(officer), change_post(officer, agency=agencies[0].pk, role=COORDINATOR))
    assert response.status_code == 302, response.content.decode()[:3000]
    officer.refresh_from_db()
    assert officer.agency == agencies[0] and roles(officer) == [COORDINATOR] and officer.is_staff
    entry = LogEntry.objects.get(object_id=str(officer.pk), action_flag=CHANGE)
    assert entry.user == coordinator and "Vai trò" in entry.get_change_message()


def test_forged_superuser_groups_and_permissions_on_change_are_ignored(client, coordinator, officer):
    powerful = Group.objects.create(name="Quản trị toàn quyền")
    delete_user = Permission.objects.get(codename="delete_user")
    response = client.post(change_url(officer), change_post(
        officer, is_superuser="on", is_staff="", groups=[powerful.pk], user_permissions=[delete_user.pk]))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.is_superuser and officer.is_staff and roles(officer) == [DATA_ENTRY]
    assert not officer.user_permissions.exists()


def test_coordinator_cannot_open_or_change_a_superuser(client, coordinator, superuser):
    assert client.get(change_url(superuser)).status_code == 302  # "does not exist", back to the index
    client.post(change_url(superuser), {"username": "quantri", "full_name": "Đã đổi", "email": "x@tinh.gov.vn",
                                        "role": DATA_ENTRY, "agency": ""})
    superuser.refresh_from_db()
    assert superuser.full_name == "Quản trị hệ thống" and superuser.is_superuser
    for action in ("deactivate_accounts", "resend_welcome_email"):
        client.post(LIST, {"action": action, "_selected_action": [superuser.pk]})
    superuser.refresh_from_db()
    assert superuser.is_active and mail.outbox == []
    password = reverse("admin:auth_user_password_change", args=[superuser.pk])
    assert client.get(password).status_code in (403, 404)


def test_coordinator_cannot_change_an_account_that_holds_more_than_they_do(client, coordinator, agencies):
    """Changing its email would let them take it over with "Quên mật khẩu?"."""
    stronger = data_entry_user(agencies[1], username="ky_thuat", email="kythuat@tinh.gov.vn")
    stronger.user_permissions.add(Permission.objects.get(codename="delete_user"))
    response = client.post(change_url(stronger), change_post(stronger, email="dieuphoi@tinh.gov.vn"))
    assert response.status_code == 403
    client.post(LIST, {"action": "deactivate_accounts", "_selected_action": [stronger.pk]})
    stronger.refresh_from_db()
    assert stronger.email == "kythuat@tinh.gov.vn" and stronger.is_active


def test_coordinator_cannot_set_an_officers_password(client, coordinator, officer):
    """Nobody but the officer knows their password: the coordinator resends the link instead."""
    url = reverse("admin:auth_user_password_change", args=[officer.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"password1": "Mat-khau-biet-2026", "password2": "Mat-khau-biet-2026"}).status_code == 403
    officer.refresh_from_db()
    assert not officer.check_password("Mat-khau-biet-2026")


def test_coordinator_locks_an_officer_with_the_bulk_action_and_it_is_logged(client, coordinator, officer):
    response = client.post(LIST, {"action": "deactivate_accounts", "_selected_action": [officer.pk]}, follow=True)
    assert "Đã khóa 1 tài khoản" in response.content.decode()
    officer.refresh_from_db()
    assert not officer.is_active
    entry = LogEntry.objects.get(object_id=str(officer.pk), action_flag=CHANGE)
    assert entry.user == coordinator and "Đã khóa tài khoản" in entry.get_change_message()


def test_coordinator_locks_an_officer_in_the_change_form(client, coordinator, officer):
    assert client.post(change_url(officer), change_post(officer, is_active=None)).status_code == 302
    officer.refresh_from_db()
    assert not officer.is_active


def test_coordinator_resends_the_set_password_link(client, coordinator, officer):
    response = client.post(LIST, {"action": "resend_welcome_email", "_selected_action": [officer.pk]}, follow=True)
    assert "Đã gửi email đặt mật khẩu tới 1 tài khoản" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hoa@tinh.gov.vn"]
    assert "Kính gửi Lê Thị Hoa," in mail.outbox[0].body
    assert LogEntry.objects.filter(object_id=str(officer.pk), user=coordinator).exists()


def test_coordinator_cannot_lock_or_demote_themselves(client, coordinator):
    response = client.post(change_url(coordinator), change_post(coordinator, role=DATA_ENTRY, is_active=None))
    assert response.status_code == 200
    assert "Không thể tự khóa tài khoản hay tự đổi vai trò của mình" in response.content.decode()
    response = client.post(LIST, {"action": "deactivate_accounts", "_selected_action": [coordinator.pk]},
                           follow=True)
    assert "Không thể tự khóa tài khoản của mình" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.is_active and roles(coordinator) == [COORDINATOR]


def test_a_data_entry_officer_gets_no_staff_pages(client, officer):
    client.force_login(officer)
    assert client.get(LIST).status_code == 403
    assert client.get(ADD).status_code == 403
    assert client.get(change_url(officer)).status_code == 403


def test_an_account_made_before_the_one_field_name_opens_with_its_name_and_saves_without_email(
        client, coordinator, agencies):
    """The demo's accounts have a given and a family name and no email: the form shows the name and a
    coordinator moves the account to another agency without being stopped by the empty email."""
    older = data_entry_user(agencies[1], username="cu", first_name="Cán bộ", last_name="Đài PT-TH")
    assert 'value="Cán bộ Đài PT-TH"' in client.get(change_url(older)).content.decode()
    response = client.post(change_url(older), change_post(older, full_name="Cán bộ Đài PT-TH", email="",
                                                          agency=agencies[0].pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    older.refresh_from_db()
    assert older.agency == agencies[0] and older.full_name == "Cán bộ Đài PT-TH"


def test_coordinator_cannot_change_another_coordinators_email_or_user_name(client, coordinator, agencies):
    """Changing it to their own address, then "Quên mật khẩu?", would take the other coordinator's
    account over: a forged POST leaves both as they were, and the form shows them read-only."""
    other = coordinator_user(agency=agencies[0], username="dieuphoi2", full_name="Điều phối khác",
                             email="dieuphoi2@tinh.gov.vn")
    html = client.get(change_url(other)).content.decode()
    assert 'name="email"' not in html and 'name="username"' not in html and "dieuphoi2@tinh.gov.vn" in html
    response = client.post(change_url(other), change_post(other, role=COORDINATOR, username="cuop",
                                                          email="dieuphoi@ca-nhan.vn", full_name="Đã sửa tên"))
    assert response.status_code == 302, response.content.decode()[:3000]
    other.refresh_from_db()
    assert other.email == "dieuphoi2@tinh.gov.vn" and other.username == "dieuphoi2"
    assert other.full_name == "Đã sửa tên"  # the rest of the form still saves


def test_coordinator_cannot_change_their_own_email_here_but_a_superuser_can(client, coordinator, agencies):
    client.post(change_url(coordinator), change_post(coordinator, role=COORDINATOR, email="khac@ca-nhan.vn"))
    coordinator.refresh_from_db()
    assert coordinator.email != "khac@ca-nhan.vn"
    client.force_login(UserFactory(username="quantri", is_superuser=True))
    other = coordinator_user(agency=agencies[0], username="dieuphoi2", email="dieuphoi2@tinh.gov.vn")
    assert 'name="email"' in client.get(change_url(other)).content.decode()


def test_coordinator_still_corrects_an_officers_email(client, coordinator, officer):
    response = client.post(change_url(officer), change_post(officer, email="hoa.moi@tinh.gov.vn"))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.email == "hoa.moi@tinh.gov.vn"
