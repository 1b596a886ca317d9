"""No import circles in app (lint-imports keeps the layers; this keeps modules from importing each other)."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

KNOWN: list[set[str]] = []


def _cycles(graph) -> list[set[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
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
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(group)
    return found


def test_no_import_circles_in_app():
    cycles = [c for c in _cycles(grimp.build_graph("app")) if c not in KNOWN]
    assert cycles == []


def test_the_cycle_finder_finds_one():
    class Graph:
        modules = {"a", "b", "c", "d"}
        edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

        def find_modules_directly_imported_by(self, module):
            return self.edges.get(module, set())

    assert _cycles(Graph()) == [{"a", "b", "c"}]


def _repository_calls(root: Path) -> list[str]:
    """Calls of a repository method from a screen (``x.repo.get_engagement(...)``, ``repo.save_answer(...)``).

    Passing the repository to a service (``services.f(self.context.repo, ...)``) is the way; calling it is not.
    """
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name in ("repo", "repository", "_repo"):
                found.append(f"{path.relative_to(root.parent.parent)}:{node.lineno}: {ast.unparse(node.func)}")
    return found


def test_no_screen_calls_the_repository():
    assert _repository_calls(Path(__file__).resolve().parent.parent / "app" / "ui") == []


def test_the_repository_call_finder_finds_one(tmp_path):
    screen = tmp_path / "app" / "ui" / "x.py"
    screen.parent.mkdir(parents=True)
    screen.write_text("def load(self, e):\n    return self.context.repo.get_engagement(e)\n"
                      "def ok(self, e):\n    return services.get_engagement(self.context.repo, e)\n")
    assert _repository_calls(tmp_path / "app" / "ui") == ["app/ui/x.py:2: self.context.repo.get_engagement"]
