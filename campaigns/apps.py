from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Thông tin, tuyên truyền CCHC")

    # What each staff role may do here (accounts.roles gathers every app's list).
    role_permissions = {
        "data_entry": [
            "view_channel", "view_plan", "add_plan", "change_plan",
            "view_task", "add_task", "change_task", "delete_task",
            "view_activity", "add_activity", "change_activity", "delete_activity",
            "view_activityphoto", "add_activityphoto", "change_activityphoto", "delete_activityphoto",
            "view_activityevidence", "add_activityevidence", "change_activityevidence", "delete_activityevidence",
            "view_reportingperiod", "view_submission", "change_submission",
        ],
        # The head of an agency reads its work and confirms its report (campaigns.cycle.may_confirm).
        "agency_head": [
            "view_channel", "view_plan", "view_task", "view_activity", "view_activityphoto",
            "view_activityevidence", "view_reportingperiod", "view_submission", "confirm_submission",
        ],
        "coordinator": [
            "publish_plan", "view_channel", "add_channel", "change_channel",
            "view_plan", "add_plan", "change_plan", "delete_plan",
            "view_task", "add_task", "change_task", "delete_task",
            "view_activity", "add_activity", "change_activity", "delete_activity",
            "view_activityphoto", "add_activityphoto", "change_activityphoto", "delete_activityphoto",
            "view_activityevidence", "add_activityevidence", "change_activityevidence", "delete_activityevidence",
            "view_reportingperiod", "add_reportingperiod", "change_reportingperiod", "delete_reportingperiod",
            "view_submission", "add_submission", "change_submission", "delete_submission", "review_submission",
            # held so that a coordinator may give the head's role (accounts.access.grantable_roles); a
            # coordinator never confirms (cycle.may_confirm: the agency's own head only)
            "confirm_submission",
        ],
    }

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from core import panels
        from core.caching import invalidate_on_change

        from .access import register_rules
        from .models import Activity, ActivityPhoto, Channel, Plan, Task
        from .panels import CyclePanel, OfficerPanel, TodoPanel

        register_rules()
        panels.register(CyclePanel)  # the staff start page (portal.views.start_page)
        panels.register(OfficerPanel)
        panels.register(TodoPanel)
        # Everything here shows on a public page: a change renders the pages afresh once it commits.
        invalidate_on_change(Plan, Task, Activity, ActivityPhoto, Channel)

        # Pillow raises DecompressionBombError at twice this; we refuse anything above it.
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
