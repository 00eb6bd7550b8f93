"""Use cases of the alerts service: load, call the domain, save and publish in one unit of work.

One function per command. Each runs in `UnitOfWork.run` (state, outbox and, for consumed
events, the processed marker in one MongoDB transaction) and lets `DomainError` through to the
entrypoint, which answers with the rule (`imi_shared.errors`).
"""
