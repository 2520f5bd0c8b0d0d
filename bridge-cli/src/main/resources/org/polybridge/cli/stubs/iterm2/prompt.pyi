"""Editor stubs of polybridge's iterm2.prompt (generated from the module; `polybridge stubs DIR`)."""
from typing import Any, Dict, List, Optional, Tuple

import enum
import iterm2


class Prompt:
    """One prompt: its ``command``, ``working_directory``, ``state``, ``exit_status`` (None until
    it finished), ``unique_id``, and the ranges of lines where the prompt, command and output are.
    """
    def __init__(self, message: Any) -> None: ...
    @property
    def prompt_range(self) -> Any: ...
    @property
    def command_range(self) -> Any: ...
    @property
    def output_range(self) -> Any: ...
    @property
    def working_directory(self) -> Any: ...
    @property
    def command(self) -> Any: ...
    @property
    def state(self) -> Any: ...
    @property
    def exit_status(self) -> Any: ...
    @property
    def unique_id(self) -> Any: ...
    @property
    def excluded_subranges(self) -> Any: ...

class PromptMonitor:
    """``async with iterm2.PromptMonitor(connection, session_id, modes=[...]) as mon:
    mode, info = await mon.async_get()``. ``info`` is the Prompt (PROMPT), the command (COMMAND_START)
    or the exit status (COMMAND_END); ``async_get(include_id=True)`` adds the prompt's id. Fails with
    SubscriptionException when the session ends while awaited.
    """
    connection: iterm2.Connection
    session_id: str
    def __init__(self, connection: iterm2.Connection, session_id: str, modes: Any = None) -> None: ...
    async def __aenter__(self) -> Any: ...
    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> Any: ...
    async def async_get(self, include_id: bool = False) -> Any: ...

class PromptState(enum.Enum):
    UNKNOWN = -1
    EDITING = 0
    RUNNING = 1
    FINISHED = 3

async def async_get_last_prompt(connection: iterm2.Connection, session_id: str) -> Any:
    """The session's last prompt, or None when its shell marked none (no shell integration)."""

async def async_get_prompt_by_id(connection: iterm2.Connection, session_id: str, prompt_unique_id: Any) -> Any:
    """The prompt of that id, or None when the session no longer keeps it."""

async def async_list_prompts(connection: iterm2.Connection, session_id: str, first: Any = None, last: Any = None) -> Any:
    """The ids of the session's prompts, oldest first (from ``first`` to ``last`` when given)."""
