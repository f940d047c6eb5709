"""The preview beside every Markdown field: the text as it will be shown, rendered by
the same sanitiser as the page itself."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.markdown import render_markdown
from community.ratelimits import over_write_limit, too_many_requests

PREVIEW_MAX = 10_000  # the longest text any Markdown field takes


@login_required
@require_POST
def preview(request):
    """POST text → the HTML fragment a reader would see (members only, counted like a write)."""
    if over_write_limit(request, "markdown-preview"):
        return too_many_requests(request)
    text = request.POST.get("text", "")
    if len(text) > PREVIEW_MAX:
        message = _("Please keep it under %(limit)d characters.") % {"limit": PREVIEW_MAX}
        return HttpResponse(format_html('<p class="markdown-preview__empty">{}</p>', message), status=422)
    if not text.strip():
        return HttpResponse(format_html('<p class="markdown-preview__empty">{}</p>', _("Nothing to preview yet.")))
    return HttpResponse(render_markdown(text))
