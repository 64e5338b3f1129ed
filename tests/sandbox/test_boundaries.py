"""The sandbox stands apart from the client it tests: it may import the standard library,
numpy, pandas, httpx, uvicorn and h11 (its server), cryptography (SSI's RSA keys and tokens),
its own modules, the one list of exchanges (``vnfin.rules.EXCHANGES``), where the reference
data lives (``vnfin._data.data_dir``), and — lazily, inside ``Sandbox.finhay()``,
``ssi()``, ``dnse()`` and their async twins — the client classes it hands out. Anything else from
``vnfin`` (signing, glossary, input checks, the HTTP core) would let a client bug pass every
sandbox test, so it is refused here.
Every module also says what it does in a docstring and stays under 400 lines."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import vnfin.sandbox

SANDBOX = Path(vnfin.sandbox.__file__).parent
MODULES = sorted(SANDBOX.rglob("*.py"))
OUTSIDE = sys.stdlib_module_names | {
    *("__future__", "numpy", "pandas", "httpx", "uvicorn", "h11", "cryptography"),
}
ALLOWED = {"vnfin.rules": {"EXCHANGES"}, "vnfin._data": {"data_dir"}}
LAZY = {
    "vnfin.finhay": {"Finhay", "AsyncFinhay"},
    "vnfin.ssi": {"SSI", "AsyncSSI"},
    "vnfin.dnse": {"DNSE", "AsyncDNSE"},
}
LAZY_FUNCTIONS = {"finhay", "async_finhay", "ssi", "async_ssi", "dnse", "async_dnse"}

Import = tuple[str, set[str], str | None]  # absolute module, names taken, enclosing function


def package_of(path: Path, root: Path) -> str:
    """The dotted package a module file belongs to (``root`` is the top package's folder)."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1])


def imports(path: Path, root: Path = SANDBOX.parent) -> list[Import]:
    """Every import in the file, relative ones resolved against its package."""
    package = package_of(path, root)
    found: list[Import] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, set(), function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                module = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    module = ".".join([*anchor, module] if module else anchor)
                found.append((module, {a.name for a in child.names}, function))
            visit(child, function)

    visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return found


def refusals(path: Path, root: Path = SANDBOX.parent) -> list[str]:
    """What is wrong with the file's imports (empty when nothing is)."""
    wrong = []
    for module, names, function in imports(path, root):
        top = module.split(".")[0]
        if module == "vnfin.sandbox" or module.startswith("vnfin.sandbox."):
            continue
        if module in ALLOWED:
            if not names <= ALLOWED[module]:
                wrong.append(f"{module}: {sorted(names - ALLOWED[module])}")
        elif module in LAZY:
            if not names <= LAZY[module] or function not in LAZY_FUNCTIONS:
                wrong.append(f"{module} outside Sandbox.finhay()/async_finhay()")
        elif top not in OUTSIDE:  # anything else from vnfin, or a package we do not depend on
            wrong.append(module)
    return wrong


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SANDBOX)))
def test_imports_stay_inside_the_sandbox(path: Path) -> None:
    assert refusals(path) == []


def test_the_check_resolves_relative_imports_and_catches_the_client(tmp_path: Path) -> None:
    assert len(MODULES) > 30
    verify = SANDBOX / "finhay" / "verify.py"
    assert ("vnfin.sandbox.finhay.envelope", {"Refusal"}, None) in imports(verify)
    sandbox = tmp_path / "vnfin" / "sandbox"
    (sandbox / "finhay").mkdir(parents=True)
    cases = {
        "from ...finhay.auth import signature\n": ["vnfin.finhay.auth"],
        "from vnfin._inputs import timestamp\n": ["vnfin._inputs"],
        "from ...rules import tick_size\n": ["vnfin.rules: ['tick_size']"],
        "from ...finhay import Finhay\n": ["vnfin.finhay outside Sandbox.finhay()/async_finhay()"],
        "import requests\n": ["requests"],
        "from ..world.exchange import EXCHANGES\nfrom ...rules import EXCHANGES\n": [],
        "def finhay():\n    from ...finhay import Finhay\n": [],
    }
    for source, expected in cases.items():
        module = sandbox / "finhay" / "x.py"
        module.write_text(source, encoding="utf-8")
        assert refusals(module, tmp_path / "vnfin") == expected, source


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SANDBOX)))
def test_every_module_says_what_it_does_and_stays_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert ast.get_docstring(ast.parse(text)), "no module docstring"
    assert len(text.splitlines()) <= 400
    assert "fmt: skip" not in text
