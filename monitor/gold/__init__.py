"""The labelled gold set: reading it and scoring the claim extractor against it (`evaluate`)."""
