"""Views of the newsletters app, one module per audience: the gardeners
writing and sending (letters), the contributors (sections), the readers
(public: web version, archive, feeds, subscriptions, unsubscribe)."""
