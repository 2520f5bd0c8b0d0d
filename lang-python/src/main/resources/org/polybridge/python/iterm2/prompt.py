"""Shell prompts, by the names of iTerm2's library (``iterm2.prompt``): what a session's shell
marks with the shell-integration sequences ``OSC 133 ; A/B/C/D`` (docs/SHELL-INTEGRATION.md).

    async with iterm2.PromptMonitor(connection, session_id, modes=[iterm2.PromptMonitor.Mode.COMMAND_END]) as mon:
        mode, status = await mon.async_get()
    prompt = await iterm2.async_get_last_prompt(connection, session_id)
    print(prompt.command, prompt.working_directory, prompt.state)
"""

import asyncio
import enum
import json

from iterm2 import _loop
from iterm2.util import CoordRange, Point


class PromptState(enum.Enum):
    UNKNOWN = -1
    EDITING = 0
    RUNNING = 1
    FINISHED = 3


_STATES = {"EDITING": PromptState.EDITING, "RUNNING": PromptState.RUNNING, "FINISHED": PromptState.FINISHED}


def _range(d):
    d = d or {}
    start, end = Point(), Point()
    start.load_from_dict(d.get("start", {}))
    end.load_from_dict(d.get("end", {}))
    return CoordRange(start, end)


class Prompt:
    """One prompt: its ``command``, ``working_directory``, ``state``, ``exit_status`` (None until
    it finished), ``unique_id``, and the ranges of lines where the prompt, command and output are."""

    def __init__(self, message):
        self._message = message

    @property
    def prompt_range(self):
        return _range(self._message.get("prompt_range"))

    @property
    def command_range(self):
        return _range(self._message.get("command_range"))

    @property
    def output_range(self):
        return _range(self._message.get("output_range"))

    @property
    def working_directory(self):
        return self._message.get("working_directory")

    @property
    def command(self):
        return self._message.get("command")

    @property
    def state(self):
        return _STATES.get(self._message.get("prompt_state"), PromptState.UNKNOWN)

    @property
    def exit_status(self):
        return self._message.get("exit_status") if self.state == PromptState.FINISHED else None

    @property
    def unique_id(self):
        return self._message.get("unique_prompt_id")

    @property
    def excluded_subranges(self):
        return []

    def __repr__(self):
        return "<Prompt id=%s state=%s command=%r cwd=%r>" % (self.unique_id, self.state.name, self.command,
                                                             self.working_directory)


async def _get_prompt(session_id, unique_id):
    from iterm2 import _request, RPCException
    request = {"session": session_id}
    if unique_id is not None:
        request["unique_prompt_id"] = unique_id
    answer = (await _request({"get_prompt_request": request}))["get_prompt_response"]
    status = answer.get("status", "OK")
    if status == "OK":
        return Prompt(answer)
    if status == "PROMPT_UNAVAILABLE":
        return None
    raise RPCException("%s: %s" % (status, session_id))


async def async_get_last_prompt(connection, session_id):
    """The session's last prompt, or None when its shell marked none (no shell integration)."""
    return await _get_prompt(session_id, None)


async def async_get_prompt_by_id(connection, session_id, prompt_unique_id):
    """The prompt of that id, or None when the session no longer keeps it."""
    return await _get_prompt(session_id, prompt_unique_id)


async def async_list_prompts(connection, session_id, first=None, last=None):
    """The ids of the session's prompts, oldest first (from ``first`` to ``last`` when given)."""
    from iterm2 import _request, RPCException
    request = {"session": session_id}
    if first is not None:
        request["first_unique_id"] = first
    if last is not None:
        request["last_unique_id"] = last
    answer = (await _request({"list_prompts_request": request}))["list_prompts_response"]
    if answer.get("status", "OK") != "OK":
        raise RPCException("%s: %s" % (answer["status"], session_id))
    return list(answer.get("unique_prompt_id", []))


class PromptMonitor:
    """``async with iterm2.PromptMonitor(connection, session_id, modes=[...]) as mon:
    mode, info = await mon.async_get()``. ``info`` is the Prompt (PROMPT), the command (COMMAND_START)
    or the exit status (COMMAND_END); ``async_get(include_id=True)`` adds the prompt's id. Fails with
    SubscriptionException when the session ends while awaited."""

    class Mode(enum.Enum):
        PROMPT = 1
        COMMAND_START = 2
        COMMAND_END = 3

    def __init__(self, connection, session_id, modes=None):
        from iterm2 import _Monitor
        self.connection = connection
        self.session_id = session_id
        self._modes = list(modes) if modes is not None else [PromptMonitor.Mode.PROMPT]
        for m in self._modes:
            if not isinstance(m, PromptMonitor.Mode):
                raise ValueError("mode %r (expected: iterm2.PromptMonitor.Mode.PROMPT, COMMAND_START or COMMAND_END)" % (m,))
        monitor = self

        class _Subscription(_Monitor):
            async def _subscribe_all(self):
                await self._add({"session": session_id, "notification_type": "NOTIFY_ON_PROMPT",
                                 "prompt_monitor_request": {"modes": [m.name for m in monitor._modes]}},
                                lambda n: self._queue.put_nowait(n["prompt_notification"]))

        self._subscription = _Subscription(connection, session_id)

    async def __aenter__(self):
        await self._subscription.__aenter__()
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self._subscription.__aexit__(exc_type, exc, tb)

    async def async_get(self, include_id=False):
        n = await self._subscription._next()
        unique_id = n.get("unique_prompt_id")
        if "command_start" in n:
            triple = (PromptMonitor.Mode.COMMAND_START, n["command_start"].get("command", ""), unique_id)
        elif "command_end" in n:
            triple = (PromptMonitor.Mode.COMMAND_END, n["command_end"].get("status", 0), unique_id)
        else:
            prompt = n.get("prompt", {}).get("prompt")
            triple = (PromptMonitor.Mode.PROMPT, Prompt(prompt) if prompt else None, unique_id)
        return triple if include_id else triple[:2]
