"""One function per consumed event or command of the notifier (past-tense events out)."""
