"""Which citizens' comments each agency's staff see and change, stated to agencies.scoping (registered by
DiscussionConfig.ready): the questions on the agency's own pages, once a coordinator approved them — the
agency answers them. Moderating (approve, reject) is the coordinators' permission."""

from django.db.models import Q

from agencies import scoping


def register_rules():
    def own_approved_questions(agency):
        return Q(responsible_agency_id=agency, is_public=True, is_removed=False)

    scoping.register("discussion.citizencomment", see=own_approved_questions, change=own_approved_questions)
