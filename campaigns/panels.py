"""The campaigns app's panels of the staff start page (core.panels): the coordinator's view of the current
reporting cycle, and the officer's own periods, returned reports and the tasks it leads or coordinates."""

from agencies import scoping
from core.numbers import parse_id
from core.panels import Panel

from . import cycle, dashboard, todo


def _staff(user):
    return user.is_active and user.is_staff


class CyclePanel(Panel):
    order = 10
    template_name = "campaigns/panels/cycle.html"

    def is_shown(self):
        return (_staff(self.user) and scoping.sees_all(self.user)
                and self.user.has_perm("campaigns.view_submission"))

    def get_context_data(self):
        get = self.request.GET
        return {"dash": dashboard.coordinator_dashboard(period_id=parse_id(get.get("ky")),
                                                        page=parse_id(get.get("trang"))),
                "may_remind": cycle.may_review(self.user)}


class OfficerPanel(Panel):
    order = 10
    template_name = "campaigns/panels/officer.html"

    def is_shown(self):
        return _staff(self.user) and not scoping.sees_all(self.user) and self.user.agency_id is not None

    def get_context_data(self):
        return {"dash": dashboard.officer_dashboard(user=self.user)}


class TodoPanel(Panel):
    """“Việc cần làm”, first on the page: the coordinator's reports to review and late periods, or the
    officer's returned reports and periods to send (campaigns.todo) — shown whether or not the user takes
    the emails."""

    order = 5
    template_name = "campaigns/panels/todo.html"

    def is_shown(self):
        if not _staff(self.user):
            return False
        if scoping.sees_all(self.user):
            return self.user.has_perm("campaigns.review_submission")
        return self.user.agency_id is not None

    def get_context_data(self):
        if scoping.sees_all(self.user):
            return {"todo": todo.coordinator_todo(), "coordinator": True}
        return {"todo": todo.officer_todo(user=self.user), "coordinator": False}
