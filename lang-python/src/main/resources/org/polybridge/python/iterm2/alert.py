"""Alerts, by the names of iTerm2's library (``iterm2.alert``): questions for a person. A headless
host has no dialog: the alert waits in the host until someone answers it (``polybridge alerts``,
``polybridge alerts answer ID BUTTON|TEXT``), as long as it takes; stopping the script withdraws it.

    alert = iterm2.Alert("Build finished", "Deploy now?")
    alert.add_button("Deploy")
    alert.add_button("Later")
    if await alert.async_run(connection) == 1000:   # the first button
        ...
"""

import json

# as long as an invocation may wait (the host's limit, 24 hours): an alert waits for a person
_WAIT = 24 * 3600


def _invocation(name, arguments):
    return name + "(" + ", ".join("%s: %s" % (k, json.dumps(v)) for k, v in arguments.items()) + ")"


async def _ask(connection, name, arguments):
    from iterm2 import App
    return await App(connection).async_invoke_function(_invocation(name, arguments), _WAIT)


def _text(name, value):
    # iTerm2 shows whatever it is given as text: numbers are written as they read
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise TypeError("%s %r (expected: a string)" % (name, value))
    return value


class Alert:
    """A question with buttons; ``async_run`` returns 1000 for the first button, 1001 for the second…"""

    def __init__(self, title, subtitle, window_id=None):
        self._title = _text("title", title)
        self._subtitle = _text("subtitle", subtitle)
        self._buttons = []
        self._window_id = window_id

    @property
    def title(self):
        return self._title

    @property
    def subtitle(self):
        return self._subtitle

    @property
    def window_id(self):
        return self._window_id

    def add_button(self, title):
        self._buttons.append(_text("button", title))

    async def async_run(self, connection):
        return await _ask(connection, "iterm2.alert", {"title": self._title, "subtitle": self._subtitle,
                                                      "buttons": self._buttons, "window_id": self._window_id})


class TextInputAlert:
    """A question answered with text; ``async_run`` returns it."""

    def __init__(self, title, subtitle, placeholder, default_value, window_id=None):
        self._title = _text("title", title)
        self._subtitle = _text("subtitle", subtitle)
        self._placeholder = _text("placeholder", placeholder)
        self._default_value = _text("default_value", default_value)
        self._window_id = window_id

    title = property(lambda self: self._title)
    subtitle = property(lambda self: self._subtitle)
    placeholder = property(lambda self: self._placeholder)
    default_value = property(lambda self: self._default_value)
    defaultValue = default_value
    window_id = property(lambda self: self._window_id)

    async def async_run(self, connection):
        return await _ask(connection, "iterm2.get_string", {
            "title": self._title, "subtitle": self._subtitle, "placeholder": self._placeholder,
            "defaultValue": self._default_value, "window_id": self._window_id})


class PolyModalResult:
    """What a PolyModalAlert's person chose: ``button``, ``tf_text``, ``combo``, ``checks``."""

    def __init__(self, button=None, tf_text=None, combo=None, checks=None):
        self.button = button
        self.tf_text = tf_text
        self.combo = combo
        self.checks = checks

    def __repr__(self):
        return "PolyModalResult(button=%r, tf_text=%r, combo=%r, checks=%r)" % (self.button, self.tf_text, self.combo, self.checks)


class PolyModalAlert:
    """A question with buttons, checkboxes, a combo box and a text field."""

    def __init__(self, title, subtitle, window_id=None):
        self._title = _text("title", title)
        self._subtitle = _text("subtitle", subtitle)
        self._window_id = window_id
        self._buttons = []
        self._checkboxes = []
        self._checkbox_defaults = []
        self._combobox_items = []
        self._combobox_default = ""
        self._text_field = []
        self.width = 300

    title = property(lambda self: self._title)
    subtitle = property(lambda self: self._subtitle)
    window_id = property(lambda self: self._window_id)
    text_field = property(lambda self: list(self._text_field))
    checkboxes = property(lambda self: list(self._checkboxes))
    checkbox_defaults = property(lambda self: list(self._checkbox_defaults))
    combobox_items = property(lambda self: list(self._combobox_items))
    combobox_default = property(lambda self: self._combobox_default)

    def add_button(self, title):
        self._buttons.append(_text("button", title))

    def add_checkboxes(self, items, defaults):
        if len(items) != len(defaults):
            raise ValueError("items %r and defaults %r (expected: lists of the same length)" % (items, defaults))
        for item, default in zip(items, defaults):
            self.add_checkbox_item(item, default)

    def add_checkbox_item(self, item_text, item_default=0):
        self._checkboxes.append(_text("checkbox", item_text))
        self._checkbox_defaults.append(1 if item_default else 0)

    def add_combobox(self, items, default=None):
        if default is not None:
            if default not in items:
                raise ValueError("default %r (expected: one of the items %r)" % (default, items))
            self._combobox_default = default
        self._combobox_items.extend(items)

    def set_combobox_items(self, items, default_index):
        if not 0 <= default_index < len(items):
            raise ValueError("default_index %r (expected: from 0 to %d)" % (default_index, len(items) - 1))
        self._combobox_items = list(items)
        self._combobox_default = items[default_index]

    def add_combobox_item(self, item_text, is_default=False):
        self._combobox_items.append(_text("item", item_text))
        if is_default:
            self._combobox_default = item_text

    def add_text_field(self, placeholder, default):
        self._text_field = [_text("placeholder", placeholder), _text("default", default)]

    async def async_run(self, connection):
        result = await _ask(connection, "iterm2.get_poly_modal_alert", {
            "title": self._title, "subtitle": self._subtitle, "buttons": self._buttons,
            "checkboxes": self._checkboxes, "checkboxDefaults": self._checkbox_defaults,
            "comboboxItems": self._combobox_items, "comboboxDefault": self._combobox_default,
            "textFieldParams": self._text_field, "width": self.width, "window_id": self._window_id})
        return PolyModalResult(**result)
