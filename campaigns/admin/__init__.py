"""The campaigns app's admin, one module per screen; `base` holds the scoping mixins every admin of agency
data builds on (reports' and discussion's too). Importing the package registers every screen."""

from . import activities, channels, cycle, imports, plans, tasks  # noqa: F401
