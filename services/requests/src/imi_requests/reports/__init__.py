"""Reports on information requests (REQ-096..REQ-099, X-013, X-020, RET-010, RET-019).

Self-contained: it reads a `ReportSource` (a plain picture of one request) and knows nothing
of the request aggregate. Pure rooms: `kinds` (the five kinds and their sections), `rights`
(who may generate which), `retention` (30 days, earlier for PD), `content` (what is printed,
PD let in or left out). With I/O-free libraries: `pdf` (fpdf2) and `signing` (pyHanko,
PAdES). `service.ReportGenerator` puts them together on an injected clock.
"""

from .kinds import ReportKind, Section
from .retention import GeneratedReport
from .rights import ReportActor, ReportOrder, Right
from .service import ReportFile, ReportGenerator
from .source import Attachment, Message, Party, QuestionAnswer, ReportSource, SubjectField

__all__ = [
    "Attachment",
    "GeneratedReport",
    "Message",
    "Party",
    "QuestionAnswer",
    "ReportActor",
    "ReportFile",
    "ReportGenerator",
    "ReportKind",
    "ReportOrder",
    "ReportSource",
    "Right",
    "Section",
    "SubjectField",
]
