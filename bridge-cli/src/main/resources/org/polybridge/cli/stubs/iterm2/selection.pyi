"""Editor stubs of polybridge's iterm2.selection (generated from the module; `polybridge stubs DIR`)."""
from typing import Any, Dict, List, Optional, Tuple

import enum
import iterm2


class MainMenu:
    """iTerm2's menu bar. A headless host has one item, "Select All" (every line of the active
    session); any other raises MenuItemException naming it.
    """
    @staticmethod
    async def async_select_menu_item(connection: iterm2.Connection, identifier: Any) -> Any:
        """Chooses the menu item ``identifier``."""
    @staticmethod
    async def async_get_menu_item_state(connection: iterm2.Connection, identifier: Any) -> Any:
        """Whether the menu item is checked and enabled."""

class MenuItemException(Exception):
    """A menu item that does not exist (``BAD_IDENTIFIER``) or cannot be chosen now (``DISABLED``)."""

class MenuItemIdentifier:
    def __init__(self, title: Any, identifier: Any) -> None: ...
    @property
    def title(self) -> Any: ...
    @property
    def identifier(self) -> Any: ...

class MenuItemState:
    """Whether a menu item is ``checked`` and ``enabled``."""
    checked: Any
    enabled: Any
    def __init__(self, checked: Any, enabled: Any) -> None: ...

class Selection:
    """The selected runs of a session (``sub_selections``)."""
    def __init__(self, sub_selections: Any) -> None: ...
    @property
    def sub_selections(self) -> Any: ...
    @property
    def subSelections(self) -> Any: ...
    async def async_get_string(self, connection: iterm2.Connection, session_id: str, width: Any = None) -> Any:
        """The selected text: each run's, a newline between runs that are not connected."""

class SelectionMode(enum.Enum):
    """How a selection grows when a person extends it; kept and reported back."""
    CHARACTER = 0
    WORD = 1
    LINE = 2
    SMART = 3
    BOX = 4
    WHOLE_LINE = 5
    @staticmethod
    def from_proto_value(value: Any) -> Any: ...
    @staticmethod
    def to_proto_value(value: Any) -> Any: ...

class SubSelection:
    """A contiguous run of selected cells: its ``windowed_coord_range``, ``mode``, and whether it is
    ``connected`` to the next (no newline between them).
    """
    def __init__(self, windowed_coord_range: Any, mode: Any, connected: Any) -> None: ...
    @property
    def windowed_coord_range(self) -> Any: ...
    @property
    def windowedCoordRange(self) -> Any: ...
    @property
    def mode(self) -> Any: ...
    @property
    def connected(self) -> Any: ...
    async def async_get_string(self, connection: iterm2.Connection, session_id: str) -> Any:
        """The text of this run in session ``session_id``."""

async def async_get_selection(session_id: str) -> Any: ...

async def async_set_selection(session_id: str, selection: Any) -> Any: ...
