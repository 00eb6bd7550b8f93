"""Fixed content of the demo directory (`seed.py`): who is seeded, with which data.

Ids, usernames and e-mail addresses are derived from the member state, so seeding again finds
what it made before. All addresses use the reserved `.test` top-level domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from imi_shared.participants import EEA_MEMBER_STATES

DOMAIN = "demo.imi.test"

# Official EU languages spoken by each state's authorities, plus English for all.
STATE_LANGUAGES: dict[str, tuple[str, ...]] = {
    "AT": ("de",),
    "BE": ("nl", "fr", "de"),
    "BG": ("bg",),
    "CY": ("el",),
    "CZ": ("cs",),
    "DE": ("de",),
    "DK": ("da",),
    "EE": ("et",),
    "ES": ("es",),
    "FI": ("fi", "sv"),
    "FR": ("fr",),
    "GR": ("el",),
    "HR": ("hr",),
    "HU": ("hu",),
    "IE": ("ga",),
    "IT": ("it",),
    "LT": ("lt",),
    "LU": ("fr", "de"),
    "LV": ("lv",),
    "MT": ("mt",),
    "NL": ("nl",),
    "PL": ("pl",),
    "PT": ("pt",),
    "RO": ("ro",),
    "SE": ("sv",),
    "SI": ("sl",),
    "SK": ("sk",),
    "IS": (),
    "LI": ("de",),
    "NO": (),
}
assert set(STATE_LANGUAGES) == set(EEA_MEMBER_STATES)


def spoken(ms: str) -> tuple[str, ...]:
    return (*STATE_LANGUAGES[ms], "en")


@dataclass(frozen=True)
class DemoAuthority:
    """A competent authority of the demo (registered by its state's NIMIC)."""

    slug: str
    member_state: str
    official_name: str
    informal_name: str
    informal_name_language: str
    region: str | None
    # la code → keyword codes (without the LA prefix); workflows per LA
    areas: dict[str, tuple[str, ...]]
    workflows: dict[str, tuple[str, ...]]
    nace_codes: tuple[str, ...] = ()
    policy_area_codes: tuple[str, ...] = ()
    user: tuple[str, str, str] = ("Demo", "User", "en")  # first name, last name, language
    spoken_languages: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return f"demo-{self.member_state.lower()}-{self.slug}"

    @property
    def username(self) -> str:
        return f"{self.member_state.lower()}.{self.slug}"


COMPETENT_AUTHORITIES: tuple[DemoAuthority, ...] = (
    DemoAuthority(
        "prefecture",
        "FR",
        "Préfecture de police de Paris",
        "Préfecture de police",
        "fr",
        "Île-de-France",
        {"services": ("tourism", "catering", "consumer_protection")},
        {"services": ("requests", "alerts")},
        ("N", "84"),
        ("single_market.services",),
        ("Camille", "Lefèvre", "fr"),
    ),
    DemoAuthority(
        "ordre-medecins",
        "FR",
        "Conseil national de l'Ordre des médecins",
        "Ordre des médecins",
        "fr",
        None,
        {
            "professional_qualifications": ("doctors", "registration"),
            "patients_rights": ("right_to_practise", "healthcare_providers"),
        },
        {"professional_qualifications": ("requests",), "patients_rights": ("requests",)},
        ("Q",),
        ("public_health.health_professions",),
        ("Hélène", "Moreau", "fr"),
    ),
    DemoAuthority(
        "hwk-muenchen",
        "DE",
        "Handwerkskammer für München und Oberbayern",
        "Handwerkskammer München",
        "de",
        "Bayern",
        {"services": ("crafts", "construction")},
        {"services": ("requests", "alerts")},
        ("F", "43"),
        ("business_industry.sme",),
        ("Jürgen", "Weiß", "de"),
    ),
    DemoAuthority(
        "laek-bw",
        "DE",
        "Landesärztekammer Baden-Württemberg",
        "Ärztekammer Stuttgart",
        "de",
        "Baden-Württemberg",
        {"professional_qualifications": ("doctors",), "patients_rights": ("right_to_practise",)},
        {"professional_qualifications": ("requests",), "patients_rights": ("requests",)},
        ("86",),
        ("public_health",),
        ("Sabine", "Groß", "de"),
    ),
    DemoAuthority(
        "cciaa-milano",
        "IT",
        "Camera di Commercio di Milano Monza Brianza Lodi",
        "Camera di Commercio di Milano",
        "it",
        "Lombardia",
        {
            "services": ("business_registration", "retail"),
            "posting_of_workers": ("posting_declarations",),
        },
        {"services": ("requests",), "posting_of_workers": ("requests",)},
        ("G", "M"),
        ("single_market",),
        ("Giulia", "Bianchi", "it"),
    ),
    DemoAuthority(
        "cgcom",
        "ES",
        "Consejo General de Colegios Oficiales de Médicos",
        "Organización Médica Colegial",
        "es",
        None,
        {"professional_qualifications": ("doctors", "professional_experience")},
        {"professional_qualifications": ("requests",)},
        ("Q",),
        (),
        ("Lucía", "Muñoz", "es"),
    ),
    DemoAuthority(
        "pip",
        "PL",
        "Państwowa Inspekcja Pracy",
        "Inspekcja Pracy",
        "pl",
        None,
        {
            "posting_of_workers": ("labour_inspection", "working_time"),
            "services": ("construction",),
        },
        {"posting_of_workers": ("requests",), "services": ("requests",)},
        ("84",),
        ("employment_social.working_conditions",),
        ("Łukasz", "Wójcik", "pl"),
    ),
    DemoAuthority(
        "ypan",
        "GR",
        "Υπουργείο Ανάπτυξης",
        "Γενική Γραμματεία Εμπορίου",
        "el",
        "Αττική",
        {"services": ("retail", "consumer_protection")},
        {"services": ("requests", "alerts")},
        ("G",),
        ("consumers.rights",),
        ("Νίκος", "Παπαδόπουλος", "el"),
    ),
)

# Demo credentials: the seed performs the first login (DIR-092) of these users.
DEMO_PASSWORD = "imi-demo-2026"
DEMO_SECURITY_CODE = "Demo!code202"  # 12 characters, letters + digits + symbol (DIR-146)
DEMO_TEMPORARY_PASSWORD = "imi-temporary-2026"  # every other seeded user (first login pending)
DEMO_LOGINS = ("fr.nimic", "fr.alerts", "fr.prefecture", "de.nimic", "de.alerts", "de.hwk-muenchen")
