"""Editor stubs of polybridge's iterm2.broadcast (generated from the module; `polybridge stubs DIR`)."""
from typing import Any, Dict, List, Optional, Tuple

import iterm2


class BroadcastDomain:
    """Sessions that hear each other's input."""
    def __init__(self) -> None: ...
    def add_session(self, session: Any) -> Any: ...
    def add_unresolved(self, unresolved: Any) -> Any:
        """A session id the app does not know (yet)."""
    @property
    def sessions(self) -> Any: ...

async def async_set_broadcast_domains(connection: iterm2.Connection, broadcast_domains: Any) -> Any:
    """Replaces every broadcast domain of the app."""
