"""Names people read instead of ids: regions and principles (from config.yaml), attributes
(below, one per id in db.models.ATTRIBUTE_KINDS, worded as docs/attributes.md reads them),
marks and their legend. The report, the desk, the terminal and the Markdown matrix all word
them from here."""

from __future__ import annotations

from datetime import UTC, datetime

from db.models import MARK_GLYPHS, format_value
from monitor.config import Config

ATTRIBUTE_LABELS: dict[str, str] = {
    "system_names": "system names",
    "inputs": "inputs",
    "input_item_count": "number of data items",
    "input_entity_count": "number of bodies supplying data",
    "offense_count": "number of offence kinds",
    "input_names_public": "data items named publicly",
    "government_data": "government data",
    "private_sector_data": "private sector data",
    "rewards": "rewards",
    "reward_types": "reward types",
    "penalties": "penalties",
    "penalty_types": "penalty types",
    "voluntary_participation": "voluntary participation",
    "opt_out": "opt-out",
    "consent_required": "consent required",
    "public_vote_on_inputs": "public vote on inputs",
    "sensitive_data_prohibited": "sensitive data prohibited",
    "challenge_mechanism": "challenge mechanism",
    "redress_channels": "redress channels",
    "variables_disclosed": "variables disclosed",
    "negative_indicators_secret": "negative indicators kept secret",
    "predictive_scoring": "predictive scoring",
    "public_shaming": "public shaming",
    "informants": "informants",
    "informant_rewards": "informant rewards",
    "surveillance_tech": "surveillance technology",
}
MARK_WORDS = {"violates": "violates", "upholds": "upholds", "partial": "partial", "none": "no mark"}


def mark_legend(none_glyph: str = "") -> str:
    """What each mark's glyph means: "× violates, ✓ upholds, • partial, blank: no mark"
    (`none_glyph` for a table that writes a cell with no mark as that glyph)."""
    glyphs = [f"{MARK_GLYPHS[m]} {MARK_WORDS[m]}" for m in MARK_WORDS if MARK_GLYPHS[m]]
    none = f"{none_glyph} no mark" if none_glyph else "blank: no mark"
    return ", ".join([*glyphs, none])


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class Labels:
    """Names people read instead of ids: regions, principles, attributes, marks."""

    def __init__(self, config: Config) -> None:
        self.regions = {r.id: r.name_en for r in config.regions}
        self.principles = {p.id: p.label_en for p in config.principles}

    def region(self, region_id: str | None) -> str:
        return self.regions.get(region_id or "", region_id or "-")

    def principle(self, principle_id: str) -> str:
        return self.principles.get(principle_id, principle_id)

    def cell(self, principle_id: str, region_id: str) -> str:
        """ "Inclusiveness & sharing / Xiamen"."""
        return f"{capitalised(self.principle(principle_id))} / {self.region(region_id)}"

    @staticmethod
    def attribute(attribute: str | None) -> str:
        if not attribute:
            return "-"
        return ATTRIBUTE_LABELS.get(attribute, attribute.replace("_", " "))

    @staticmethod
    def mark(mark: str | None) -> str:
        if not mark:
            return "-"
        glyph = MARK_GLYPHS.get(mark, "")
        return f"{glyph} {mark}" if glyph else ("no mark" if mark == "none" else mark)

    @staticmethod
    def value(value: object) -> str:
        return format_value(value)  # type: ignore[arg-type]

    @staticmethod
    def time(moment: datetime | None) -> str:
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "-"
