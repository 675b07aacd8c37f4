"""Views of the events app, one module per audience: the public (lists,
pages, feeds), the person registering, and the organisers."""
