"""Editor stubs of polybridge's iterm2.tmux (generated from the module; `polybridge stubs DIR`)."""
from typing import Any, Dict, List, Optional, Tuple

import iterm2


class TmuxConnection:
    """A tmux client in control mode. Get them with :func:`async_get_tmux_connections`."""
    def __init__(self, connection_id: Any, owning_session_id: Any, app: iterm2.App) -> None: ...
    @property
    def connection_id(self) -> Any: ...
    @property
    def owning_session(self) -> Any: ...
    async def async_send_command(self, command: Any) -> Any:
        """Sends one command to tmux (``"list-sessions"``); returns its output. Raises
        :class:`TmuxException` when tmux reports an error.
        """
    async def async_set_tmux_window_visible(self, tmux_window_id: Any, visible: Any) -> Any:
        """Hides (``visible=False``) or shows again the tmux window of a tab's ``tmux_window_id``."""
    async def async_create_window(self) -> Any:
        """Opens a new tmux window; returns the :class:`~iterm2.Window` that shows it."""

class TmuxException(Exception):
    """tmux reported an error for a command, or the request named no connection or window."""

async def async_get_tmux_connection_by_connection_id(connection: iterm2.Connection, connection_id: Any) -> Any:
    """The tmux connection with this id, or ``None``."""

async def async_get_tmux_connections(connection: iterm2.Connection) -> Any:
    """The tmux connections, oldest first."""
