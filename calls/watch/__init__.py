"""The watch on other funding calls (issue 19, item 6; docs/calls.md).

Agents of the institution and members of a call's partner organisations
post the other calls they hear of (a region's, a foundation's, Europe's):
title, funder, link, deadline, themes. Everyone whose themes match hears of
it once, in their notifications (the daily digest by default)."""
