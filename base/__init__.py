"""Pure code every package may use, importing nothing of the project: feeds, registries."""
