#!/usr/bin/env python3
"""The pages in a real browser: Debian's chromium, driven through chromedriver
by python3-selenium, opening each page from file:// as a learner would.

For `backprop html` pages: no console errors; next pressed through every
step, after which the gradient in each variable's box equals `backprop eval
--json` for the same expression (a value used three times and a gradient of
0 among them, and the shared value seen receiving each contribution); at
every step the Values table says what the picture says; the keys (arrows,
space, Home, End) and the buttons as buttons (Enter and Space press the
focused one, which keeps the focus); the final state readable with script
turned off. A big page stepped to its middle, and the neuron's page at
every step on a 400 px wide window, have their active boxes (data-active)
inside the visible part of the picture. For the moons training page: the
slider moved by keys and the frame, the markers, the network, each hidden
neuron's map and the label change with it; pointing at a weight or
focusing a neuron names it with its value and gradient; play advances.
PNG screenshots are written to SCREENSHOT_DIR (docs/pages.md shows them).

Skipped (exit status 77, which meson reports as SKIP) with a message when
chromium, chromedriver or selenium is missing; never failed for that, unless
BACKPROP_BROWSER_TEST_REQUIRED=1 (CI sets it, having installed them, so that
CI cannot pass by skipping).

usage: test_pages.py BACKPROP_TOOL MOONS_EXAMPLE SCREENSHOT_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

DEBIAN_PYTHON = "/usr/bin/python3"  # where Debian's python3-selenium is installed


def missing(what):
    """Skips (exit status 77) for lack of `what`, or fails where it is required."""
    if os.environ.get("BACKPROP_BROWSER_TEST_REQUIRED"):
        print(f"FAIL: {what} (BACKPROP_BROWSER_TEST_REQUIRED is set)")
        sys.exit(1)
    print(f"SKIP: {what}")
    sys.exit(77)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
except ImportError:
    # Another python3 first on PATH (a virtual environment, pyenv) may not
    # see Debian's packages: try Debian's own once before giving up.
    if os.path.exists(DEBIAN_PYTHON) and os.path.realpath(sys.executable) != os.path.realpath(DEBIAN_PYTHON) \
            and not os.environ.get("BACKPROP_BROWSER_TEST_REEXEC"):
        os.environ["BACKPROP_BROWSER_TEST_REEXEC"] = "1"
        os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON, *sys.argv])
    missing("python3-selenium is not installed (apt install python3-selenium chromium chromium-driver)")

# Each expression with its bindings: the lecture's neuron (as in the README),
# a value used three times with a relu below zero (gradient 0), and a mix
# of operations with constants.
GRAPH_CASES = {
    "neuron": ["tanh(x1*w1 + x2*w2 + b)", "x1=2", "x2=0", "w1=-3", "w2=1", "b=6.8813735870195432"],
    "shared": ["x*x + relu(y)*x", "x=3", "y=-1"],
    "mixed": ["log(a*b) / 2 + sigmoid(a - b)^2 - 3/b", "a=1.5", "b=4"],
}


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def start_browser(profile):
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    absent = [name for name, path in (("chromium", chromium), ("chromium-driver", chromedriver)) if not path]
    if absent:
        missing(f"{' and '.join(absent)} not installed (apt install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    # Headless as this machine needs it: no sandbox as root, no GPU, and no
    # background connections (there is no network to make them to).
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)


def console_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def press(driver, *keys):
    actions = ActionChains(driver)
    for key in keys:
        actions.send_keys(key)
    actions.perform()


def counter(driver):
    return driver.find_element(By.ID, "counter").text


def table_matches_picture(driver):
    """The Values table's data and grad cells say what each box says (an empty list if so)."""
    return driver.execute_script("""
        const wrong = [];
        for (const row of document.querySelectorAll('#values tr[data-node]')) {
          const box = document.getElementById('node-' + row.dataset.node);
          if (!box) continue;
          for (const kind of ['data', 'grad']) {
            const cell = row.querySelector('td.' + kind), line = box.querySelector('text.' + kind);
            if (cell && line && line.textContent !== kind + ' ' + cell.textContent)
              wrong.push(line.textContent + ' in the picture, ' + cell.textContent + ' in the table');
          }
        }
        return wrong;""")


def active_outside_view(driver):
    """The active boxes (data-active) not wholly inside the visible part of the picture (its
    scrolled view, within the window)."""
    return driver.execute_script("""
        const picture = document.querySelector('.picture');
        const view = picture.getBoundingClientRect();
        const right = Math.min(view.left + picture.clientWidth, window.innerWidth);
        const bottom = Math.min(view.top + picture.clientHeight, window.innerHeight);
        return Array.from(document.querySelectorAll('#graph [data-active]')).filter((box) => {
          const r = box.getBoundingClientRect();
          return r.left < Math.max(view.left, 0) - 1 || r.right > right + 1 ||
                 r.top < Math.max(view.top, 0) - 1 || r.bottom > bottom + 1;
        }).map((box) => box.querySelector('text.name').textContent);""")


def active_ids(driver):
    return driver.execute_script("return document.activeElement && document.activeElement.id")


def every_digit(x):
    """A number as the pages print it (format_number in autodiff/format.hpp):
    the shortest text that reads back to the same double, "2" for 2.0."""
    x = float(x)  # JSON gives 0 as an int
    return str(int(x)) if x.is_integer() and abs(x) < 1e16 else repr(x)


def box_of(driver, name):
    for box in driver.find_elements(By.CSS_SELECTOR, "#graph g.value"):
        if box.find_element(By.CSS_SELECTOR, "text.name").text == name:
            return box
    fail(f"no box named {name}")


def check_graph_page(driver, tool, name, arguments, directory, screenshots):
    path = os.path.join(directory, f"{name}.html")
    result = subprocess.run([tool, "html", *arguments, "-o", path], capture_output=True, text=True)
    check(result.returncode == 0, f"{name}: backprop html failed: {result.stderr}")
    expected = json.loads(subprocess.run([tool, "eval", *arguments, "--json"], capture_output=True,
                                         text=True, check=True).stdout)
    driver.get("file://" + path)
    check(not console_errors(driver), f"{name}: console errors on load: {console_errors(driver)}")
    steps = len(driver.find_elements(By.CSS_SELECTOR, "#steps li"))
    check(counter(driver) == f"step 0 of {steps}", f"{name}: the page should open at step 0: {counter(driver)}")
    for variable in expected["grad"]:
        check(box_of(driver, variable).find_element(By.CSS_SELECTOR, "text.grad").text == "grad -",
              f"{name}: {variable} shows a gradient before the backward pass")

    # Next through every step, noting when each variable receives a contribution.
    received = {variable: 0 for variable in expected["grad"]}
    next_button = driver.find_element(By.ID, "next")
    for step in range(1, steps + 1):
        next_button.click()
        check(counter(driver) == f"step {step} of {steps}", f"{name}: after {step} presses: {counter(driver)}")
        wrong = table_matches_picture(driver)
        check(not wrong, f"{name}: at step {step} the table contradicts the picture: {wrong[:3]}")
        for variable in received:
            if "receiver" in (box_of(driver, variable).get_attribute("class") or ""):
                received[variable] += 1
    check(next_button.get_attribute("aria-disabled") == "true", f"{name}: next is not marked disabled at the end")
    caption = driver.find_element(By.ID, "caption").text
    check(caption.startswith("Backward: ") and "The end" in caption, f"{name}: the last caption: {caption}")
    driver.save_screenshot(os.path.join(screenshots, f"html_{name}_end.png"))

    # The end shows exactly what `backprop eval --json` computes.
    for variable, grad in expected["grad"].items():
        line = box_of(driver, variable).find_element(By.CSS_SELECTOR, "text.grad")
        shown = float(line.get_attribute("data-value"))
        check(shown == grad, f"{name}: d/d{variable} is {shown} on the page, {grad} from eval --json")
        check(line.text == f"grad {every_digit(grad)}",
              f"{name}: {variable}'s box shows '{line.text}', expected {every_digit(grad)}")
    root = driver.find_elements(By.CSS_SELECTOR, "#graph g.value")[-1]
    check(float(root.find_element(By.CSS_SELECTOR, "text.data").get_attribute("data-value")) == expected["value"],
          f"{name}: the output's value differs from eval --json")
    if name == "shared":
        check(received["x"] == 3, f"shared: x should visibly receive 3 contributions, received {received['x']}")
        check(expected["grad"]["y"] == 0, "shared: y's gradient should be 0")

    # Keys: End, Home, the arrows, and space to play and pause.
    press(driver, Keys.HOME)
    check(counter(driver) == f"step 0 of {steps}", f"{name}: Home: {counter(driver)}")
    press(driver, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_LEFT)
    check(counter(driver) == f"step 2 of {steps}", f"{name}: right x3, left: {counter(driver)}")
    press(driver, Keys.END)
    check(counter(driver) == f"step {steps} of {steps}", f"{name}: End: {counter(driver)}")
    driver.execute_script("document.activeElement.blur()")  # space on the page, not on a button, plays
    press(driver, Keys.HOME, Keys.SPACE)
    deadline = time.monotonic() + 10
    while counter(driver) == f"step 0 of {steps}" and time.monotonic() < deadline:
        time.sleep(0.1)
    press(driver, Keys.SPACE)
    paused_at = counter(driver)
    check(paused_at != f"step 0 of {steps}", f"{name}: space did not play")
    time.sleep(2)
    check(counter(driver) == paused_at, f"{name}: space did not pause: {paused_at}, then {counter(driver)}")

    # Buttons behave as buttons: Enter and Space press the focused one, and it keeps the focus.
    press(driver, Keys.HOME)
    driver.execute_script("document.getElementById('next').focus()")
    press(driver, Keys.ENTER)
    check(counter(driver) == f"step 1 of {steps}", f"{name}: Enter on next: {counter(driver)}")
    check(active_ids(driver) == "next", f"{name}: after Enter the focus is on {active_ids(driver)!r}, not next")
    press(driver, Keys.ENTER, Keys.SPACE)
    check(counter(driver) == f"step 3 of {steps}", f"{name}: Enter, then Space on next: {counter(driver)}")
    time.sleep(1.5)
    check(counter(driver) == f"step 3 of {steps}", f"{name}: Space on next started playback: {counter(driver)}")
    press(driver, Keys.TAB)
    check(active_ids(driver) == "end", f"{name}: Tab from next lands on {active_ids(driver)!r}, not end")
    outline = driver.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    check(outline not in ("", "none"), f"{name}: the focused button shows no outline ({outline})")
    check(not console_errors(driver), f"{name}: console errors: {console_errors(driver)}")

    if name == "neuron":  # the README's picture: x1 receiving its gradient
        driver.execute_script("document.activeElement.blur()")
        press(driver, Keys.HOME, *[Keys.ARROW_RIGHT] * 19)
        driver.set_window_size(1280, 760)
        driver.save_screenshot(os.path.join(screenshots, "html_neuron.png"))
        # On a phone the picture follows the step too: every step's active boxes in view.
        driver.set_window_size(400, 800)
        press(driver, Keys.HOME)
        for step in range(1, steps + 1):
            press(driver, Keys.ARROW_RIGHT)
            outside = active_outside_view(driver)
            check(not outside, f"neuron at 400 px: at step {step} {outside} are outside the visible picture")
            heights = driver.execute_script("return Array.from(document.querySelectorAll('#graph [data-active]'),"
                                            " (box) => box.getBoundingClientRect().height)")
            check(min(heights) >= 29, f"neuron at 400 px: at step {step} boxes {heights} px high, under half size")
            if step == 19:
                driver.save_screenshot(os.path.join(screenshots, "html_neuron_phone.png"))
        driver.set_window_size(1280, 900)

    # Without script the final state is there to read.
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    driver.get("file://" + path)
    for variable, grad in expected["grad"].items():
        text = box_of(driver, variable).find_element(By.CSS_SELECTOR, "text.grad").text
        check(text == f"grad {every_digit(grad)}", f"{name}: without script {variable}'s box shows '{text}'")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#values tr")) > len(expected["grad"]),
          f"{name}: the table of values is missing")
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    print(f"ok: {name}: {steps} steps, gradients as eval --json, keys, final state without script")


def check_big_page(driver, tool, directory, screenshots):
    """A page far wider than the window, stepped to its middle, shows its active boxes."""
    terms = " + ".join(f"x*{k + 2}" for k in range(240))  # about 480 values, a long chain of sums
    path = os.path.join(directory, "big.html")
    result = subprocess.run([tool, "html", f"tanh({terms})", "x=0.00001", "-o", path], capture_output=True, text=True)
    check(result.returncode == 0, f"big: backprop html failed: {result.stderr}")
    driver.get("file://" + path)
    check(not console_errors(driver), f"big: console errors on load: {console_errors(driver)}")
    steps = len(driver.find_elements(By.CSS_SELECTOR, "#steps li"))
    width = driver.execute_script("return document.getElementById('graph').getBoundingClientRect().width")
    view = driver.execute_script("return document.querySelector('.picture').clientWidth")
    check(width > 3 * view, f"big: the picture ({width} px) should be far wider than its view ({view} px)")
    middle = steps // 2
    # Pressing next, as clicks from the page's script (hundreds of key presses are slow to
    # send), a few at a time so that a busy machine stays within the script timeout.
    for done in range(0, middle, 20):
        driver.execute_script(f"for (let k = 0; k < {min(20, middle - done)}; ++k) document.getElementById('next').click()")
    check(counter(driver) == f"step {middle} of {steps}", f"big: {counter(driver)}")
    marked = driver.find_elements(By.CSS_SELECTOR, "#graph [data-active]")
    check(marked, f"big: nothing is marked data-active at step {middle}")
    outside = active_outside_view(driver)
    check(not outside, f"big: at step {middle} the active boxes {outside} are outside the visible picture")
    heights = [box.rect["height"] for box in marked]
    check(min(heights) >= 50, f"big: the active boxes are drawn {heights} px high: too small to read (58 at full size)")
    wrong = table_matches_picture(driver)
    check(not wrong, f"big: at step {middle} the table contradicts the picture: {wrong[:3]}")
    driver.save_screenshot(os.path.join(screenshots, "html_big_middle.png"))
    # "fit" shows the whole graph: the picture no wider than its view.
    driver.find_element(By.ID, "fit").click()
    fitted = driver.execute_script("return document.getElementById('graph').getBoundingClientRect().width")
    check(fitted <= view + 1, f"big: fit leaves the picture {fitted} px wide in a view of {view} px")
    check(driver.find_element(By.ID, "fit").get_attribute("aria-pressed") == "true", "big: fit is not pressed")
    driver.save_screenshot(os.path.join(screenshots, "html_big_fit.png"))
    driver.find_element(By.ID, "fit").click()
    print(f"ok: big: {steps} steps, the picture {width:.0f} px in a view of {view} px; at step {middle} "
          f"{len(marked)} active boxes in view; fit")


def check_training_page(driver, moons, directory, screenshots):
    result = subprocess.run([moons, "--out", directory], capture_output=True, text=True)
    check(result.returncode == 0, f"moons failed: {result.stderr}")
    path = os.path.join(directory, "moons_training.html")
    size = os.path.getsize(path)
    check(size < 2_000_000, f"moons_training.html is {size} bytes, more than 2 MB")
    driver.get("file://" + path)
    check(not console_errors(driver), f"moons: console errors on load: {console_errors(driver)}")
    slider = driver.find_element(By.ID, "frame")
    last = int(slider.get_attribute("max"))

    def state():
        return {
            "frame": int(slider.get_attribute("value")),
            "step": driver.find_element(By.ID, "boundary").get_attribute("data-step"),
            "regions": driver.find_element(By.ID, "boundary").get_attribute("innerHTML"),
            "loss_marker": driver.find_element(By.CSS_SELECTOR, "#loss .marker").get_attribute("x1"),
            "accuracy_dot": driver.find_element(By.CSS_SELECTOR, "#accuracy .marker-dot").get_attribute("cx"),
            "network": driver.execute_script(
                "return Array.from(document.querySelectorAll('#network line.weight'),"
                " (line) => line.getAttribute('stroke-width')).join(' ')"),
            "label": driver.find_element(By.ID, "frame-label").text,
            "maps": driver.execute_script(
                "return Array.from(document.querySelectorAll('#network svg.map'), (map) => map.innerHTML)"),
        }

    at_end = state()
    check(at_end["frame"] == last and at_end["step"] == "100", f"moons: opens at {at_end['frame']}, {at_end['step']}")
    check(at_end["label"].startswith("step 100 of 100: loss "), f"moons: the last frame's label {at_end['label']}")
    slider.click()  # focus; a click may also move it
    press(driver, Keys.END, *[Keys.ARROW_LEFT] * 10)
    moved = state()
    check(moved["frame"] == last - 10, f"moons: the slider is at {moved['frame']}, expected {last - 10}")
    check(moved["step"] == "80", f"moons: frame {moved['frame']} shows step {moved['step']}, expected 80")
    for part in ("regions", "loss_marker", "accuracy_dot", "network", "label"):
        check(moved[part] != at_end[part], f"moons: the {part} did not change with the slider")
    check(moved["label"].startswith("step 80 of 100: loss "), f"moons: label {moved['label']}")
    press(driver, Keys.HOME)
    first = state()
    check(first["step"] == "0", "moons: Home on the slider should show the frame before training")
    check(len(first["maps"]) == 32, f"moons: {len(first['maps'])} neuron maps, expected 32 hidden neurons")
    same = [k for k, (a, b) in enumerate(zip(first["maps"], at_end["maps"])) if a == b]
    check(not same, f"moons: hidden neurons {same} have the same map before and after training")

    # Pointing at a weight, or focusing a neuron, names it with its value and gradient at the frame.
    frame = driver.execute_script("return JSON.parse(document.getElementById('training-data').textContent).frames[0]")
    driver.execute_script("document.querySelector('#network line.weight')"
                          ".dispatchEvent(new MouseEvent('mouseenter'))")
    info = driver.find_element(By.ID, "network-info").text
    expected = f"layers.0.neurons.0.w.0 = {frame['w'][0]:.4g}"
    check(info.startswith(expected) and ", grad " in info and "(at step 0)" in info,
          f"moons: pointing at the first weight says {info!r}, expected it to start {expected!r}")
    driver.execute_script("document.querySelectorAll('#network g.neuron')[3].focus()")
    info = driver.find_element(By.ID, "network-info").text
    check(info.startswith("layers.0.neurons.3: bias layers.0.neurons.3.b = "),
          f"moons: focusing the fourth neuron says {info!r}")
    press(driver, Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    info = driver.find_element(By.ID, "network-info").text
    check(info.startswith(f"layers.0.neurons.3.w.1 = {frame['w'][3 * 2 + 1]:.4g}"),
          f"moons: down twice from the fourth neuron says {info!r}, expected its weight w.1")
    driver.execute_script("document.activeElement.blur()")
    slider.click()
    press(driver, Keys.HOME)
    press(driver, *[Keys.ARROW_RIGHT] * 15)
    driver.set_window_size(1280, 1000)
    driver.save_screenshot(os.path.join(screenshots, "moons_training.png"))
    driver.set_window_size(1280, 900)

    driver.find_element(By.ID, "play").click()
    time.sleep(1.5)
    check(state()["frame"] > 15, "moons: play did not advance the frames")
    driver.find_element(By.ID, "play").click()
    check(not console_errors(driver), f"moons: console errors: {console_errors(driver)}")
    print(f"ok: moons: {size} bytes, {last + 1} frames, slider moves frame, markers, network and label")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    tool, moons, screenshots = sys.argv[1:]
    os.makedirs(screenshots, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backprop-browser-") as directory:
        driver = start_browser(os.path.join(directory, "profile"))
        try:
            for name, arguments in GRAPH_CASES.items():
                check_graph_page(driver, tool, name, arguments, directory, screenshots)
            check_big_page(driver, tool, directory, screenshots)
            check_training_page(driver, moons, directory, screenshots)
        finally:
            driver.quit()  # closes chromium: nothing is left running
    print(f"browser: all pages passed; screenshots in {screenshots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
