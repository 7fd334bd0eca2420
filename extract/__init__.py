"""extract: stored bytes -> main text -> evidence-backed claims. No I/O beyond its own pattern
files (and, where a caller turns it on, regexcache.py's file of compiled patterns); imports
only db.models.

- text.py: extract_text(body, content_type=, charset=, url=) -> ExtractedText
- noise.py: normalise_text(text), normalised_hash(text) (change detection ignores noise)
- claims.py: extract_claims(text, regions=, source_regions=) -> list[Claim]
- patterns/*.yaml: the rules as data (en, zh, common) and places that are not regions
- redact.py: personal identifiers out of text before it is stored or quoted
- profile.py: claims + accepted state -> RegionProfile
- regexcache.py: the pattern files compiled once per Python build, kept on disk between runs
"""
