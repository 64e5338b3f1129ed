"""Every notebook in notebooks/ runs end to end in a real Jupyter kernel against the sandbox,
the way ``make demo`` runs it; its charts survive export to HTML; no sandbox secret or OTP
shows up in its outputs; and the set as a whole uses the blocking and the async client."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from vnfin import demo

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))
REVEAL = (
    "import json as _j; print(_j.dumps([sb.api_secret, sb.otp_code, sb.ssi_consumer_secret, "
    "sb.ssi_private_key, sb.ssi_pin, sb.ssi_otp_code, sb.dnse_password, sb.dnse_smart_otp]))"
)


def test_there_are_the_notebooks_with_outputs_stripped() -> None:
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{n:02d}" for n in range(1, 10)]
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name
        first = next(c for c in nb.cells if c.cell_type == "code").source
        assert "Sandbox(" in first, path.name
        assert any(key in first for key in ("FINHAY_API_KEY", "SSI_CONSUMER_ID", "DNSE_USERNAME"))


def test_the_notebooks_use_both_clients_and_vnfin_charts() -> None:
    sources = {p.name: nbformat.read(p, as_version=4) for p in NOTEBOOKS}
    code = {
        name: "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        for name, nb in sources.items()
    }
    assert sum(bool(re.search(r"(?<!a)fh\.", text)) for text in code.values()) >= 5
    assert sum("await afh." in text for text in code.values()) >= 2
    assert not any("go.Candlestick" in text or "go.Figure(" in text for text in code.values())
    assert sum(text.count("charts.") for text in code.values()) >= 12


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.name)
def executed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    path: Path = request.param
    copy = tmp_path_factory.mktemp("nb") / path.name
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(REVEAL))
    nbformat.write(nb, copy)
    executed, run = demo.execute(copy)
    return path, executed, run


def test_notebook_runs_without_errors_or_secrets(executed: tuple) -> None:
    path, nb, run = executed
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert run.error is None and not errors, (path.name, run.error)
    secrets = json.loads(nb.cells[-1].outputs[0]["text"])
    outputs = [o for c in nb.cells[:-1] for o in c.get("outputs", [])]
    shown = json.dumps(outputs)
    for secret in [s for s in secrets if not s.isdigit()]:
        assert secret not in shown
    # A 6-digit PIN or OTP can turn up by chance among a chart's numbers or in plotly.js
    # itself: look for those as whole numbers in everything but the charts.
    words = json.dumps([o for o in outputs if not any("plotly" in str(v) for v in o.values())])
    for code in [s for s in secrets if s.isdigit()]:
        assert not re.search(rf"(?<!\d){code}(?!\d)", words), code
    assert "SIMULATED" in shown  # the first cell says which source it chose


def test_notebook_charts_survive_export_to_html(executed: tuple) -> None:
    path, nb, run = executed
    page = demo.export(nb)
    drawn = page.count("Plotly.newPlot(")
    assert drawn == run.figures, path.name  # every figure, as a plotly.js call in the page
    if path.name != "05_trading.ipynb":
        assert run.figures >= 1, path.name
    if run.figures:
        assert "plotly.js v" in page  # plotly.js itself is embedded: the page works offline
    if path.name == "05_trading.ipynb":
        assert run.widgets >= 2 and "application/vnd.jupyter.widget-state+json" in page


def test_the_demo_writes_an_index_that_links_every_page(tmp_path: Path) -> None:
    source = tmp_path / "nb" / "tiny.ipynb"
    source.parent.mkdir()
    cells = [
        nbformat.v4.new_markdown_cell("# A tiny notebook"),
        nbformat.v4.new_code_cell(
            "from vnfin import charts\nimport pandas as pd\ncharts.embed_in_exports()\n"
            "charts.compare(pd.DataFrame())"
        ),
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), source)
    broken = source.with_name("broken.ipynb")
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1/0")]), broken)
    runs = demo.build([source, broken], tmp_path / "build", log=False)
    assert [r.error for r in runs] == [None, "ZeroDivisionError: division by zero"]
    assert runs[0].title == "A tiny notebook" and runs[0].figures == 1
    index = (tmp_path / "build" / "index.html").read_text()
    assert "href='tiny.html'" in index and "href='broken.html'" in index
    assert "Plotly.newPlot(" in (tmp_path / "build" / "tiny.html").read_text()
