"""Charts that survive export.

In a kernel, plotly 7 emits only its JSON mimetype: JupyterLab draws it, but nbconvert's HTML,
nbviewer and ``make demo`` cannot. :func:`embed_in_exports` adds plotly's ``notebook``
renderer beside it, so each figure also carries an HTML copy that any exported page draws.
"""

from __future__ import annotations

import plotly.io as pio


def embed_in_exports(*, offline: bool = True) -> str:
    """Make figures shown in a notebook draw in JupyterLab *and* in exported HTML.

    ``offline=True`` embeds plotly.js once in the notebook (about 4.6 MB), so the exported
    page works without a network; ``offline=False`` loads it from plotly's CDN instead (a
    small notebook whose exports need a network). Returns the renderer now in use."""
    html = "notebook" if offline else "notebook_connected"
    pio.renderers.default = f"plotly_mimetype+{html}"
    return str(pio.renderers.default)
