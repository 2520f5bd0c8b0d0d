"""Selections and the main menu, by the names of iTerm2's library (``iterm2.selection``,
``iterm2.mainmenu``). A headless host draws no selection: one a script sets is kept per session
and read back, and its text comes from the session's lines.

    line_info = await session.async_get_line_info()
    whole = iterm2.CoordRange(iterm2.Point(0, 0), iterm2.Point(0, line_info.scrollback_buffer_height + line_info.mutable_area_height))
    sub = iterm2.SubSelection(iterm2.WindowedCoordRange(whole), iterm2.SelectionMode.CHARACTER, False)
    await session.async_set_selection(iterm2.Selection([sub]))
    text = await session.async_get_selection_text(await session.async_get_selection())
"""

import enum
import json

from iterm2 import _loop
from iterm2.util import CoordRange, Point, Range, WindowedCoordRange


class SelectionMode(enum.Enum):
    """How a selection grows when a person extends it; kept and reported back."""
    CHARACTER = 0
    WORD = 1
    LINE = 2
    SMART = 3
    BOX = 4
    WHOLE_LINE = 5

    @staticmethod
    def from_proto_value(value):
        return SelectionMode[value] if isinstance(value, str) else SelectionMode(value)

    @staticmethod
    def to_proto_value(value):
        return value.name


async def _request(body):
    return await _loop.await_json(_loop.host().request(json.dumps(body)))


def _point(d):
    return Point(int(d.get("x", 0)), int(d.get("y", 0)))


def _windowed(d):
    rng = d.get("coord_range", {})
    columns = d.get("columns", {})
    return WindowedCoordRange(CoordRange(_point(rng.get("start", {})), _point(rng.get("end", {}))),
                              Range(int(columns.get("location", 0)), int(columns.get("length", 0))))


def _windowed_dict(w):
    c = w.coordRange
    d = {"coord_range": {"start": {"x": c.start.x, "y": c.start.y}, "end": {"x": c.end.x, "y": c.end.y}}}
    if w.columnRange.length > 0:
        d["columns"] = {"location": w.columnRange.location, "length": w.columnRange.length}
    return d


async def _text_in_range(session_id, windowed):
    """The text of the cells of ``windowed``, as iTerm2's library reads it: each line, and a newline
    after each the range takes to its end."""
    response = await _request({"get_buffer_request": {"session": session_id,
                                                      "line_range": {"windowed_coord_range": _windowed_dict(windowed)}}})
    answer = response.get("get_buffer_response", {})
    if answer.get("status", "OK") != "OK":
        from iterm2 import RPCException
        raise RPCException("%s: %s" % (answer["status"], session_id))
    text = ""
    for line in answer.get("contents", []):
        text += line.get("text", "")
        if line.get("continuation", "CONTINUATION_HARD_EOL") == "CONTINUATION_HARD_EOL":
            text += "\n"
    return text


class SubSelection:
    """A contiguous run of selected cells: its ``windowed_coord_range``, ``mode``, and whether it is
    ``connected`` to the next (no newline between them)."""

    def __init__(self, windowed_coord_range, mode, connected):
        if not isinstance(windowed_coord_range, WindowedCoordRange):
            raise TypeError("SubSelection: windowed_coord_range %r (expected: an iterm2.WindowedCoordRange)"
                            % (windowed_coord_range,))
        if not isinstance(mode, SelectionMode):
            raise TypeError("SubSelection: mode %r (expected: an iterm2.SelectionMode)" % (mode,))
        self.__windowed_coord_range = windowed_coord_range
        self.__mode = mode
        self.__connected = bool(connected)

    @property
    def windowed_coord_range(self):
        return self.__windowed_coord_range

    windowedCoordRange = windowed_coord_range

    @property
    def mode(self):
        return self.__mode

    @property
    def connected(self):
        return self.__connected

    def _dict(self):
        return {"windowed_coord_range": _windowed_dict(self.__windowed_coord_range),
                "selection_mode": self.__mode.name, "connected": self.__connected}

    async def async_get_string(self, connection, session_id):
        """The text of this run in session ``session_id``."""
        return await _text_in_range(session_id, self.__windowed_coord_range)

    def __repr__(self):
        return "SubSelection(%r, %s, connected=%r)" % (self.__windowed_coord_range.coordRange, self.__mode.name, self.__connected)


class Selection:
    """The selected runs of a session (``sub_selections``)."""

    def __init__(self, sub_selections):
        self.__sub_selections = list(sub_selections)

    @property
    def sub_selections(self):
        return self.__sub_selections

    subSelections = sub_selections

    async def async_get_string(self, connection, session_id, width=None):
        """The selected text: each run's, a newline between runs that are not connected."""
        text = ""
        for i, sub in enumerate(self.__sub_selections):
            part = await sub.async_get_string(connection, session_id)
            text += part
            if i < len(self.__sub_selections) - 1 and not sub.connected and not text.endswith("\n"):
                text += "\n"
        return text

    def __repr__(self):
        return "Selection(%r)" % (self.__sub_selections,)


def _from_dict(d):
    return Selection([SubSelection(_windowed(s.get("windowed_coord_range", {})),
                                   SelectionMode.from_proto_value(s.get("selection_mode", "CHARACTER")),
                                   s.get("connected", False))
                      for s in (d or {}).get("sub_selections", [])])


async def async_get_selection(session_id):
    from iterm2 import InvalidSessionId, RPCException
    response = await _request({"selection_request": {"get_selection_request": {"session_id": session_id}}})
    answer = response.get("selection_response", {})
    status = answer.get("status", "OK")
    if status == "INVALID_SESSION":
        raise InvalidSessionId("no session with id '%s'" % session_id)
    if status != "OK":
        raise RPCException(status)
    return _from_dict(answer.get("get_selection_response", {}).get("selection"))


async def async_set_selection(session_id, selection):
    from iterm2 import InvalidSessionId, RPCException
    if not isinstance(selection, Selection):
        raise TypeError("async_set_selection: %r (expected: an iterm2.Selection)" % (selection,))
    response = await _request({"selection_request": {"set_selection_request": {
        "session_id": session_id, "selection": {"sub_selections": [s._dict() for s in selection.sub_selections]}}}})
    status = response.get("selection_response", {}).get("status", "OK")
    if status == "INVALID_SESSION":
        raise InvalidSessionId("no session with id '%s'" % session_id)
    if status != "OK":
        raise RPCException("%s: %r (expected: ranges that run forwards within the session's lines)" % (status, selection))


class MenuItemException(Exception):
    """A menu item that does not exist (``BAD_IDENTIFIER``) or cannot be chosen now (``DISABLED``)."""


class MenuItemState:
    """Whether a menu item is ``checked`` and ``enabled``."""

    def __init__(self, checked, enabled):
        self.checked = checked
        self.enabled = enabled


class MenuItemIdentifier:
    def __init__(self, title, identifier):
        self.__title = title
        self.__identifier = identifier

    @property
    def title(self):
        return self.__title

    @property
    def identifier(self):
        return self.__identifier


class MainMenu:
    """iTerm2's menu bar. A headless host has one item, "Select All" (every line of the active
    session); any other raises MenuItemException naming it."""

    class Edit(enum.Enum):
        SELECT_ALL = MenuItemIdentifier("Select All", "Select All")

    @staticmethod
    def _identifier(item):
        if isinstance(item, enum.Enum):
            item = item.value
        return item.identifier if isinstance(item, MenuItemIdentifier) else item

    @staticmethod
    async def _ask(connection, item, query_only):
        identifier = MainMenu._identifier(item)
        if not isinstance(identifier, str):
            raise TypeError("menu item %r (expected: its identifier, a string, or a MainMenu item)" % (item,))
        response = await _request({"menu_item_request": {"identifier": identifier, "query_only": query_only}})
        answer = response.get("menu_item_response", {})
        status = answer.get("status", "OK")
        if status == "BAD_IDENTIFIER":
            raise MenuItemException("BAD_IDENTIFIER: no menu item %r on this host (a headless host has: Select All)"
                                    % (identifier,))
        if status != "OK":
            raise MenuItemException("%s: %r" % (status, identifier))
        return answer

    @staticmethod
    async def async_select_menu_item(connection, identifier):
        """Chooses the menu item ``identifier``."""
        await MainMenu._ask(connection, identifier, False)

    @staticmethod
    async def async_get_menu_item_state(connection, identifier):
        """Whether the menu item is checked and enabled."""
        answer = await MainMenu._ask(connection, identifier, True)
        return MenuItemState(answer.get("checked", False), answer.get("enabled", False))
