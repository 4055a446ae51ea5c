"""``python -m electionkg``: the same command line as the ``electionkg`` script."""

from electionkg.cli import main

main()
