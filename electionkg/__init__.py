"""electionkg: an open knowledge graph of elections, every fact traceable to its source."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("electionkg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
