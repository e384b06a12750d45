// The `Haiku` module: see README.md and ../shared/spec. Filled in by its issue.
