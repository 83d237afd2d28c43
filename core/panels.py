"""The staff start page's panels, gathered the way Wagtail's admin HomeView gathers its panels through a
hook: each app registers the panels it contributes (`register`, in its AppConfig.ready) and the page
(portal.views.start_page) shows, in `order`, those whose `is_shown()` says so. No app needs to know
another's panel, and the page knows none of them."""

from django.template.loader import render_to_string

_PANELS = []


class Panel:
    """One section of the start page: a template and its data, for one request."""

    order = 100
    template_name = ""

    def __init__(self, request):
        self.request = request
        self.user = request.user

    def is_shown(self):
        return True

    def get_context_data(self):
        return {}

    def render(self):
        return render_to_string(self.template_name, {"panel": self, **self.get_context_data()},
                                request=self.request)


def register(panel_class):
    """Add a panel class to the start page (usable as a decorator); registering twice changes nothing."""
    if panel_class not in _PANELS:
        _PANELS.append(panel_class)
    return panel_class


def panels_for(request):
    """The panels this request's user sees, in order."""
    panels = [panel_class(request) for panel_class in sorted(_PANELS, key=lambda p: p.order)]
    return [panel for panel in panels if panel.is_shown()]
