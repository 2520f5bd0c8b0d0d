"""Editor stubs of polybridge's iterm2.keyboard (generated from the module; `polybridge stubs DIR`)."""
from typing import Any, Dict, List, Optional, Tuple

import enum
import iterm2


class Keycode(enum.Enum):
    """macOS virtual key codes, as iTerm2 reports them."""
    ANSI_A = 0
    ANSI_S = 1
    ANSI_D = 2
    ANSI_F = 3
    ANSI_H = 4
    ANSI_G = 5
    ANSI_Z = 6
    ANSI_X = 7
    ANSI_C = 8
    ANSI_V = 9
    ANSI_B = 11
    ANSI_Q = 12
    ANSI_W = 13
    ANSI_E = 14
    ANSI_R = 15
    ANSI_Y = 16
    ANSI_T = 17
    ANSI_1 = 18
    ANSI_2 = 19
    ANSI_3 = 20
    ANSI_4 = 21
    ANSI_6 = 22
    ANSI_5 = 23
    ANSI_EQUAL = 24
    ANSI_9 = 25
    ANSI_7 = 26
    ANSI_MINUS = 27
    ANSI_8 = 28
    ANSI_0 = 29
    ANSI_RIGHT_BRACKET = 30
    ANSI_O = 31
    ANSI_U = 32
    ANSI_LEFT_BRACKET = 33
    ANSI_I = 34
    ANSI_P = 35
    ANSI_L = 37
    ANSI_J = 38
    ANSI_QUOTE = 39
    ANSI_K = 40
    ANSI_SEMICOLON = 41
    ANSI_BACKSLASH = 42
    ANSI_COMMA = 43
    ANSI_SLASH = 44
    ANSI_N = 45
    ANSI_M = 46
    ANSI_PERIOD = 47
    ANSI_GRAVE = 50
    ANSI_KEYPAD_DECIMAL = 65
    ANSI_KEYPAD_MULTIPLY = 67
    ANSI_KEYPAD_PLUS = 69
    ANSI_KEYPAD_CLEAR = 71
    ANSI_KEYPAD_DIVIDE = 75
    ANSI_KEYPAD_ENTER = 76
    ANSI_KEYPAD_MINUS = 78
    ANSI_KEYPAD_EQUALS = 81
    ANSI_KEYPAD0 = 82
    ANSI_KEYPAD1 = 83
    ANSI_KEYPAD2 = 84
    ANSI_KEYPAD3 = 85
    ANSI_KEYPAD4 = 86
    ANSI_KEYPAD5 = 87
    ANSI_KEYPAD6 = 88
    ANSI_KEYPAD7 = 89
    ANSI_KEYPAD8 = 91
    ANSI_KEYPAD9 = 92
    RETURN = 36
    TAB = 48
    SPACE = 49
    DELETE = 51
    ESCAPE = 53
    COMMAND = 55
    SHIFT = 56
    CAPS_LOCK = 57
    OPTION = 58
    CONTROL = 59
    RIGHT_COMMAND = 54
    RIGHT_SHIFT = 60
    RIGHT_OPTION = 61
    RIGHT_CONTROL = 62
    FUNCTION = 63
    F17 = 64
    VOLUME_UP = 72
    VOLUME_DOWN = 73
    MUTE = 74
    F18 = 79
    F19 = 80
    F20 = 90
    F5 = 96
    F6 = 97
    F7 = 98
    F3 = 99
    F8 = 100
    F9 = 101
    F11 = 103
    F13 = 105
    F16 = 106
    F14 = 107
    F10 = 109
    F12 = 111
    F15 = 113
    HELP = 114
    HOME = 115
    PAGE_UP = 116
    FORWARD_DELETE = 117
    F4 = 118
    END = 119
    F2 = 120
    PAGE_DOWN = 121
    F1 = 122
    LEFT_ARROW = 123
    RIGHT_ARROW = 124
    DOWN_ARROW = 125
    UP_ARROW = 126

class Keystroke:
    """One key: ``characters``, ``characters_ignoring_modifiers``, ``modifiers``, ``keycode``."""
    def __init__(self, notification: Any) -> None: ...
    @property
    def characters(self) -> Any: ...
    @property
    def characters_ignoring_modifiers(self) -> Any: ...
    @property
    def modifiers(self) -> Any: ...
    @property
    def keycode(self) -> Any: ...
    @property
    def action(self) -> Any: ...

class KeystrokeFilter:
    """``async with iterm2.KeystrokeFilter(connection, patterns, session=None):`` keys matching a
    pattern do not reach the program while the block runs (monitors still hear them).
    """
    def __init__(self, connection: iterm2.Connection, patterns: Any, session: Any = None) -> None: ...
    async def __aenter__(self) -> Any: ...
    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> Any: ...

class KeystrokeMonitor:
    """``async with iterm2.KeystrokeMonitor(connection, session=None) as mon: keystroke = await mon.async_get()``."""
    def __init__(self, connection: iterm2.Connection, session: Any = None, advanced: bool = False) -> None: ...
    async def __aenter__(self) -> Any: ...
    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> Any: ...
    async def async_get(self) -> Any: ...

class KeystrokePattern:
    """Which keys a KeystrokeFilter withholds: all ``required_modifiers``, none of the
    ``forbidden_modifiers``, and one of the ``keycodes``, ``characters`` or
    ``characters_ignoring_modifiers`` (any key when none is given).
    """
    required_modifiers: Any
    forbidden_modifiers: Any
    keycodes: Any
    characters: Any
    characters_ignoring_modifiers: Any
    def __init__(self) -> None: ...

class Modifier(enum.Enum):
    CONTROL = 1
    OPTION = 2
    COMMAND = 3
    SHIFT = 4
    FUNCTION = 5
    NUMPAD = 6
