"""Remote triplestores: HTTP, queries at endpoints, loading via the Graph Store Protocol."""
