"""Links that let their holder in (an invitation, a set-up link) are made as an e-mail is sent,
never stored: the stored body holds ``LINK`` where the link goes, and the row says how to make it
(``OutboundEmail.link``). So the outbox, the admin and anything copied from the database hold no
usable link (the security probe took over an invitation with one read from the outbox).

The apps that send such links register a maker for each kind with ``link_maker``.
"""

from collections.abc import Callable
from typing import Any

LINK = "[the link is made when this e-mail is sent]"

Spec = dict[str, Any]
_makers: dict[str, Callable[[Spec], str]] = {}


def link_maker(kind: str) -> Callable[[Callable[[Spec], str]], Callable[[Spec], str]]:
    """Registers the function that makes a ``kind`` link from its spec, at sending time."""

    def register(make: Callable[[Spec], str]) -> Callable[[Spec], str]:
        _makers[kind] = make
        return make

    return register


def link_made(spec: Spec) -> str:
    """The link a spec stands for, made now."""
    return _makers[spec["kind"]](spec)


def with_link(body: str, spec: Spec) -> str:
    """``body`` with its link put in, as it is sent; a body with no spec is sent as it is."""
    return body.replace(LINK, link_made(spec)) if spec else body
