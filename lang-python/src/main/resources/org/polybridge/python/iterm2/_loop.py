"""The glue between the scripts' asyncio worlds and polybridge's Java side. Not API.

One context, many scripts
-------------------------
Every Python script of a bridge runs in one GraalPy context (unless it runs isolated, in a
context of its own): CPython's start-up, ``asyncio`` and this package are paid for once. What
is a script's own is kept apart:

* its namespace: the main file runs as a fresh ``__main__`` module that is in no ``sys.modules``;
* its own modules: the modules of its folder are imported as submodules of a package of its own
  (``__polybridge_script_<n>__``), so two scripts' ``helper.py`` never meet (see ``_import``);
* ``iterm2``: served from the copy imported when the context started, whatever a script does to
  ``sys.modules``;
* its loop, its host (the Java side, its connection) and its output, chosen by which script the
  current thread is running (``_local``).

How the event loop works
------------------------
Each script has one Java thread (its ScriptEventLoop); everything that enters the context for
the script is a task on that thread: its top level, RPC calls, notifications, completions of Java
futures, timer wake-ups. Java enters through ``enter(script, work, *arguments)``, which marks the
thread as the script's (for good: the thread serves no other), runs ``work`` and then *pumps* the
script's loop: ``JavaDrivenLoop`` is a
BaseEventLoop that never blocks and never runs by itself; the pump runs its turns until nothing is
ready or due *now* (bounded, so Java work interleaves) and returns when it wants to be called
again: ``0.0`` (more is ready), the seconds until its next timer, or ``-1.0`` (idle). Java turns
that into one wake-up on the script's thread. Nothing polls and nothing busy-waits.

An RPC call whose arguments are scalars, to a function that takes them by position, enters
through ``call`` instead: one Python function that calls it, runs the first step of what it
returns and hands a scalar result back to Java as it is (interpreted, every Python line a call
runs costs about a microsecond: this path runs about a dozen, where the general one,
``enter`` → ``call_rpc`` → ``_drive`` → ``_answer`` → ``pump``, ran some fifty); an ``async def``
that never awaits goes through ``call_plain`` and its ``plain_twin``, with no coroutine at all.
Others go through ``call_rpc``. An RPC call to an ``async def`` runs its first step on the thread that brought it, with no task
(``_drive``): most functions answer without ever suspending, and interpreted, an asyncio task and
its future cost several times what the function itself does. A function that suspends goes on in a
task from where it stopped; one that asks for its task before that (``current_task``,
``asyncio.timeout``, ``wait_for``, a ``TaskGroup``) gets that task at once, so what it sees is
what it would see in a task from the start. A notification starts as an eager task
(``eager_start``). Tasks a script creates itself start at the loop's next turn, as in CPython.

``run_forever`` / ``run_until_complete`` therefore return at once: they only create the task for
``main(connection)``. The loop counts as running during every entry (so
``asyncio.get_running_loop()`` and ``create_task`` work anywhere in a script), which also means
``asyncio.run`` and ``loop.run_until_complete`` cannot be used inside a script.
"""

import sys

# asyncio imports ssl for its TLS streams, which a loop with no sockets of its own never serves, and
# ssl is about a second of GraalPy's start (measured: 1.05 s of CPU of the 6 s that asyncio's
# imports take cold). A script that imports ssl itself gets the real module.
_ssl_absent = "ssl" not in sys.modules
if _ssl_absent:
    sys.modules["ssl"] = None
try:
    import asyncio
finally:
    if _ssl_absent and "ssl" in sys.modules and sys.modules["ssl"] is None:
        del sys.modules["ssl"]
import asyncio.events as _events
import asyncio.tasks as _tasks
import ast
import builtins
import contextvars
import heapq
import importlib.machinery
import inspect
import json
import os
import threading
import traceback
import types

import _thread


def _refuse_thread(*arguments, **keywords):
    # The context refuses threads (a script's code runs on its own loop thread only), but it says so
    # with a host exception that ``except Exception`` does not catch: ``Thread.start`` then leaves
    # the thread in ``threading``'s tables, and the script cannot handle the refusal. Refusing here
    # raises a Python exception before anything is recorded.
    raise RuntimeError("a polybridge script runs on one thread and cannot start others: "
                       "use asyncio tasks, or run a program with subprocess")


threading._start_new_thread = _refuse_thread
_thread.start_new_thread = _refuse_thread
_thread.start_new = _refuse_thread

# Java passes this where it has null: a Java null would arrive as a foreign object, not None.
NONE = None

# Turns one pump may run before it hands the thread back to queued Java work.
_TURNS_PER_PUMP = 64

_local = threading.local()
_original_import = builtins.__import__
_pinned = {}


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


class Script:
    """What one script owns in the context: its loop, its host, its package and its main module."""

    def __init__(self, number, host, folder, path):
        self.host = host
        self.folder = folder
        self.path = path
        self.package = "__polybridge_script_%d__" % number
        self.loop = JavaDrivenLoop()
        self.loop.set_exception_handler(lambda loop, context: _report_exception(self, context))
        self.local_names = _module_names(folder)
        self.main = None
        # The main file's text as it ran (``plain_twin`` compiles from it, not from the file, which may have changed since).
        self.source = None
        # The call whose first step runs now without a task (``_drive``), else None.
        self.step = None

    def __repr__(self):
        return "<script %s>" % self.path


def _module_names(folder):
    """The top-level modules a script's folder holds: ``x.py`` and packages ``x/``."""
    names = set()
    try:
        entries = os.listdir(folder)
    except OSError:
        return names
    for entry in entries:
        if entry.endswith(".py"):
            names.add(entry[:-3])
        elif entry.isidentifier() and os.path.isdir(os.path.join(folder, entry)):
            names.add(entry)
    return names


def _current():
    script = getattr(_local, "script", None)
    if script is None:
        raise RuntimeError("no polybridge script runs on this thread")
    return script


def host():
    return _current().host


def loop():
    return _current().loop


def bootstrap():
    """Once per context, before any script: imports ``iterm2``, pins it, routes imports and output."""
    import iterm2  # noqa: F401 (imported to pin it)
    for name, module in list(sys.modules.items()):
        if name == "iterm2" or name.startswith("iterm2."):
            _pinned[name] = module
    builtins.__import__ = _import
    sys.stdout = _ScriptStream(sys.stdout, False)
    sys.stderr = _ScriptStream(sys.stderr, True)


def submodule(name):
    """``iterm2.<name>``, imported on its first use (``iterm2.__getattr__``) into the pinned package
    and pinned itself, as bootstrap pins what it imported, whatever a script did to ``sys.modules``."""
    full = "iterm2." + name
    module = _pinned.get(full)
    if module is not None:
        return module
    package = _pinned.get("iterm2") or sys.modules["iterm2"]
    current = sys.modules.get("iterm2")
    if current is not package:
        sys.modules["iterm2"] = package
    try:
        module = importlib.import_module(full)
    finally:
        if current is None:
            del sys.modules["iterm2"]
        elif current is not package:
            sys.modules["iterm2"] = current
    if _pinned:
        _pinned[full] = module
    return module


def _import(name, globals=None, locals=None, fromlist=(), level=0):
    script = getattr(_local, "script", None)
    if script is not None and level == 0 and name:
        top = name.partition(".")[0]
        if top in script.local_names:
            _own_package(script)
            module = _original_import(script.package + "." + name, globals, locals, fromlist, 0)
            return module if fromlist else sys.modules[script.package + "." + top]
        if top == "iterm2" and name not in _pinned and _pinned and name[7:] in _pinned["iterm2"]._LAZY_MODULES:
            submodule(name[7:])
        if top == "iterm2" and name in _pinned:
            module = _pinned[name] if fromlist else _pinned["iterm2"]
            for attribute in fromlist or ():
                if attribute != "*" and not hasattr(module, attribute):
                    return _original_import(name, globals, locals, fromlist, 0)
            return module
    return _original_import(name, globals, locals, fromlist, level)


def _own_package(script):
    if script.package not in sys.modules:
        package = types.ModuleType(script.package)
        package.__path__ = [script.folder]
        package.__package__ = script.package
        package.__spec__ = importlib.machinery.ModuleSpec(script.package, None, is_package=True)
        package.__spec__.submodule_search_locations = [script.folder]
        sys.modules[script.package] = package


class _ScriptStream:
    """``sys.stdout`` / ``sys.stderr``: what a script prints goes to its own log."""

    def __init__(self, fallback, error):
        self._fallback = fallback
        self._error = error

    def write(self, text):
        script = getattr(_local, "script", None)
        if script is None or script.host is None:
            return self._fallback.write(text)
        script.host.output(text, self._error)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        if getattr(_local, "script", None) is None:
            self._fallback.flush()

    def isatty(self):
        return False

    def writable(self):
        return True

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "strict"


def load(number, host, folder, path):
    """Makes a new script (on its own thread, before its first ``enter``)."""
    return Script(number, host, folder, path)


def enter(script, work, *arguments):
    """The way Java enters the context for a script: runs ``work(*arguments)`` as the script, then
    pumps its loop; returns when to pump again (see the module's doc).

    The thread stays the script's when it leaves (``_local.script``, the running loop): it is the
    script's own, runs nothing else, and ``call`` then need not mark it at every RPC call."""
    _local.script = script
    _events._set_running_loop(script.loop)
    # After Java interrupted a runaway callback, the task it cut off is still recorded as the
    # current one (its finally blocks never ran): forget it, or the next task cannot start.
    _tasks._current_tasks.pop(script.loop, None)
    if work is not None:
        work(*arguments)
    return script.loop.pump()


def unload(script):
    """The script stopped: cancels what it left and drops its modules. Run by the next thread to
    enter the context, before its ``enter`` (PythonContext.unloadLater)."""
    loop = script.loop
    if not loop.is_closed():
        loop.close()
    loop._ready.clear()
    loop._scheduled.clear()
    for name in [n for n in sys.modules if n == script.package or n.startswith(script.package + ".")]:
        del sys.modules[name]
    script.main = None
    script.source = None
    script.host = None


def await_java(java_future, convert=None):
    """An asyncio future completed (on this thread) when a Java CompletableFuture completes."""
    script = _current()
    future = script.loop.create_future()

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

    script.host.whenComplete(java_future, done)
    return future


def await_json(java_future):
    return await_java(java_future, lambda text: None if text is None else json.loads(text))


def run_script(path):
    """Runs the script file as its own ``__main__``; when it raises, tells the host it failed."""
    script = _current()
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__builtins__ = builtins
    script.main = main
    sys.argv[:] = [path]
    try:
        with open(path, "rb") as f:
            source = f.read()
        code = compile(source, path, "exec")
        script.source = source
        exec(code, main.__dict__)
    except BaseException as e:
        script.host.failed(_message(e), _traceback(e))


def signature(func):
    """What registering ``func`` tells the host: its argument names (callers name them all), the
    ``Reference`` defaults, and whether ``call`` may pass them by position, without a dict of
    keywords: when ``func`` is a plain function whose own code takes them, in that order, as its
    first parameters (its code, not its signature: a wrapper that ``functools.wraps`` a function
    shows that function's signature, and may take keywords only)."""
    from iterm2 import Reference
    parameters = inspect.signature(func).parameters
    names = [n for n, p in parameters.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    references = {n: p.default.name for n, p in parameters.items() if isinstance(p.default, Reference)}
    code = func.__code__ if isinstance(func, types.FunctionType) else None
    positional = (code is not None and code.co_posonlyargcount == 0 and len(names) <= code.co_argcount
                  and list(code.co_varnames[:len(names)]) == names)
    return names, references, positional


def registered(func):
    """``signature(func)``, and for a function ``call`` takes positionally, its ``plain_twin`` (else
    None), which ``call_plain`` calls instead: what registering it sends the host."""
    names, references, positional = signature(func)
    return names, references, positional, plain_twin(func) if positional else None


_SUSPENDS = (ast.Await, ast.AsyncFor, ast.AsyncWith, ast.Yield, ast.YieldFrom)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _suspends(statements):
    """Whether ``statements`` may suspend: an ``await`` (or ``async for``/``with``, an async
    comprehension) anywhere outside the functions and classes they define."""
    pending = list(statements)
    while pending:
        node = pending.pop()
        if isinstance(node, _SUSPENDS) or (isinstance(node, ast.comprehension) and node.is_async):
            return True
        if not isinstance(node, _NESTED):
            pending.extend(ast.iter_child_nodes(node))
    return False


def plain_twin(func):
    """For an ``async def`` of the script's main file whose body never suspends, the plain function
    with the same body, globals, closure and defaults; else None.

    Calling such a coroutine function only to run its one step costs far more than its body,
    interpreted: making the coroutine, ``send`` and the ``StopIteration`` that carries the result
    (GraalPy raises it as a Java exception through every frame in between): 33 µs against 9 µs for
    ``add(a, b)``, measured. The twin is compiled from the text the script ran (``Script.source``), its
    node found by name and first line and checked against the function's code, so it is the same body
    at the same lines (tracebacks read the same)."""
    script = getattr(_local, "script", None)
    code = getattr(func, "__code__", None)
    if (script is None or script.source is None or func.__class__ is not types.FunctionType
            or not code.co_flags & inspect.CO_COROUTINE or code.co_filename != script.path):
        return None
    try:
        tree = ast.parse(script.source, script.path)
    except (SyntaxError, ValueError):
        return None
    found = [node for node in ast.walk(tree) if isinstance(node, ast.AsyncFunctionDef) and node.name == code.co_name
             and min([node.lineno] + [d.lineno for d in node.decorator_list]) == code.co_firstlineno]
    if len(found) != 1 or _suspends(found[0].body):
        return None
    original = found[0]

    def compiled(kind):
        # The function alone, in a function that holds its free variables when it has any, so that
        # they compile as cells in the closure's order. Only compiled, never run: its decorators
        # (which set its first line) and annotations are not evaluated.
        node = kind(name=original.name, args=original.args, body=original.body, decorator_list=original.decorator_list,
                    returns=original.returns)
        ast.copy_location(node, original)
        top = node
        if code.co_freevars:
            cells = [ast.copy_location(ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=ast.Constant(value=None)), original)
                     for n in code.co_freevars]
            top = ast.copy_location(ast.FunctionDef(name="_cells", args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]),
                                                    body=cells + [node], decorator_list=[]), original)
        module = compile(ast.fix_missing_locations(ast.Module(body=[top], type_ignores=[])), script.path, "exec")
        holder = module if not code.co_freevars else next(c for c in module.co_consts if c.__class__ is types.CodeType)
        return next((c for c in holder.co_consts if c.__class__ is types.CodeType and c.co_name == original.name), None)

    try:
        again = compiled(ast.AsyncFunctionDef)
        plain = compiled(ast.FunctionDef)
    except (SyntaxError, ValueError, TypeError, StopIteration):
        return None
    same = ("co_consts", "co_names", "co_varnames", "co_freevars", "co_cellvars", "co_firstlineno", "co_argcount",
            "co_kwonlyargcount", "co_posonlyargcount", "co_linetable")
    if again is None or plain is None or any(getattr(again, a) != getattr(code, a) for a in same) or plain.co_freevars != code.co_freevars:
        return None  # not the function's own text (its file changed before it ran?): no twin
    twin = types.FunctionType(plain, func.__globals__, func.__name__, func.__defaults__, func.__closure__)
    twin.__kwdefaults__ = func.__kwdefaults__
    twin.__qualname__ = func.__qualname__
    return twin


def call_rpc(func, reply, arguments_json, *pairs):
    """Runs one RPC call; answers through reply (see ``_answer``).

    Arguments come as ``name, value, name, value…`` when every value is a scalar (Java passes
    those as Python objects), else as JSON text: GraalPy's ``json.loads`` of even ``{"a": 1}`` costs
    over 100 µs interpreted, most of a call. A plain function is answered at once; an ``async def``
    runs as an eager task (so ``current_task``, ``timeout`` and ``wait_for`` work in it), which
    answers within this entry unless it suspends.
    """
    try:
        if arguments_json is None:
            arguments = dict(zip(pairs[::2], pairs[1::2]))
        else:
            arguments = json.loads(arguments_json)
        result = func(**arguments)
    except BaseException as e:
        _refuse(reply, e)
        return
    if type(result) is types.CoroutineType:
        _drive(result, reply)
    elif hasattr(result, "__await__"):
        asyncio.Task(_awaited(result, reply), loop=_current().loop, eager_start=True)
    else:
        _answer(reply, result)


_CoroutineType = types.CoroutineType
_copy_context = contextvars.copy_context
_NoneType = type(None)


def call(script, func, reply, *arguments):
    """The common RPC call, in as few Python steps as it takes (each costs a microsecond or more,
    interpreted): its arguments, all scalars, come in the function's order (``RPC`` found that it
    takes them by position), on a thread already the script's (``enter`` ran on it first).

    Returns the result itself when it is a scalar and the loop has nothing to run (Java answers
    the caller, after leaving the context); else answers through ``reply`` and returns
    ``(seconds,)``, when to pump again, as ``enter`` does. An ``async def`` runs its first step as
    in ``_drive``, which this is the inlined common case of."""
    try:
        coro = func(*arguments)
    except BaseException as e:
        _refuse(reply, e)
        return (script.loop.pump(),)
    if coro.__class__ is not _CoroutineType:
        if hasattr(coro, "__await__"):
            asyncio.Task(_awaited(coro, reply), loop=script.loop, eager_start=True)
        else:
            _answer(reply, coro)
        return (script.loop.pump(),)
    context = _copy_context()
    script.step = step = (coro, reply, context)
    try:
        suspended = context.run(coro.send, None)
    except StopIteration as e:
        if script.step is step:
            script.step = None
        else:  # the step asked for its task: a _Step took its place
            _step_over(script)
        result = e.value
        loop = script.loop
        # What Java takes as it is (an int only when it fits a long: Java checks). A chain of
        # ``is`` rather than ``in`` a set of the types: hashing a type is the dearer step, interpreted.
        kind = result.__class__
        if (kind is int or kind is str or kind is bool or kind is _NoneType) and not (loop._ready or loop._scheduled):
            return result
        _answer(reply, result)
        return (loop.pump(),)
    except BaseException as e:
        _step_over(script)
        _refuse(reply, e)
        return (script.loop.pump(),)
    _suspended(script, coro, reply, context, suspended)
    return (script.loop.pump(),)


def call_plain(script, twin, reply, *arguments):
    """``call`` for an ``async def`` that never suspends, through its ``plain_twin``: the same, with
    no coroutine. It runs in a context of its own and may ask for its task, as a first step does."""
    context = _copy_context()
    script.step = step = (None, reply, context)
    try:
        result = context.run(twin, *arguments)
    except BaseException as e:
        _step_over(script)
        if isinstance(e, StopIteration):  # what a coroutine makes of it (PEP 479)
            failure = RuntimeError("coroutine raised StopIteration")
            failure.__cause__ = e
            failure.__traceback__ = e.__traceback__
            e = failure
        _refuse(reply, e)
        return (script.loop.pump(),)
    if script.step is step:
        script.step = None
    else:  # it asked for its task: a _Step took its place
        _step_over(script)
    loop = script.loop
    kind = result.__class__
    if (kind is int or kind is str or kind is bool or kind is _NoneType) and not (loop._ready or loop._scheduled):
        return result
    _answer(reply, result)
    return (loop.pump(),)


class _Step:
    """The first step of an RPC's coroutine that asked for its task (``_drive``): made only then,
    since making an object is a good part of a call's cost, interpreted."""

    __slots__ = ("coro", "reply", "loop", "context", "task", "suspended", "over")

    def __init__(self, coro, reply, loop, context):
        self.coro = coro
        self.reply = reply
        self.loop = loop
        self.context = context
        self.suspended = None
        self.over = False  # answered (or failed) within the step
        # It starts at the loop's next turn, after the step, and goes on from where the step suspended.
        self.task = asyncio.Task(_taken_over(self), loop=loop, context=context)
        self.task.add_done_callback(self._task_done)
        _tasks._current_tasks[loop] = self.task

    def _task_done(self, task):
        if task.cancelled() and not self.over:
            # Cancelled before its first turn, so before it took the coroutine over (a timeout of
            # 0): the coroutine hears it now, as it would have in a task of its own — from the
            # future it awaits, cancelled, or thrown in where it yielded.
            self.over = True
            waited = self.suspended
            thrown = None if isinstance(waited, asyncio.Future) and waited.cancel() else asyncio.CancelledError()
            asyncio.Task(_resumed(self.coro, waited, self.reply, thrown),
                         loop=self.loop, context=self.context, eager_start=True)


def _drive(coro, reply):
    """Runs a coroutine's first step here, in a context of its own as a task would; answers when
    it ends there, else hands it to a task that goes on from where it suspended.

    While the step runs, ``script.step`` is what ``current_task`` needs to make the call's task:
    a tuple, or the ``_Step`` once made."""
    script = _current()
    context = contextvars.copy_context()
    script.step = step = (coro, reply, context)
    try:
        suspended = context.run(coro.send, None)
    except BaseException as e:
        if script.step is step:
            script.step = None
        else:  # the step asked for its task: a _Step took its place
            _step_over(script)
        if e.__class__ is StopIteration:
            _answer(reply, e.value)
        else:
            _refuse(reply, e)
        return
    _suspended(script, coro, reply, context, suspended)


def _suspended(script, coro, reply, context, suspended):
    """The step of ``coro`` ended suspended on ``suspended``: a task goes on from there."""
    step = _end_step(script)
    if step is not None:
        step.suspended = suspended  # the task made for the step takes it from here
    else:
        asyncio.Task(_resumed(coro, suspended, reply), loop=script.loop, context=context, eager_start=True)


def _end_step(script):
    """Ends the step under way; returns its ``_Step`` when one was made, else None."""
    step = script.step
    script.step = None
    if step.__class__ is _Step:
        _tasks._current_tasks.pop(script.loop, None)
        return step
    return None


def _step_over(script):
    """Ends the step under way, which answered or failed within it: a ``_Step`` made for it hears
    that the call is over."""
    step = _end_step(script)
    if step is not None:
        step.over = True


@types.coroutine
def _go_on(coro, suspended, thrown=None):
    """Yields what a started coroutine suspended on, then goes on as that coroutine under
    ``await``: what the task sends or throws in goes to it (``thrown``: throw that first)."""
    if thrown is not None:
        try:
            suspended = coro.throw(thrown)
        except StopIteration as e:
            return e.value
    while True:
        try:
            sent = yield suspended
        except BaseException as e:  # thrown into the task: a cancellation, the loop closing
            try:
                suspended = coro.throw(e)
            except StopIteration as stop:
                return stop.value
        else:
            try:
                suspended = coro.send(sent)
            except StopIteration as stop:
                return stop.value


async def _resumed(coro, suspended, reply, thrown=None):
    try:
        result = await _go_on(coro, suspended, thrown)
    except BaseException as e:
        _refuse(reply, e)
    else:
        _answer(reply, result)


async def _taken_over(step):
    if step.over:
        return  # the step answered: the task it asked for has nothing left to do
    await _resumed(step.coro, step.suspended, step.reply)


_task_of_loop = _tasks.current_task


def _current_task(loop=None):
    """``asyncio.current_task``, which in an RPC's first step (``_drive``) makes the call's task."""
    task = _task_of_loop(loop)
    if task is None:
        script = getattr(_local, "script", None)
        step = script.step if script is not None else None
        if step is not None and (loop is None or loop is script.loop):
            if step.__class__ is not _Step:
                step = script.step = _Step(step[0], step[1], script.loop, step[2])
            task = step.task
    return task


_tasks.current_task = _current_task
asyncio.current_task = _current_task


async def _awaited(awaitable, reply):
    try:
        result = await awaitable
    except BaseException as e:
        _refuse(reply, e)
    else:
        _answer(reply, result)


# Results Java takes as they are: no json.dumps (20 µs and more interpreted) for the common case.
_MIN_LONG, _MAX_LONG = -(2 ** 63), 2 ** 63 - 1


def _answer(reply, result):
    kind = type(result)
    if result is None or kind is str or kind is bool or (kind is int and _MIN_LONG <= result <= _MAX_LONG):
        reply.value(result)
        return
    try:
        answer = json.dumps(result)
    except BaseException as e:  # not JSON: the caller hears why
        _refuse(reply, e)
    else:
        reply.ok(answer)


def _refuse(reply, e):
    # iTerm2 reports the repr of the exception as the reason.
    reply.fail(repr(e), _traceback(e))
    if isinstance(e, (KeyboardInterrupt, SystemExit)):
        raise e


def call_soon(callback, *arguments):
    """Runs a notification callback (plain or async) as a task; failures go to the script's log."""

    async def call():
        try:
            result = callback(*arguments)
            if hasattr(result, "__await__"):
                await result
        except Exception as e:
            script.host.logError("callback " + getattr(callback, "__name__", "?") + " failed: " + _message(e), _traceback(e))

    script = _current()
    asyncio.Task(call(), loop=script.loop, eager_start=True)


def start_main(coroutine_function, forever):
    """run_forever / run_until_complete: starts main(connection) as a task and returns."""
    from iterm2 import Connection

    script = _current()
    script.host.startedLoop(forever)

    def ended(t):
        if t.cancelled():
            script.host.failed("main was cancelled", None)
        elif t.exception() is not None:
            e = t.exception()
            script.host.failed(_message(e), "".join(traceback.format_exception(e)))
        elif not forever:
            script.host.finished()

    task = script.loop.create_task(coroutine_function(Connection()))
    task.add_done_callback(ended)
    return task


def _message(e):
    return traceback.format_exception_only(e)[-1].strip()


def _traceback(e):
    # The first frame is this module's own wrapper: leave it out, as CPython does for its runner.
    return "".join(traceback.format_exception(type(e), e, e.__traceback__.tb_next))


def _report_exception(script, context):
    message = context.get("message", "unhandled exception in the event loop")
    e = context.get("exception")
    target = script.host
    if target is None:
        return  # unloaded
    if e is not None:
        target.logError(message + ": " + _message(e), "".join(traceback.format_exception(e)))
    else:
        target.logError(message, None)
