"""tmux integration, as ``iterm2.tmux``: the tmux clients in control mode (``tmux -CC``) that run in
sessions. Each tmux window is a tab, each pane a session; commands go to tmux and come back with
its output.

    connections = await iterm2.async_get_tmux_connections(connection)
    name = await connections[0].async_send_command("display-message -p '#{session_name}'")
    window = await connections[0].async_create_window()
"""


class TmuxException(Exception):
    """tmux reported an error for a command, or the request named no connection or window."""


def _iterm2():
    import iterm2
    return iterm2


async def _tmux_request(body):
    iterm2 = _iterm2()
    response = await iterm2._request({"tmux_request": body})
    return response.get("tmux_response", {})


def _check(answer, exception=TmuxException):
    status = answer.get("status", "OK")
    if status != "OK":
        raise exception(status)


class TmuxConnection:
    """A tmux client in control mode. Get them with :func:`async_get_tmux_connections`."""

    def __init__(self, connection_id, owning_session_id, app):
        self.__connection_id = connection_id
        self.__owning_session_id = owning_session_id
        self.__app = app

    @property
    def connection_id(self):
        """The connection's id, also a readable name (``user@host``, or the session's name)."""
        return self.__connection_id

    @property
    def owning_session(self):
        """The :class:`~iterm2.Session` where ``tmux -CC`` runs, or ``None``."""
        return self.__app.get_session_by_id(self.__owning_session_id)

    async def async_send_command(self, command):
        """Sends one command to tmux (``"list-sessions"``); returns its output. Raises
        :class:`TmuxException` when tmux reports an error."""
        answer = await _tmux_request({"send_command": {"connection_id": self.__connection_id, "command": command}})
        _check(answer)
        output = answer.get("send_command", {}).get("output")
        if output is None:
            raise TmuxException("tmux reported an error for %r" % (command,))
        return output

    async def async_set_tmux_window_visible(self, tmux_window_id, visible):
        """Hides (``visible=False``) or shows again the tmux window of a tab's ``tmux_window_id``."""
        answer = await _tmux_request({"set_window_visible": {
            "connection_id": self.__connection_id, "window_id": str(tmux_window_id), "visible": bool(visible)}})
        _check(answer)
        await self.__app.async_refresh()

    async def async_create_window(self):
        """Opens a new tmux window; returns the :class:`~iterm2.Window` that shows it."""
        answer = await _tmux_request({"create_window": {"connection_id": self.__connection_id}})
        _check(answer)
        tab_id = answer["create_window"]["tab_id"]
        await self.__app.async_refresh()
        return self.__app.get_window_for_tab(tab_id)

    async def _async_create_tab(self, window):
        answer = await _tmux_request({"create_window": {
            "connection_id": self.__connection_id, "affinity": str(-(window.window_number + 1))}})
        _check(answer, _iterm2().CreateTabException)
        tab_id = answer["create_window"]["tab_id"]
        await self.__app.async_refresh()
        return self.__app.get_tab_by_id(tab_id)

    def __repr__(self):
        return "<TmuxConnection %s>" % (self.__connection_id,)


async def async_get_tmux_connections(connection):
    """The tmux connections, oldest first."""
    app = await _iterm2().async_get_app(connection)
    answer = await _tmux_request({"list_connections": {}})
    _check(answer)
    return [TmuxConnection(c["connection_id"], c.get("owning_session_id"), app)
            for c in answer.get("list_connections", {}).get("connections", [])]


async def async_get_tmux_connection_by_connection_id(connection, connection_id):
    """The tmux connection with this id, or ``None``."""
    for candidate in await async_get_tmux_connections(connection):
        if candidate.connection_id == connection_id:
            return candidate
    return None
