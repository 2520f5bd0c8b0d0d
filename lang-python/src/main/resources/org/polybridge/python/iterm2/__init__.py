"""polybridge's ``iterm2`` module: the async scripting API of iTerm2's Python library, by the same
names, served by polybridge's host instead of iTerm2.

    import iterm2

    async def main(connection):
        app = await iterm2.async_get_app(connection)

        @iterm2.RPC
        async def add(a, b):
            return a + b
        await add.async_register(connection)

    iterm2.run_forever(main)

Differences from iTerm2's library: ``run_forever`` and ``run_until_complete`` start ``main`` and
return at once (the host's thread drives the loop; see ``iterm2._loop``); the ``App`` follows new
and ended sessions but not focus changes (``await app.async_refresh()`` re-reads everything).
"""

from iterm2 import _loop  # first: it imports asyncio its own way
from iterm2._loop import HostError

import asyncio
import inspect
import json
import re

RPCException = HostError

__all__ = [
    "App", "Connection", "CustomControlSequence", "CustomControlSequenceMonitor", "RPC",
    "RPCException", "Reference", "Session", "Tab", "Window", "async_get_app",
    "run_forever", "run_until_complete",
]


def run_forever(coro, retry=False):
    """Runs ``coro(connection)`` and keeps the script serving its RPCs and callbacks until it is stopped."""
    _loop.start_main(coro, True)


def run_until_complete(coro, retry=False, debug=False):
    """Runs ``coro(connection)``; the script ends when it returns."""
    _loop.start_main(coro, False)


class Connection:
    """The script's connection to the host. The host owns it: scripts never open sockets."""

    def __init__(self):
        self._app = None

    @property
    def loop(self):
        return _loop.loop()

    async def async_dispatch_for_duration(self, duration):
        """Lets the loop serve RPC calls and notifications for ``duration`` seconds."""
        await asyncio.sleep(duration)


class Reference:
    """A default value naming a variable of the call site: ``session_id=iterm2.Reference("id")``.
    ``"id?"`` is optional: ``None`` when unset instead of no call at all."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


def RPC(func=None, *, timeout=None):
    """Decorates a function (``async def`` or plain ``def``) so that it can be registered as an RPC:
    ``await f.async_register(connection, timeout=None)``. Its name and argument names come from its
    signature; only ``Reference`` defaults are sent, other arguments are required by callers."""
    if func is None:
        return lambda f: RPC(f, timeout=timeout)
    registered_timeout = timeout

    async def async_register(connection, timeout=None):
        signature = inspect.signature(func)
        names = [n for n, p in signature.parameters.items()
                 if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        references = {n: p.default.name for n, p in signature.parameters.items()
                      if isinstance(p.default, Reference)}
        seconds = timeout if timeout is not None else registered_timeout
        func.rpc_token = await _loop.await_java(_loop.host().register(
            func.__name__, json.dumps(names), json.dumps(references),
            float(seconds) if seconds is not None else 0.0, func))
        func.rpc_connection = connection

    async def async_unregister():
        token = getattr(func, "rpc_token", None)
        if token is not None:
            func.rpc_token = None
            await _loop.await_java(_loop.host().unregister(token))

    func.async_register = async_register
    func.async_unregister = async_unregister
    return func


class CustomControlSequence:
    """Calls ``callback(match)`` for each custom control sequence
    ``OSC 1337 ; Custom=id=<identity>:<payload> ST`` whose payload ``re.search(regex, ...)``
    matches. ``shared_secret`` is the older name of ``identity``."""

    def __init__(self, connection, callback, identity=None, regex=None, shared_secret=None, session_id=None):
        identity = identity if identity is not None else shared_secret
        if identity is None:
            raise TypeError("CustomControlSequence needs identity= (or shared_secret=)")
        if regex is None:
            raise TypeError("CustomControlSequence needs regex=")
        self.connection = connection
        self.callback = callback
        self.identity = identity
        self.regex = re.compile(regex)
        self.session_id = session_id
        self._subscription = None

    async def async_register(self):
        def arrived(session_id, payload):
            match = self.regex.search(payload)
            if match:
                _loop.call_soon(self.callback, match)

        self._subscription = await _loop.await_java(_loop.host().onCustomControlSequence(
            self.session_id or "all", self.identity, arrived))

    async def async_unregister(self):
        if self._subscription is not None:
            subscription, self._subscription = self._subscription, None
            await _loop.await_java(_loop.host().cancel(subscription))


class CustomControlSequenceMonitor:
    """``async with iterm2.CustomControlSequenceMonitor(connection, identity, regex) as mon:
    match = await mon.async_get()``"""

    def __init__(self, connection, identity, regex, session_id=None):
        self._queue = asyncio.Queue()
        self._sequence = CustomControlSequence(connection, self._queue.put_nowait, identity=identity,
                                               regex=regex, session_id=session_id)

    async def __aenter__(self):
        await self._sequence.async_register()
        return self

    async def async_get(self):
        return await self._queue.get()

    async def __aexit__(self, exc_type, exc, tb):
        await self._sequence.async_unregister()


async def async_get_app(connection, create_if_needed=True):
    """The app: its windows, tabs and sessions. One per connection, kept up to date as sessions come and go."""
    if connection._app is None:
        app = App(connection)
        await app.async_refresh()
        connection._app = app
        await app._follow_layout()
    return connection._app


class _Variables:
    _scope = None

    def _identifier(self):
        return ""

    async def async_get_variable(self, name):
        return await _loop.await_json(_loop.host().getVariable(self._scope, self._identifier(), name))

    async def async_set_variable(self, name, value):
        await _loop.await_java(_loop.host().setVariable(self._scope, self._identifier(), name, json.dumps(value)))

    async def async_invoke_function(self, invocation, timeout=-1):
        """Evaluates an invocation in this context: ``await session.async_invoke_function("add(a: 1, b: 2)")``."""
        return await _loop.await_json(_loop.host().invoke(
            invocation, self._scope, self._identifier(), float(timeout) if timeout and timeout > 0 else 0.0))


class App(_Variables):
    _scope = "app"

    def __init__(self, connection):
        self.connection = connection
        self._windows = []
        self._active_session_id = None
        self._sessions = {}
        self._tabs = {}
        self._windows_by_id = {}

    @property
    def windows(self):
        return list(self._windows)

    @property
    def terminal_windows(self):
        return self.windows

    @property
    def current_window(self):
        session = self._sessions.get(self._active_session_id)
        if session is not None:
            return session.tab.window
        return self._windows[-1] if self._windows else None

    current_terminal_window = current_window

    def get_session_by_id(self, session_id):
        return self._sessions.get(session_id)

    def get_tab_by_id(self, tab_id):
        return self._tabs.get(tab_id)

    def get_window_by_id(self, window_id):
        return self._windows_by_id.get(window_id)

    async def async_refresh(self):
        """Re-reads windows, tabs, sessions and which session is active."""
        self._update(await _loop.await_json(_loop.host().app()))

    async def _follow_layout(self):
        def changed(session_id):
            _loop.loop().create_task(self.async_refresh())

        self._layout = await _loop.await_java(_loop.host().onLayoutChange(changed))

    def _update(self, snapshot):
        # Objects keep their identity across updates: a Session held by a script stays valid.
        sessions, tabs, windows = {}, {}, {}
        self._windows = []
        for w in snapshot["windows"]:
            window = self._windows_by_id.get(w["id"]) or Window(self.connection, w["id"], self)
            window.number = w["number"]
            window._tabs = []
            for t in w["tabs"]:
                tab = self._tabs.get(t["id"]) or Tab(self.connection, t["id"])
                tab.window = window
                tab._sessions = []
                for s in t["sessions"]:
                    session = self._sessions.get(s["id"]) or Session(self.connection, s["id"])
                    session.tab = tab
                    session.name = s["title"]
                    session.grid_size = (s["columns"], s["rows"])
                    tab._sessions.append(session)
                    sessions[session.session_id] = session
                window._tabs.append(tab)
                tabs[tab.tab_id] = tab
            self._windows.append(window)
            windows[window.window_id] = window
        self._sessions, self._tabs, self._windows_by_id = sessions, tabs, windows
        self._active_session_id = snapshot.get("active_session")

    def __repr__(self):
        return "<App windows=%r>" % (self._windows,)


class Window(_Variables):
    _scope = "window"

    def __init__(self, connection, window_id, app=None):
        self.connection = connection
        self.window_id = window_id
        self.number = None
        self._app = app
        self._tabs = []

    @staticmethod
    async def async_create(connection, profile=None, command=None, profile_customizations=None):
        """Opens a new window; returns it."""
        created = await _loop.await_json(_loop.host().createTab(None, profile))
        app = await async_get_app(connection)
        await app.async_refresh()
        return app.get_window_by_id(created["window_id"]) or Window(connection, created["window_id"], app)

    async def async_create_tab(self, profile=None, command=None, index=None, profile_customizations=None):
        """Opens a new tab at the end of this window; returns it."""
        created = await _loop.await_json(_loop.host().createTab(self.window_id, profile))
        app = await async_get_app(self.connection)
        await app.async_refresh()
        return app.get_tab_by_id(created["tab_id"])

    @property
    def tabs(self):
        return list(self._tabs)

    @property
    def current_tab(self):
        active = self._app._sessions.get(self._app._active_session_id) if self._app else None
        if active is not None and active.tab.window is self:
            return active.tab
        return self._tabs[-1] if self._tabs else None

    def _identifier(self):
        return self.window_id

    def __repr__(self):
        return "<Window id=%s tabs=%r>" % (self.window_id, self._tabs)


class Tab(_Variables):
    _scope = "tab"

    def __init__(self, connection, tab_id):
        self.connection = connection
        self.tab_id = tab_id
        self.window = None
        self._sessions = []

    @property
    def sessions(self):
        return list(self._sessions)

    @property
    def all_sessions(self):
        return self.sessions

    @property
    def current_session(self):
        app = self.window._app if self.window else None
        active = app._sessions.get(app._active_session_id) if app else None
        if active is not None and active.tab is self:
            return active
        return self._sessions[-1] if self._sessions else None

    def _identifier(self):
        return self.tab_id

    def __repr__(self):
        return "<Tab id=%s sessions=%r>" % (self.tab_id, self._sessions)


class Session(_Variables):
    _scope = "session"

    def __init__(self, connection, session_id):
        self.connection = connection
        self.session_id = session_id
        self.tab = None
        self.name = None
        self.grid_size = None

    async def async_inject(self, data):
        """Shows bytes in the session as though its program had written them."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        await _loop.await_java(_loop.host().inject(self.session_id, bytes(data).decode("latin-1")))

    async def async_send_text(self, text, suppress_broadcast=False):
        """Types text into the session as though the user had."""
        await _loop.await_java(_loop.host().sendText(self.session_id, text))

    def _identifier(self):
        return self.session_id

    def __repr__(self):
        return "<Session id=%s name=%r>" % (self.session_id, self.name)
