"""The build: parse, validate and reason once, then cache or store the result; the checks."""
