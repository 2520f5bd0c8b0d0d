# Writes the editor stubs of the iterm2 package (iterm2/__init__.pyi and one .pyi per public
# submodule) from the package itself, as a polybridge script sees it: names, signatures, properties,
# enum members, attributes set in __init__, docstrings. Run by EditorStubsTest (bridge-cli), which
# compares the result with the stubs `polybridge stubs` writes; what cannot be read from the code
# (argument and return types) comes from the tables below, and a table entry that names nothing
# fails the run, so they cannot outlive what they describe.
import ast
import enum
import inspect
import textwrap
import types

import iterm2

PACKAGE = "iterm2"

# Argument and attribute types by name, wherever the name appears.
NAMED_TYPES = {
    "connection": "Connection",
    "session_id": "str", "tab_id": "str", "window_id": "str",
    "app": "App", "tab": "Tab", "window": "Window",
}

# Return types (and property types) by qualified name: "function" or "Class.member".
RETURNS = {
    "async_get_app": "App",
    "async_get_variable": "Any",
    "App.windows": "List[Window]",
    "App.terminal_windows": "List[Window]",
    "App.current_window": "Optional[Window]",
    "App.get_session_by_id": "Optional[Session]",
    "App.get_tab_by_id": "Optional[Tab]",
    "App.get_window_by_id": "Optional[Window]",
    "App.get_window_for_tab": "Optional[Window]",
    "App.get_tab_and_window_for_session": "Tuple[Optional[Window], Optional[Tab]]",
    "Window.async_create": "Optional[Window]",
    "Window.async_create_tab": "Optional[Tab]",
    "Window.tabs": "List[Tab]",
    "Window.current_tab": "Optional[Tab]",
    "Tab.sessions": "List[Session]",
    "Tab.all_sessions": "List[Session]",
    "Tab.current_session": "Optional[Session]",
    "Session.window": "Optional[Window]",
    "Session.async_split_pane": "Session",
    "Session.async_get_profile": "Profile",
    "Session.async_get_screen_contents": "ScreenContents",
    "Color.hex": "str",
}

# Classes whose instances stand for another value: a Reference default is the value of a variable of
# the call site, so `session_id=iterm2.Reference("id")` must not make checkers type session_id as a
# Reference. Their stubs construct Any.
STANDS_FOR_ANY = {"Reference"}


class Stub:
    """One .pyi file: the module it describes and the lines written so far."""

    def __init__(self, module):
        self.module = module
        self.local = set()
        self.imports = set()
        self.lines = []
        self.returns_used = set()
        self.stands_for_any_used = set()

    def type_name(self, name):
        """A type of the iterm2 package as this stub can name it."""
        if name in ("Any", "str", "float", "bool", "int", "None"):
            return name
        if self.module is iterm2 and name in self.local:
            return name
        self.imports.add("import iterm2")
        return "iterm2." + name

    def type_expr(self, text):
        """Qualifies the package's names inside a type expression such as Optional[Window]."""
        out, word = [], ""
        for ch in text + " ":
            if ch.isalnum() or ch == "_":
                word += ch
                continue
            if word:
                out.append(word if word in ("List", "Optional", "Tuple", "Dict", "Any", "str", "float", "bool", "int", "None")
                           else self.type_name(word))
                word = ""
            out.append(ch)
        return "".join(out).rstrip()


def public_submodules():
    # iterm2 imports some submodules on a script's first use of them (its __getattr__): the stubs
    # describe what a script can reach, so reach everything dir() lists first
    for name in dir(iterm2):
        getattr(iterm2, name, None)
    found = {}
    for name, value in vars(iterm2).items():
        if isinstance(value, types.ModuleType) and not name.startswith("_") and value.__name__ == PACKAGE + "." + name:
            found[name] = value
    return dict(sorted(found.items()))


def module_names(module):
    """The public names of a module: its __all__, and what it defines itself."""
    names = set(getattr(module, "__all__", []))
    for name, value in vars(module).items():
        if name.startswith("_"):
            continue
        if getattr(value, "__module__", None) == module.__name__ and (inspect.isclass(value) or inspect.isfunction(value)):
            names.add(name)
    return sorted(names)


def docstring(stub, indent, obj):
    """Writes the object's own docstring (not one inherited from a base class or from object)."""
    own = obj.__dict__.get("__doc__") if inspect.isclass(obj) else getattr(obj, "__doc__", None)
    if not isinstance(own, str) or not own.strip():
        return False
    doc = inspect.cleandoc(own)
    doc = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    body = textwrap.indent(doc, indent).lstrip() if "\n" in doc else doc
    stub.lines.append(indent + '"""' + body + ('\n' + indent if "\n" in doc else "") + '"""')
    return True


def literal_type(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "float"
    if isinstance(value, str):
        return "str"
    return "Any"


def parameters(stub, func, skip_first):
    signature = inspect.signature(func)
    out = []
    star_seen = False
    params = list(signature.parameters.values())
    if skip_first and params:
        out.append(params[0].name)
        params = params[1:]
    for p in params:
        name = p.name
        annotation = stub.type_expr(NAMED_TYPES[name]) if name in NAMED_TYPES else None
        if p.kind == p.VAR_POSITIONAL:
            out.append("*" + name + ": Any")
            star_seen = True
            continue
        if p.kind == p.VAR_KEYWORD:
            out.append("**" + name + ": Any")
            continue
        if p.kind == p.KEYWORD_ONLY and not star_seen:
            out.append("*")
            star_seen = True
        if p.default is p.empty:
            out.append(name + ": " + (annotation or "Any"))
        else:
            default = p.default
            if default is None or isinstance(default, (bool, int, float, str)):
                shown = repr(default) if not isinstance(default, str) or len(default) < 40 else "..."
                kind = annotation or literal_type(default)
                if default is None and kind != "Any":
                    kind = "Optional[" + kind + "]"
                out.append(name + ": " + kind + " = " + shown)
            else:
                out.append(name + ": " + (annotation or "Any") + " = ...")
    return ", ".join(out)


def returns(stub, qualified):
    if qualified in RETURNS:
        stub.returns_used.add(qualified)
        return stub.type_expr(RETURNS[qualified])
    return "Any"


def function(stub, indent, name, func, qualified, method):
    prefix = "async def " if inspect.iscoroutinefunction(func) else "def "
    result = "None" if name == "__init__" else returns(stub, qualified)
    stub.lines.append(indent + prefix + name + "(" + parameters(stub, func, method) + ") -> " + result + ":")
    if not docstring(stub, indent + "    ", func):
        stub.lines[-1] += " ..."


def init_attributes(cls):
    """The public attributes __init__ sets on self, in order."""
    init = cls.__dict__.get("__init__")
    if not inspect.isfunction(init):
        return []
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(init)))
    except (OSError, TypeError, SyntaxError):
        return []
    found = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        for t in targets:
            for e in (t.elts if isinstance(t, ast.Tuple) else [t]):
                if (isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "self"
                        and not e.attr.startswith("_") and e.attr not in found):
                    found.append(e.attr)
    return found


DUNDERS = ("__init__", "__call__", "__aenter__", "__aexit__", "__enter__", "__exit__", "__iter__", "__len__",
           "__getitem__", "__contains__")


def base_name(stub, base, emit_private):
    if base is object:
        return None
    if base.__module__ == "builtins":
        return base.__name__
    if base.__module__ == "enum":
        stub.imports.add("import enum")
        return "enum." + base.__name__
    if base.__module__.startswith(PACKAGE):
        public = stub.names_by_id.get(id(base))
        if public:
            return public
        if base.__name__.startswith("_"):
            emit_private(base)
            return base.__name__
        owner = base.__module__
        if owner == stub.module.__name__:
            return base.__name__
        stub.imports.add("import " + owner if owner != PACKAGE else "import iterm2")
        return owner + "." + base.__name__
    return "Any"


def klass(stub, name, cls, emit_private):
    bases = [b for b in (base_name(stub, b, emit_private) for b in cls.__bases__) if b]
    stub.lines.append("class " + name + ("(" + ", ".join(bases) + ")" if bases else "") + ":")
    before = len(stub.lines)
    docstring(stub, "    ", cls)
    is_enum = isinstance(cls, enum.EnumMeta)
    if is_enum:
        for member in cls.__members__.values():
            value = member.value
            stub.lines.append("    " + member.name + " = " + (repr(value) if isinstance(value, (int, str)) else "..."))
    if name in STANDS_FOR_ANY:
        stub.stands_for_any_used.add(name)
        init = inspect.signature(cls.__init__)
        stub.lines.append("    def __new__(cls" + "".join(", " + p + ": Any" for p in list(init.parameters)[1:]) + ") -> Any: ...")
    for attribute in init_attributes(cls):
        if not isinstance(cls.__dict__.get(attribute), property):
            kind = NAMED_TYPES.get(attribute)
            stub.lines.append("    " + attribute + ": " + (stub.type_expr(kind) if kind else "Any"))
    for member, value in cls.__dict__.items():
        if member.startswith("_") and member not in DUNDERS:
            continue
        if is_enum and member in cls.__members__:
            continue
        qualified = name + "." + member
        if isinstance(value, staticmethod):
            stub.lines.append("    @staticmethod")
            function(stub, "    ", member, value.__func__, qualified, False)
        elif isinstance(value, classmethod):
            stub.lines.append("    @classmethod")
            function(stub, "    ", member, value.__func__, qualified, True)
        elif inspect.isfunction(value):
            function(stub, "    ", member, value, qualified, True)
        elif isinstance(value, property):
            stub.lines.append("    @property")
            stub.lines.append("    def " + member + "(self) -> " + returns(stub, qualified) + ": ...")
            if value.fset is not None:
                stub.lines.append("    @" + member + ".setter")
                stub.lines.append("    def " + member + "(self, value: Any) -> None: ...")
        elif not callable(value) and not member.startswith("_"):
            stub.lines.append("    " + member + ": " + literal_type(value))
    if len(stub.lines) == before:
        stub.lines.append("    ...")
    stub.lines.append("")


def render(module, submodules):
    stub = Stub(module)
    names = module_names(module)
    stub.names_by_id = {}
    for name in names:
        value = getattr(module, name)
        owner = getattr(value, "__module__", None)
        if (inspect.isclass(value) or inspect.isfunction(value)) and (owner == module.__name__ or owner.split(".")[-1].startswith("_")):
            stub.local.add(name)
            stub.names_by_id.setdefault(id(value), name)
    body = []
    emitted_private = set()

    def emit_private(cls):
        if cls.__name__ not in emitted_private:
            emitted_private.add(cls.__name__)
            saved, stub.lines = stub.lines, []
            klass(stub, cls.__name__, cls, emit_private)
            body.extend(stub.lines)
            stub.lines = saved

    if module is iterm2:
        for sub in submodules:
            stub.imports.add("from iterm2 import " + sub + " as " + sub)
    for name in names:
        value = getattr(module, name)
        owner = getattr(value, "__module__", None)
        stub.lines = []
        if name not in stub.local and (inspect.isclass(value) or inspect.isfunction(value)):
            stub.imports.add("from " + owner + " import " + value.__name__ + " as " + name)
        elif inspect.isclass(value):
            first = stub.names_by_id[id(value)]
            if first != name:
                stub.lines.append(name + " = " + first)
                stub.lines.append("")
            else:
                klass(stub, name, value, emit_private)
        elif inspect.isfunction(value):
            function(stub, "", name, value, name, False)
            stub.lines.append("")
        elif isinstance(value, types.ModuleType):
            continue
        else:
            stub.lines.append(name + ": " + literal_type(value))
            stub.lines.append("")
        body.extend(stub.lines)
    head = ['"""' + "Editor stubs of polybridge's " + module.__name__ + " (generated from the module; `polybridge stubs DIR`)." + '"""',
            "from typing import Any, Dict, List, Optional, Tuple", ""]
    head += sorted(i for i in stub.imports if i.startswith("import "))
    head += sorted(i for i in stub.imports if i.startswith("from "))
    text = "\n".join(head + ["", ""] + body).rstrip() + "\n"
    return text, stub.returns_used | stub.stands_for_any_used


def generate():
    submodules = public_submodules()
    files = {}
    used = set()
    text, u = render(iterm2, list(submodules))
    files["iterm2/__init__.pyi"] = text
    used |= u
    for name, sub in submodules.items():
        text, u = render(sub, [])
        files["iterm2/" + name + ".pyi"] = text
        used |= u
    unused = sorted((set(RETURNS) | STANDS_FOR_ANY) - used)
    if unused:
        raise LookupError("RETURNS or STANDS_FOR_ANY names what the package no longer has: " + ", ".join(unused))
    files["iterm2/py.typed"] = ""
    return files


@iterm2.RPC
async def python_stubs():
    return generate()


async def main(connection):
    await python_stubs.async_register(connection, timeout=60)


iterm2.run_forever(main)
