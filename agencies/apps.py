from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    """Agencies (cơ quan, đơn vị) and who may see or change which agency's rows (agencies.scoping): the
    bottom every other app hangs on, above core only."""

    name = "agencies"
    verbose_name = _("Cơ quan, đơn vị")
    # What each staff role may do here (accounts.roles gathers every app's list).
    role_permissions = {
        "data_entry": ["view_agency"],
        "agency_head": ["view_agency"],
        "coordinator": ["manage_all_agencies", "view_agency", "add_agency", "change_agency",
                        "view_agencychange", "add_agencychange", "change_agencychange"],
    }

    def ready(self):
        from core.caching import invalidate_on_change

        from .models import Agency, AgencyChange, AgencyChangeSource, AgencySuccession

        invalidate_on_change(Agency)  # agencies' names show on public pages
        # … and the changes decide whose figures a report's "theo đơn vị hiện nay" shows (reports.reform).
        invalidate_on_change(AgencyChange, AgencyChangeSource, AgencySuccession)
