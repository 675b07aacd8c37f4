"""The import graph between apps stays a one-way street (docs/architecture.md).

- No import cycle runs through files of different apps: a cycle is found as a
  strongly connected component of grimp's module graph (every import, those
  inside functions included) that holds modules of more than one app.
- No function-level import reaches another app without a comment saying why
  (`# why: ...` on the import's line or on the comment lines just above it):
  such an import hides a dependency from the reader, and usually a cycle or a
  back-edge the layers contract would otherwise refuse.

The apps are the root packages of [tool.importlinter] in pyproject.toml.
"""

import ast
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
APPS = tuple(
    tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
)


def app_of(module: str) -> str:
    return module.split(".", 1)[0]


def strongly_connected_components(graph) -> list[set[str]]:
    """Tarjan's algorithm, iterative (the graph has hundreds of modules)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def test_no_import_cycle_runs_through_two_apps():
    sys.path.insert(0, str(ROOT))
    try:
        graph = grimp.build_graph(*APPS, cache_dir=None)
    finally:
        sys.path.remove(str(ROOT))

    cycles = [
        sorted(component)
        for component in strongly_connected_components(graph)
        if len({app_of(module) for module in component}) > 1
    ]

    assert cycles == [], "import cycles across apps:\n" + "\n".join(map(str, cycles))


def test_the_cycle_finder_finds_a_cycle_across_two_apps():
    graph = grimp.ImportGraph()
    for module in ("low", "low.services", "high", "high.services", "high.models"):
        graph.add_module(module)
    graph.add_import(importer="low.services", imported="high.services")
    graph.add_import(importer="high.services", imported="low.services")
    graph.add_import(importer="high.services", imported="high.models")

    found = [c for c in strongly_connected_components(graph) if len(c) > 1]

    assert found == [{"low.services", "high.services"}]


def production_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield app, path


def has_why(lines: list[str], lineno: int) -> bool:
    """A `# why:` comment on the import's line or on the comment lines just above."""
    if "# why:" in lines[lineno - 1]:
        return True
    above = lineno - 2
    while above >= 0 and lines[above].strip().startswith("#"):
        if "# why:" in lines[above]:
            return True
        above -= 1
    return False


def unexplained_function_level_imports(app: str, source: str, name: str = "") -> list[str]:
    lines = source.splitlines()
    found = []

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                if isinstance(child, ast.ImportFrom):
                    modules = [child.module or ""] if child.level == 0 else []
                else:
                    modules = [alias.name for alias in child.names]
                crosses = any(app_of(m) in APPS and app_of(m) != app for m in modules)
                if crosses and not has_why(lines, child.lineno):
                    found.append(f"{name}:{child.lineno}: {lines[child.lineno - 1].strip()}")
            visit(
                child,
                in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef),
            )

    visit(ast.parse(source), False)
    return found


def test_no_function_level_import_across_apps_without_a_reason():
    found = []
    for app, path in production_modules():
        found += unexplained_function_level_imports(
            app, path.read_text(), str(path.relative_to(ROOT))
        )

    assert found == [], (
        "function-level imports of another app without a '# why:' comment:\n" + "\n".join(found)
    )


def test_the_import_walk_sees_what_it_must():
    source = '''
from workgroups import models  # module level: the layers contract judges it


def f():
    from communities import services  # same app: fine
    from . import selectors  # relative: same app
    from workgroups.models import Group
    import events.models
    # why: the events app imports this module while it loads.
    from events import selectors
    from django.db import models
'''
    assert unexplained_function_level_imports("communities", source) == [
        ":8: from workgroups.models import Group",
        ":9: import events.models",
    ]
