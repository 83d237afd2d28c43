"""The shared table of activity cases (tests/campaigns/activity_cases.py) through the Excel import: each
row is accepted or refused exactly as the model's own validation says, with the row and column named."""

import pytest

from campaigns.models import Activity

from .activity_cases import AGENCY, CASES, USERNAME, create_other_plan
from .spreadsheet_helpers import confirm, login, page_text, row, upload, xlsx

HEADERS = {"plan": "Kế hoạch", "task": "Nhiệm vụ", "channel": "Hình thức tuyên truyền", "date": "Ngày thực hiện",
           "quantity": "Số lượng"}


def case_row(case):
    values = case["values"]
    return row(title=f"Trường hợp {case['id']}", plan=values["plan"], task=values["task"], agency=AGENCY,
               channel=values["channel"], date=values["date"], quantity=values["quantity"])


class TestActivityRulesOnTheDemo:
    @pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
    def test_each_case_is_imported_or_refused_as_the_model_says(self, client, demo, case):
        create_other_plan()
        login(client, USERNAME)
        response = upload(client, xlsx([case_row(case)]))
        assert response.status_code == 200
        result = response.context["result"]
        title = f"Trường hợp {case['id']}"
        if case["valid"]:
            assert result.errors == []
            assert result.count("create") == 1
            assert confirm(client, response).status_code == 302
            activity = Activity.objects.get(title=title)
            for name, value in case.get("expected", {}).items():
                assert getattr(activity, name) == value
        else:
            assert len(result.errors) == 1, result.errors
            error = result.errors[0]
            assert error.startswith(f"Dòng 2, cột {HEADERS[case['error_field']]}: ")
            assert case["error_contains"] in error
            assert case["error_contains"] in page_text(response)
            assert "chưa có dòng nào được lưu" in page_text(response)
            assert not Activity.objects.filter(title=title).exists()

    def test_all_bad_cases_in_one_file_are_all_reported_and_nothing_is_saved(self, client, demo):
        create_other_plan()
        login(client, USERNAME)
        cases = CASES
        response = upload(client, xlsx([case_row(c) for c in cases]))
        result = response.context["result"]
        bad = [(line, c) for line, c in enumerate(cases, start=2) if not c["valid"]]
        assert len(result.errors) == len(bad) == 8
        for (line, case), error in zip(bad, result.errors, strict=True):
            assert error.startswith(f"Dòng {line}, cột {HEADERS[case['error_field']]}: ")
            assert case["error_contains"] in error
        assert not Activity.objects.filter(title__startswith="Trường hợp").exists()
