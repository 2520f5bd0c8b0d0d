"""Editor stubs of polybridge's iterm2.statusbar (generated from the module; `polybridge stubs DIR`)."""
from typing import Any, Dict, List, Optional, Tuple

import iterm2


class CheckboxKnob(Knob):
    def __init__(self, name: Any, default_value: Any, key: Any) -> None: ...

class ColorKnob(Knob):
    def __init__(self, name: Any, default_value: Any, key: Any) -> None: ...

class Knob:
    """A setting of a status-bar component: its kind, name, placeholder, default (JSON) and key.
    The function gets ``knobs[key]``: the default, since no host has a panel to change it.
    """
    name: Any
    placeholder: Any
    json_default_value: Any
    key: Any
    def __init__(self, knob_type: Any, name: Any, placeholder: Any, json_default_value: Any, key: Any) -> None: ...

class PositiveFloatingPointKnob(Knob):
    def __init__(self, name: Any, default_value: Any, key: Any) -> None: ...

class StatusBarComponent:
    """A status-bar component: its descriptions, knobs, exemplar, cadence (seconds, or None) and
    a unique identifier (reverse DNS). ``await component.async_register(connection, coro,
    timeout=None, onclick=None)``.
    """
    short_description: Any
    detailed_description: Any
    knobs: Any
    exemplar: Any
    update_cadence: Any
    identifier: Any
    icons: Any
    format: Any
    def __init__(self, short_description: Any, detailed_description: Any, knobs: Any, exemplar: Any, update_cadence: Any, identifier: Any, icons: Any = ..., format: Any = ...) -> None: ...
    async def async_register(self, connection: iterm2.Connection, coro: Any, timeout: Any = None, onclick: Any = None) -> Any:
        """Registers ``coro`` (decorated with ``StatusBarRPC``; it takes ``knobs``) as this
        component's function, and ``onclick(session_id)`` as its click handler (a function
        ``__<identifier>__on_click(session_id)``, as iTerm2 names it: invoke it to click).
        """
    async def async_unregister(self) -> Any: ...
    async def async_open_popover(self, session_id: str, html: Any, size: Any) -> Any:
        """What iTerm2 shows in a popover: here its text, on the status line of the session's terminal."""
    async def async_set_unread_count(self, session_id: str, count: Any) -> Any:
        """The count shown after the component's text in a session (``None``: every session); 0 removes it."""

def StatusBarRPC(func: Any) -> Any:
    """Decorates a status-bar component's function; ``StatusBarComponent.async_register`` registers it.
    It must take ``knobs`` (a dict) and returns a string, or a list of strings of which the longest
    that fits is shown.
    """

class StringKnob(Knob):
    def __init__(self, name: Any, placeholder: Any, default_value: Any, key: Any) -> None: ...

def TitleProviderRPC(func: Any) -> Any:
    """Decorates a function that computes a session's title from its ``Reference`` defaults:
    ``await f.async_register(connection, display_name, unique_identifier, timeout=None)``. The host
    uses the provider registered last: its result becomes each session's ``name`` (the window
    title of a ``polybridge pty`` terminal), again whenever a referenced variable changes.
    """
