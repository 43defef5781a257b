"""A tracking code inside Persian text reads as it was issued (issue 11 §3.1): «۷۹۹۶-۲۴۲۸»,
not «۲۴۲۸-۷۹۹۶», so that a citizen who types what they see finds their message."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ravabet.lib.bidi import LRI, PDI

# Where each half of the code is drawn, from the text node that holds the whole code.
HALVES_LEFT = """([selector, code]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(code);
    if (at < 0) continue;
    const left = (start, end) => {
      const range = document.createRange();
      range.setStart(node, at + start);
      range.setEnd(node, at + end);
      return range.getBoundingClientRect().left;
    };
    return [left(0, 4), left(5, 9)];
  }
  return null;
}"""


def reads_in_order(page, selector: str, code: str) -> bool:  # type: ignore[no-untyped-def]
    first, second = page.evaluate(HALVES_LEFT, [selector, code])
    return bool(first < second)


@pytest.mark.browser
def test_the_code_reads_in_order_in_persian_sentences(
    page, transactional_db, client_for, rudsar, rudsar_reporter, make_message
) -> None:  # type: ignore[no-untyped-def]
    original = make_message(rudsar)
    duplicate = make_message(rudsar, mobile="09351112233")
    code = original.display_code
    staff = client_for(rudsar_reporter)
    page.context.add_cookies(
        [{"name": "sessionid", "value": staff.cookies["sessionid"].value, "url": page.base}]
    )
    page.goto(page.base + duplicate.get_office_url())
    page.fill("input[name=original]", code)
    page.get_by_role("button", name="ادغام در آن پیام").click()
    page.wait_for_selector(".messages")
    # «در پیام ۷۹۹۶-۲۴۲۸ ادغام شد.», a flash message written in Python.
    assert reads_in_order(page, ".messages", code)
    # «ادغام شده در ۷۹۹۶-۲۴۲۸», a link in the page.
    assert reads_in_order(page, ".notice", code)

    page.context.clear_cookies()
    page.goto(page.base + duplicate.get_tracking_url())
    assert reads_in_order(page, "[data-testid=merged]", code)


def test_codes_and_contacts_are_isolated_in_office_and_tracking_pages(
    client_for, rudsar, rudsar_reporter, rudsar_head, make_message
) -> None:  # type: ignore[no-untyped-def]
    original = make_message(rudsar)
    duplicate = make_message(rudsar, mobile="09351112233")
    reporter = client_for(rudsar_reporter)
    merged = reporter.post(
        reverse("voice:merge", args=[duplicate.pk]), {"original": original.display_code}
    )
    flash = [str(m) for m in merged.wsgi_request._messages]  # type: ignore[attr-defined]
    assert flash == [f"در پیام {LRI}{original.display_code}{PDI} ادغام شد."]
    isolated = f'<bdi dir="ltr">{original.display_code}</bdi>'
    office_page = reporter.get(duplicate.get_office_url()).content.decode()
    assert isolated in office_page
    assert f'<bdi dir="ltr">{duplicate.masked_mobile}</bdi>' in office_page
    inbox = reporter.get(reverse("voice:inbox", args=["rudsar"])).content.decode()
    assert isolated in inbox
    tracking = client_for(rudsar_head).get(duplicate.get_tracking_url()).content.decode()
    assert isolated in tracking
