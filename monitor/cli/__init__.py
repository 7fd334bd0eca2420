"""The command line: the only code that imports click or rich; it words every result."""
