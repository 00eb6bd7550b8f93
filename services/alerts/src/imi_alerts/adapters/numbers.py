"""X-024 / ALR-015: alert reference numbers, `ALR-<launching state>-<year>-<5 digits>`.

The counter (`alert_numbers`, one per state and year) is incremented inside the saving
transaction, so an aborted save leaves no gap and two saves never share a number. A state's
alerts originate in exactly one deployment (the one serving it), so numbers are unique.
"""

from __future__ import annotations

from datetime import datetime

from pymongo import ReturnDocument

COLLECTION = "alert_numbers"


class AlertNumbers:
    def __init__(self, db, session=None) -> None:
        self.collection = db[COLLECTION]
        self.session = session

    async def next(self, member_state: str, now: datetime) -> str:
        counter = await self.collection.find_one_and_update(
            {"_id": f"{member_state}-{now:%Y}"},
            {"$inc": {"n": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
            session=self.session,
        )
        return f"ALR-{member_state}-{now:%Y}-{counter['n']:05d}"
