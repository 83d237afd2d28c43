"""Who may see and who may change which rows: the one mechanism every admin, list filter, autocomplete, the
Excel import, the exports and the staff previews of drafts ask.

The rules, in words:
- A provincial coordinator (permission ``agencies.manage_all_agencies``) and a superuser see and change
  everything their permissions allow.
- Everyone else sees and changes only what their agency's rules allow. Each app states the rules of its own
  models with `register()` (in its `AppConfig.ready`, from its ``access`` module: campaigns.access,
  reports.access, discussion.access), so this module knows no higher app; what the rules say in words is
  written there.
- An account without an agency that is not a coordinator sees nothing; a model nobody registered is
  invisible to officers (fail closed).
- A lock holds for everyone, coordinators included (an activity covered by an approved report).

The functions return `Q` objects or filtered querysets (never Python loops), so they cost one WHERE clause
on any table size. Model-level permissions (``change_task``…) are still checked by the admin as usual; this
module answers "which rows", not "which actions".
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

NOTHING = Q(pk__in=[])
EVERYTHING = Q()


@dataclass(frozen=True)
class Rule:
    see: Callable[[int], Q]  # rows an officer of the agency (its id) sees
    change: Callable[[int], Q]  # rows they change or delete
    owner: str | None = None  # the field naming the owning agency: an officer's new row always gets theirs
    lock: Callable[[], Q] | None = None  # rows nobody changes while it holds (a Q of the rows still free)


_RULES: dict[str, Rule] = {}


def register(label: str, *, see: Callable[[int], Q], change: Callable[[int], Q],
             owner: str | None = None, lock: Callable[[], Q] | None = None) -> None:
    """State who sees and who changes the rows of the model `label` ("campaigns.activity"): both, always
    (a forgotten change rule must not make what officers see editable). Called once per model, by the app
    that owns it."""
    _RULES[label] = Rule(see=see, change=change, owner=owner, lock=lock)


def registered() -> set[str]:
    return set(_RULES)


def sees_all(user) -> bool:
    """Coordinators and superusers see every agency's data."""
    return bool(getattr(user, "is_active", False)) and getattr(user, "sees_all_agencies", False)


def _agency_id(user):
    return getattr(user, "agency_id", None) if getattr(user, "is_active", False) else None


def _q(model, user, which):
    if sees_all(user):
        return EVERYTHING
    agency_id = _agency_id(user)
    if agency_id is None:
        return NOTHING
    rule = _RULES.get(model._meta.label_lower)
    if rule is None:  # a model nobody wrote a rule for: nothing, rather than everything
        return NOTHING
    return getattr(rule, which)(agency_id)


def visible_q(model, user) -> Q:
    return _q(model, user, "see")


def editable_q(model, user) -> Q:
    rule = _RULES.get(model._meta.label_lower)
    allowed = _q(model, user, "change")
    return allowed & rule.lock() if rule is not None and rule.lock is not None else allowed


def visible(queryset: QuerySet, user) -> QuerySet:
    """The rows of `queryset` the user may see."""
    return queryset.filter(visible_q(queryset.model, user))


def editable(queryset: QuerySet, user) -> QuerySet:
    """The rows of `queryset` the user may change or delete (and, for a plan, whose tasks they may change)."""
    return queryset.filter(editable_q(queryset.model, user))


def can_see(user, obj: Model | None) -> bool:
    return obj is not None and visible(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


def can_change(user, obj: Model | None) -> bool:
    return obj is not None and editable(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


def owner_field(model) -> str | None:
    rule = _RULES.get(model._meta.label_lower)
    return rule.owner if rule is not None else None


def entry_agencies(user) -> QuerySet:
    """Agencies the user may record activities (and plans) for: their own, or every agency open today
    (`Agency.objects.open_now`: a closed agency is not offered for new work; each model's clean refuses
    new work dated after its closure and says why)."""
    from .models import Agency

    if sees_all(user):
        return Agency.objects.open_now()
    return Agency.objects.filter(pk=_agency_id(user)) if _agency_id(user) else Agency.objects.none()


def offered_for_new_work(queryset: QuerySet) -> QuerySet:
    """The agencies of `queryset` that may be picked for new work: those open today (Agency.objects.open_now).
    Every picker of an agency for new work (the admin's autocompletes, the Excel template's list) offers
    these; each model's clean refuses the others with Agency.refusal's reason."""
    from .models import Agency

    return queryset.filter(pk__in=Agency.objects.open_now().values("pk"))


# Not agency data: every member of staff reads the agencies (names in lists); permissions decide who edits.
register("agencies.agency", see=lambda agency: EVERYTHING, change=lambda agency: EVERYTHING)
