"""Issue 25, item 6: in a real browser, choosing a task in the activity form fills its empty channel."""

from playwright.sync_api import expect

from campaigns.models import Task

from .conftest import admin_url, log_in
from .test_staff_journeys import PLAN_TITLE, choose_autocomplete


def test_choosing_a_task_fills_an_empty_channel(portal, new_page):
    task = Task.objects.filter(plan__title=PLAN_TITLE, channel__isnull=False).select_related("channel").first()
    page = new_page()
    log_in(page, portal, "dai_ptth")
    page.goto(admin_url(portal, "campaigns/activity/add/"))
    choose_autocomplete(page, "plan", "2019", PLAN_TITLE)
    assert page.locator("#id_channel").input_value() == ""
    choose_autocomplete(page, "task", task.title[:20], task.title)
    expect(page.locator("#id_channel")).to_have_value(str(task.channel_id))
