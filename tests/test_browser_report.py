"""Saved reports in headless Chromium: upload, save and share, open the link in a fresh browser."""

import re
from pathlib import Path

import pytest

from browser_app import CHROMIUM, launch_chromium, running_app
from conftest import DATA
if not CHROMIUM.exists():
    pytest.skip("no browser: /usr/bin/chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = sync_api.expect


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report_server")
    with running_app(folder, {"CHURNLENS_DB": f"sqlite:///{folder / 'reports.sqlite'}"}) as (url, log):
        yield url, log


@pytest.fixture()
def browser(server, request):
    _, log = server
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            print("---- streamlit server log ----\n" + log.read_text())
        browser.close()


def fresh_page(browser):
    """A page in a new browser context: no cookies, no session, nothing shared with other pages."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True).new_page()
    page.set_default_timeout(90_000)
    return page


def metric_value(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def vital_caption(page):
    return page.locator('[data-testid="stCaptionContainer"]').filter(has_text="关键少数：")


def test_a_saved_link_opens_in_a_fresh_browser_with_the_same_numbers(browser, server):
    url, _ = server
    page = fresh_page(browser)
    page.goto(url)
    expect(metric_value(page, "答卷数")).to_have_text("900")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="上传我的文件").click()
    page.locator('[data-testid="stSidebar"] [data-testid="stFileUploader"] input[type="file"]').set_input_files(str(DATA / "survey_utf8.csv"))
    expect(metric_value(page, "答卷数")).to_have_text("12")
    numbers = {label: metric_value(page, label).inner_text() for label in ("答卷数", "已归因占比", "首要原因")}
    vital = vital_caption(page).inner_text()

    page.get_by_text("保存并分享").click()
    page.get_by_label("报告标题").fill("门店流失 <第三季度>")
    page.get_by_role("button", name="保存并生成链接").click()
    link_box = page.locator('[data-testid="stCode"]').first
    expect(link_box).to_contain_text("?report=")
    link = link_box.inner_text().strip()
    assert re.fullmatch(re.escape(url) + r"/\?report=[\w-]{32,}", link), link

    shared = fresh_page(browser)
    shared.goto(link)
    expect(shared.get_by_role("heading", name="门店流失 <第三季度>")).to_be_visible()
    for label, value in numbers.items():
        expect(metric_value(shared, label)).to_have_text(value)
    expect(vital_caption(shared)).to_have_text(vital)
    expect(shared.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    expect(shared.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()

    with shared.expect_download() as download:
        shared.get_by_role("button", name="下载 HTML 报告（可离线打开）").click()
    html = Path(download.value.path()).read_text(encoding="utf-8")
    assert "<h1>门店流失 &lt;第三季度&gt;</h1>" in html and "<script" not in html
    offline = fresh_page(browser)
    offline.context.set_offline(True)
    offline.set_content(html)
    expect(offline.get_by_role("heading", name="帕累托分析")).to_be_visible()
    expect(offline.locator("svg").first).to_be_visible()


def test_an_unknown_link_shows_one_sentence(browser, server):
    url, _ = server
    page = fresh_page(browser)
    page.goto(f"{url}/?report=not-a-real-token")
    expect(page.locator('[data-testid="stAlert"]')).to_have_text("找不到这份报告：链接有误、已被撤销或已过期。")
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
