"""What the browser tests of issue 11 (defects 3.8 and 3.12) measure on a page."""

from __future__ import annotations

import re

from ravabet.conftest import PASSWORD

PHONE = {"width": 390, "height": 844}

# Pairs of visible buttons closer than this (side by side, or one above the other) touch.
MIN_GAP = 6

_TOUCHING = """(minGap) => {
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden";
  };
  const buttons = [...document.querySelectorAll("main .button, main button:not(.link)")]
    .filter(visible);
  const touching = [];
  for (let i = 0; i < buttons.length; i++) {
    for (let j = i + 1; j < buttons.length; j++) {
      const a = buttons[i].getBoundingClientRect(), b = buttons[j].getBoundingClientRect();
      const sameRow = a.top < b.bottom && b.top < a.bottom;
      const sameColumn = a.left < b.right && b.left < a.right;
      const gapX = Math.max(b.left - a.right, a.left - b.right);
      const gapY = Math.max(b.top - a.bottom, a.top - b.bottom);
      if ((sameRow && gapX < minGap) || (sameColumn && gapY < minGap)) {
        touching.push([buttons[i].textContent.trim(), buttons[j].textContent.trim()]);
      }
    }
  }
  return touching;
}"""


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/office/"))


def sideways_overflow(page) -> int:  # type: ignore[no-untyped-def]
    """How many pixels the page is wider than the window (0: nothing scrolls sideways)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def touching_buttons(page) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return page.evaluate(_TOUCHING, MIN_GAP)


def on_screen(page, locator) -> bool:  # type: ignore[no-untyped-def]
    """Whether the element is visible and wholly inside the window's width."""
    if not locator.is_visible():
        return False
    box = locator.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
