"""One function per consumed event or job of retention (past-tense events out)."""
