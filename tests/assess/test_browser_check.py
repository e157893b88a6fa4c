"""The Check widget and a quiz the way a learner sees them: JupyterLab on loopback, headless Chromium, run the lab,
click Check, click a long quiz option, save; the option boxes must not overlap and the saved click is the answer.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (``make system-deps`` installs them) and selenium;
skipped with the reason otherwise. Nothing is downloaded: Selenium drives /usr/bin/chromium through
/usr/bin/chromedriver.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from labkit.assess.quiz import clicked_answer, source_with_clicked_answer

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install selenium)")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="chromium and chromedriver are not installed (make system-deps)")

SLUGIFY = 'import re\n\ndef slugify(title):\n    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")'
LONG_OPTIONS = [  # as long as the lab01 questions that overlapped
    "A list, because its elements can be replaced, appended and removed after it is created, so two names bound to "
    "the same list both see every change made through either of them",
    "A tuple, because although it cannot grow it can hold mutable elements, which makes people think the tuple "
    "itself changes when one of those elements is modified in place",
    "A string, because methods such as replace() and upper() return modified text, even though they build a new "
    "string each time and leave the original exactly as it was",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def jupyter_lab(tmp_path):
    lab = json.loads((ROOT / "labs" / "sample_basics.ipynb").read_text())
    for cell in lab["cells"]:
        if cell["id"] == "slugify-answer":
            cell["source"] = SLUGIFY
    (tmp_path / "sample_basics.ipynb").write_text(json.dumps(lab))
    spec = json.loads((ROOT / "labs" / "sample_basics.lab.json").read_text())
    next(q for q in spec["quizzes"] if q["id"] == "q_mutable")["options"] = LONG_OPTIONS
    (tmp_path / "sample_basics.lab.json").write_text(json.dumps(spec))
    port, token = free_port(), "labkit-browser-test"
    env = {**os.environ, "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / ".workspaces"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / ".runtime"), "LABKIT_HOME": str(tmp_path / ".labkit")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--allow-root",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("jupyter lab did not start")
        yield url, token, tmp_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_check_button_in_jupyterlab(jupyter_lab):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    url, token, folder = jupyter_lab
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--window-size=1400,2000",
                 f"--user-data-dir={folder / '.chromium'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    wait = WebDriverWait(driver, 120)
    try:
        driver.get(f"{url}/lab/tree/sample_basics.ipynb?token={token}&reset")
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".jp-Notebook .jp-Cell")))
        wait.until(EC.presence_of_element_located(
            (By.XPATH, "//*[contains(@class,'jp-Notebook-ExecutionIndicator') and @data-status='idle']")))
        dialogs = []

        def accept_dialogs():
            for dialog in driver.find_elements(By.CSS_SELECTOR, ".jp-Dialog"):
                dialogs.append(dialog.text[:200])
                for button in dialog.find_elements(By.CSS_SELECTOR, ".jp-Dialog-button.jp-mod-accept"):
                    button.click()
                time.sleep(0.5)

        for _attempt in range(3):  # a busy machine may drop the first click before the kernel is connected
            accept_dialogs()
            wait.until(EC.element_to_be_clickable(
                (By.XPATH, "//div[contains(@class,'lm-MenuBar-itemLabel') and text()='Run']"))).click()
            wait.until(EC.element_to_be_clickable(
                (By.XPATH, "//div[contains(@class,'lm-Menu-itemLabel') and text()='Run All Cells']"))).click()
            try:
                WebDriverWait(driver, 40).until(
                    lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output"))
                break
            except Exception:
                continue

        def verdict(title: str):
            for element in driver.find_elements(By.CSS_SELECTOR, ".lk-verdict"):
                try:
                    if title in element.text:
                        return element
                except StaleElementReferenceException:  # the widget re-rendered under us
                    continue
            return False

        def verdict_text(title: str) -> str:
            found = verdict(title)
            try:
                return found.text if found else ""
            except StaleElementReferenceException:
                return ""

        try:
            first = wait.until(lambda d: verdict("Slugify a title"))
        except Exception:
            outputs = [e.text[:200] for e in driver.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output")]
            status = [e.get_attribute("data-status") for e in driver.find_elements(
                By.CSS_SELECTOR, ".jp-Notebook-ExecutionIndicator")]
            pytest.fail(f"no Check verdict appeared; kernel status {status}; outputs: {outputs}; dialogs: {dialogs}")
        assert "All visible cases pass" in first.text and "attempt 1" in first.text
        stub = wait.until(lambda d: verdict("Count words"))
        assert "0/1 visible cases pass" in stub.text
        colours = driver.execute_script(
            "return Array.from(document.querySelectorAll('.lk-check tr')).slice(1).map(r => getComputedStyle(r).color)")
        assert "rgb(26, 127, 55)" in colours and "rgb(207, 34, 46)" in colours, colours  # pass green, fail red
        driver.execute_script("arguments[0].scrollIntoView()", first)
        driver.save_screenshot(str(folder / "check-widget.png"))
        box = first.find_element(By.XPATH, "./ancestor::div[contains(@class,'widget-vbox')]")
        box.find_element(By.CSS_SELECTOR, "button.lk-check-button").click()
        wait.until(lambda d: "attempt 2" in verdict_text("Slugify a title"))
        assert "All visible cases pass" in verdict_text("Slugify a title")

        quiz = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".lk-quiz-options"))[0]
        driver.execute_script("arguments[0].scrollIntoView()", quiz)
        boxes = driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return [[r.left, r.right], Array.from(arguments[0].querySelectorAll('.widget-radio-box label')).map(l => {"
            "  const b = l.getBoundingClientRect(); return [b.top, b.bottom, b.left, b.right, l.innerText]; })]", quiz)
        (left, right), labels = boxes
        assert [text.strip() for *_, text in labels] == LONG_OPTIONS, "every option shown whole"
        for (_, bottom, *_), (top, *_) in zip(labels, labels[1:]):
            assert bottom <= top + 1, f"option boxes overlap: {labels}"
        for top, bottom, l_edge, r_edge, _ in labels:
            assert bottom - top > 30 and l_edge >= left - 1 and r_edge <= right + 1, f"option not wrapped: {labels}"
        driver.save_screenshot(str(folder / "quiz-long-options.png"))
        quiz.find_elements(By.CSS_SELECTOR, "input[type=radio]")[1].click()
        wait.until(lambda d: any("Answer recorded: A tuple" in e.text for e in d.find_elements(
            By.CSS_SELECTOR, ".jp-OutputArea-output")))
        wait.until(EC.element_to_be_clickable(
            (By.XPATH, "//div[contains(@class,'lm-MenuBar-itemLabel') and text()='File']"))).click()
        wait.until(EC.element_to_be_clickable(
            (By.XPATH, "//div[contains(@class,'lm-Menu-itemLabel') and text()='Save Notebook']"))).click()

        def saved_answer(_driver):
            nb = json.loads((folder / "sample_basics.ipynb").read_text())
            cell = next(c for c in nb["cells"] if c["id"] == "quiz-mutable")
            return source_with_clicked_answer(cell) if clicked_answer(cell) else False

        assert wait.until(saved_answer) == f"quiz('q_mutable', {LONG_OPTIONS[1]!r})", "the click is the answer"
    finally:
        driver.quit()
