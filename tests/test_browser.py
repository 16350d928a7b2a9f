"""The real app in headless Chromium: open the demo, upload a GBK file, read the numbers."""

import pytest

from browser_app import CHROMIUM, launch_chromium, running_app
from conftest import DATA
if not CHROMIUM.exists():
    pytest.skip("no browser: /usr/bin/chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("server")) as (url, log):
        yield url, log


@pytest.fixture()
def page(server, request):
    url, log = server
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(90_000)
        yield page, url
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            print("---- streamlit server log ----\n" + log.read_text())
        browser.close()


def metric_value(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def test_demo_opens_with_pareto_and_upload_codes_a_gbk_file(page, server):
    page, url = page
    page.goto(url)
    expect = sync_api.expect
    expect(page.get_by_role("heading", name="ChurnLens 流失原因分析")).to_be_visible()
    expect(metric_value(page, "答卷数")).to_have_text("900")
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()

    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="上传我的文件").click()
    page.locator('[data-testid="stSidebar"] [data-testid="stFileUploader"] input[type="file"]').set_input_files(str(DATA / "survey_gbk.csv"))
    expect(metric_value(page, "答卷数")).to_have_text("12")
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    page.get_by_role("combobox", name="选择原因（或点击图中的柱）").click()
    page.get_by_role("option", name="距离").click()
    verbatims = page.locator("ul.verbatims li")
    expect(verbatims.filter(has_text="离家太远了").locator("mark").first).to_have_text("太远")
