"""Domain refusals → HTTP statuses (each error class declares its own `http_status`)."""
from ..domain import errors

STATUSES = {
    cls: cls.http_status
    for cls in (errors.DomainError, *errors.DomainError.__subclasses__())
}
