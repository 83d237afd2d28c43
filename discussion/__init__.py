"""Comments on plans and reports: django-contrib-comments with a custom model (one level of replies,
an agency's official answer), a stricter form and moderation. COMMENTS_APP points here."""


def get_model():
    from .models import CitizenComment

    return CitizenComment


def get_form():
    from .forms import CommentForm

    return CommentForm
