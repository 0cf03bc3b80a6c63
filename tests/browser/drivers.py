"""Two ways of working through a page, with one set of verbs, so that each journey runs once with
the mouse and once with the keyboard alone.

``Keyboard`` never clicks: it moves with Tab (and the arrow keys inside a group of radios or a
select), and acts with Enter and Space, as a keyboard user would. If an element cannot be reached
with Tab, the journey fails there.
"""

import os
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

MAX_TABS = 400
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


class Driver:
    name = ""

    def __init__(self, page: Page, *, base: str, check=None):
        """``check(page)`` (if given) runs once on each new address the journey reaches and
        returns its problems, which are kept in ``problems``."""
        self.page = page
        self.base = base
        self.check = check
        self.checked: set[str] = set()
        self.problems: list[str] = []

    def arrived(self, *, new_page_same_address: bool = False) -> None:
        """Called after each step that may load a page; ``new_page_same_address`` where a form
        answers with another page at its own address (it is checked again)."""
        if self.check is None:
            return
        self.page.wait_for_load_state()
        address = self.page.url.removeprefix(self.base)
        if address not in self.checked or new_page_same_address:
            self.checked.add(address)
            self.problems += [f"{address}: {problem}" for problem in self.check(self.page)]

    def link(self, name: str, *, exact: bool = True) -> Locator:
        return self.page.get_by_role("link", name=name, exact=exact).first

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True).first

    def field(self, label: str, *, exact: bool = False) -> Locator:
        return self.page.get_by_label(label, exact=exact).first

    def back(self) -> None:
        """The browser's Back (Alt+Left from the keyboard; the browser, not the page, handles it)."""
        self.page.go_back()
        self.arrived()

    def download(self, name: str):
        with self.page.expect_download() as info:
            self.follow(name)
        return info.value

    def screenshot(self, name: str) -> None:
        """A full-page picture of where the journey is, for the README, kept under
        docs/screenshots/ when the run is asked for them (``make screenshots``). Otherwise none:
        encoding full-page pictures nobody reads was CPU the suite spent on every run (a failing
        browser test keeps its own picture: ``--screenshot only-on-failure``)."""
        if os.environ.get("SAVE_SCREENSHOTS") != "1":
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


class Mouse(Driver):
    name = "mouse"

    def follow(self, name: str, *, exact: bool = True) -> None:
        self.link(name, exact=exact).click()
        self.arrived()

    def press(self, name: str) -> None:
        self.button(name).click()
        self.arrived()

    def fill(self, label: str, text: str, *, exact: bool = False) -> None:
        self.field(label, exact=exact).fill(text)

    def tick(self, label: str, *, exact: bool = False) -> None:
        self.field(label, exact=exact).check()

    def fill_in(self, within: Locator, label: str, text: str) -> None:
        within.get_by_label(label, exact=True).fill(text)

    def choose(self, label: str, option: str) -> None:
        self.field(label).select_option(label=option)

    def upload(self, label: str, paths: list[Path]) -> None:
        self.field(label).set_input_files([str(path) for path in paths])

    def reveal(self, summary: str) -> None:
        """Opens the details element whose summary says ``summary``."""
        self.page.locator("summary", has_text=summary).click()


class Keyboard(Driver):
    name = "keyboard"

    @staticmethod
    def _focus_of(target: Locator) -> Callable[[], bool]:
        """Whether ``target`` has the focus, asked of the element found once: a locator by role
        and name works out the page's accessible names again each time it is asked, and asked
        after every Tab, that was about 40% of a keyboard journey's time."""
        target.wait_for(state="attached")
        element = target.element_handle()
        return lambda: element.evaluate("element => element === document.activeElement")

    def _tab_to(self, target: Locator) -> None:
        focused = self._focus_of(target)
        for _ in range(MAX_TABS):
            if focused():
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {target}")

    def follow(self, name: str, *, exact: bool = True) -> None:
        self._tab_to(self.link(name, exact=exact))
        self.page.keyboard.press("Enter")
        self.arrived()

    def press(self, name: str) -> None:
        self._tab_to(self.button(name))
        self.page.keyboard.press("Enter")
        self.arrived()

    def fill(self, label: str, text: str, *, exact: bool = False) -> None:
        self._type_into(self.field(label, exact=exact), text)

    def fill_in(self, within: Locator, label: str, text: str) -> None:
        self._type_into(within.get_by_label(label, exact=True), text)

    def _type_into(self, target: Locator, text: str) -> None:
        self._tab_to(target)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def tick(self, label: str, *, exact: bool = False) -> None:
        target = self.field(label, exact=exact)
        kind = target.get_attribute("type")
        if kind == "radio":
            self._choose_radio(target)
        elif not target.is_checked():
            self._tab_to(target)
            self.page.keyboard.press("Space")

    def _choose_radio(self, target: Locator) -> None:
        """Tab stops once in a group of radios; the arrow keys then move along it."""
        group = target.get_attribute("name")
        in_group = f"element => element.type === 'radio' && element.name === {group!r}"
        for _ in range(MAX_TABS):
            if self.page.evaluate(f"({in_group})(document.activeElement)"):
                break
            self.page.keyboard.press("Tab")
        else:
            raise AssertionError(f"Tab never reached the radios {group}")
        focused = self._focus_of(target)
        for _ in range(50):
            if focused():
                self.page.keyboard.press("Space")
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"The arrow keys never reached {target}")

    def reveal(self, summary: str) -> None:
        self._tab_to(self.page.locator("summary", has_text=summary))
        self.page.keyboard.press("Enter")

    def choose(self, label: str, option: str) -> None:
        select = self.field(label)
        self._tab_to(select)
        for _ in range(100):
            if select.evaluate("element => element.selectedOptions[0].text") == option:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{option!r} is not among the choices for {label!r}")

    def upload(self, label: str, paths: list[Path]) -> None:
        field = self.field(label)
        self._tab_to(field)
        # Now and then headless Chromium lets a Space on the file input go by without opening the
        # chooser (about one run in seven here; the cause is not found). A person presses it
        # again; so does the driver, once, still with the keyboard alone.
        for attempt in (1, 2):
            try:
                with self.page.expect_file_chooser(timeout=10_000) as chooser:
                    self.page.keyboard.press("Space")
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                self._tab_to(field)
        chooser.value.set_files([str(path) for path in paths])


DRIVERS = {"mouse": Mouse, "keyboard": Keyboard}
