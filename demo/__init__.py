"""The demo region (`manage.py seed_demo`), in one package on the top floor, like
Wagtail's bakerydemo: no domain app knows it, it knows every app.

`communities` (directions, communities, pairs, the demo accounts) and `crowd`
(their generated members) come first; then `events`, `needs`, `workgroups`,
`directory` and `cms`, each idempotent. People are built from the factories
the tests share (`demo.factories`). See docs/demo.md.
"""
