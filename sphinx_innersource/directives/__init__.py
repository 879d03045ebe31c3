"""directives."""
