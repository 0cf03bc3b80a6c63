"""axe-core (bundled with axe-playwright-python: nothing is downloaded) against WCAG 2.0, 2.1 and
2.2 at levels A and AA."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def violations(page: Page) -> list[str]:
    """Each failing element on the page: the rule, its impact, the element and what is wrong."""
    # Every violation in full; of what passed, axe keeps only a summary, which is all that is read
    # (a quarter of each run's time went on gathering and sending back every passing element).
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    result = _axe.run(page, options=options)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary'][:120]}"
        for violation in result.response["violations"]
        for node in violation["nodes"]
    ]
