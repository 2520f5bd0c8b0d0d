"""Editor stubs of polybridge's iterm2 (generated from the module; `polybridge stubs DIR`)."""
from typing import Any, Dict, List, Optional, Tuple

import enum
from iterm2 import alert as alert
from iterm2 import broadcast as broadcast
from iterm2 import keyboard as keyboard
from iterm2 import prompt as prompt
from iterm2 import selection as selection
from iterm2 import statusbar as statusbar
from iterm2 import tmux as tmux
from iterm2 import triggers as triggers
from iterm2 import util as util
from iterm2.alert import Alert as Alert
from iterm2.alert import PolyModalAlert as PolyModalAlert
from iterm2.alert import PolyModalResult as PolyModalResult
from iterm2.alert import TextInputAlert as TextInputAlert
from iterm2.broadcast import BroadcastDomain as BroadcastDomain
from iterm2.broadcast import async_set_broadcast_domains as async_set_broadcast_domains
from iterm2.keyboard import Keycode as Keycode
from iterm2.keyboard import Keystroke as Keystroke
from iterm2.keyboard import KeystrokeFilter as KeystrokeFilter
from iterm2.keyboard import KeystrokeMonitor as KeystrokeMonitor
from iterm2.keyboard import KeystrokePattern as KeystrokePattern
from iterm2.keyboard import Modifier as Modifier
from iterm2.prompt import Prompt as Prompt
from iterm2.prompt import PromptMonitor as PromptMonitor
from iterm2.prompt import PromptState as PromptState
from iterm2.prompt import async_get_last_prompt as async_get_last_prompt
from iterm2.prompt import async_get_prompt_by_id as async_get_prompt_by_id
from iterm2.prompt import async_list_prompts as async_list_prompts
from iterm2.selection import MainMenu as MainMenu
from iterm2.selection import MenuItemException as MenuItemException
from iterm2.selection import MenuItemIdentifier as MenuItemIdentifier
from iterm2.selection import MenuItemState as MenuItemState
from iterm2.selection import Selection as Selection
from iterm2.selection import SelectionMode as SelectionMode
from iterm2.selection import SubSelection as SubSelection
from iterm2.statusbar import CheckboxKnob as CheckboxKnob
from iterm2.statusbar import ColorKnob as ColorKnob
from iterm2.statusbar import Knob as Knob
from iterm2.statusbar import PositiveFloatingPointKnob as PositiveFloatingPointKnob
from iterm2.statusbar import StatusBarComponent as StatusBarComponent
from iterm2.statusbar import StatusBarRPC as StatusBarRPC
from iterm2.statusbar import StringKnob as StringKnob
from iterm2.statusbar import TitleProviderRPC as TitleProviderRPC
from iterm2.tmux import TmuxConnection as TmuxConnection
from iterm2.tmux import TmuxException as TmuxException
from iterm2.tmux import async_get_tmux_connection_by_connection_id as async_get_tmux_connection_by_connection_id
from iterm2.tmux import async_get_tmux_connections as async_get_tmux_connections
from iterm2.util import CoordRange as CoordRange
from iterm2.util import Frame as Frame
from iterm2.util import Point as Point
from iterm2.util import Range as Range
from iterm2.util import Size as Size
from iterm2.util import WindowedCoordRange as WindowedCoordRange
from iterm2.util import async_wait_forever as async_wait_forever


class ActivateException(RPCException):
    """A window, tab or session could not be activated."""

class _Variables:
    async def async_get_variable(self, name: Any) -> Any: ...
    async def async_set_variable(self, name: Any, value: Any) -> Any: ...
    async def async_invoke_function(self, invocation: Any, timeout: float = -1) -> Any:
        """Evaluates an invocation in this context: ``await session.async_invoke_function("add(a: 1, b: 2)")``."""

class App(_Variables):
    """The app: ``windows`` of ``tabs`` of ``sessions``, and which ones have keyboard focus."""
    connection: Connection
    buried_sessions: Any
    broadcast_domains: Any
    app_active: Any
    def __init__(self, connection: Connection) -> None: ...
    @property
    def windows(self) -> List[Window]: ...
    @property
    def terminal_windows(self) -> List[Window]: ...
    @property
    def current_window(self) -> Optional[Window]: ...
    @property
    def current_terminal_window(self) -> Any: ...
    def get_session_by_id(self, session_id: str, include_buried: bool = True) -> Optional[Session]: ...
    def get_tab_by_id(self, tab_id: str) -> Optional[Tab]: ...
    def get_window_by_id(self, window_id: str) -> Optional[Window]: ...
    def get_window_for_tab(self, tab_id: str) -> Optional[Window]:
        """The window that holds the tab with this id, or None."""
    def get_tab_and_window_for_session(self, session: Any) -> Tuple[Optional[Window], Optional[Tab]]:
        """``(window, tab)`` of a session, or ``(None, None)``."""
    def pretty_str(self) -> Any: ...
    async def async_activate(self, raise_all_windows: bool = True, ignoring_other_apps: bool = False) -> Any:
        """Brings the app forward; a headless host has nothing to raise, so this only asks it."""
    async def async_get_theme(self) -> Any:
        """The words of the ``effectiveTheme`` variable, e.g. ``["dark"]``."""
    async def async_apply_layout(self, spec: Any) -> Any:
        """Reshapes tabs in one step: ``spec`` is a dict with ``tabs`` (``{"tab_id", "root"}``, a
        root being ``{"session_id": id}`` or ``{"vertical": bool, "children": [node, ...]}`` with
        two children or more), and optionally ``close_sessions``, ``close_tabs``, ``close_windows``
        (lists of ids). Sessions named in another tab's root move there; a tab left empty closes.
        The whole spec is checked before anything changes; a bad one raises RPCException naming
        what was wrong (``Splitter at tabs[0].root.children[1] has 1 children; must have at least 2``).
        """
    async def async_move_session(self, session: Any, destination: Any, split_vertically: Any, before: Any) -> Any:
        """Moves ``session`` beside ``destination``, as a split of it (left of / above it when ``before``)."""
    async def async_refresh(self) -> Any:
        """Re-reads windows, tabs, sessions and focus."""
    async def async_refresh_focus(self) -> Any: ...

class BadGUIDException(RPCException):
    """A profile's guid is missing or names no profile."""

class Color:
    """A colour, its components from 0 to 255: ``Color(255, 128, 128)``."""
    red: Any
    green: Any
    blue: Any
    alpha: Any
    color_space: Any
    def __init__(self, r: float = 0, g: float = 0, b: float = 0, a: float = 255, color_space: Any = ...) -> None: ...
    @staticmethod
    def from_hex(s: Any) -> Any:
        """``#rrggbb`` (or ``rrggbb``) as a Color; None when it is not one."""
    def get_dict(self) -> Any: ...
    def from_dict(self, input_dict: Any) -> Any: ...
    @property
    def json(self) -> Any: ...
    @property
    def hex(self) -> str: ...

class ColorPreset:
    """A named set of colours for profile keys; polybridge ships a few well-known ones."""
    values: Any
    def __init__(self, values: Any) -> None: ...
    @staticmethod
    async def async_get_list(connection: Connection) -> Any: ...
    @staticmethod
    async def async_get(connection: Connection, name: Any) -> Any:
        """The preset named ``name``, or None when there is none."""

class ColorSpace(enum.Enum):
    SRGB = 'sRGB'
    CALIBRATED = 'Calibrated'
    P3 = 'P3'

class Connection:
    """The script's connection to the host. The host owns it: scripts never open sockets."""
    def __init__(self) -> None: ...
    @property
    def loop(self) -> Any: ...
    async def async_dispatch_for_duration(self, duration: Any) -> Any:
        """Lets the loop serve RPC calls and notifications for ``duration`` seconds."""

def ContextMenuProviderRPC(func: Any) -> Any:
    """Decorates a function that a context menu item runs:
    ``await f.async_register(connection, display_name, unique_identifier, timeout=None)``. It is
    registered under the namespace ``contextMenu.`` (``polybridge functions`` lists it; invoke it as
    ``contextMenu.<name>(...)``); ``Reference`` defaults fill its arguments as with ``RPC``.
    """

class CreateTabException(RPCException):
    """A window or tab could not be created (no such profile, no such window, ...)."""

class CustomControlSequence:
    """Calls ``callback(match)`` for each custom control sequence
    ``OSC 1337 ; Custom=id=<identity>:<payload> ST`` whose payload ``re.search(regex, ...)``
    matches. ``shared_secret`` is the older name of ``identity``.
    """
    connection: Connection
    callback: Any
    identity: Any
    regex: Any
    session_id: str
    def __init__(self, connection: Connection, callback: Any, identity: Any = None, regex: Any = None, shared_secret: Any = None, session_id: Optional[str] = None) -> None: ...
    async def async_register(self) -> Any: ...
    async def async_unregister(self) -> Any: ...

class CustomControlSequenceMonitor:
    """``async with iterm2.CustomControlSequenceMonitor(connection, identity, regex) as mon:
    match = await mon.async_get()``
    """
    def __init__(self, connection: Connection, identity: Any, regex: Any, session_id: Optional[str] = None) -> None: ...
    async def __aenter__(self) -> Any: ...
    async def async_get(self) -> Any: ...
    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> Any: ...

class _Monitor:
    """An async context manager over one subscription; ``async_get`` returns the next event. A
    monitor of one session fails its waiters with SubscriptionException when the session ends.
    """
    connection: Connection
    def __init__(self, connection: Connection, session_id: Optional[str] = None) -> None: ...
    async def __aenter__(self) -> Any: ...
    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> Any: ...

class EachSessionOnceMonitor(_Monitor):
    """Each session's id once: those open now, then each new one."""
    def __init__(self, app: App) -> None: ...
    async def async_get(self) -> Any: ...
    @staticmethod
    async def async_foreach_session_create_task(app: App, task: Any) -> Any:
        """Runs ``task(session_id)`` as a task for each session, now and later; cancels it when
        its session ends. Runs until cancelled.
        """

class FocusMonitor(_Monitor):
    """``update = await mon.async_get_next_update()`` for each change of keyboard focus: the key
    window, a window's selected tab, the active session.
    """
    async def async_get_next_update(self) -> Any: ...

class FocusUpdate:
    """One change of focus: one of its four attributes is set."""
    application_active: Any
    window_changed: Any
    selected_tab_changed: Any
    active_session_changed: Any
    def __init__(self, application_active: Any = None, window_changed: Any = None, selected_tab_changed: Any = None, active_session_changed: Any = None) -> None: ...

class FocusUpdateActiveSessionChanged:
    session_id: str
    def __init__(self, session_id: str) -> None: ...

class FocusUpdateApplicationActive:
    application_active: Any
    def __init__(self, active: Any) -> None: ...

class FocusUpdateSelectedTabChanged:
    tab_id: str
    def __init__(self, tab_id: str) -> None: ...

class FocusUpdateWindowChanged:
    window_id: str
    event: Any
    def __init__(self, window_id: str, event: Any) -> None: ...

class GetPresetException(RPCException):
    """A colour preset could not be read."""

class GetProfilePropertyException(RPCException):
    """A session's profile could not be read."""

class InvalidSessionId(RPCException):
    """No session has that id."""

class LayoutChangeMonitor(_Monitor):
    """``await mon.async_get()`` returns when windows, tabs or panes change."""
    async def async_get(self) -> Any: ...

class LineContents:
    """One line of a session: its ``string`` and whether it ends with a newline (``hard_eol``)."""
    string: Any
    hard_eol: Any
    def __init__(self, message: Any) -> None: ...
    def string_at(self, x: Any) -> Any: ...

class ListPresetsException(RPCException):
    """The colour presets could not be listed."""

class LocalWriteOnlyProfile:
    """Profile changes collected to be applied at once: ``change.set_tab_color(color)``, then
    ``await session.async_set_profile_properties(change)``. Every setter of iTerm2's library, by
    the same names.
    """
    def __init__(self, values: Any = None) -> None: ...
    @property
    def values(self) -> Any: ...

class NewSessionMonitor(_Monitor):
    """``session_id = await mon.async_get()`` for each new session."""
    async def async_get(self) -> Any: ...

class PartialProfile(Profile):
    """A named profile with some of its properties (``async_query``); ``async_get_full_profile``
    reads the rest.
    """
    @staticmethod
    async def async_query(connection: Connection, guids: Any = None, properties: Any = ...) -> Any: ...
    async def async_get_full_profile(self) -> Any: ...

class Profile(WriteOnlyProfile):
    """A profile's properties (``profile.tab_color``, ``profile.normal_font``, …, by the names of
    iTerm2's library) and setters that change it (``await profile.async_set_blend(0.5)``): the
    session's own profile when it came from ``session.async_get_profile()``, else the named one.
    """
    connection: Connection
    def __init__(self, profile_id: Any, connection: Connection, properties: Any) -> None: ...
    @property
    def all_properties(self) -> Any: ...
    @property
    def local_write_only_copy(self) -> Any: ...
    @property
    def guid(self) -> Any: ...
    @property
    def name(self) -> Any: ...
    def get_color_with_key(self, key: Any) -> Any: ...
    async def async_make_default(self) -> Any:
        """Makes this profile the default for new sessions."""
    async def async_set_color_preset(self, preset: Any) -> Any: ...
    @staticmethod
    async def async_get(connection: Connection, guids: Any = None) -> Any:
        """The named profiles (those with one of ``guids``, or all)."""
    @staticmethod
    async def async_get_default(connection: Connection) -> Any: ...

def RPC(func: Any = None, *, timeout: Any = None) -> Any:
    """Decorates a function (``async def`` or plain ``def``) so that it can be registered as an RPC:
    ``await f.async_register(connection, timeout=None)``. Its name and argument names come from its
    signature; only ``Reference`` defaults are sent, other arguments are required by callers.
    """

class RPCException(Exception):
    """The host refused or failed a request (no such session, name taken, ...)."""

class Reference:
    """A default value naming a variable of the call site: ``session_id=iterm2.Reference("id")``.
    ``"id?"`` is optional: ``None`` when unset instead of no call at all.
    """
    def __new__(cls, name: Any) -> Any: ...
    name: Any
    def __init__(self, name: Any) -> None: ...

class ScreenContents:
    """The lines a screen shows: ``number_of_lines``, ``line(i)``, and the ``cursor_coord``."""
    cursor_coord: Any
    number_of_lines_above_screen: Any
    def __init__(self, message: Any) -> None: ...
    @property
    def number_of_lines(self) -> Any: ...
    def line(self, index: Any) -> Any: ...

class Session(_Variables):
    connection: Connection
    session_id: str
    tab: Tab
    name: Any
    grid_size: Any
    frame: Any
    preferred_size: Any
    def __init__(self, connection: Connection, session_id: str) -> None: ...
    @property
    def window(self) -> Optional[Window]: ...
    async def async_inject(self, data: Any) -> Any:
        """Shows bytes in the session as though its program had written them."""
    async def async_send_text(self, text: Any, suppress_broadcast: bool = False) -> Any:
        """Types text into the session as though the user had (into its whole broadcast domain
        unless ``suppress_broadcast``).
        """
    async def async_split_pane(self, vertical: bool = False, before: bool = False, profile: Any = None, profile_customizations: Any = None) -> Session:
        """Opens a new session beside this one, in its tab; returns it."""
    async def async_activate(self, select_tab: bool = True, order_window_front: bool = True) -> Any:
        """Gives this session keyboard focus (and selects its tab)."""
    async def async_close(self, force: bool = False) -> Any: ...
    async def async_get_profile(self) -> Profile:
        """The session's own profile (a copy of the one it was opened with)."""
    async def async_set_profile_properties(self, write_only_profile: Any) -> Any:
        """Sets the properties of a LocalWriteOnlyProfile in this session's profile."""
    async def async_set_profile(self, profile: Any) -> Any:
        """Gives the session the properties of ``profile``."""
    async def async_get_screen_contents(self) -> ScreenContents:
        """The lines the session's screen shows now (the last ``rows`` lines of its output)."""
    async def async_get_contents(self, first_line: Any, number_of_lines: Any) -> Any:
        """``number_of_lines`` lines of the session's kept output from ``first_line`` (numbered as
        prompts' ranges are: from 0, the oldest line kept).
        """
    async def async_get_line_info(self) -> Any:
        """The session's lines: how many the screen shows (``mutable_area_height``), how many are
        kept above them (``scrollback_buffer_height``), how many were dropped (``overflow``) and
        the first line shown (``first_visible_line_number``).
        """
    async def async_get_selection(self) -> Any:
        """What is selected in the session: what a script set with ``async_set_selection`` (a
        terminal attached to polybridge reports no selection a person made).
        """
    async def async_set_selection(self, selection_: Any) -> Any:
        """Selects ``selection_`` (an iterm2.Selection); its text becomes the ``selection`` variable."""
    async def async_get_selection_text(self, selection_: Any) -> Any:
        """The text of ``selection_`` in this session (empty when nothing is selected)."""
    async def async_load_url(self, url: Any) -> Any:
        """Not here: iTerm2 opens the URL in a browser session, which no polybridge host has."""

class SessionLineInfo:
    mutable_area_height: Any
    scrollback_buffer_height: Any
    overflow: Any
    first_visible_line_number: Any
    def __init__(self, mutable_area_height: Any, scrollback_buffer_height: Any, overflow: Any, first_visible_line_number: Any) -> None: ...

class SessionTerminationMonitor(_Monitor):
    """``session_id = await mon.async_get()`` for each session that ends."""
    async def async_get(self) -> Any: ...

class SetProfilePropertyException(RPCException):
    """A profile property could not be set (no such session, no such profile)."""

class SplitPaneException(RPCException):
    """A pane could not be split."""

class Splitter:
    """A node of a tab's split tree (``tab.root``): ``children`` are Sessions and Splitters, side by
    side when ``vertical`` (the dividers are vertical), else one above the other.
    """
    vertical: Any
    children: Any
    def __init__(self, vertical: bool = False, children: Any = None) -> None: ...
    def add_child(self, child: Any) -> Any:
        """Adds a Session or a Splitter after the others."""
    def update_session(self, session: Any) -> Any:
        """Puts ``session`` where the session of its id is; returns whether there was one."""
    def pretty_str(self, indent: str = '') -> Any: ...
    @property
    def sessions(self) -> Any: ...

class SubscriptionException(RPCException):
    """The host refused a subscription (no such session, ...), or the session it watched ended."""

class Tab(_Variables):
    connection: Connection
    tab_id: str
    window: Window
    root: Any
    tmux_window_id: Any
    tmux_connection_id: Any
    def __init__(self, connection: Connection, tab_id: str) -> None: ...
    @property
    def sessions(self) -> List[Session]: ...
    @property
    def all_sessions(self) -> List[Session]: ...
    @property
    def current_session(self) -> Optional[Session]: ...
    async def async_select(self, order_window_front: bool = True) -> Any: ...
    async def async_activate(self, order_window_front: bool = True) -> Any:
        """Selects this tab (and its window)."""
    async def async_close(self, force: bool = False) -> Any: ...
    async def async_set_title(self, title: Any) -> Any:
        """Sets the tab's title (an interpolated string; empty: the current session's)."""
    async def async_move_to_window(self) -> Any:
        """Moves this tab to a new window of its own (its window must have other tabs); returns that window."""
    async def async_update_layout(self) -> Any:
        """Gives the tab's panes the sizes set as their sessions' ``preferred_size`` (the tree
        keeps its shape; together the sizes fill the tab as before). Raises RPCException with
        the host's status (``WRONG_TREE``, ``INVALID_SIZE``, ``BAD_TAB_ID``) otherwise.
        """
    def pretty_str(self, indent: str = '') -> Any: ...

class Transaction:
    """``async with iterm2.Transaction(connection):``. iTerm2 holds its other work for the block;
    polybridge's host answers each request in order as it comes, so the block runs as is.
    """
    connection: Connection
    def __init__(self, connection: Connection) -> None: ...
    async def __aenter__(self) -> Any: ...
    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> Any: ...

class VariableMonitor(_Monitor):
    """``async with iterm2.VariableMonitor(connection, iterm2.VariableScopes.SESSION, "jobName",
    session_id) as mon: value = await mon.async_get()``. The identifier may be ``"all"``: every
    session's (or window's) change of the name, as in iTerm2.
    """
    def __init__(self, connection: Connection, scope: Any, name: Any, identifier: Any) -> None: ...
    async def async_get(self) -> Any: ...

class VariableScopes(enum.Enum):
    SESSION = 1
    TAB = 2
    WINDOW = 3
    APP = 4

class Window(_Variables):
    connection: Connection
    window_id: str
    number: Any
    frame: Any
    def __init__(self, connection: Connection, window_id: str, app: Optional[App] = None) -> None: ...
    @property
    def window_number(self) -> Any: ...
    @staticmethod
    async def async_create(connection: Connection, profile: Any = None, command: Any = None, profile_customizations: Any = None) -> Optional[Window]:
        """Opens a new window (running ``command`` instead of the profile's program when given); returns it."""
    async def async_create_tab(self, profile: Any = None, command: Any = None, index: Any = None, profile_customizations: Any = None) -> Optional[Tab]:
        """Opens a new tab at the end of this window; returns it."""
    async def async_create_tmux_tab(self, tmux_connection: Any) -> Any:
        """Opens a new tmux window of ``tmux_connection`` as a tab of this window; returns the tab."""
    @property
    def tabs(self) -> List[Tab]: ...
    @property
    def current_tab(self) -> Optional[Tab]: ...
    async def async_activate(self) -> Any: ...
    async def async_close(self, force: bool = False) -> Any: ...
    async def async_set_tabs(self, tabs: Any) -> Any:
        """Gives the window these tabs in this order; tabs of other windows move here, tabs of
        this window left out move to new windows of their own.
        """
    async def async_set_title(self, title: Any) -> Any:
        """Sets the window's title (an interpolated string)."""
    def pretty_str(self, indent: str = '') -> Any: ...

class WriteOnlyProfile:
    """Setters that apply at once to a session's profile (``session_id``) or to a named profile
    (``guid``): ``await profile.async_set_tab_color(color)``.
    """
    session_id: str
    connection: Connection
    def __init__(self, session_id: str, connection: Connection, guid: Any = None) -> None: ...
    async def async_set_color_preset(self, preset: Any) -> Any:
        """Sets every colour of ``preset``."""

async def async_get_app(connection: Connection, create_if_needed: bool = True) -> App:
    """The app: its windows, tabs and sessions. One per connection; it follows new and ended
    sessions, layout and focus changes by itself.
    """

async def async_get_variable(connection: Connection, name: Any) -> Any:
    """A variable of the app (``iterm2.async_get_variable(connection, "effectiveTheme")``)."""

async def async_invoke_function(connection: Connection, invocation: Any, timeout: float = -1) -> Any:
    """Evaluates an invocation in the app's context."""

def run_forever(coro: Any, retry: bool = False) -> Any:
    """Runs ``coro(connection)`` and keeps the script serving its RPCs and callbacks until it is stopped."""

def run_until_complete(coro: Any, retry: bool = False, debug: bool = False) -> Any:
    """Runs ``coro(connection)``; the script ends when it returns."""
