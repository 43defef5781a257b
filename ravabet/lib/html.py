"""Rich text that people write (news bodies, minutes), cleaned of anything that runs."""

from __future__ import annotations

from collections.abc import Set

import nh3

# Structure and emphasis, what an editor's toolbar makes.
TEXT_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "u", "blockquote", "ul", "ol", "li", "h3", "h4"}
)
# An article adds a top heading, a rule and links.
ARTICLE_TAGS = TEXT_TAGS | {"h2", "hr", "a"}

_ATTRIBUTES = {"a": {"href", "title"}}
# Links lead to web pages or an address, never to a script; a link in what we publish
# vouches for nothing, to search engines either.
_URL_SCHEMES = {"http", "https", "mailto"}
_LINK_REL = "noopener noreferrer nofollow"


def sanitize_html(html: str, tags: Set[str] = TEXT_TAGS) -> str:
    """``html`` with only ``tags`` left (links with their href and title); nothing runs."""
    return nh3.clean(
        html,
        tags=set(tags),
        attributes={tag: names for tag, names in _ATTRIBUTES.items() if tag in tags},
        url_schemes=_URL_SCHEMES,
        link_rel=_LINK_REL,
    )
