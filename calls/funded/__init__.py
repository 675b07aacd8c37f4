"""Funded projects (issue #19, item 5): the public page and map of the
projects every call funded, and a project's links to a community and its
events, shown on the application's page and in the community's "Funded
projects" panel. docs/calls.md, "Funded projects"."""
