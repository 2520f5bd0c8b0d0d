"""``polybridge repl``'s Python side: a script of the daemon whose code is what its user types. Not API.

A REPL is a ``_loop.Script`` like any other (its loop, its host, its output), so what it registers
serves callers while the REPL lives, and ``await connection.async_dispatch_for_duration(1)`` lets
its loop serve them. Each input is evaluated as Python's own REPL does (``code.InteractiveConsole``):

* an input goes on (``MORE``) while a bracket or a triple-quoted string is open, or while a block
  (``def``, ``if``, a decorator …) has not been ended by an empty line;
* expression statements echo their value's ``repr`` (not ``None``), and ``_`` holds the last one;
* top-level ``await`` (and ``async for`` / ``async with``) works: GraalPy's compiler does not take
  ``ast.PyCF_ALLOW_TOP_LEVEL_AWAIT``, so such an input is compiled as the body of an ``async def``
  whose names are declared ``global``, and runs as a task of the REPL's loop;
* a failure answers with the traceback of its ``<stdin>`` frames, as Python prints it.
"""

import ast
import asyncio
import builtins
import sys
import traceback

from iterm2 import _loop

_FILENAME = "<stdin>"
_COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.FunctionDef,
             ast.AsyncFunctionDef, ast.ClassDef, ast.Match) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class _Exit:
    """``exit()`` / ``quit()``: end the REPL. site's own would close ``sys.stdin``, which the
    daemon's scripts share."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Use %s() or Ctrl-D (i.e. EOF) to exit" % self.name

    def __call__(self, code=None):
        raise SystemExit(code)


class Repl:
    """One REPL's state: its namespace and the evaluation under way."""

    def __init__(self):
        import iterm2

        self.namespace = {
            "__name__": "__main__", "__doc__": None, "__builtins__": builtins,
            "iterm2": iterm2, "asyncio": asyncio, "connection": iterm2.Connection(),
            "exit": _Exit("exit"), "quit": _Exit("quit"), "__polybridge_display__": self.display,
        }
        self.task = None

    def display(self, value):
        """What ``sys.displayhook`` does, with ``_`` in the REPL's namespace: builtins are shared."""
        if value is not None:
            self.namespace["_"] = value
            sys.stdout.write(repr(value) + "\n")


def start():
    """Makes the running script a REPL (on its thread, in ``_loop.enter``)."""
    _loop._current().repl = Repl()


def evaluate(source, reply):
    """Evaluates one input; answers ``reply.more()``, ``done()``, ``failed(text)`` or ``exit()``,
    at once or, after ``reply.awaiting()``, when the task that runs an input that awaits ends."""
    script = _loop._current()
    repl = script.repl
    try:
        compiled = compile_input(source)
    except (SyntaxError, ValueError, OverflowError) as e:
        reply.failed("".join(traceback.format_exception_only(type(e), e)))
        return
    if compiled is None:
        reply.more()
        return
    code, awaits = compiled
    if not awaits:
        try:
            exec(code, repl.namespace)
        except SystemExit:
            reply.exit()
        except BaseException as e:
            reply.failed(_traceback(e))
        else:
            reply.done()
        return

    try:
        exec(code, repl.namespace)
        coroutine = repl.namespace.pop("<module>")()
    except BaseException as e:
        reply.failed(_traceback(e))
        return

    async def run():
        # SystemExit and KeyboardInterrupt would leave a task through the loop itself: answer them here.
        try:
            await coroutine
        except asyncio.CancelledError:
            reply.failed("KeyboardInterrupt\n")
            raise
        except SystemExit:
            reply.exit()
        except BaseException as e:
            reply.failed(_traceback(e))
        else:
            reply.done()
        finally:
            repl.task = None

    repl.task = script.loop.create_task(run())
    reply.awaiting()


def interrupt():
    """Ctrl-C: cancels what the REPL awaits (code that computes is interrupted by Java)."""
    task = getattr(_loop._current(), "repl", None) and _loop._current().repl.task
    if task is not None:
        task.cancel()


def compile_input(source):
    """``(code, awaits)`` for a whole input, ``None`` while it goes on; raises ``SyntaxError``.
    ``code`` is a module's code; when ``awaits``, one that defines ``<module>``, an ``async def`` to
    call (made by running that code: GraalPy runs a coroutine's code object given to
    ``types.FunctionType`` as a plain function's)."""
    if not source.strip():
        return compile("", _FILENAME, "exec"), False
    last_line_blank = not source.split("\n")[-1].strip()
    try:
        tree = ast.parse(source, _FILENAME, "exec")
    except SyntaxError as e:
        if _goes_on(source, e, last_line_blank):
            return None
        raise
    if tree.body and isinstance(tree.body[-1], _COMPOUND) and not last_line_blank:
        return None  # a block ends with an empty line, as in Python's REPL
    _Echo().visit(tree)
    if not _awaits(tree):
        return compile(ast.fix_missing_locations(tree), _FILENAME, "exec"), False
    names = sorted(_bound_names(tree.body))
    body = ([ast.Global(names=names, lineno=1, col_offset=0)] if names else []) + tree.body
    cell = ast.AsyncFunctionDef(name="<module>", args=ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[],
                                kw_defaults=[], kwarg=None, defaults=[]), body=body, decorator_list=[], returns=None,
                                type_params=[], lineno=1, col_offset=0)
    return compile(ast.fix_missing_locations(ast.Module(body=[cell], type_ignores=[])), _FILENAME, "exec"), True


def _goes_on(source, error, last_line_blank):
    """Whether a syntax error only says that the input is not whole yet."""
    message = error.msg or ""
    if "was never closed" in message or "unterminated triple-quoted" in message or message.startswith("unexpected EOF"):
        return True
    if last_line_blank:
        return False
    if source.rstrip(" \t").endswith("\\"):
        return True
    first = source.lstrip().split("\n")[0].split("#")[0].rstrip()
    return first.startswith("@") or first.endswith(":")


class _Echo(ast.NodeTransformer):
    """Expression statements outside functions and classes echo their value, as in mode "single"."""

    def visit_Expr(self, node):
        call = ast.Call(func=ast.Name(id="__polybridge_display__", ctx=ast.Load()), args=[node.value], keywords=[])
        return ast.copy_location(ast.Expr(value=ast.copy_location(call, node.value)), node)

    def _leave(self, node):
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = _leave


def _walk_scope(nodes, into_comprehensions):
    """The nodes of the module's own scope: not inside functions, classes or lambdas, and inside
    comprehensions only when asked (an ``await`` there needs an ``async def``; names bound there are
    the comprehension's)."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _SCOPES) or (isinstance(node, _COMPREHENSIONS) and not into_comprehensions):
            continue
        stack.extend(ast.iter_child_nodes(node))


def _awaits(tree):
    for node in _walk_scope(tree.body, True):
        if isinstance(node, (ast.Await, ast.AsyncFor, ast.AsyncWith)):
            return True
        if isinstance(node, ast.comprehension) and node.is_async:
            return True
    return False


def _bound_names(body):
    """The names an input binds at module level: declared global in its ``async def``."""
    names = set()
    for node in _walk_scope(body, False):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            names.add(node.rest)
    return names


def _traceback(e):
    """Python's REPL traceback: from the first frame of the input (``<stdin>``) on."""
    tb = e.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != _FILENAME:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(e), e, tb if tb is not None else e.__traceback__))
