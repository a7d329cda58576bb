"""Timelines: which status ids a home, user or mentions timeline holds, behind one small interface.

``base.py`` is the interface (``TimelineSource``) and Twitter's limits; ``plan.py`` picks how a
home timeline is read; ``sql.py`` reads them from the store (fan-out on read). A later source
(a Redis fan-out on write, say) implements the same three methods.
"""

from roost.timelines.base import HOME_DEPTH, MENTIONS_DEPTH, USER_DEPTH, Slice, TimelineSource

__all__ = ["HOME_DEPTH", "MENTIONS_DEPTH", "USER_DEPTH", "Slice", "TimelineSource"]
