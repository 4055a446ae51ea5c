"""electionkg: an open knowledge graph of elections, every fact traceable to its source."""


def __getattr__(name: str) -> str:
    # Read from the installed metadata only when asked for: importing importlib.metadata takes
    # about 15 ms, a quarter of a warm `electionkg query`.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("electionkg")
        except PackageNotFoundError:  # running from a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
