from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "discussion"
    verbose_name = _("Bình luận, góp ý")

    # What each staff role may do here (accounts.roles gathers every app's list). An agency's officers
    # answer the approved questions on its own pages (discussion.access); moderating stays the coordinators'.
    role_permissions = {
        "data_entry": ["view_citizencomment", "change_citizencomment"],
        "coordinator": ["view_citizencomment", "change_citizencomment", "can_moderate"],
    }

    def ready(self):
        from django_comments.moderation import moderator
        from django_comments.signals import comment_was_posted

        from campaigns.models import Plan
        from core import panels
        from core.caching import invalidate_on_change
        from reports.models import Report

        from .access import register_rules
        from .models import CitizenComment
        from .moderation import PortalModerator, tell_the_poster
        from .panels import AnswersPanel

        register_rules()
        panels.register(AnswersPanel)  # the staff start page (portal.views.start_page)
        invalidate_on_change(CitizenComment)

        for model in (Plan, Report):
            if model not in moderator._registry:
                moderator.register(model, PortalModerator)
        comment_was_posted.connect(tell_the_poster, dispatch_uid="discussion_tell_the_poster")
