"""Codes, numbers and Latin runs isolated from the Persian text around them, one way."""

from __future__ import annotations

import pytest
from django.template import Context, Engine
from django.utils import translation

from ravabet.lib.bidi import LRI, PDI, ltr_html, ltr_text

ENGINE = Engine(builtins=["ravabet.core.templatetags.jalali"])


def _render(source: str, **context: object) -> str:
    return ENGINE.from_string(source).render(Context(context))


def test_ltr_isolates_and_escapes() -> None:
    assert ltr_html("۷۹۹۶-۲۴۲۸") == '<bdi dir="ltr">۷۹۹۶-۲۴۲۸</bdi>'
    assert ltr_html("<b>x</b>") == '<bdi dir="ltr">&lt;b&gt;x&lt;/b&gt;</bdi>'
    assert ltr_text("a@b.org") == f"{LRI}a@b.org{PDI}"


def test_the_filter_in_html_and_in_plain_text() -> None:
    assert _render("کد {{ c|ltr }} است", c="۷۹۹۶-۲۴۲۸") == 'کد <bdi dir="ltr">۷۹۹۶-۲۴۲۸</bdi> است'
    assert _render("{{ e|ltr }}", e="<x@y.org>") == '<bdi dir="ltr">&lt;x@y.org&gt;</bdi>'
    plain = "{% autoescape off %}{{ e|ltr }}{% endautoescape %}"
    assert _render(plain, e="<x@y.org>") == f"{LRI}<x@y.org>{PDI}"


@pytest.mark.parametrize("empty", [None, ""])
def test_nothing_to_isolate(empty: object) -> None:
    assert _render("[{{ v|ltr }}]", v=empty) == "[]"


def test_a_run_built_in_the_template() -> None:
    source = "{% filter ltr %}{{ s|floatformat:1|fa_digits }}/{{ 5|fa_digits }}{% endfilter %}"
    with translation.override("fa"):
        assert _render(source, s=4) == '<bdi dir="ltr">۴٫۰/۵</bdi>'
    with translation.override("en"):
        assert _render(source, s=4) == '<bdi dir="ltr">4.0/5</bdi>'
