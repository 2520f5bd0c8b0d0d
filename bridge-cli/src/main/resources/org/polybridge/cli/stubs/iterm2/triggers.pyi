"""Editor stubs of polybridge's iterm2.triggers (generated from the module; `polybridge stubs DIR`)."""
from typing import Any, Dict, List, Optional, Tuple



class InjectTrigger(Trigger):
    """Shows ``injection`` in the session on each match, as though the program had printed it."""
    def __init__(self, regex: Any, injection: Any, instant: bool = False, enabled: bool = True) -> None: ...
    @property
    def injection(self) -> Any: ...

class RPCTrigger(Trigger):
    """Invokes ``invocation`` in the session's context on each match."""
    def __init__(self, regex: Any, invocation: Any, instant: bool = False, enabled: bool = True) -> None: ...
    @property
    def invocation(self) -> Any: ...

class SetUserVariableTrigger(Trigger):
    """Sets the session's ``user.<name>`` to ``json_value`` (its text) on each match."""
    def __init__(self, regex: Any, name: Any, json_value: Any, instant: bool = False, enabled: bool = True) -> None: ...
    @property
    def name(self) -> Any: ...
    @property
    def json_value(self) -> Any: ...

class Trigger:
    """A trigger as the profile stores it; subclasses name the kind and build the parameter."""
    regex: Any
    param: Any
    instant: Any
    enabled: Any
    def __init__(self, regex: Any, param: str = '', instant: bool = False, enabled: bool = True) -> None: ...
    @property
    def encode(self) -> Any: ...

def decode_trigger(encoded: Any) -> Any:
    """The trigger a profile's dict describes; a kind this library does not know stays a ``Trigger``."""
