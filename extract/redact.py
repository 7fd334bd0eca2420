"""Personal identifiers out of text: the tool describes systems, not people.

Chinese resident identity numbers and mainland mobile numbers are replaced by a marker before
a text is stored or quoted. Names on exposure lists cannot be found by pattern and are not
touched here; sources that list individuals should be configured to keep no raw copy.
"""

from __future__ import annotations

import re

RESIDENT_ID = re.compile(
    r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    r"(?![0-9A-Za-z])"
)
MOBILE = re.compile(r"(?<![0-9A-Za-z+])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9A-Za-z])")
ID_MARK = "[ID redacted]"
PHONE_MARK = "[phone redacted]"


def redact_identifiers(text: str) -> str:
    """`text` with resident ID numbers and mobile phone numbers replaced by markers."""
    return MOBILE.sub(PHONE_MARK, RESIDENT_ID.sub(ID_MARK, text))
