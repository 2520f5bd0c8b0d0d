"""Status-bar components and title providers, by the names of iTerm2's library (``iterm2.statusbar``,
``iterm2.registration``). The host calls a component's function for each session (when it opens,
every ``update_cadence`` seconds, and when a variable its ``Reference`` defaults name changes) and
``polybridge pty`` keeps the texts on its terminal's bottom row; ``iterm2.status_bar()`` lists them.

    component = iterm2.StatusBarComponent(
        short_description="Size", detailed_description="rows x columns", knobs=[],
        exemplar="24x80", update_cadence=None, identifier="com.example.size")

    @iterm2.StatusBarRPC
    async def size(knobs, rows=iterm2.Reference("rows"), cols=iterm2.Reference("columns")):
        return "%sx%s" % (rows, cols)

    await component.async_register(connection, size)
"""

import base64
import enum
import json

from iterm2 import _loop


async def _register_with_role(func, timeout, role):
    """Registers ``func`` with a role other than generic (its attributes in ``role``); keeps the
    token on the function for ``async_unregister``."""
    names, references, positional, twin = _loop.registered(func)
    func.rpc_token = await _loop.await_java(_loop.host().registerWithRole(
        func.__name__, json.dumps(names), json.dumps(references),
        float(timeout) if timeout is not None else 0.0, func, positional, twin, json.dumps(role)))


async def _unregister(func):
    token = getattr(func, "rpc_token", None)
    if token is not None:
        func.rpc_token = None
        await _loop.await_java(_loop.host().unregister(token))


class _KnobType(enum.Enum):
    Checkbox = 1
    String = 2
    PositiveFloatingPoint = 3
    Color = 4


class Knob:
    """A setting of a status-bar component: its kind, name, placeholder, default (JSON) and key.
    The function gets ``knobs[key]``: the default, since no host has a panel to change it."""

    def __init__(self, knob_type, name, placeholder, json_default_value, key):
        if not isinstance(key, str) or not key:
            raise ValueError("knob key %r (expected: a non-empty string)" % (key,))
        self._type = knob_type if isinstance(knob_type, _KnobType) else _KnobType(knob_type)
        self.name = name
        self.placeholder = placeholder
        self.json_default_value = json_default_value
        self.key = key

    def _attributes(self):
        return {"name": self.name, "type": self._type.name, "placeholder": self.placeholder or "",
                "json_default_value": self.json_default_value, "key": self.key}


class CheckboxKnob(Knob):
    def __init__(self, name, default_value, key):
        super().__init__(_KnobType.Checkbox, name, "", json.dumps(bool(default_value)), key)


class StringKnob(Knob):
    def __init__(self, name, placeholder, default_value, key):
        super().__init__(_KnobType.String, name, placeholder, json.dumps(default_value), key)


class PositiveFloatingPointKnob(Knob):
    def __init__(self, name, default_value, key):
        if not isinstance(default_value, (int, float)) or default_value <= 0:
            raise ValueError("default_value %r (expected: a number > 0)" % (default_value,))
        super().__init__(_KnobType.PositiveFloatingPoint, name, "", json.dumps(default_value), key)


class ColorKnob(Knob):
    def __init__(self, name, default_value, key):
        super().__init__(_KnobType.Color, name, "", default_value.json, key)


class StatusBarComponent:
    """A status-bar component: its descriptions, knobs, exemplar, cadence (seconds, or None) and
    a unique identifier (reverse DNS). ``await component.async_register(connection, coro,
    timeout=None, onclick=None)``."""

    class Format(enum.Enum):
        PLAIN_TEXT = 0
        HTML = 1

    class Icon:
        """An icon of the component (PNG, base64). Kept for iTerm2's picker; a terminal shows none."""

        def __init__(self, scale, base64_data):
            self.scale = scale
            self.data = base64.b64decode(base64_data)

    def __init__(self, short_description, detailed_description, knobs, exemplar, update_cadence, identifier,
                 icons=[], format=Format.PLAIN_TEXT):
        if not isinstance(identifier, str) or not identifier:
            raise ValueError("identifier %r (expected: a unique string such as com.example.clock)" % (identifier,))
        if update_cadence is not None and (not isinstance(update_cadence, (int, float)) or update_cadence <= 0):
            raise ValueError("update_cadence %r (expected: seconds > 0, or None)" % (update_cadence,))
        self.short_description = short_description
        self.detailed_description = detailed_description
        self.knobs = list(knobs)
        self.exemplar = exemplar
        self.update_cadence = update_cadence
        self.identifier = identifier
        self.icons = list(icons)
        self.format = format
        self._connection = None
        self._functions = []

    def _attributes(self):
        attributes = {"short_description": self.short_description, "detailed_description": self.detailed_description,
                      "knobs": [k._attributes() for k in self.knobs], "exemplar": self.exemplar,
                      "unique_identifier": self.identifier}
        if self.update_cadence is not None:
            attributes["update_cadence"] = float(self.update_cadence)
        return attributes

    async def async_register(self, connection, coro, timeout=None, onclick=None):
        """Registers ``coro`` (decorated with ``StatusBarRPC``; it takes ``knobs``) as this
        component's function, and ``onclick(session_id)`` as its click handler (a function
        ``__<identifier>__on_click(session_id)``, as iTerm2 names it: invoke it to click)."""
        from iterm2 import RPC
        self._connection = connection
        await coro.async_register(connection, self, timeout)
        self._functions.append(coro)
        if onclick is not None:
            magic_name = "__" + self.identifier.replace(".", "_").replace("-", "_") + "__on_click"

            async def handle_rpc(session_id):
                await onclick(session_id)
            handle_rpc.__name__ = magic_name
            RPC(handle_rpc)
            await handle_rpc.async_register(connection, timeout=timeout)
            self._functions.append(handle_rpc)

    async def async_unregister(self):
        for f in self._functions:
            await f.async_unregister()
        self._functions = []

    async def async_open_popover(self, session_id, html, size):
        """What iTerm2 shows in a popover: here its text, on the status line of the session's terminal."""
        from iterm2 import _invoke_in_session
        await _invoke_in_session(session_id, "iterm2.open_status_bar_component_popover",
                                 {"identifier": self.identifier, "html": html})

    async def async_set_unread_count(self, session_id, count):
        """The count shown after the component's text in a session (``None``: every session); 0 removes it."""
        from iterm2 import _invoke_in_session, async_invoke_function
        arguments = {"identifier": self.identifier, "count": count}
        if session_id:
            await _invoke_in_session(session_id, "iterm2.set_status_bar_component_unread_count", arguments)
        else:
            from iterm2 import _invocation
            await async_invoke_function(self._connection, _invocation("iterm2.set_status_bar_component_unread_count", arguments))


def StatusBarRPC(func):
    """Decorates a status-bar component's function; ``StatusBarComponent.async_register`` registers it.
    It must take ``knobs`` (a dict) and returns a string, or a list of strings of which the longest
    that fits is shown."""
    names = _loop.signature(func)[0]
    if "knobs" not in names:
        raise TypeError("%s: a status-bar function takes an argument named knobs" % func.__name__)

    async def async_register(connection, component, timeout=None):
        await _register_with_role(func, timeout, {"role": "STATUS_BAR_COMPONENT",
                                                  "status_bar_component_attributes": component._attributes()})

    async def async_unregister():
        await _unregister(func)

    func.async_register = async_register
    func.async_unregister = async_unregister
    return func


def TitleProviderRPC(func):
    """Decorates a function that computes a session's title from its ``Reference`` defaults:
    ``await f.async_register(connection, display_name, unique_identifier, timeout=None)``. The host
    uses the provider registered last: its result becomes each session's ``name`` (the window
    title of a ``polybridge pty`` terminal), again whenever a referenced variable changes."""

    async def async_register(connection, display_name, unique_identifier, timeout=None):
        if not unique_identifier:
            raise ValueError("unique_identifier %r (expected: a unique string such as com.example.title)" % (unique_identifier,))
        await _register_with_role(func, timeout, {"role": "SESSION_TITLE", "session_title_attributes": {
            "display_name": display_name, "unique_identifier": unique_identifier}})

    async def async_unregister():
        await _unregister(func)

    func.async_register = async_register
    func.async_unregister = async_unregister
    return func
