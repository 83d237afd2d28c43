"""`{% portal_name %}`: the portal's name (core.identity) where no request brings the `portal` context
variable — emails are rendered without one."""

from django import template

from core.identity import site_name

register = template.Library()


@register.simple_tag
def portal_name():
    return site_name()
