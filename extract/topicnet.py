"""The topic net: which attribute a sentence is about, by meaning rather than by rule.

Each attribute is described by a few prototype sentences in English and Chinese, next to its
rules in the pattern files (`prototypes:`). A sentence is embedded with a static embedding
model that runs offline from its own wheel (WordLlama 0.4: 16 MB of weights inside the
package, loaded with the download disabled) and is about the attribute whose prototypes it is
closest to, when that cosine reaches `topic_net.threshold` and leads the next attribute's by
`topic_net.margin`. The net is used only for the
languages `topic_net.languages` names: `scs-monitor evaluate` measures it against the rules
alone on the dev split, per language, and it stays off where it does not help (WordLlama's
Chinese vectors barely separate topics).

"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from extract.errors import ExtractError
from extract.han import HAN_CHAR
from extract.rules import load_ruleset

MAX_CHARS = 2_000  # of a sentence embedded; beyond it the meaning is set already
CJK = HAN_CHAR


def sentence_language(text: str) -> str:
    """zh when a good share of the letters are Chinese characters, else en."""
    cjk = len(CJK.findall(text))
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return "zh" if cjk * 4 >= latin else "en"


class TopicNet:
    """Prototype embeddings per attribute, and the model that makes them."""

    def __init__(self, model: Any) -> None:
        self.model = model
        ruleset = load_ruleset()
        self.settings = ruleset.topic_net
        self.prototypes = [(p.attribute, p.language) for p in ruleset.prototypes]
        self.vectors = self.embed([p.text for p in ruleset.prototypes])

    def embed(self, texts: list[str]) -> Any:
        return self.model.embed([t[:MAX_CHARS] for t in texts], norm=True)

    def scores(self, text: str, language: str | None = None) -> dict[str, float]:
        """attribute -> the best cosine of `text` to that attribute's prototypes."""
        language = language or sentence_language(text)
        similarity = self.vectors @ self.embed([text])[0]
        best: dict[str, float] = {}
        for (attribute, lang), score in zip(self.prototypes, similarity, strict=True):
            if lang == language:
                best[attribute] = max(best.get(attribute, -1.0), float(score))
        return best

    def topics(
        self, text: str, language: str | None = None, *, always: bool = False
    ) -> frozenset[str]:
        """The attribute `text` is most about, where its cosine reaches the threshold and
        leads the next attribute's by the margin; only where the net is on for the
        sentence's language (`always`: regardless, to measure it)."""
        language = language or sentence_language(text)
        if not always and language not in self.settings.languages:
            return frozenset()
        ranked = sorted(self.scores(text, language).items(), key=lambda x: -x[1])
        if not ranked or ranked[0][1] < self.settings.threshold:
            return frozenset()
        runner_up = ranked[1][1] if len(ranked) > 1 else -1.0
        return (
            frozenset({ranked[0][0]})
            if ranked[0][1] - runner_up >= self.settings.margin
            else frozenset()
        )


@lru_cache(maxsize=1)
def topic_net() -> TopicNet:
    """The net, loaded once per process from the installed wordllama package (no network)."""
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as exc:
        raise ExtractError(f"the topic net needs the wordllama package ({exc})") from None
    folder = Path(wordllama.__file__).parent
    try:
        model = WordLlama.load(cache_dir=folder, disable_download=True)
    except Exception as exc:  # its loader raises plain exceptions for missing files
        raise ExtractError(f"cannot load WordLlama from {folder}: {exc}") from None
    return TopicNet(model)
