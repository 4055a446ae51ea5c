"""The mutation suite: realistic curator mistakes, each of which the build must refuse."""
