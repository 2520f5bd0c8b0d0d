"""Triggers a script keeps in a profile (``profile.triggers``, ``async_set_triggers``), in the encoding
iTerm2's library uses: a dict with ``regex``, ``action``, ``parameter``, ``partial`` and ``disabled``.

polybridge's host runs three kinds on every line a session of that profile prints:
``RPCTrigger`` (invokes a function: ``on_error(text: matches[1])``), ``InjectTrigger`` (shows text
as if the program had printed it) and ``SetUserVariableTrigger`` (sets ``user.NAME``). In their
texts ``\\1`` is the first capture and ``\\(matches[1])`` interpolation works too. Other kinds are
kept and given back as they were written, but do nothing here (the daemon's log says so)."""


class Trigger:
    """A trigger as the profile stores it; subclasses name the kind and build the parameter."""

    def __init__(self, regex, param="", instant=False, enabled=True):
        self.regex = regex
        self.param = param
        self.instant = instant
        self.enabled = enabled

    @staticmethod
    def _name():
        return "Trigger"

    @property
    def encode(self):
        """The dict a profile holds (what ``set_triggers`` takes)."""
        return {"regex": self.regex, "action": self._name(), "parameter": self.param,
                "partial": self.instant, "disabled": not self.enabled}

    def __eq__(self, other):
        return isinstance(other, Trigger) and self.encode == other.encode

    def __repr__(self):
        return "<%s regex=%r param=%r instant=%r enabled=%r>" % (
            type(self).__name__, self.regex, self.param, self.instant, self.enabled)


class RPCTrigger(Trigger):
    """Invokes ``invocation`` in the session's context on each match."""

    def __init__(self, regex, invocation, instant=False, enabled=True):
        super().__init__(regex, invocation, instant, enabled)

    @staticmethod
    def _name():
        return "iTermRPCTrigger"

    @property
    def invocation(self):
        return self.param


class InjectTrigger(Trigger):
    """Shows ``injection`` in the session on each match, as though the program had printed it."""

    def __init__(self, regex, injection, instant=False, enabled=True):
        super().__init__(regex, injection, instant, enabled)

    @staticmethod
    def _name():
        return "iTermInjectTrigger"

    @property
    def injection(self):
        return self.param


class SetUserVariableTrigger(Trigger):
    """Sets the session's ``user.<name>`` to ``json_value`` (its text) on each match."""

    def __init__(self, regex, name, json_value, instant=False, enabled=True):
        super().__init__(regex, name + chr(1) + json_value, instant, enabled)

    @staticmethod
    def _name():
        return "iTermSetUserVariableTrigger"

    @property
    def name(self):
        return self.param.split(chr(1), 1)[0]

    @property
    def json_value(self):
        parts = self.param.split(chr(1), 1)
        return parts[1] if len(parts) > 1 else ""


_KINDS = {kind._name(): kind for kind in (RPCTrigger, InjectTrigger, SetUserVariableTrigger)}


def decode_trigger(encoded):
    """The trigger a profile's dict describes; a kind this library does not know stays a ``Trigger``."""
    if not isinstance(encoded, dict) or "action" not in encoded:
        raise ValueError("not an encoded trigger (expected: a dict with regex, action, parameter): %r" % (encoded,))
    kind = _KINDS.get(encoded["action"])
    regex = encoded.get("regex", "")
    param = encoded.get("parameter", "")
    instant = bool(encoded.get("partial", False))
    enabled = not encoded.get("disabled", False)
    if kind is SetUserVariableTrigger:
        parts = param.split(chr(1), 1)
        return SetUserVariableTrigger(regex, parts[0], parts[1] if len(parts) > 1 else "", instant, enabled)
    if kind is not None:
        return kind(regex, param, instant, enabled)
    trigger = Trigger(regex, param, instant, enabled)
    trigger._name = lambda: encoded["action"]
    return trigger
