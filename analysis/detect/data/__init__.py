"""Rule and lexicon files of the behaviour detector (data only)."""
