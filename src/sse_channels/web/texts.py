"""Every text of the page's templates, marked for the message catalog.

The templates call `_()` with these English texts; `tests/test_web_page.py` checks that every
text a template translates is listed here, so the extractor (which reads Python only) finds it.
"""

from __future__ import annotations

from sse_channels.l10n import N_, pgettext

TEMPLATE_TEXTS = (
    N_("Shanghai Stock Exchange channels"),
    N_("Find the right desk of the Shanghai Stock Exchange"),
    N_("Search"),
    N_("Area, channel, topic, pinyin or number"),
    N_("e.g. 债券, 老鼠仓, tzz or 7999"),
    N_("Results"),
    N_("Areas"),
    N_("Also called"),
    N_("QR code of {uri}"),
    N_("Scan with a phone camera to call"),
    N_("Download the contact card (vCard)"),
    N_("Add the response deadline to a calendar (.ics)"),
    N_("Back to the search"),
    N_("Did you mean:"),
    N_("Times are Beijing time, on the exchange's trading calendar."),
    N_("The same answers as the command line: JSON at /api/search?q=…"),
    N_("Page not found."),
)


def _field_labels() -> tuple[str, ...]:
    """The field labels the channel page translates in their context; never called: the
    calls mark them for the extractor, which reads Python only."""
    return (pgettext("field", "name"),)
