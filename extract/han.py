"""Chinese characters: the one definition of the character class that tells Chinese text from
other text, for every module of extract/ and for monitor's gold evaluation."""

from __future__ import annotations

import re

#: The Han ideographs, as the inside of a regular-expression character class: write
#: rf"[{HAN}]", or add to it (rf"[{HAN}·*]"). The CJK Unified Ideographs (U+4E00-9FFF),
#: Extension A (U+3400-4DBF), the compatibility ideographs (U+F900-FAFF) and Extensions B to
#: H beyond the BMP (U+20000-323AF). Not the Yijing hexagram symbols (U+4DC0-4DFF) between
#: Extension A and the main block, nor radicals, punctuation or full-width forms.
#: (crawler/encoding.py's `usual` is not a copy: it scores how common a decoded character
#: is, and rare ideographs count against a guessed charset there.)
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
#: One Han ideograph, compiled once for every module that looks for Chinese text.
HAN_CHAR = re.compile(rf"[{HAN}]")
