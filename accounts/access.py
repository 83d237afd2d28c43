"""Which staff accounts each user sees and manages, stated to agencies.scoping (the one mechanism of who
sees and changes what) and narrowed here by what accounts alone need. Registered by AccountsConfig.ready.

The rules, in words:
- A data-entry officer manages no account, not even their own here: their password and two-step login
  have their own pages. (They also lack the permission to view accounts: the Cán bộ page is a 403.)
- A provincial coordinator (with the permissions the coordinator role gives, accounts.apps) sees every
  staff account of the province except the superusers', and changes only those that hold nothing beyond
  what the coordinator holds: changing the email of a stronger account would let them take it over with
  "Quên mật khẩu?". They grant a role only if they hold every permission of it, never a superuser's
  status and never a permission directly (their form has no such field: a forged one is ignored).
- Their own account: no coordinator locks it or changes its role (so the province always keeps at least
  the one coordinator who is working); agency and name they may correct.
- The user name and email of an account that manages accounts (the coordinator role, or the permission to
  change accounts) — another coordinator's, their own — only a superuser changes (`fixed_fields`): with
  the email, "Quên mật khẩu?" would hand the account to whoever typed the new address.
- A superuser sees and changes everything, as before.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet

from agencies import scoping

from .roles import COORDINATOR, ROLES

# What identifies an account and receives its password links.
SIGN_IN_FIELDS = ("username", "email")


def register_rules():
    scoping.register("accounts.user", see=lambda agency: scoping.NOTHING, change=lambda agency: scoping.NOTHING)


def _held(user) -> QuerySet:
    """The permissions `user` holds, directly or through a group (a subquery, not a list)."""
    return Permission.objects.filter(Q(user=user) | Q(group__user=user)).values("pk")


def _beyond(user) -> QuerySet:
    return Permission.objects.exclude(pk__in=_held(user))


def visible_accounts(queryset: QuerySet, user) -> QuerySet:
    queryset = scoping.visible(queryset, user)
    return queryset if user.is_superuser else queryset.filter(is_superuser=False)


def editable_accounts(queryset: QuerySet, user) -> QuerySet:
    queryset = scoping.editable(visible_accounts(queryset, user), user)
    if user.is_superuser:
        return queryset
    beyond = _beyond(user)
    return queryset.exclude(user_permissions__in=beyond).exclude(groups__permissions__in=beyond)


def can_change_account(user, account) -> bool:
    return account is not None and editable_accounts(type(account)._default_manager.filter(pk=account.pk),
                                                     user).exists()


def fixed_fields(user, account) -> tuple[str, ...]:
    """The fields of `account` that `user` may not change although they may change the account: its user
    name and email when it manages accounts itself and `user` is not a superuser. The staff admin shows
    them read-only and the coordinator's form ignores a forged value."""
    if user.is_superuser or account is None or account.pk is None:
        return ()
    manages = (account.groups.filter(name=COORDINATOR).exists()
               or Permission.objects.filter(pk__in=_held(account), content_type__app_label="accounts",
                                            codename="change_user").exists())
    return SIGN_IN_FIELDS if manages else ()


def grantable_roles(user) -> list[str]:
    """The roles (group names) `user` may give: those whose every permission they hold themselves."""
    names = list(ROLES.values())
    if user.is_superuser and user.is_active:
        return names
    if not scoping.sees_all(user):
        return []
    stronger = set(Group.objects.filter(name__in=names, permissions__in=_beyond(user)).values_list("name", flat=True))
    return [name for name in names if name not in stronger]
