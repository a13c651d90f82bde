"""Review of the catalogs: the journal of saves (SQL), the catalog store and the policy."""
