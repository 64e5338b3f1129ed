"""The public surface: curated, sorted, complete, documented."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import vnfin
from vnfin import errors
from vnfin._client import SyncClient, groups_of
from vnfin._faces import blocking, streaming


def isort_style(name: str) -> tuple[int, str]:
    """ruff's RUF022 order: CONSTANTS, then Classes, then everything else."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def test_all_is_sorted_and_complete() -> None:
    assert vnfin.__all__ == sorted(vnfin.__all__, key=isort_style)
    for name in vnfin.__all__:
        assert hasattr(vnfin, name)
    exported = {
        name
        for name, value in vars(vnfin).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert exported == set(vnfin.__all__) - {"__version__", "errors"}
    assert set(errors.__all__) <= set(vnfin.__all__)
    assert errors.__all__ == sorted(errors.__all__, key=isort_style)


def test_exception_tree() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.VnfinError)
    assert issubclass(errors.TwoFactorRequired, errors.AuthError)
    assert issubclass(errors.RequestTimeout, errors.TransportError)
    assert issubclass(errors.ValidationError, ValueError)
    assert not issubclass(errors.TransportError, errors.APIError)


def _clients() -> list[type[SyncClient]]:  # type: ignore[type-arg]
    out, todo = [], [SyncClient]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls is not SyncClient:
            out.append(cls)
    return out


def test_every_client_has_both_faces() -> None:
    assert {c.__name__ for c in _clients()} >= {"Finhay"}
    for sync_cls in _clients():
        assert sync_cls.twin.__name__ == "Async" + sync_cls.__name__


@pytest.mark.parametrize("sync_cls", _clients(), ids=lambda c: c.__name__)
def test_sync_face_mirrors_async_face(sync_cls: type) -> None:
    async_cls = sync_cls.twin  # type: ignore[attr-defined]
    assert inspect.signature(sync_cls) == inspect.signature(async_cls)
    sync_groups, async_groups = groups_of(sync_cls), groups_of(async_cls)
    assert set(sync_groups) == set(async_groups) and sync_groups
    for name, sync_group in sync_groups.items():
        async_group = async_groups[name]
        endpoints = {
            n
            for n, v in vars(async_group).items()
            if not n.startswith("_")
            and (inspect.iscoroutinefunction(v) or inspect.isasyncgenfunction(v))
        }
        faces = {n: v for n, v in vars(sync_group).items() if isinstance(v, blocking | streaming)}
        assert set(faces) == endpoints, name
        for endpoint, face in faces.items():
            original = getattr(async_group, endpoint)
            assert face.fn is original
            assert face.__doc__ == original.__doc__
            if "DataFrame" in str(inspect.signature(original).return_annotation):
                assert "column" in (face.__doc__ or "").lower(), f"{name}.{endpoint}: no columns"
    client_methods = {
        n
        for n, v in vars(async_cls).items()
        if not n.startswith("_") and inspect.iscoroutinefunction(v) and n != "aclose"
    }
    assert {n for n, v in vars(sync_cls).items() if isinstance(v, blocking)} == client_methods


@pytest.mark.parametrize("sync_cls", _clients(), ids=lambda c: c.__name__)
def test_clients_expose_every_group(sync_cls: type) -> None:
    async_cls = sync_cls.twin  # type: ignore[attr-defined]
    client, aclient = sync_cls("ak_test_x", "s"), async_cls("ak_test_x", "s")
    for name, cls in groups_of(sync_cls).items():
        assert isinstance(getattr(client, name), cls)
        assert isinstance(getattr(aclient, name), groups_of(async_cls)[name])
        assert getattr(client, name)._async is getattr(client._async, name)
    assert client._async._core is client._core


def test_the_demo_command_runs_a_notebook_into_a_page(tmp_path: Path) -> None:
    notebook = Path(__file__).parents[2] / "notebooks" / "01_quickstart.ipynb"
    env = {**os.environ, "FINHAY_API_KEY": "a-key", "SSI_CONSUMER_ID": "an-id"}  # still sandbox
    out = subprocess.run(
        [sys.executable, "-m", "vnfin.demo", str(notebook), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env=env,
    )
    assert "running 1 notebooks against the sandbox" in out.stdout
    assert re.search(r"01_quickstart\.ipynb +\d+ cells +[1-9]\d* charts .* ok", out.stdout)
    assert f"open {(tmp_path / 'index.html').as_uri()}" in out.stdout
    page = (tmp_path / "01_quickstart.html").read_text(encoding="utf-8")
    assert "SIMULATED" in page and "Plotly.newPlot(" in page
