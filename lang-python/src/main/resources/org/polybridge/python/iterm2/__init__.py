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
return at once (the host's thread drives the loop; see ``iterm2._loop``). The ``App`` follows new
and ended sessions, layout and focus changes on its own (``await app.async_refresh()`` re-reads
everything at once). Requests are the messages of iTerm2's protocol, built by the schema's field
names and served by polybridge's host (docs/ITERM2-EXAMPLES.md says what each example does here).
"""

from iterm2 import _loop  # first: it imports asyncio its own way
from iterm2._loop import HostError

import asyncio
import base64
import json
import re

from iterm2 import util
from iterm2.util import CoordRange, Frame, Point, Range, Size, WindowedCoordRange
import enum

RPCException = HostError

# What few scripts use is imported on first use (PEP 562): ``iterm2.keyboard`` or
# ``iterm2.Keycode`` imports iterm2.keyboard then. A script that never reads keystrokes never pays
# for their enums (docs/SCRIPTS.md, "Start-up", says what that saves).
_LAZY_MODULES = ("_profile_keys", "alert", "broadcast", "keyboard", "prompt", "selection", "statusbar", "tmux",
                 "triggers")
_LAZY_NAMES = {
    "BroadcastDomain": "broadcast", "async_set_broadcast_domains": "broadcast",
    "Keycode": "keyboard", "Keystroke": "keyboard", "KeystrokeFilter": "keyboard", "KeystrokeMonitor": "keyboard",
    "KeystrokePattern": "keyboard", "Modifier": "keyboard",
    "Alert": "alert", "PolyModalAlert": "alert", "PolyModalResult": "alert", "TextInputAlert": "alert",
    "MainMenu": "selection", "MenuItemException": "selection", "MenuItemIdentifier": "selection",
    "MenuItemState": "selection", "Selection": "selection", "SelectionMode": "selection", "SubSelection": "selection",
    "InjectTrigger": "triggers", "RPCTrigger": "triggers", "SetUserVariableTrigger": "triggers", "Trigger": "triggers",
    "decode_trigger": "triggers",
    "Prompt": "prompt", "PromptMonitor": "prompt", "PromptState": "prompt", "async_get_last_prompt": "prompt",
    "async_get_prompt_by_id": "prompt", "async_list_prompts": "prompt",
    "TmuxConnection": "tmux", "TmuxException": "tmux", "async_get_tmux_connection_by_connection_id": "tmux",
    "async_get_tmux_connections": "tmux",
    "CheckboxKnob": "statusbar", "ColorKnob": "statusbar", "Knob": "statusbar",
    "PositiveFloatingPointKnob": "statusbar", "StatusBarComponent": "statusbar", "StatusBarRPC": "statusbar",
    "StringKnob": "statusbar", "TitleProviderRPC": "statusbar",
}


def __getattr__(name):
    module_name = name if name in _LAZY_MODULES else _LAZY_NAMES.get(name)
    if module_name is None:
        raise AttributeError("module 'iterm2' has no attribute '%s'" % name)
    module = _loop.submodule(module_name)
    value = module if module_name == name else getattr(module, name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY_MODULES) | set(_LAZY_NAMES))


class SubscriptionException(RPCException):
    """The host refused a subscription (no such session, ...), or the session it watched ended."""


class CreateTabException(RPCException):
    """A window or tab could not be created (no such profile, no such window, ...)."""


class SplitPaneException(RPCException):
    """A pane could not be split."""


class SetProfilePropertyException(RPCException):
    """A profile property could not be set (no such session, no such profile)."""


class GetProfilePropertyException(RPCException):
    """A session's profile could not be read."""


class BadGUIDException(RPCException):
    """A profile's guid is missing or names no profile."""


class ListPresetsException(RPCException):
    """The colour presets could not be listed."""


class GetPresetException(RPCException):
    """A colour preset could not be read."""


class ActivateException(RPCException):
    """A window, tab or session could not be activated."""


class InvalidSessionId(RPCException):
    """No session has that id."""


__all__ = [
    "ActivateException", "App", "ContextMenuProviderRPC", "BadGUIDException", "BroadcastDomain", "async_set_broadcast_domains", "Color", "ColorPreset", "ColorSpace", "Connection",
    "CoordRange", "CreateTabException", "CustomControlSequence", "CustomControlSequenceMonitor",
    "EachSessionOnceMonitor", "FocusMonitor", "FocusUpdate", "Frame", "GetPresetException",
    "GetProfilePropertyException", "InvalidSessionId", "LayoutChangeMonitor", "ListPresetsException",
    "LocalWriteOnlyProfile", "NewSessionMonitor", "PartialProfile", "Point", "Profile", "RPC",
    "RPCException", "Range", "Reference", "Session", "SessionTerminationMonitor",
    "SetProfilePropertyException", "Size", "SplitPaneException", "Splitter", "SubscriptionException", "Tab",
    "Transaction", "VariableMonitor", "VariableScopes", "Window", "WindowedCoordRange",
    "WriteOnlyProfile", "async_get_app", "async_get_variable", "async_invoke_function",
    "async_wait_forever", "run_forever", "run_until_complete",
    "CheckboxKnob", "ColorKnob", "Knob", "PositiveFloatingPointKnob", "StatusBarComponent", "StatusBarRPC",
    "StringKnob", "TitleProviderRPC", "Prompt", "PromptMonitor", "PromptState", "async_get_last_prompt",
    "async_get_prompt_by_id", "async_list_prompts", "LineContents", "ScreenContents",
    "Alert", "PolyModalAlert", "PolyModalResult", "TextInputAlert",
    "Keycode", "Keystroke", "KeystrokeFilter", "KeystrokeMonitor", "KeystrokePattern", "Modifier",
    "MainMenu", "MenuItemException", "MenuItemIdentifier", "MenuItemState", "Selection", "SelectionMode", "SubSelection",
    "TmuxConnection", "TmuxException", "async_get_tmux_connection_by_connection_id", "async_get_tmux_connections",
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
        names, references, positional, twin = _loop.registered(func)
        seconds = timeout if timeout is not None else registered_timeout
        func.rpc_token = await _loop.await_java(_loop.host().register(
            func.__name__, json.dumps(names), json.dumps(references),
            float(seconds) if seconds is not None else 0.0, func, positional, twin))
        func.rpc_connection = connection

    async def async_unregister():
        token = getattr(func, "rpc_token", None)
        if token is not None:
            func.rpc_token = None
            await _loop.await_java(_loop.host().unregister(token))

    func.async_register = async_register
    func.async_unregister = async_unregister
    return func


def ContextMenuProviderRPC(func):
    """Decorates a function that a context menu item runs:
    ``await f.async_register(connection, display_name, unique_identifier, timeout=None)``. It is
    registered under the namespace ``contextMenu.`` (``polybridge functions`` lists it; invoke it as
    ``contextMenu.<name>(...)``); ``Reference`` defaults fill its arguments as with ``RPC``."""

    async def async_register(connection, display_name, unique_identifier, timeout=None):
        names, references, positional, twin = _loop.registered(func)
        role = {"role": "CONTEXT_MENU", "context_menu_attributes": {
            "display_name": display_name, "unique_identifier": unique_identifier}}
        func.rpc_token = await _loop.await_java(_loop.host().registerWithRole(
            func.__name__, json.dumps(names), json.dumps(references),
            float(timeout) if timeout is not None else 0.0, func, positional, twin, json.dumps(role)))
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


# ---- requests to the host: iTerm2's protocol messages, by the schema's field names ----

async def _request(body):
    """Sends one ClientOriginatedMessage (a dict) and returns the ServerOriginatedMessage (a dict)."""
    return await _loop.await_json(_loop.host().request(json.dumps(body)))


async def _subscribe(request, callback, session_scoped=None):
    """Subscribes as the NotificationRequest ``request`` says; ``callback(notification)`` on each one.
    Returns a token for ``_unsubscribe``. A refusal raises SubscriptionException."""
    try:
        return await _loop.await_java(_loop.host().subscribe(
            json.dumps(request), lambda text: callback(json.loads(text))))
    except HostError as e:
        raise SubscriptionException(str(e)) from None


async def _unsubscribe(token):
    if token is not None:
        await _loop.await_java(_loop.host().cancel(token))


def _status(response, name):
    return response.get(name, {}).get("status", "OK")


# ---- the app model ----

async def async_get_app(connection, create_if_needed=True):
    """The app: its windows, tabs and sessions. One per connection; it follows new and ended
    sessions, layout and focus changes by itself."""
    if connection._app is None:
        app = App(connection)
        # Following first, then read: a session that opens in between is in the listing or in a
        # notification after it. Read first, the app would never hear of one opened before it followed.
        await app._follow()
        await app.async_refresh()
        connection._app = app
    return connection._app


async def async_get_variable(connection, name):
    """A variable of the app (``iterm2.async_get_variable(connection, "effectiveTheme")``)."""
    return await App(connection).async_get_variable(name)


async def async_invoke_function(connection, invocation, timeout=-1):
    """Evaluates an invocation in the app's context."""
    return await App(connection).async_invoke_function(invocation, timeout)


async_wait_forever = util.async_wait_forever


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

    async def _invoke_method(self, invocation):
        response = await _request({"invoke_function_request": {
            "method": {"receiver": self._identifier()}, "invocation": invocation, "timeout": -1.0}})
        answer = response["invoke_function_response"]
        if "error" in answer:
            raise RPCException(answer["error"].get("error_reason", answer["error"].get("status")))
        return json.loads(answer["success"]["json_result"])


async def _invoke_in_session(session_id, invocation_name, arguments):
    """Invokes a host method with a session as its receiver (iTerm2's ``async_invoke_method``)."""
    response = await _request({"invoke_function_request": {
        "method": {"receiver": session_id}, "invocation": _invocation(invocation_name, arguments), "timeout": -1.0}})
    answer = response["invoke_function_response"]
    if "error" in answer:
        raise RPCException(answer["error"].get("error_reason", answer["error"].get("status")))
    return json.loads(answer["success"]["json_result"])


def _invocation(name, arguments):
    return name + "(" + ", ".join("%s: %s" % (k, json.dumps(v)) for k, v in arguments.items()) + ")"


async def _activate(identifier, select_tab, select_session, order_window_front):
    request = {"order_window_front": order_window_front, "select_tab": select_tab, "select_session": select_session}
    request.update(identifier)
    response = await _request({"activate_request": request})
    status = _status(response, "activate_response")
    if status != "OK":
        raise ActivateException(status + ": " + json.dumps(identifier))


async def _close(kind, ids, force):
    field = {"sessions": "session_ids", "tabs": "tab_ids", "windows": "window_ids"}[kind]
    response = await _request({"close_request": {kind: {field: list(ids)}, "force": force}})
    statuses = response["close_response"].get("statuses", [])
    if any(s != "OK" for s in statuses):
        raise RPCException("could not close %s %s: %s" % (kind, list(ids), statuses))


class App(_Variables):
    """The app: ``windows`` of ``tabs`` of ``sessions``, and which ones have keyboard focus."""
    _scope = "app"

    def __init__(self, connection):
        self.connection = connection
        self._windows = []
        self._sessions = {}
        self._tabs = {}
        self._windows_by_id = {}
        self._key_window = None
        self._active_session_id = None
        self._tokens = []
        # how many layout notifications the app has taken: a listing asked for before the last of
        # them is older than it (async_refresh)
        self._layouts = 0
        self._waiters = {}
        self.buried_sessions = []
        self.broadcast_domains = []
        self.app_active = True

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
        if self._key_window is not None and self._key_window in self._windows:
            return self._key_window
        return self._windows[-1] if self._windows else None

    current_terminal_window = current_window

    def get_session_by_id(self, session_id, include_buried=True):
        return self._sessions.get(session_id)

    def get_tab_by_id(self, tab_id):
        return self._tabs.get(str(tab_id))

    def get_window_by_id(self, window_id):
        return self._windows_by_id.get(window_id)

    def get_window_for_tab(self, tab_id):
        """The window that holds the tab with this id, or None."""
        tab = self._tabs.get(str(tab_id))
        return tab.window if tab is not None else None

    def get_tab_and_window_for_session(self, session):
        """``(window, tab)`` of a session, or ``(None, None)``."""
        known = self._sessions.get(session.session_id)
        if known is None or known.tab is None:
            return None, None
        return known.tab.window, known.tab

    def pretty_str(self):
        return "\n".join(w.pretty_str() for w in self._windows)

    async def async_activate(self, raise_all_windows=True, ignoring_other_apps=False):
        """Brings the app forward; a headless host has nothing to raise, so this only asks it."""
        await _request({"activate_request": {"activate_app": {
            "raise_all_windows": raise_all_windows, "ignoring_other_apps": ignoring_other_apps}}})

    async def async_get_theme(self):
        """The words of the ``effectiveTheme`` variable, e.g. ``["dark"]``."""
        theme = await self.async_get_variable("effectiveTheme")
        if theme is None:
            raise RPCException("the host has no effectiveTheme")
        return theme.split(" ")

    async def async_apply_layout(self, spec):
        """Reshapes tabs in one step: ``spec`` is a dict with ``tabs`` (``{"tab_id", "root"}``, a
        root being ``{"session_id": id}`` or ``{"vertical": bool, "children": [node, ...]}`` with
        two children or more), and optionally ``close_sessions``, ``close_tabs``, ``close_windows``
        (lists of ids). Sessions named in another tab's root move there; a tab left empty closes.
        The whole spec is checked before anything changes; a bad one raises RPCException naming
        what was wrong (``Splitter at tabs[0].root.children[1] has 1 children; must have at least 2``)."""
        encoded = base64.b64encode(json.dumps(spec).encode("utf-8")).decode("ascii")
        await self.async_invoke_function(_invocation("iterm2.apply_layout", {"spec_json_b64": encoded}))
        await self.async_refresh()

    async def async_move_session(self, session, destination, split_vertically, before):
        """Moves ``session`` beside ``destination``, as a split of it (left of / above it when ``before``)."""
        await self.async_invoke_function(_invocation("iterm2.move_session", {
            "session": session.session_id, "destination": destination.session_id,
            "vertical": bool(split_vertically), "before": bool(before)}))
        await self.async_refresh()

    async def async_refresh(self):
        """Re-reads windows, tabs, sessions and focus."""
        layouts = self._layouts
        layout = await _request({"list_sessions_request": {}})
        # A layout notification taken while the listing was on its way is as new as the listing or
        # newer (the host sends them in order, each before anything that follows the change): the
        # listing would take out a session that notification brought, so it is left unused.
        if self._layouts == layouts:
            self._update(layout["list_sessions_response"])
        focus = await _request({"focus_request": {}})
        domains = await _request({"get_broadcast_domains_request": {}})
        self._key_window = None
        for n in focus["focus_response"].get("notifications", []):
            self._focus(n)
        self._domains(domains["get_broadcast_domains_response"].get("broadcast_domains", []))

    def _domains(self, domains):
        self.broadcast_domains = []
        for d in domains:
            domain = _loop.submodule("broadcast").BroadcastDomain()
            for session_id in d.get("session_ids", []):
                session = self._sessions.get(session_id)
                if session is not None:
                    domain.add_session(session)
                else:
                    domain.add_unresolved(session_id)
            self.broadcast_domains.append(domain)

    async def async_refresh_focus(self):
        await self.async_refresh()

    async def _follow(self):
        # The notifications carry what changed: the model is updated as each one arrives, before
        # any later call or notification of the script runs (no round trip, no stale window).
        def layout(notification):
            self._layouts += 1
            self._update(notification["layout_changed_notification"].get("list_sessions_response", {}))

        def focus(notification):
            self._focus(notification["focus_changed_notification"])

        self._tokens.append(await _subscribe({"session": "all", "notification_type": "NOTIFY_ON_LAYOUT_CHANGE"}, layout))
        self._tokens.append(await _subscribe({"session": "all", "notification_type": "NOTIFY_ON_FOCUS_CHANGE"}, focus))
        self._tokens.append(await _subscribe({"session": "all", "notification_type": "NOTIFY_ON_BROADCAST_CHANGE"},
                                             lambda n: self._domains(n["broadcast_domains_changed"].get("broadcast_domains", []))))

    def _update(self, layout):
        # Objects keep their identity across updates: a Session held by a script stays valid.
        sessions, tabs, windows = {}, {}, {}
        self._windows = []
        for w in layout.get("windows", []):
            window = self._windows_by_id.get(w["window_id"]) or Window(self.connection, w["window_id"], self)
            window.number = w.get("number", 0)
            window.frame = _frame(w.get("frame"))
            window._tabs = []
            for t in w.get("tabs", []):
                tab = self._tabs.get(t["tab_id"]) or Tab(self.connection, t["tab_id"])
                tab.window = window
                tab._sessions = []
                tab.root = self._split_tree(t.get("root", {}), tab, sessions)
                tab.tmux_window_id = t.get("tmux_window_id")
                tab.tmux_connection_id = t.get("tmux_connection_id")
                window._tabs.append(tab)
                tabs[tab.tab_id] = tab
            self._windows.append(window)
            windows[window.window_id] = window
        self._sessions, self._tabs, self._windows_by_id = sessions, tabs, windows
        for session_id in [w for w in self._waiters if w in sessions]:
            for waiter in self._waiters.pop(session_id):
                if not waiter.done():
                    waiter.set_result(None)

    async def _until_known(self, session_id):
        """Returns once the model holds the session (or, failing that, after reading it again)."""
        if session_id in self._sessions:
            return
        waiter = _loop.loop().create_future()
        self._waiters.setdefault(session_id, []).append(waiter)
        try:
            await asyncio.wait_for(waiter, 5)
        except asyncio.TimeoutError:
            await self.async_refresh()

    def _focus(self, n):
        """Applies one FocusChangedNotification."""
        if "window" in n:
            if n["window"].get("window_status", "TERMINAL_WINDOW_BECAME_KEY") == "TERMINAL_WINDOW_BECAME_KEY":
                self._key_window = self._windows_by_id.get(n["window"].get("window_id"))
        elif "selected_tab" in n and n["selected_tab"] in self._tabs:
            tab = self._tabs[n["selected_tab"]]
            tab.window._selected_tab = tab
        elif "session" in n and n["session"] in self._sessions:
            session = self._sessions[n["session"]]
            session.tab._active_session = session
            self._active_session_id = session.session_id
        elif "application_active" in n:
            self.app_active = n["application_active"]

    def _split_tree(self, node, tab, sessions):
        links = []
        for link in node.get("links", []):
            if "session" in link:
                s = link["session"]
                session = self._sessions.get(s["unique_identifier"]) or Session(self.connection, s["unique_identifier"])
                session.tab = tab
                session.name = s.get("title")
                session.grid_size = Size(s.get("grid_size", {}).get("width", 0), s.get("grid_size", {}).get("height", 0))
                session.preferred_size = session.grid_size
                session.frame = _frame(s.get("frame"))
                tab._sessions.append(session)
                sessions[session.session_id] = session
                links.append(session)
            elif "node" in link:
                links.append(self._split_tree(link["node"], tab, sessions))
        return Splitter(node.get("vertical", False), links)

    def __repr__(self):
        return "<App windows=%r>" % (self._windows,)


def _frame(f):
    frame = Frame()
    if f:
        frame.load_from_dict(f)
    return frame


class Splitter:
    """A node of a tab's split tree (``tab.root``): ``children`` are Sessions and Splitters, side by
    side when ``vertical`` (the dividers are vertical), else one above the other."""

    def __init__(self, vertical=False, children=None):
        self.vertical = vertical
        self.children = children if children is not None else []

    def add_child(self, child):
        """Adds a Session or a Splitter after the others."""
        self.children.append(child)

    def update_session(self, session):
        """Puts ``session`` where the session of its id is; returns whether there was one."""
        for i, child in enumerate(self.children):
            if isinstance(child, Splitter):
                if child.update_session(session):
                    return True
            elif child.session_id == session.session_id:
                self.children[i] = session
                return True
        return False

    def pretty_str(self, indent=""):
        out = indent + "Splitter %s\n" % ("|" if self.vertical else "-")
        for child in self.children:
            out += child.pretty_str("  " + indent) if isinstance(child, Splitter) else "  " + indent + repr(child) + "\n"
        return out

    def _node(self):
        """The SplitTreeNode of this splitter, each session at its ``preferred_size``."""
        links = []
        for child in self.children:
            if isinstance(child, Splitter):
                links.append({"node": child._node()})
            else:
                size = child.preferred_size or child.grid_size
                links.append({"session": {"unique_identifier": child.session_id,
                                          "grid_size": {"width": size.width, "height": size.height}}})
        return {"vertical": self.vertical, "links": links}

    @property
    def sessions(self):
        out = []
        for child in self.children:
            out.extend(child.sessions if isinstance(child, Splitter) else [child])
        return out

    def __repr__(self):
        return "<Splitter %s %r>" % ("|" if self.vertical else "-", self.children)


class Window(_Variables):
    _scope = "window"

    def __init__(self, connection, window_id, app=None):
        self.connection = connection
        self.window_id = window_id
        self.number = None
        self.frame = Frame()
        self._app = app
        self._tabs = []
        self._selected_tab = None

    @property
    def window_number(self):
        return self.number

    @staticmethod
    async def async_create(connection, profile=None, command=None, profile_customizations=None):
        """Opens a new window (running ``command`` instead of the profile's program when given); returns it."""
        created = await _create_tab(connection, None, profile, command, None, profile_customizations)
        app = await async_get_app(connection)
        await app.async_refresh()
        return app.get_window_by_id(created["window_id"])

    async def async_create_tab(self, profile=None, command=None, index=None, profile_customizations=None):
        """Opens a new tab at the end of this window; returns it."""
        created = await _create_tab(self.connection, self.window_id, profile, command, index, profile_customizations)
        app = await async_get_app(self.connection)
        await app.async_refresh()
        return app.get_tab_by_id(str(created["tab_id"]))

    async def async_create_tmux_tab(self, tmux_connection):
        """Opens a new tmux window of ``tmux_connection`` as a tab of this window; returns the tab."""
        return await tmux_connection._async_create_tab(self)

    @property
    def tabs(self):
        return list(self._tabs)

    @property
    def current_tab(self):
        if self._selected_tab is not None and self._selected_tab in self._tabs:
            return self._selected_tab
        return self._tabs[-1] if self._tabs else None

    async def async_activate(self):
        await _activate({"window_id": self.window_id}, True, True, True)
        await self._app.async_refresh()

    async def async_close(self, force=False):
        await _close("windows", [self.window_id], force)

    async def async_set_tabs(self, tabs):
        """Gives the window these tabs in this order; tabs of other windows move here, tabs of
        this window left out move to new windows of their own."""
        response = await _request({"reorder_tabs_request": {"assignments": [
            {"window_id": self.window_id, "tab_ids": [t.tab_id for t in tabs]}]}})
        status = _status(response, "reorder_tabs_response")
        if status != "OK":
            raise RPCException(status)
        await self._app.async_refresh()

    async def async_set_title(self, title):
        """Sets the window's title (an interpolated string)."""
        await self._invoke_method(_invocation("iterm2.set_title", {"title": title}))

    def pretty_str(self, indent=""):
        return indent + "Window id=%s\n" % self.window_id + "".join(t.pretty_str(indent + "  ") for t in self._tabs)

    def _identifier(self):
        return self.window_id

    def __repr__(self):
        return "<Window id=%s tabs=%r>" % (self.window_id, self._tabs)


async def _create_tab(connection, window_id, profile, command, index, customizations):
    request = {}
    if window_id is not None:
        request["window_id"] = window_id
    if profile is not None:
        request["profile_name"] = profile
    if index is not None:
        request["tab_index"] = index
    properties = dict(customizations.values) if customizations is not None else {}
    if command is not None:
        properties["Custom Command"] = json.dumps("Yes")
        properties["Command"] = json.dumps(command)
    if properties:
        request["custom_profile_properties"] = [{"key": k, "json_value": v} for k, v in properties.items()]
    response = await _request({"create_tab_request": request})
    answer = response["create_tab_response"]
    if answer.get("status", "OK") != "OK":
        raise CreateTabException(answer["status"])
    return answer


class Tab(_Variables):
    _scope = "tab"

    def __init__(self, connection, tab_id):
        self.connection = connection
        self.tab_id = tab_id
        self.window = None
        self.root = Splitter()
        self.tmux_window_id = None
        self.tmux_connection_id = None
        self._sessions = []
        self._active_session = None

    @property
    def sessions(self):
        return list(self._sessions)

    @property
    def all_sessions(self):
        return self.sessions

    @property
    def current_session(self):
        if self._active_session is not None and self._active_session in self._sessions:
            return self._active_session
        return self._sessions[-1] if self._sessions else None

    async def async_select(self, order_window_front=True):
        await self.async_activate(order_window_front)

    async def async_activate(self, order_window_front=True):
        """Selects this tab (and its window)."""
        await _activate({"tab_id": self.tab_id}, True, False, order_window_front)
        if self.window is not None and self.window._app is not None:
            await self.window._app.async_refresh()

    async def async_close(self, force=False):
        await _close("tabs", [self.tab_id], force)

    async def async_set_title(self, title):
        """Sets the tab's title (an interpolated string; empty: the current session's)."""
        await self._invoke_method(_invocation("iterm2.set_title", {"title": title}))

    async def async_move_to_window(self):
        """Moves this tab to a new window of its own (its window must have other tabs); returns that window."""
        window_id = await self.async_invoke_function("iterm2.move_tab_to_window()")
        app = await async_get_app(self.connection)
        await app.async_refresh()
        window = app.get_window_by_id(window_id)
        if window is None:
            raise RPCException("No such window {}".format(window_id))
        return window

    async def async_update_layout(self):
        """Gives the tab's panes the sizes set as their sessions' ``preferred_size`` (the tree
        keeps its shape; together the sizes fill the tab as before). Raises RPCException with
        the host's status (``WRONG_TREE``, ``INVALID_SIZE``, ``BAD_TAB_ID``) otherwise."""
        response = await _request({"set_tab_layout_request": {"tab_id": self.tab_id, "root": self.root._node()}})
        status = _status(response, "set_tab_layout_response")
        if status != "OK":
            raise RPCException(status)
        if self.window is not None and self.window._app is not None:
            await self.window._app.async_refresh()

    def pretty_str(self, indent=""):
        return indent + "Tab id=%s\n" % self.tab_id + "".join(indent + "  " + repr(s) + "\n" for s in self._sessions)

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
        self.grid_size = Size()
        self.frame = Frame()
        self.preferred_size = None

    @property
    def window(self):
        return self.tab.window if self.tab is not None else None

    async def async_inject(self, data):
        """Shows bytes in the session as though its program had written them."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        await _loop.await_java(_loop.host().inject(self.session_id, bytes(data).decode("latin-1")))

    async def async_send_text(self, text, suppress_broadcast=False):
        """Types text into the session as though the user had (into its whole broadcast domain
        unless ``suppress_broadcast``)."""
        response = await _request({"send_text_request": {
            "session": self.session_id, "text": text, "suppress_broadcast": suppress_broadcast}})
        if _status(response, "send_text_response") != "OK":
            raise InvalidSessionId("no session with id '%s'" % self.session_id)

    async def async_split_pane(self, vertical=False, before=False, profile=None, profile_customizations=None):
        """Opens a new session beside this one, in its tab; returns it."""
        request = {"session": self.session_id, "split_direction": "VERTICAL" if vertical else "HORIZONTAL",
                   "before": before}
        if profile is not None:
            request["profile_name"] = profile
        if profile_customizations is not None:
            request["custom_profile_properties"] = [
                {"key": k, "json_value": v} for k, v in profile_customizations.values.items()]
        response = await _request({"split_pane_request": request})
        answer = response["split_pane_response"]
        if answer.get("status", "OK") != "OK":
            raise SplitPaneException(answer["status"])
        app = await async_get_app(self.connection)
        await app.async_refresh()
        created = answer["session_id"][0]
        return app.get_session_by_id(created) or Session(self.connection, created)

    async def async_activate(self, select_tab=True, order_window_front=True):
        """Gives this session keyboard focus (and selects its tab)."""
        await _activate({"session_id": self.session_id}, select_tab, True, order_window_front)
        app = await async_get_app(self.connection)
        await app.async_refresh()

    async def async_close(self, force=False):
        await _close("sessions", [self.session_id], force)

    async def async_get_profile(self):
        """The session's own profile (a copy of the one it was opened with)."""
        response = await _request({"get_profile_property_request": {"session": self.session_id}})
        answer = response["get_profile_property_response"]
        if answer.get("status", "OK") != "OK":
            raise GetProfilePropertyException(answer["status"] + ": " + self.session_id)
        return Profile(self.session_id, self.connection, _properties(answer.get("properties", [])))

    async def async_set_profile_properties(self, write_only_profile):
        """Sets the properties of a LocalWriteOnlyProfile in this session's profile."""
        await _set_profile_properties(self.session_id, None, write_only_profile.values)

    async def async_set_profile(self, profile):
        """Gives the session the properties of ``profile``."""
        await self.async_set_profile_properties(profile.local_write_only_copy)

    async def _buffer(self, line_range):
        response = await _request({"get_buffer_request": {"session": self.session_id, "line_range": line_range}})
        answer = response["get_buffer_response"]
        if answer.get("status", "OK") != "OK":
            raise RPCException("%s: %s" % (answer["status"], self.session_id))
        return answer

    async def async_get_screen_contents(self):
        """The lines the session's screen shows now (the last ``rows`` lines of its output)."""
        answer = await self._buffer({"screen_contents_only": True})
        return ScreenContents(answer)

    async def async_get_contents(self, first_line, number_of_lines):
        """``number_of_lines`` lines of the session's kept output from ``first_line`` (numbered as
        prompts' ranges are: from 0, the oldest line kept)."""
        if first_line < 0 or number_of_lines < 0:
            raise RPCException("first_line %r, number_of_lines %r (expected: numbers >= 0)" % (first_line, number_of_lines))
        total = (await self._buffer({"trailing_lines": 0})).get("cursor", {}).get("y", 0) + 1
        answer = await self._buffer({"trailing_lines": max(0, total - first_line)})
        return [LineContents(c) for c in answer.get("contents", [])[:number_of_lines]]

    async def async_get_line_info(self):
        """The session's lines: how many the screen shows (``mutable_area_height``), how many are
        kept above them (``scrollback_buffer_height``), how many were dropped (``overflow``) and
        the first line shown (``first_visible_line_number``)."""
        total = (await self._buffer({"trailing_lines": 0})).get("cursor", {}).get("y", 0) + 1
        rows = self.grid_size.height or 24
        return SessionLineInfo(rows, max(0, total - rows), 0, max(0, total - rows))

    async def async_get_selection(self):
        """What is selected in the session: what a script set with ``async_set_selection`` (a
        terminal attached to polybridge reports no selection a person made)."""
        return await _loop.submodule("selection").async_get_selection(self.session_id)

    async def async_set_selection(self, selection_):
        """Selects ``selection_`` (an iterm2.Selection); its text becomes the ``selection`` variable."""
        await _loop.submodule("selection").async_set_selection(self.session_id, selection_)

    async def async_get_selection_text(self, selection_):
        """The text of ``selection_`` in this session (empty when nothing is selected)."""
        return await selection_.async_get_string(self.connection, self.session_id, self.grid_size.width)

    async def async_load_url(self, url):
        """Not here: iTerm2 opens the URL in a browser session, which no polybridge host has."""
        raise RPCException("Session.async_load_url(%r): not supported on this host (no session is a web browser)" % (url,))

    def _identifier(self):
        return self.session_id

    def __repr__(self):
        return "<Session id=%s name=%r>" % (self.session_id, self.name)


class SessionLineInfo:
    def __init__(self, mutable_area_height, scrollback_buffer_height, overflow, first_visible_line_number):
        self.mutable_area_height = mutable_area_height
        self.scrollback_buffer_height = scrollback_buffer_height
        self.overflow = overflow
        self.first_visible_line_number = first_visible_line_number


class LineContents:
    """One line of a session: its ``string`` and whether it ends with a newline (``hard_eol``)."""

    def __init__(self, message):
        self.string = message.get("text", "")
        self.hard_eol = message.get("continuation", "HARD_EOL") == "HARD_EOL"

    def string_at(self, x):
        return self.string[x] if 0 <= x < len(self.string) else ""

    def __repr__(self):
        return "<LineContents %r>" % (self.string,)


class ScreenContents:
    """The lines a screen shows: ``number_of_lines``, ``line(i)``, and the ``cursor_coord``."""

    def __init__(self, message):
        self._lines = [LineContents(c) for c in message.get("contents", [])]
        cursor = Point()
        cursor.load_from_dict(message.get("cursor", {}))
        self.cursor_coord = cursor
        self.number_of_lines_above_screen = 0

    @property
    def number_of_lines(self):
        return len(self._lines)

    def line(self, index):
        return self._lines[index]


# ---- profiles and colours ----

class ColorSpace(enum.Enum):
    SRGB = "sRGB"
    CALIBRATED = "Calibrated"
    P3 = "P3"


class Color:
    """A colour, its components from 0 to 255: ``Color(255, 128, 128)``."""

    def __init__(self, r=0, g=0, b=0, a=255, color_space=ColorSpace.SRGB):
        self.red = r
        self.green = g
        self.blue = b
        self.alpha = a
        self.color_space = color_space

    @staticmethod
    def from_hex(s):
        """``#rrggbb`` (or ``rrggbb``) as a Color; None when it is not one."""
        text = s[1:] if s.startswith("#") else s
        if len(text) != 6:
            return None
        try:
            value = int(text, 16)
        except ValueError:
            return None
        return Color(value >> 16, (value >> 8) & 0xff, value & 0xff)

    def get_dict(self):
        return {"Red Component": self.red / 255.0, "Green Component": self.green / 255.0,
                "Blue Component": self.blue / 255.0, "Alpha Component": self.alpha / 255.0,
                "Color Space": self.color_space.value}

    def from_dict(self, input_dict):
        self.red = float(input_dict["Red Component"]) * 255
        self.green = float(input_dict["Green Component"]) * 255
        self.blue = float(input_dict["Blue Component"]) * 255
        self.alpha = float(input_dict.get("Alpha Component", 1)) * 255
        self.color_space = ColorSpace(input_dict.get("Color Space", "Calibrated"))

    @property
    def json(self):
        return json.dumps(self.get_dict())

    @property
    def hex(self):
        return "#%02x%02x%02x" % (round(self.red), round(self.green), round(self.blue))

    def __eq__(self, other):
        return isinstance(other, Color) and self.get_dict() == other.get_dict()

    def __hash__(self):
        return hash(self.json)

    def __repr__(self):
        return "(%s,%s,%s,%s,%s)" % (round(self.red), round(self.green), round(self.blue), round(self.alpha),
                                     self.color_space.value)


def _color_from_dict(d):
    color = Color()
    color.from_dict(d)
    return color


class ColorPreset:
    """A named set of colours for profile keys; polybridge ships a few well-known ones."""

    class Color(Color):
        def __init__(self, r, g, b, a, color_space, key):
            super().__init__(r, g, b, a, color_space)
            self.key = key

    def __init__(self, values):
        self.values = values

    @staticmethod
    async def async_get_list(connection):
        response = await _request({"color_preset_request": {"list_presets": {}}})
        answer = response["color_preset_response"]
        if answer.get("status", "OK") != "OK":
            raise ListPresetsException(answer["status"])
        return list(answer.get("list_presets", {}).get("name", []))

    @staticmethod
    async def async_get(connection, name):
        """The preset named ``name``, or None when there is none."""
        response = await _request({"color_preset_request": {"get_preset": {"name": name}}})
        answer = response["color_preset_response"]
        if answer.get("status", "OK") == "PRESET_NOT_FOUND":
            return None
        if answer.get("status", "OK") != "OK":
            raise GetPresetException(answer["status"])
        return ColorPreset([ColorPreset.Color(c.get("red", 0) * 255, c.get("green", 0) * 255, c.get("blue", 0) * 255,
                                              c.get("alpha", 1) * 255, ColorSpace(c.get("color_space", "sRGB")), c["key"])
                            for c in answer.get("get_preset", {}).get("color_settings", [])])


def _profile_properties():
    """Each profile property's Python name → (profile key, whether a colour): iterm2._profile_keys."""
    return _loop.submodule("_profile_keys").PROPERTIES


def _properties(properties):
    return {p["key"]: json.loads(p["json_value"]) for p in properties if "json_value" in p}


async def _set_profile_properties(session_id, guids, values):
    if not values:
        return
    request = {"assignments": [{"key": k, "json_value": v} for k, v in values.items()]}
    if session_id is not None:
        request["session"] = session_id
    else:
        request["guid_list"] = {"guids": list(guids)}
    try:
        response = await _request({"set_profile_property_request": request})
    except HostError as e:
        raise SetProfilePropertyException(str(e)) from None
    status = _status(response, "set_profile_property_response")
    if status != "OK":
        raise SetProfilePropertyException(status + ": " + str(session_id if session_id is not None else list(guids)))


class LocalWriteOnlyProfile:
    """Profile changes collected to be applied at once: ``change.set_tab_color(color)``, then
    ``await session.async_set_profile_properties(change)``. Every setter of iTerm2's library, by
    the same names."""

    def __init__(self, values=None):
        self.__values = dict(values) if values else {}

    @property
    def values(self):
        """The changes: profile key -> JSON text."""
        return self.__values

    def _simple_set(self, key, value):
        self.__values[key] = json.dumps(value.value if isinstance(value, enum.Enum) else value)

    def _color_set(self, key, value):
        self.__values[key] = "null" if value is None else json.dumps(value.get_dict())

    def __getattr__(self, attribute):
        if attribute.startswith("set_") and attribute[4:] in _profile_properties():
            key, colour = _profile_properties()[attribute[4:]]
            return lambda value: (self._color_set if colour else self._simple_set)(key, value)
        raise AttributeError("'LocalWriteOnlyProfile' object has no attribute '%s'" % attribute)


def _profile_value(properties, name):
    key, colour = _profile_properties()[name]
    value = properties.get(key)
    if colour and isinstance(value, dict):
        return _color_from_dict(value)
    return value


class WriteOnlyProfile:
    """Setters that apply at once to a session's profile (``session_id``) or to a named profile
    (``guid``): ``await profile.async_set_tab_color(color)``."""

    def __init__(self, session_id, connection, guid=None):
        self.session_id = session_id
        self.connection = connection
        self._guid = guid

    async def _async_apply(self, values):
        if self.session_id is None and not self._guid:
            raise BadGUIDException("the profile has no guid and no session")
        await _set_profile_properties(self.session_id, [self._guid], values)

    async def async_set_color_preset(self, preset):
        """Sets every colour of ``preset``."""
        await self._async_apply({c.key: json.dumps(c.get_dict()) for c in preset.values})

    def __getattr__(self, attribute):
        if attribute.startswith("async_set_") and attribute[10:] in _profile_properties():
            name = attribute[10:]

            async def setter(value):
                change = LocalWriteOnlyProfile()
                getattr(change, "set_" + name)(value)
                await self._async_apply(change.values)
                self._remember(name, value)
            return setter
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, attribute))

    def _remember(self, name, value):
        pass


class Profile(WriteOnlyProfile):
    """A profile's properties (``profile.tab_color``, ``profile.normal_font``, …, by the names of
    iTerm2's library) and setters that change it (``await profile.async_set_blend(0.5)``): the
    session's own profile when it came from ``session.async_get_profile()``, else the named one."""

    def __init__(self, profile_id, connection, properties):
        guid = properties.get("Guid")
        super().__init__(profile_id, connection, guid)
        self.connection = connection
        self.__properties = dict(properties)

    @property
    def all_properties(self):
        return dict(self.__properties)

    @property
    def local_write_only_copy(self):
        return LocalWriteOnlyProfile({k: json.dumps(v) for k, v in self.__properties.items()
                                      if k not in ("Guid", "Name")})

    @property
    def guid(self):
        return self.__properties.get("Guid")

    @property
    def name(self):
        return self.__properties.get("Name")

    def get_color_with_key(self, key):
        value = self.__properties.get(key)
        return _color_from_dict(value) if isinstance(value, dict) else None

    async def async_make_default(self):
        """Makes this profile the default for new sessions."""
        response = await _request({"preferences_request": {"requests": [
            {"set_default_profile_request": {"guid": self.guid or ""}}]}})
        result = response["preferences_response"]["results"][0]
        if result.get("set_default_profile_result", {}).get("status", "OK") != "OK":
            raise BadGUIDException("no profile has guid %s" % self.guid)

    async def async_set_color_preset(self, preset):
        await super().async_set_color_preset(preset)
        for c in preset.values:
            self.__properties[c.key] = c.get_dict()

    @staticmethod
    async def async_get(connection, guids=None):
        """The named profiles (those with one of ``guids``, or all)."""
        return [Profile(None, connection, p) for p in await _list_profiles(guids, None)]

    @staticmethod
    async def async_get_default(connection):
        response = await _request({"preferences_request": {"requests": [{"get_default_profile_request": {}}]}})
        guid = response["preferences_response"]["results"][0]["get_default_profile_result"]["guid"]
        return (await Profile.async_get(connection, [guid]))[0]

    def _remember(self, name, value):
        key, colour = _profile_properties()[name]
        self.__properties[key] = value.get_dict() if colour and value is not None else value

    def __getattr__(self, attribute):
        if attribute in _profile_properties():
            return _profile_value(self.__properties, attribute)
        return super().__getattr__(attribute)

    def __repr__(self):
        return "<%s %r guid=%s>" % (type(self).__name__, self.name, self.guid)


async def _list_profiles(guids, properties):
    request = {}
    if guids:
        request["guids"] = list(guids)
    if properties:
        request["properties"] = list(properties)
    response = await _request({"list_profiles_request": request})
    return [_properties(p.get("properties", [])) for p in response["list_profiles_response"].get("profiles", [])]


class PartialProfile(Profile):
    """A named profile with some of its properties (``async_query``); ``async_get_full_profile``
    reads the rest."""

    @staticmethod
    async def async_query(connection, guids=None, properties=["Guid", "Name"]):
        return [PartialProfile(None, connection, p) for p in await _list_profiles(guids, properties)]

    async def async_get_full_profile(self):
        if not self.guid:
            raise BadGUIDException("the partial profile has no guid")
        found = await _list_profiles([self.guid], None)
        if not found:
            raise BadGUIDException("no profile has guid %s" % self.guid)
        return Profile(None, self.connection, found[0])


# ---- monitors ----

class VariableScopes(enum.Enum):
    SESSION = 1
    TAB = 2
    WINDOW = 3
    APP = 4


class _Monitor:
    """An async context manager over one subscription; ``async_get`` returns the next event. A
    monitor of one session fails its waiters with SubscriptionException when the session ends."""

    def __init__(self, connection, session_id=None):
        self.connection = connection
        self._queue = asyncio.Queue()
        self._session_id = session_id
        self._tokens = []
        self._ended = None

    async def _subscribe_all(self):
        """Subscribes; returns nothing. Subclasses add tokens with ``_add``."""

    async def _add(self, request, callback):
        self._tokens.append(await _subscribe(request, callback))

    async def __aenter__(self):
        try:
            # first the session's end, so that no end can fall between the two subscriptions
            if self._session_id not in (None, "all", "active"):
                await self._add({"session": "all", "notification_type": "NOTIFY_ON_TERMINATE_SESSION"}, self._terminated)
            await self._subscribe_all()
        except BaseException:
            await self._cancel()
            raise
        return self

    def _terminated(self, notification):
        if notification["terminate_session_notification"]["session_id"] == self._session_id:
            self._ended = SubscriptionException("session %s ended while it was monitored" % self._session_id)
            self._queue.put_nowait(self._ended)

    async def _next(self):
        item = await self._queue.get()
        if isinstance(item, Exception):
            self._queue.put_nowait(item)  # every later waiter hears it too
            raise item
        return item

    async def _cancel(self):
        tokens, self._tokens = self._tokens, []
        for token in tokens:
            try:
                await _unsubscribe(token)
            except HostError:
                pass  # the host dropped it already (the session ended)

    async def __aexit__(self, exc_type, exc, tb):
        await self._cancel()


class VariableMonitor(_Monitor):
    """``async with iterm2.VariableMonitor(connection, iterm2.VariableScopes.SESSION, "jobName",
    session_id) as mon: value = await mon.async_get()``. The identifier may be ``"all"``: every
    session's (or window's) change of the name, as in iTerm2."""

    def __init__(self, connection, scope, name, identifier):
        super().__init__(connection, identifier if scope == VariableScopes.SESSION else None)
        self._scope = scope
        self._name = name
        self._variable_id = identifier

    async def _subscribe_all(self):
        await self._add({"session": "all", "notification_type": "NOTIFY_ON_VARIABLE_CHANGE",
                         "variable_monitor_request": {"name": self._name, "scope": self._scope.name,
                                                      "identifier": self._variable_id or ""}},
                        lambda n: self._queue.put_nowait(n["variable_changed_notification"]))

    async def async_get(self):
        notification = await self._next()
        return json.loads(notification.get("json_new_value", "null"))


def _after_refresh(connection, queue, value):
    """Queues a new session's id once the connection's App knows the session, so that
    ``app.get_session_by_id`` finds it: the layout notification that brings it comes just after."""
    app = connection._app
    if app is None or value in app._sessions:
        queue.put_nowait(value)
        return

    async def deliver():
        try:
            await app._until_known(value)
        finally:
            queue.put_nowait(value)

    _loop.loop().create_task(deliver())


class NewSessionMonitor(_Monitor):
    """``session_id = await mon.async_get()`` for each new session."""

    async def _subscribe_all(self):
        await self._add({"session": "all", "notification_type": "NOTIFY_ON_NEW_SESSION"},
                        lambda n: _after_refresh(self.connection, self._queue, n["new_session_notification"]["session_id"]))

    async def async_get(self):
        return await self._next()


class SessionTerminationMonitor(_Monitor):
    """``session_id = await mon.async_get()`` for each session that ends."""

    async def _subscribe_all(self):
        await self._add({"session": "all", "notification_type": "NOTIFY_ON_TERMINATE_SESSION"},
                        lambda n: self._queue.put_nowait(n["terminate_session_notification"]["session_id"]))

    async def async_get(self):
        return await self._next()


class LayoutChangeMonitor(_Monitor):
    """``await mon.async_get()`` returns when windows, tabs or panes change."""

    async def _subscribe_all(self):
        await self._add({"session": "all", "notification_type": "NOTIFY_ON_LAYOUT_CHANGE"},
                        lambda n: self._queue.put_nowait(None))

    async def async_get(self):
        await self._next()


class EachSessionOnceMonitor(_Monitor):
    """Each session's id once: those open now, then each new one."""

    def __init__(self, app):
        super().__init__(app.connection)
        self._app = app

    async def _subscribe_all(self):
        await self._add({"session": "all", "notification_type": "NOTIFY_ON_NEW_SESSION"},
                        lambda n: _after_refresh(self.connection, self._queue, n["new_session_notification"]["session_id"]))
        for window in self._app.terminal_windows:
            for tab in window.tabs:
                for session in tab.all_sessions:
                    self._queue.put_nowait(session.session_id)

    async def async_get(self):
        return await self._next()

    @staticmethod
    async def async_foreach_session_create_task(app, task):
        """Runs ``task(session_id)`` as a task for each session, now and later; cancels it when
        its session ends. Runs until cancelled."""
        tasks = {}

        async def each():
            async with EachSessionOnceMonitor(app) as mon:
                while True:
                    session_id = await mon.async_get()
                    tasks[session_id] = asyncio.create_task(task(session_id))

        async def ended():
            async with SessionTerminationMonitor(app.connection) as mon:
                while True:
                    session_id = await mon.async_get()
                    running = tasks.pop(session_id, None)
                    if running is not None:
                        running.cancel()

        await asyncio.gather(each(), ended())


class FocusUpdateApplicationActive:
    def __init__(self, active):
        self.application_active = active

    def __repr__(self):
        return "Application active: %s" % self.application_active


class FocusUpdateWindowChanged:
    class Reason(enum.Enum):
        TERMINAL_WINDOW_BECAME_KEY = 0
        TERMINAL_WINDOW_IS_CURRENT = 1
        TERMINAL_WINDOW_RESIGNED_KEY = 2

    def __init__(self, window_id, event):
        self.window_id = window_id
        self.event = event

    def __repr__(self):
        return "Window %s: %s" % (self.window_id, self.event.name)


class FocusUpdateSelectedTabChanged:
    def __init__(self, tab_id):
        self.tab_id = tab_id

    def __repr__(self):
        return "Selected tab: %s" % self.tab_id


class FocusUpdateActiveSessionChanged:
    def __init__(self, session_id):
        self.session_id = session_id

    def __repr__(self):
        return "Active session: %s" % self.session_id


class FocusUpdate:
    """One change of focus: one of its four attributes is set."""

    def __init__(self, application_active=None, window_changed=None, selected_tab_changed=None,
                 active_session_changed=None):
        self.application_active = application_active
        self.window_changed = window_changed
        self.selected_tab_changed = selected_tab_changed
        self.active_session_changed = active_session_changed

    def __repr__(self):
        return repr(self.application_active or self.window_changed or self.selected_tab_changed
                    or self.active_session_changed)


def _focus_update(n):
    if "application_active" in n:
        return FocusUpdate(application_active=FocusUpdateApplicationActive(n["application_active"]))
    if "window" in n:
        return FocusUpdate(window_changed=FocusUpdateWindowChanged(
            n["window"].get("window_id"), FocusUpdateWindowChanged.Reason[n["window"].get("window_status", "TERMINAL_WINDOW_BECAME_KEY")]))
    if "selected_tab" in n:
        return FocusUpdate(selected_tab_changed=FocusUpdateSelectedTabChanged(n["selected_tab"]))
    return FocusUpdate(active_session_changed=FocusUpdateActiveSessionChanged(n.get("session")))


class FocusMonitor(_Monitor):
    """``update = await mon.async_get_next_update()`` for each change of keyboard focus: the key
    window, a window's selected tab, the active session."""

    async def _subscribe_all(self):
        await self._add({"session": "all", "notification_type": "NOTIFY_ON_FOCUS_CHANGE"},
                        lambda n: self._queue.put_nowait(_focus_update(n["focus_changed_notification"])))

    async def async_get_next_update(self):
        return await self._next()


class Transaction:
    """``async with iterm2.Transaction(connection):``. iTerm2 holds its other work for the block;
    polybridge's host answers each request in order as it comes, so the block runs as is."""

    def __init__(self, connection):
        self.connection = connection

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        return False
