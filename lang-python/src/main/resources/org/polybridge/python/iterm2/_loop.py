"""The glue between a script's asyncio world and polybridge's Java side. Not API.

How the event loop works
------------------------
Each script has one Java thread (its ScriptEventLoop); everything that enters the script's context
is a task on that thread: the script's top level, RPC calls, notifications, completions of Java
futures, timer wake-ups. The Java queue is the real event loop. asyncio rides on it:
``JavaDrivenLoop`` is a BaseEventLoop that never blocks and never runs by itself. After every
task that entered the context, Java calls ``pump()``, which runs the loop's turns until nothing
is ready or due *now* (bounded, so Java work interleaves), and returns when it wants to be called
again: ``0.0`` (more is ready), the seconds until its next timer, or ``-1.0`` (idle). Java turns
that into one ``ScriptEventLoop.schedule(...)`` wake-up. Nothing polls and nothing busy-waits:
between tasks the thread sleeps in the Java queue.

``run_forever`` / ``run_until_complete`` therefore return at once: they only create the task for
``main(connection)``. The loop counts as running for the context's whole life (so
``asyncio.get_running_loop()`` and ``create_task`` work anywhere), which also means
``asyncio.run`` and ``loop.run_until_complete`` cannot be used inside a script.

A Java future is awaited through ``await_java``: Java completes an asyncio future on the loop
thread (never from another thread) and pumps.
"""

import asyncio
import asyncio.events as _events
import asyncio.tasks as _tasks
import heapq
import inspect
import json
import sys
import traceback

_host = None
_loop = None

# Turns one pump may run before it hands the thread back to queued Java work.
_TURNS_PER_PUMP = 64


class _NothingToSelect:
    """BaseEventLoop polls a selector each turn; here there is no I/O to poll: it arrives as Java tasks."""

    def select(self, timeout):
        return []

    def close(self):
        pass


class JavaDrivenLoop(asyncio.BaseEventLoop):
    """An asyncio loop whose turns are run by the script's Java thread, one pump at a time."""

    def __init__(self):
        self._driven = True
        super().__init__()
        self._selector = _NothingToSelect()

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass

    def is_running(self):
        return self._driven

    def run_forever(self):
        raise RuntimeError("this loop is driven by polybridge: use iterm2.run_forever(main)")

    def run_until_complete(self, future):
        raise RuntimeError("this loop is driven by polybridge: use iterm2.run_until_complete(main) or await")

    def close(self):
        self._driven = False
        super().close()

    def pump(self):
        # After Java interrupted a runaway callback, the task it cut off is still recorded as the
        # current one (its finally blocks never ran): forget it, or the next task cannot start.
        _tasks._current_tasks.pop(self, None)
        _events._set_running_loop(self)
        for _ in range(_TURNS_PER_PUMP):
            if not (self._ready or self._timer_due()):
                break
            self._run_once()
        return self._next_wakeup()

    def _timer_due(self):
        return bool(self._scheduled) and self._scheduled[0]._when <= self.time() + self._clock_resolution

    def _next_wakeup(self):
        if self._ready:
            return 0.0
        while self._scheduled and self._scheduled[0]._cancelled:
            self._timer_cancelled_count -= 1
            heapq.heappop(self._scheduled)._scheduled = False
        if self._scheduled:
            return max(0.0, self._scheduled[0]._when - self.time())
        return -1.0


class HostError(Exception):
    """The host refused or failed a request (no such session, name taken, ...)."""


def adopt(folder, library):
    """Called by Java when a bootstrapped context is handed to its script, before ``attach``: puts
    the script's folder on ``sys.path`` where ``python.PythonPath`` would have, before the library.
    What the context printed before (its warm-up) is flushed to where it went then, not to the
    script's log."""
    sys.stdout.flush()
    sys.stderr.flush()
    sys.path.insert(sys.path.index(library) if library in sys.path else 0, folder)


def attach(host):
    """Called once by Java when the context starts: makes the loop and keeps the Java side."""
    global _host, _loop
    _host = host
    _loop = JavaDrivenLoop()
    _loop.set_exception_handler(_report_exception)
    asyncio.set_event_loop(_loop)
    _events._set_running_loop(_loop)


def pump():
    return _loop.pump()


def loop():
    return _loop


def host():
    return _host


def await_java(java_future, convert=None):
    """An asyncio future completed (on this thread) when a Java CompletableFuture completes."""
    future = _loop.create_future()

    def done(value, error):
        if future.cancelled():
            return
        if error is not None:
            future.set_exception(HostError(error))
        else:
            try:
                future.set_result(convert(value) if convert else value)
            except Exception as e:  # a malformed answer: fail the awaiting code, not the loop
                future.set_exception(e)

    _host.whenComplete(java_future, done)
    return future


def await_json(java_future):
    return await_java(java_future, lambda text: None if text is None else json.loads(text))


def run_script(path):
    """Runs the script file as __main__. Returns None, or (message, traceback) when it raised."""
    main = sys.modules["__main__"]
    main.__file__ = path
    sys.argv[:] = [path]
    try:
        with open(path, "rb") as f:
            code = compile(f.read(), path, "exec")
        exec(code, main.__dict__)
    except BaseException as e:
        return _message(e), _traceback(e)
    return None


def call_rpc(func, arguments_json, reply):
    """Runs one RPC call as a task; answers through reply.ok(json) or reply.fail(reason, traceback)."""

    async def call():
        try:
            result = func(**json.loads(arguments_json))
            if inspect.isawaitable(result):
                result = await result
            answer = json.dumps(result)
        except BaseException as e:
            # iTerm2 reports the repr of the exception as the reason.
            reply.fail(repr(e), _traceback(e))
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
        else:
            reply.ok(answer)

    _loop.create_task(call())


def call_soon(callback, *arguments):
    """Runs a notification callback (plain or async) as a task; failures go to the script's log."""

    async def call():
        try:
            result = callback(*arguments)
            if inspect.isawaitable(result):
                await result
        except Exception as e:
            _host.logError("callback " + getattr(callback, "__name__", "?") + " failed: " + _message(e), _traceback(e))

    _loop.create_task(call())


def start_main(coroutine_function, forever):
    """run_forever / run_until_complete: starts main(connection) as a task and returns."""
    from iterm2 import Connection

    _host.startedLoop(forever)
    task = _loop.create_task(coroutine_function(Connection()))

    def ended(t):
        if t.cancelled():
            _host.failed("main was cancelled", None)
        elif t.exception() is not None:
            e = t.exception()
            _host.failed(_message(e), "".join(traceback.format_exception(e)))
        elif not forever:
            _host.finished()

    task.add_done_callback(ended)
    return task


def _message(e):
    return traceback.format_exception_only(e)[-1].strip()


def _traceback(e):
    # The first frame is this module's own wrapper: leave it out, as CPython does for its runner.
    return "".join(traceback.format_exception(type(e), e, e.__traceback__.tb_next))


def _report_exception(loop, context):
    message = context.get("message", "unhandled exception in the event loop")
    e = context.get("exception")
    if e is not None:
        _host.logError(message + ": " + _message(e), "".join(traceback.format_exception(e)))
    else:
        _host.logError(message, None)
