"""The question sets a request may use, per LA (REQ-013, REQ-014, REQ-016, REQ-017).

The codes are the translation service's catalogue codes (`question_sets.json`, TRL; checked by
tests/domain/test_question_sets.py reading that file, never importing the translation service).
What a set makes mandatory is configuration [INFERRED: the sources say only "depending on the
LA or question set"]. The two individual-derogation sets (§4.14, REQ-100) carry their
checklists and free texts beside the request (domain/derogations.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from imi_shared.errors import InvalidInput


@dataclass(frozen=True)
class QuestionSet:
    code: str
    la_code: str
    question_codes: tuple[str, ...]
    justification_required: bool = False  # REQ-017
    deadline_required: bool = False  # REQ-017
    mandatory_subject_fields: tuple[str, ...] = ()  # REQ-016


def _questions(code: str, count: int) -> tuple[str, ...]:
    return tuple(f"{code}.Q{n}" for n in range(1, count + 1))


QUESTION_SETS: dict[str, QuestionSet] = {
    qs.code: qs
    for qs in (
        QuestionSet(
            "SD-GENERAL",
            "services",
            _questions("SD-GENERAL", 4),
            mandatory_subject_fields=("provider_name",),
        ),
        QuestionSet(  # REQ-101 / REQ-102: step 1, answered with the measures taken or planned
            "SD-DEROGATION-REQUEST",
            "services",
            _questions("SD-DEROGATION-REQUEST", 2),
            mandatory_subject_fields=("provider_name",),
        ),
        QuestionSet(  # REQ-103: step 3 (or the urgency procedure, REQ-105)
            "SD-INDIVIDUAL-MEASURES",
            "services",
            _questions("SD-INDIVIDUAL-MEASURES", 1),
            mandatory_subject_fields=("provider_name",),
        ),
        QuestionSet(
            "PQ-GENERAL",
            "professional_qualifications",
            _questions("PQ-GENERAL", 4),
            justification_required=True,
            deadline_required=True,
            mandatory_subject_fields=("professional_name",),
        ),
    )
}


def question_set(code: str, la_code: str) -> QuestionSet:
    """REQ-014: a set of the request's LA."""
    found = QUESTION_SETS.get(code)
    if found is None or found.la_code != la_code:
        raise InvalidInput(
            "REQ-014", f"{code!r} is not a question set of {la_code}", "question_set_code"
        )
    return found
