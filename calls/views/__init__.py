"""Pages of calls for projects (docs/calls.md). Thin: ask the rule, validate
the form, call one service, show its message."""
