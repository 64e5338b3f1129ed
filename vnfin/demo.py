"""``python -m vnfin.demo`` (``make demo``): vnfin's main job, run against the sandbox.

Executes every notebook under ``notebooks/`` in a real Jupyter kernel against vnfin's local
sandbox (no credentials, no internet: ``FINHAY_*``, ``SSI_*`` and ``DNSE_*`` variables are
removed from the kernel's environment), and writes each one as a self-contained HTML page
under ``build/``: the interactive plotly charts embedded with plotly.js, the widgets' state
saved so the order form and the order book show. Prints one line per notebook and the index
page to open.

Execution is nbclient's and export nbconvert's; this module only chooses the options and
writes the index.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

PLOTLY = "application/vnd.plotly.v1+json"
WIDGET = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class Run:
    """What running one notebook gave."""

    path: Path
    title: str
    cells: int
    figures: int
    widgets: int
    seconds: float
    error: str | None
    html: Path | None = None


def title_of(nb: nbformat.NotebookNode, path: Path) -> str:
    """The notebook's first Markdown heading, else its file name."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return str(line.lstrip("#").strip())
    return path.stem


def outputs(nb: nbformat.NotebookNode, mimetype: str) -> int:
    """How many outputs of the notebook carry ``mimetype``."""
    return sum(
        mimetype in output.get("data", {})
        for cell in nb.cells
        for output in cell.get("outputs", [])
    )


def sandbox_env() -> dict[str, str]:
    """The kernel's environment: this one without any broker's credentials, so the notebooks'
    first cell picks the sandbox."""
    brokers = ("FINHAY_", "SSI_", "DNSE_")
    return {k: v for k, v in os.environ.items() if not k.startswith(brokers)}


def execute(path: Path, *, timeout: int = 600) -> tuple[nbformat.NotebookNode, Run]:
    """Run the notebook at ``path`` top to bottom in a fresh kernel started in its folder."""
    nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
    )
    started, error = time.perf_counter(), None
    try:
        client.execute(env=sandbox_env())
    except CellExecutionError as failure:
        error = f"{failure.ename}: {failure.evalue}"
    run = Run(
        path=path,
        title=title_of(nb, path),
        cells=sum(c.cell_type == "code" for c in nb.cells),
        figures=outputs(nb, PLOTLY),
        widgets=outputs(nb, WIDGET),
        seconds=time.perf_counter() - started,
        error=error,
    )
    return nb, run


def export(nb: nbformat.NotebookNode) -> str:
    """The executed notebook as one HTML page (JupyterLab's look, figures drawable offline)."""
    exporter = HTMLExporter(template_name="lab")  # type: ignore[no-untyped-call]
    body, _ = exporter.from_notebook_node(nb)
    return body


def index(runs: Sequence[Run]) -> str:
    """The page that links every notebook's HTML."""
    rows = []
    for run in runs:
        name = html.escape(run.title)
        link = f"<a href='{html.escape(run.html.name)}'>{name}</a>" if run.html else name
        state = "ok" if run.error is None else f"failed: {html.escape(run.error)}"
        rows.append(
            f"<tr><td>{link}</td><td>{run.cells}</td><td>{run.figures}</td>"
            f"<td>{run.widgets}</td><td>{run.seconds:.1f} s</td><td>{state}</td></tr>"
        )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>vnfin demo</title>"
        "<style>body{font-family:Inter,Roboto,Arial,sans-serif;margin:2em;max-width:60em}"
        "td,th{padding:.3em .8em;text-align:left}tr:nth-child(even){background:#f4f6f8}"
        "</style></head><body><h1>vnfin demo</h1>"
        "<p>vnfin's notebooks, run against its local sandbox: <b>simulated data</b> in the "
        "Finhay Open API's shapes. Charts are interactive and work offline; the trading "
        "widgets draw from their saved state (the widget library loads from a CDN).</p>"
        "<table><tr><th>notebook</th><th>code cells</th><th>charts</th><th>widgets</th>"
        f"<th>time</th><th>result</th></tr>{''.join(rows)}</table></body></html>"
    )


def build(notebooks: Sequence[Path], out: Path, *, log: bool = True) -> list[Run]:
    """Execute and export each notebook into ``out``; write ``out/index.html``."""
    out.mkdir(parents=True, exist_ok=True)
    runs = []
    for path in notebooks:
        nb, run = execute(path)
        page = out / f"{path.stem}.html"
        page.write_text(export(nb), encoding="utf-8")
        run = Run(**{**run.__dict__, "html": page})
        runs.append(run)
        if log:
            state = "ok" if run.error is None else f"FAILED: {run.error}"
            sys.stdout.write(
                f"  {path.name:<28} {run.cells:>3} cells {run.figures:>2} charts "
                f"{run.widgets:>2} widgets {run.seconds:6.1f} s  {state}\n"
            )
    (out / "index.html").write_text(index(runs), encoding="utf-8")
    return runs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vnfin.demo", description=__doc__)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--out", type=Path, default=Path("build"), help="default: build/")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(Path("notebooks").glob("*.ipynb"))
    if not paths:
        parser.error("no notebooks given and none under notebooks/")
    sys.stdout.write(f"vnfin demo: running {len(paths)} notebooks against the sandbox\n")
    runs = build(paths, args.out)
    failed = [r for r in runs if r.error is not None]
    charts = sum(r.figures for r in runs)
    sys.stdout.write(
        f"{len(runs) - len(failed)}/{len(runs)} notebooks ran, {charts} charts; "
        f"open {(args.out / 'index.html').resolve().as_uri()}\n"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
