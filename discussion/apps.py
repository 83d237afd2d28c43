from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "discussion"
    verbose_name = _("Bình luận, góp ý")

    def ready(self):
        from django_comments.moderation import moderator
        from django_comments.signals import comment_was_posted

        from campaigns.models import Plan
        from core.caching import invalidate_on_change
        from reports.models import Report

        from .models import CitizenComment
        from .moderation import PortalModerator, tell_the_poster

        invalidate_on_change(CitizenComment)

        for model in (Plan, Report):
            if model not in moderator._registry:
                moderator.register(model, PortalModerator)
        comment_was_posted.connect(tell_the_poster, dispatch_uid="discussion_tell_the_poster")
