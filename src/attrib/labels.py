"""The label scheme of ``LABELS.md``, in one place.

Every other module imports its label sets from here, so that a change to the
scheme is one edit (plus a migration of ``data/``), never a hunt.
"""

from __future__ import annotations

#: What a line of an article is. Only statements carry attribution/certainty labels.
KINDS: tuple[str, ...] = ("statement", "headline", "boilerplate")

#: Who a statement is attributed to; ``none`` is the author's own voice.
SOURCE_TYPES: tuple[str, ...] = (
    "none",
    "lawmaker",
    "government",
    "intelligence",
    "military",
    "state_media",
    "media",
    "expert",
    "organization",
    "person",
    "anonymous",
)

#: How firmly the main content is presented, from firmest to least firm.
CERTAINTIES: tuple[str, ...] = ("certain", "probable", "possible")

#: Certainty as a rank, least certain first (for ordering: graded scores, firmer/softer).
CERTAINTY_RANK: dict[str, int] = {label: rank for rank, label in enumerate(reversed(CERTAINTIES))}

#: The axes a model predicts and ``attrib evaluate`` scores, with their label sets.
AXES: dict[str, tuple[str, ...]] = {
    "kind": KINDS,
    "source_type": SOURCE_TYPES,
    "certainty": CERTAINTIES,
}

#: Version of the scheme; a model records it and refuses data of another scheme.
SCHEME_VERSION = "labels-1"
