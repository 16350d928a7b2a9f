"""In headless Chromium: a click on a heatmap cell opens that cell's answers (the one-click drill-down)."""

import re

from test_browser import page, server, sync_api  # noqa: F401  (the shared Chromium and streamlit fixtures)


def test_clicking_a_heatmap_cell_shows_its_verbatims(page):
    page, url = page
    page.goto(url)
    expect = sync_api.expect
    page.get_by_role("tab", name="细分对比").click()
    heatmap = page.locator('[data-testid="stVegaLiteChart"]').filter(has_text="各细分的流失原因占比")

    # a click on the cell's label (where the eye goes)
    heatmap.locator('[aria-roledescription="text mark"][aria-label*="车型: 途观L"][aria-label*="原因: 质量"]').click()
    caption = page.get_by_text(re.compile(r"^途观L · 质量：共 \d+ 条"))
    expect(caption).to_be_visible()
    count = int(re.search(r"共 (\d+) 条", caption.inner_text()).group(1))
    assert count > 20
    tab = page.get_by_role("tabpanel").filter(has=caption)
    expect(tab.locator("ul.verbatims").first.locator("li")).to_have_count(min(count, 50))
    expect(tab.locator("ul.verbatims mark").first).to_be_visible()

    # a click on the cell's corner, away from the label
    heatmap.locator('[aria-roledescription="rect mark"][aria-label*="车型: ID.4"][aria-label*="原因: 距离"]').click(
        position={"x": 4, "y": 4})
    expect(page.get_by_text(re.compile(r"^ID\.4 · 距离：共 \d+ 条"))).to_be_visible()

    # another tab is computed when it is opened
    page.get_by_role("tab", name="共现").click()
    expect(page.locator('[data-testid="stVegaLiteChart"]').filter(has_text="原因共现矩阵")).to_be_visible()
