"""Lint: no function or method in src/ longer than 60 lines (decorators and docstring included)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

LIMIT = 60


def long_functions(root: Path) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > LIMIT:
                    out.append(f"{path}:{node.lineno}: function '{node.name}' is {length} lines (at most {LIMIT})")
    return out


def main() -> int:
    problems = long_functions(Path(sys.argv[1] if len(sys.argv) > 1 else "src"))
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
