"""The activity list as a coordinator uses it (issue 16, item 11): the province filter lists provinces
only, and the search finds an agency by its name typed in any case or without marks."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from agencies.models import Agency
from campaigns.models import Activity

pytestmark = pytest.mark.django_db
URL = reverse("admin:campaigns_activity_changelist")


@pytest.fixture
def coordinator_client(client, demo):
    client.force_login(get_user_model().objects.get(username="dieuphoi"))
    return client


class TestActivityListOnTheDemo:
    def test_province_filter_lists_provinces_not_other_top_level_organisations(self, coordinator_client):
        response = coordinator_client.get(URL)
        spec = next(f for f in response.context["cl"].filter_specs if getattr(f, "parameter_name", "") == "tinh")
        # Cà Mau ("UBND tỉnh") and, closed since 1/7/2025 but with its old data, Bạc Liêu (the demo's 2026 story).
        assert [title for _value, title in spec.lookup_choices] == ["UBND tỉnh Bạc Liêu", "UBND tỉnh"]
        assert Agency.objects.filter(parent__isnull=True, name__startswith="Công đoàn").exists()

    @pytest.mark.parametrize("query", ["Đài Phát thanh", "đài phát thanh", "ĐÀI PHÁT THANH", "dai phat thanh",
                                       "Truyền hình Cà Mau", "đài pt-th"])
    def test_search_finds_an_agency_by_name_in_any_case_or_without_marks(self, coordinator_client, query):
        radio = Agency.objects.get(short_name="Đài PT-TH Cà Mau")
        expected = Activity.objects.filter(agency=radio).count()
        assert expected == 22
        response = coordinator_client.get(URL, {"q": query})
        assert response.context["cl"].result_count == expected
        assert {row.agency_id for row in response.context["cl"].result_list} == {radio.pk}

    def test_search_still_finds_a_title_and_stays_within_the_officers_agency(self, client, demo):
        client.force_login(get_user_model().objects.get(username="bao_camau"))
        response = client.get(URL, {"q": "đài phát thanh"})
        assert response.context["cl"].result_count == 0  # another agency's rows stay hidden
        title = Activity.objects.filter(agency__short_name="Báo Cà Mau").first().title
        assert client.get(URL, {"q": title}).context["cl"].result_count >= 1
