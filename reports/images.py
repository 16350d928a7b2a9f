"""Charts as SVG and PNG files, rendered by vl-convert without a browser or network."""

from __future__ import annotations

import altair as alt
import vl_convert

PNG_SCALE = 2  # sharp on high-density screens and in slides
WIDTH = 720  # the app stretches charts to the page; a file needs a width of its own


def _spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec with a fixed width."""
    return chart.properties(width=WIDTH).to_dict()


def chart_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as a standalone SVG document."""
    return vl_convert.vegalite_to_svg(_spec(chart))


def chart_png(chart: alt.TopLevelMixin) -> bytes:
    """The chart as a PNG image."""
    return vl_convert.vegalite_to_png(_spec(chart), scale=PNG_SCALE)
