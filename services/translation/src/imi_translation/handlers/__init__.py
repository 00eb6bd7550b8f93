"""One function per command or consumed event of translation (past-tense events out)."""
