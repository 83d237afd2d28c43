"""One table of activity cases, good and bad, for every way staff enter an activity (the Excel import,
the admin form): the same values must be accepted or refused the same way, with the same reason.

Format: `CASES` is a list of plain dicts

    {"id": "date_2091",                       # a short name, used as the pytest id
     "values": {"plan": "15/KH-UBND",          # as the officer types them: plan number, task title
                "task": "…", "channel": "…",   # (or ""), channel name, date dd/mm/yyyy, quantity text
                "date": "19/03/2091", "quantity": "2"},
     "valid": False,
     "error_field": "date",                    # the model field that carries the error (None if valid)
     "error_contains": "nằm ngoài năm của kế hoạch",   # a part of the message both paths show
     "expected": {"quantity": 1000}}           # valid cases only, optional: what gets stored

The cases are entered by the demo's radio-TV officer (`USERNAME`, agency `AGENCY`) on the demo data
(`load_demo`) plus `create_other_plan()` (a second published plan with one task). `resolve(values)`
turns the typed names into model instances for a form test."""

import datetime as dt

USERNAME = "dai_ptth"
AGENCY = "Đài Phát thanh – Truyền hình Cà Mau"
PLAN = "15/KH-UBND"
TASK = "Xây dựng, phát sóng chuyên mục, đề tài về cải cách hành chính trên sóng phát thanh, truyền hình tỉnh"
CHANNEL = "Phát thanh – truyền hình"  # the task's channel (unit: đề tài)
OTHER_CHANNEL = "Báo chí (báo in, báo ảnh)"
OTHER_PLAN = "16/KH-UBND"
OTHER_TASK = "Phát sóng phóng sự CCHC năm 2020"


def _case(case_id, valid, error_field=None, error_contains=None, expected=None, **values):
    typed = {"plan": PLAN, "task": TASK, "channel": CHANNEL, "date": "15/03/2019", "quantity": "2", **values}
    case = {"id": case_id, "values": typed, "valid": valid, "error_field": error_field,
            "error_contains": error_contains}
    if expected:
        case["expected"] = expected
    return case


CASES = [
    _case("good", True, expected={"quantity": 2, "date": dt.date(2019, 3, 15)}),
    _case("no_task", True, task=""),
    _case("thousands_dot", True, quantity="1.000", expected={"quantity": 1000}),
    _case("thousands_space", True, quantity="1 000", expected={"quantity": 1000}),
    _case("date_in_data_window_before_year", True, date="20/12/2018", expected={"date": dt.date(2018, 12, 20)}),
    _case("date_2091", False, "date", "nằm ngoài năm của kế hoạch", date="19/03/2091"),
    _case("date_before_data_window", False, "date", "nằm ngoài năm của kế hoạch", date="15/11/2018"),
    _case("date_not_a_date", False, "date", "ngày hợp lệ", date="32/01/2019"),
    _case("channel_not_the_tasks", False, "channel", "đã chọn tính theo hình thức", channel=OTHER_CHANNEL),
    _case("task_of_another_plan", False, "task", "không thuộc kế hoạch", task=OTHER_TASK),
    _case("quantity_decimal_comma", False, "quantity", "có phần thập phân", quantity="1,5"),
    _case("quantity_negative", False, "quantity", "không được là số âm", quantity="-3"),
    _case("quantity_text", False, "quantity", "phải là một số nguyên không âm", quantity="hai"),
]


def create_other_plan():
    """A second published plan (2020) with one task in the radio-TV channel. Idempotent."""
    from agencies.models import Agency
    from campaigns.models import Channel, Plan, PublishStatus, Task

    province = Agency.objects.get(name="UBND tỉnh Cà Mau")
    plan, _created = Plan.objects.get_or_create(
        slug="ke-hoach-tuyen-truyen-cchc-2020",
        defaults={"title": "Kế hoạch thông tin, tuyên truyền cải cách hành chính tỉnh Cà Mau năm 2020",
                  "year": 2020, "document_number": OTHER_PLAN, "issuing_agency": province,
                  "status": PublishStatus.PUBLISHED})
    Task.objects.get_or_create(plan=plan, title=OTHER_TASK, defaults={
        "channel": Channel.objects.get(code="phat-thanh-truyen-hinh"), "lead_agency": province,
        "target_quantity": 100, "status": ""})
    return plan


def resolve(values):
    """The typed names as model instances (None for a blank task); date and quantity stay as typed."""
    from campaigns.models import Channel, Plan, Task

    plan = Plan.objects.get(document_number=values["plan"])
    task = Task.objects.get(title=values["task"]) if values["task"] else None
    return {"plan": plan, "task": task, "channel": Channel.objects.get(name=values["channel"]),
            "date": values["date"], "quantity": values["quantity"]}
