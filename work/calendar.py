"""An account's calendar feed as iCalendar (RFC 5545), built with the ``icalendar`` library.

Every event is an all-day date (``DTSTART;VALUE=DATE``, ``DTEND`` the next day): meetings,
reviews and deadlines are days, not times, so no time zone is involved; the calendar still
names Asia/Ho_Chi_Minh (``X-WR-TIMEZONE``) for the applications that show it. UIDs are
stable (``meeting-12@host``, ``program-3-final_review@host``, ``task-40@host``): a
calendar application that fetches the feed again updates its events instead of adding copies.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .selectors import calendar_events, scope_for


def calendar_feed(user, *, today: datetime.date) -> bytes:
    """``user``'s feed: the meetings, scheduled reviews and task deadlines of its scope."""
    calendar = Calendar()
    calendar.add("prodid", "-//phoihop//work calendar//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"phoihop – {_('My work')}")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().replace(microsecond=0)
    for item in calendar_events(scope_for(user), today=today):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.on)
        event.add("dtend", item.on + datetime.timedelta(days=1))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        event.add("url", item.url)
        event.add("categories", [item.category])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
