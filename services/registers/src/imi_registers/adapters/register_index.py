"""The search read model `register_index` (REG-017, REG-018, TRL-011): one document per
register, written in the same transaction as the register (handlers) and by the consumer of
the translation service's translated informal names (TRL-009).

SecantusDB has no text index (and MongoDB's would not do phonetic matching): the names'
phonetic keys are an array (`name_keys`: `*:<key>` for the originals, `<lang>:<key>` for a
translation into `lang`), the owner's and managing authority's names another
(`authority_keys`), and the catalogue fields are the codes (labels are matched on codes,
`domain.search_query.LabelTerms`). Every write also updates the row's postings
(`register_postings`), which the searches read (`register_search.py`); the rows give the
result lines. The managing authority's name follows the directory (`authority_renamed`).
"""

from __future__ import annotations

from pymongo import ASCENDING, IndexModel

from imi_shared.documents import Document, Documents
from imi_shared.errors import Conflict
from imi_shared.postings import POSTINGS_INDEX, PostingsWriter

from ..domain.register import Register
from ..domain.search_terms import fold, keys_of, name_keys, name_words
from ..reference import EU_LANGUAGES
from . import register_postings as postings

COLLECTION = "register_index"
PENDING, DONE = "pending", "done"


INDEXES = [  # the search reads the postings (register_postings); this one finds the
    IndexModel([("managing_authority_id", ASCENDING)], name="managing_authority_id"),
]  # rows to refresh when the directory renames an authority


async def ensure_indexes(db) -> None:
    await db[COLLECTION].create_indexes(INDEXES)
    await db[postings.COLLECTION].create_indexes([POSTINGS_INDEX])


async def build_missing_postings(db) -> int:
    """At start: index rows without any postings (a database from before them) get their
    postings built at once, else nothing is found. Returns the bucket documents written."""
    if await db[postings.COLLECTION].find_one({}, {"_id": 1}) is not None:
        return 0
    rows = await db[COLLECTION].find({}).to_list()
    built = postings.build(rows)
    if built:
        await db[postings.COLLECTION].insert_many(built, ordered=False)
    return len(built)


def translation_status(original_lang: str, translations: dict[str, str]) -> str:
    """TRL-009: done once the name is in every other official EU language."""
    missing = [lang for lang in EU_LANGUAGES if lang != original_lang and lang not in translations]
    return DONE if not missing else PENDING


def index_document(
    register: Register, translations: dict[str, str], managing_authority_name: str
) -> Document:
    d = register.details
    originals = [d.official_name, d.informal_name]
    return {
        "_id": register.register_id,
        "member_state": register.member_state,
        "official_name": d.official_name,
        "informal_name": d.informal_name,
        "informal_name_language": d.informal_name_language,
        "translations": dict(translations),
        "translation_status": translation_status(d.informal_name_language, translations),
        "sort_name": fold(d.informal_name),
        "coverage": d.coverage.value,
        "region_code": d.region_code,
        "register_type": d.register_type.value,
        "category_codes": list(d.category_codes),
        "info_type_codes": list(d.info_type_codes),
        "online": d.online,
        "registration_mandatory": d.registration_mandatory,
        "managing_authority_id": register.managing_authority_id,
        "managing_authority_name": managing_authority_name,
        "owner_name": d.owner.name,
        "owner_authority_id": d.owner.authority_id,
        "name_keys": name_keys(originals, translations),
        "name_words": name_words(originals, translations),
        "authority_keys": keys_of([d.owner.name, managing_authority_name]),
    }


class RegisterIndex:
    def __init__(self, documents: Documents, writer: PostingsWriter) -> None:
        self.documents = documents
        self.postings = writer

    @classmethod
    def of(cls, tx) -> RegisterIndex:
        return cls(tx.documents(COLLECTION), postings.writer(tx))

    async def get(self, register_id: str) -> Document | None:
        return await self.documents.get(register_id)

    async def put(self, register: Register, managing_authority_name: str) -> None:
        """Index the register as it is now. Its name's translations are kept while the
        informal name and its language are unchanged (TRL-016: else they start again)."""
        current = await self.documents.get(register.register_id)
        d = register.details
        translations: dict[str, str] = {}
        if current is not None and (
            current["informal_name"],
            current["informal_name_language"],
        ) == (
            d.informal_name,
            d.informal_name_language,
        ):
            translations = current.get("translations", {})
        await self._write(current, index_document(register, translations, managing_authority_name))

    async def translated(self, register: Register, lang: str, text: str, authority: str) -> None:
        current = await self.documents.get(register.register_id)
        translations = dict((current or {}).get("translations", {}))
        translations[lang] = text
        await self._write(current, index_document(register, translations, authority))

    async def authority_renamed(self, authority_id: str, name: str) -> int:
        """The directory renamed an authority: the rows of the registers it manages take the
        new name (REG-018 authority-name search). Returns how many changed."""
        rows = await self.documents.find({"managing_authority_id": authority_id})
        changed = 0
        for row in rows:
            if row.get("managing_authority_name") == name:
                continue
            document = {k: v for k, v in row.items() if k != "version"}
            document["managing_authority_name"] = name
            document["authority_keys"] = keys_of([row.get("owner_name") or "", name])
            await self._write(row, document)
            changed += 1
        return changed

    async def remove(self, register_id: str) -> None:
        current = await self.documents.get(register_id)
        if current is not None:
            await self.documents.delete(register_id, expected_version=current["version"])
            await self.postings.apply(postings.changes(current, None))

    async def _write(self, current: Document | None, document: Document) -> None:
        await self.postings.apply(postings.changes(current, document))
        if current is None:
            await self.documents.insert({**document, "version": 1})
        elif not await self.documents.replace(
            {**document, "version": current["version"] + 1}, expected_version=current["version"]
        ):
            raise Conflict("REG-017", "the index row changed meanwhile")  # retried
