"""The house rules, checked on the code itself: no import cycle inside otmodel, no lower layer importing a
higher one, and Streamlit imported only by otmodel/ui/ (besides app.py and views/)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.fixtures import ROOT

PACKAGE = ROOT / "otmodel"
TOOLS = ROOT / "tools"  # the bench and the browser harness: beside the product, never inside it
# Each capability package and the layer it stands on: a module may import its own package and lower layers.
LAYERS = {
    "otmodel": 0,  # db, vocab, format, errors, charts: what everything uses
    "otmodel.data": 1,
    "otmodel.model": 2,
    "otmodel.scenarios": 3,
    "otmodel.listening": 4,
    "otmodel.overview": 4,
    "otmodel.followup": 4,  # the applied scenario and its year followed: above scenarios
    "otmodel.portfolio": 5,
    "otmodel.demo": 5,
    "otmodel.presentation": 5,  # the story, report, vote: above scenarios, listening and overview
    "otmodel.cli": 6,
    "otmodel.ui": 6,
    "otmodel.__main__": 7,
    "tools": 8,  # the bench and the browser harness drive the whole app
}
# `python -m otmodel bench` runs the bench that lives beside the product: imported inside its command only.
UPWARD_ALLOWED = {("otmodel.cli.commands", "tools.bench"), ("otmodel.cli.commands", "tools")}
STREAMLIT_ALLOWED = "otmodel.ui"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def ancestors(module: str) -> list[str]:
    """The packages whose __init__ runs before `module`: otmodel.cli.serve → otmodel, otmodel.cli."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def imports_of(path: Path, importer: str | None = None) -> set[str]:
    """Every module a file's import statements run, functions' imports included:
    - `import a.b.c`, `from a.b.c import name`: the module a.b.c, and the packages a, a.b whose __init__ runs
      first — except the importer's own packages, already running when it runs;
    - `from package import module`: the module, and the package itself — the statement reads the package's
      namespace, which may be half made when the package's own __init__ is what imports the importer (a cycle
      through an __init__, even when Python's fallback hides it)."""
    own = set(ancestors(importer)) if importer else set()
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            named = {f"{node.module}.{alias.name}" for alias in node.names}
            targets = {name for name in named if is_module(name)} | {node.module}
        else:
            continue
        found |= targets | {a for target in targets for a in ancestors(target) if a not in own}
    return found


def import_graph() -> dict[str, set[str]]:
    """Modules of otmodel and tools → the modules of otmodel and tools they import."""
    graph = {}
    for path in sorted([*PACKAGE.rglob("*.py"), *TOOLS.rglob("*.py")]):
        name = module_name(path)
        graph[name] = {m for m in imports_of(path, name) if m.split(".")[0] in ("otmodel", "tools") and m != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of nodes (first = last), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def layer_of(module: str) -> tuple[str, int]:
    package = next(p for p in sorted(LAYERS, key=len, reverse=True) if module == p or module.startswith(p + "."))
    if package == "otmodel" and module.count(".") > 1:
        raise AssertionError(f"{module} belongs to no declared package: add it to LAYERS")
    return package, LAYERS[package]


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_otmodel_has_no_import_cycle():
    """Counting the packages' __init__ (tools/ included): `from otmodel.cli import bench` inside otmodel.cli made
    one (otmodel.cli → commands → otmodel.cli), hidden by Python's fallback to the submodule."""
    graph = import_graph()
    assert "otmodel.data.importer" in graph and "otmodel.ui.data" in graph and "tools.bench" in graph
    assert find_cycle({"p": {"p.a"}, "p.a": {"p"}}) == ["p", "p.a", "p"]
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph))


def test_no_lower_layer_imports_a_higher_one():
    wrong = []
    for module, targets in import_graph().items():
        package, level = layer_of(module)
        for target in targets:
            target_package, target_level = layer_of(target)
            if (target_package != package and target_level >= level and target_package != "otmodel"
                    and (module, target) not in UPWARD_ALLOWED):
                wrong.append(f"{module} → {target}")
    assert wrong == []


def imported_at_start(path: Path) -> set[str]:
    """What a file's import statements outside any function name: imported as soon as the module is."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = {id(node) for function in ast.walk(tree) if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
              for node in ast.walk(function)}
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and id(node) not in inside:
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and id(node) not in inside:
            names.add(node.module)
    return names


def test_the_product_imports_no_tool_when_it_starts():
    """otmodel reaches tools/ only from inside a function (the bench command): the app and the command line start
    without them, from a copy of the product alone."""
    assert [module_name(path) for path in PACKAGE.rglob("*.py")
            if any(name.split(".")[0] == "tools" for name in imported_at_start(path))] == []
    assert "tools.bench" in import_graph()["otmodel.cli.commands"]  # the check can see the bench command's import
    assert "tools" in imported_at_start(ROOT / "tests" / "unit" / "test_bench_scale.py")


def test_only_the_ui_package_imports_streamlit():
    offenders = [module_name(path) for path in PACKAGE.rglob("*.py")
                 if any(m == "streamlit" or m.startswith("streamlit.") for m in imports_of(path))
                 and not module_name(path).startswith(STREAMLIT_ALLOWED)]
    assert offenders == []
    assert any(m.startswith("streamlit") for m in imports_of(PACKAGE / "ui" / "data.py"))  # the check can see one


# --- pages never hold a connection ------------------------------------------------------------------

SCREEN = [*sorted((ROOT / "views").rglob("*.py")), *sorted((PACKAGE / "ui").rglob("*.py")), ROOT / "app.py"]
DOOR = PACKAGE / "ui" / "data.py"  # the pages' door: the only screen module that knows otmodel.db


def takes_a_connection(path: Path) -> list[str]:
    """Functions (lambdas too) of a file with a parameter named like a connection or typed as one."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = node.args
            for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                typed = ast.unparse(arg.annotation) if arg.annotation else ""
                if arg.arg in ("con", "cursor", "connection") or "DuckDB" in typed:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {getattr(node, 'name', 'lambda')}")
    return found


def test_no_page_and_no_ui_function_takes_a_connection():
    assert [hit for path in SCREEN for hit in takes_a_connection(path)] == []
    assert takes_a_connection(PACKAGE / "db.py")  # the check sees one


def test_only_the_door_knows_the_database_module():
    knowing = [str(path.relative_to(ROOT)) for path in SCREEN
               if {"duckdb", "otmodel.db"} & imports_of(path) and path != DOOR]
    assert knowing == []
    assert "otmodel.db" in imports_of(DOOR)


# --- pages read like the screen ---------------------------------------------------------------------

PAGES = sorted((ROOT / "views").rglob("*.py"))
LONGEST_PAGE = 150  # a page that needs more becomes a folder views/<page>/ of sections


def globals_read_by_functions(path: Path, root: Path = ROOT) -> list[str]:
    """Module-level variables (not constants in capitals, not imports, functions or classes) that a function of
    the file reads: a page computes its results once, in its table of contents, and passes them."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    variables = {target.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                 for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                 if isinstance(target, ast.Name) and not target.id.isupper()}
    variables |= {sub.id for node in tree.body if isinstance(node, (ast.With, ast.For, ast.If))
                  for sub in ast.walk(node) if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store)}
    found = []
    for node in tree.body:  # each function of the page, with the functions it holds
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            local = {arg.arg for arg in ast.walk(node) if isinstance(arg, ast.arg)}
            local |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
            found += [f"{path.relative_to(root)}:{n.lineno} {node.name} reads {n.id}" for n in ast.walk(node)
                      if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in variables - local]
    return found


def test_every_page_file_is_short():
    lengths = {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines()) for path in PAGES}
    assert {name: n for name, n in lengths.items() if n > LONGEST_PAGE} == {}
    assert "views/scenarios/page.py" in lengths  # a folder's pages are counted too


def test_page_functions_take_what_they_read():
    assert [hit for path in PAGES for hit in globals_read_by_functions(path)] == []


def test_the_globals_check_sees_a_page_script(tmp_path):
    page = tmp_path / "probe.py"
    page.write_text("LIMIT = 3\nfacts = load()\n\n\ndef show(x):\n    return facts, x, LIMIT\n\n\nshow(facts)\n",
                    encoding="utf-8")
    assert globals_read_by_functions(page, tmp_path) == ["probe.py:6 show reads facts"]
