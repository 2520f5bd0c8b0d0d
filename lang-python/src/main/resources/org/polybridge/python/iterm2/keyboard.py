"""Keys typed into a terminal, by the names of iTerm2's library (``iterm2.keyboard``). Keys come
from what a person types into ``polybridge pty``: a terminal sends bytes, not key events, so a key
is what its bytes say (Ctrl-A is 0x01, Alt-x is ESC x, F5 is CSI 15 ~), reported as iTerm2 would
(its macOS key code, its characters and modifiers). A KeystrokeFilter withholds matching keys from
the program while it is open.

    async with iterm2.KeystrokeMonitor(connection) as mon:
        keystroke = await mon.async_get()
        if keystroke.keycode == iterm2.Keycode.ESCAPE: ...
"""

import enum


class Modifier(enum.Enum):
    CONTROL = 1
    OPTION = 2
    COMMAND = 3
    SHIFT = 4
    FUNCTION = 5
    NUMPAD = 6


class Keycode(enum.Enum):
    """macOS virtual key codes, as iTerm2 reports them."""
    ANSI_A = 0x00
    ANSI_S = 0x01
    ANSI_D = 0x02
    ANSI_F = 0x03
    ANSI_H = 0x04
    ANSI_G = 0x05
    ANSI_Z = 0x06
    ANSI_X = 0x07
    ANSI_C = 0x08
    ANSI_V = 0x09
    ANSI_B = 0x0B
    ANSI_Q = 0x0C
    ANSI_W = 0x0D
    ANSI_E = 0x0E
    ANSI_R = 0x0F
    ANSI_Y = 0x10
    ANSI_T = 0x11
    ANSI_1 = 0x12
    ANSI_2 = 0x13
    ANSI_3 = 0x14
    ANSI_4 = 0x15
    ANSI_6 = 0x16
    ANSI_5 = 0x17
    ANSI_EQUAL = 0x18
    ANSI_9 = 0x19
    ANSI_7 = 0x1A
    ANSI_MINUS = 0x1B
    ANSI_8 = 0x1C
    ANSI_0 = 0x1D
    ANSI_RIGHT_BRACKET = 0x1E
    ANSI_O = 0x1F
    ANSI_U = 0x20
    ANSI_LEFT_BRACKET = 0x21
    ANSI_I = 0x22
    ANSI_P = 0x23
    ANSI_L = 0x25
    ANSI_J = 0x26
    ANSI_QUOTE = 0x27
    ANSI_K = 0x28
    ANSI_SEMICOLON = 0x29
    ANSI_BACKSLASH = 0x2A
    ANSI_COMMA = 0x2B
    ANSI_SLASH = 0x2C
    ANSI_N = 0x2D
    ANSI_M = 0x2E
    ANSI_PERIOD = 0x2F
    ANSI_GRAVE = 0x32
    ANSI_KEYPAD_DECIMAL = 0x41
    ANSI_KEYPAD_MULTIPLY = 0x43
    ANSI_KEYPAD_PLUS = 0x45
    ANSI_KEYPAD_CLEAR = 0x47
    ANSI_KEYPAD_DIVIDE = 0x4B
    ANSI_KEYPAD_ENTER = 0x4C
    ANSI_KEYPAD_MINUS = 0x4E
    ANSI_KEYPAD_EQUALS = 0x51
    ANSI_KEYPAD0 = 0x52
    ANSI_KEYPAD1 = 0x53
    ANSI_KEYPAD2 = 0x54
    ANSI_KEYPAD3 = 0x55
    ANSI_KEYPAD4 = 0x56
    ANSI_KEYPAD5 = 0x57
    ANSI_KEYPAD6 = 0x58
    ANSI_KEYPAD7 = 0x59
    ANSI_KEYPAD8 = 0x5B
    ANSI_KEYPAD9 = 0x5C
    RETURN = 0x24
    TAB = 0x30
    SPACE = 0x31
    DELETE = 0x33
    ESCAPE = 0x35
    COMMAND = 0x37
    SHIFT = 0x38
    CAPS_LOCK = 0x39
    OPTION = 0x3A
    CONTROL = 0x3B
    RIGHT_COMMAND = 0x36
    RIGHT_SHIFT = 0x3C
    RIGHT_OPTION = 0x3D
    RIGHT_CONTROL = 0x3E
    FUNCTION = 0x3F
    F17 = 0x40
    VOLUME_UP = 0x48
    VOLUME_DOWN = 0x49
    MUTE = 0x4A
    F18 = 0x4F
    F19 = 0x50
    F20 = 0x5A
    F5 = 0x60
    F6 = 0x61
    F7 = 0x62
    F3 = 0x63
    F8 = 0x64
    F9 = 0x65
    F11 = 0x67
    F13 = 0x69
    F16 = 0x6A
    F14 = 0x6B
    F10 = 0x6D
    F12 = 0x6F
    F15 = 0x71
    HELP = 0x72
    HOME = 0x73
    PAGE_UP = 0x74
    FORWARD_DELETE = 0x75
    F4 = 0x76
    END = 0x77
    F2 = 0x78
    PAGE_DOWN = 0x79
    F1 = 0x7A
    LEFT_ARROW = 0x7B
    RIGHT_ARROW = 0x7C
    DOWN_ARROW = 0x7D
    UP_ARROW = 0x7E

    @classmethod
    def _missing_(cls, value):
        return None


class Keystroke:
    """One key: ``characters``, ``characters_ignoring_modifiers``, ``modifiers``, ``keycode``."""

    class Action(enum.Enum):
        NA = 0
        KEY_DOWN = 1
        KEY_UP = 2
        FLAGS_CHANGED = 3

    def __init__(self, notification):
        self._characters = notification.get("characters", "")
        self._ignoring = notification.get("charactersIgnoringModifiers", "")
        self._modifiers = notification.get("modifiers", [])
        self._keycode = notification.get("keyCode", 0)

    @property
    def characters(self):
        return self._characters

    @property
    def characters_ignoring_modifiers(self):
        return self._ignoring

    @property
    def modifiers(self):
        return [Modifier[m] if isinstance(m, str) else Modifier(m) for m in self._modifiers]

    @property
    def keycode(self):
        try:
            return Keycode(self._keycode)
        except ValueError:
            return self._keycode

    @property
    def action(self):
        return Keystroke.Action.NA

    def __repr__(self):
        return "Keystroke(chars=%r, charsIgnoringModifiers=%r, modifiers=%r, keyCode=%r)" % (
            self.characters, self.characters_ignoring_modifiers, self.modifiers, self.keycode)


class KeystrokePattern:
    """Which keys a KeystrokeFilter withholds: all ``required_modifiers``, none of the
    ``forbidden_modifiers``, and one of the ``keycodes``, ``characters`` or
    ``characters_ignoring_modifiers`` (any key when none is given)."""

    def __init__(self):
        self.required_modifiers = []
        self.forbidden_modifiers = []
        self.keycodes = []
        self.characters = []
        self.characters_ignoring_modifiers = []

    def _fields(self):
        def modifier(m):
            if not isinstance(m, Modifier):
                raise ValueError("modifier %r (expected: an iterm2.Modifier)" % (m,))
            return m.name

        def keycode(k):
            if isinstance(k, Keycode):
                return k.value
            if isinstance(k, int) and k >= 0:
                return k
            raise ValueError("keycode %r (expected: an iterm2.Keycode)" % (k,))
        return {"required_modifiers": [modifier(m) for m in self.required_modifiers],
                "forbidden_modifiers": [modifier(m) for m in self.forbidden_modifiers],
                "keycodes": [keycode(k) for k in self.keycodes],
                "characters": list(self.characters),
                "characters_ignoring_modifiers": list(self.characters_ignoring_modifiers)}


class KeystrokeMonitor:
    """``async with iterm2.KeystrokeMonitor(connection, session=None) as mon: keystroke = await mon.async_get()``."""

    def __init__(self, connection, session=None, advanced=False):
        from iterm2 import _Monitor
        monitor_session = session or "all"

        class _Subscription(_Monitor):
            async def _subscribe_all(self):
                await self._add({"session": monitor_session, "notification_type": "NOTIFY_ON_KEYSTROKE",
                                 "keystroke_monitor_request": {}},
                                lambda n: self._queue.put_nowait(Keystroke(n["keystroke_notification"])))

        self._subscription = _Subscription(connection, session)

    async def __aenter__(self):
        await self._subscription.__aenter__()
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self._subscription.__aexit__(exc_type, exc, tb)

    async def async_get(self):
        return await self._subscription._next()


class KeystrokeFilter:
    """``async with iterm2.KeystrokeFilter(connection, patterns, session=None):`` keys matching a
    pattern do not reach the program while the block runs (monitors still hear them)."""

    def __init__(self, connection, patterns, session=None):
        from iterm2 import _Monitor
        fields = [p._fields() for p in patterns]
        filter_session = session or "all"

        class _Subscription(_Monitor):
            async def _subscribe_all(self):
                await self._add({"session": filter_session, "notification_type": "KEYSTROKE_FILTER",
                                 "keystroke_filter_request": {"patterns_to_ignore": fields}}, lambda n: None)

        self._subscription = _Subscription(connection, session)

    async def __aenter__(self):
        await self._subscription.__aenter__()
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self._subscription.__aexit__(exc_type, exc, tb)
