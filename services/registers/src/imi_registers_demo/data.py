"""Fixed content of the demo register directory (`seed.py`): 36 registers of 12 states, each
managed by an authority of the demo directory (`imi_directory_demo`: ids `demo-<ms>-<slug>`,
repeated here as text, the services never import each other). Register ids are fixed
(`demo-reg-<ms>-<slug>`), so seeding again finds what it made before. Links use the reserved
`.test` top-level domain.
"""

from __future__ import annotations

from dataclasses import dataclass

NATIONAL, REGIONAL, LOCAL = "national", "regional", "local"
GENERAL, SPECIFIC = "general", "specific"


@dataclass(frozen=True)
class DemoRegister:
    slug: str
    member_state: str
    manager: str  # the demo authority's slug: `demo-<ms>-<manager>`
    official_name: str
    informal_name: str
    lang: str
    coverage: str
    region: str | None
    register_type: str
    categories: tuple[str, ...]
    info_types: tuple[str, ...]
    owner: str
    online: bool = True
    mandatory: bool = True

    @property
    def id(self) -> str:
        return f"demo-reg-{self.member_state.lower()}-{self.slug}"

    @property
    def managing_authority_id(self) -> str:
        return f"demo-{self.member_state.lower()}-{self.manager}"


ID, NUM, FORM, QUAL, DISC = (
    "info.identification",
    "info.registration_number",
    "info.legal_form",
    "info.qualifications",
    "info.disciplinary",
)
INSOLV, REPS, ACTS, INS, ACCTS, OWN = ("info.insolvency_proceedings", "info.representatives",
    "info.authorised_activities", "info.insurance_cover", "info.annual_accounts",
    "info.ownership")  # fmt: skip
R = DemoRegister
REGISTERS: tuple[DemoRegister, ...] = (
    R("rcs", "FR", "nimic", "Registre du commerce et des sociétés", "Registre du commerce", "fr", NATIONAL, None, GENERAL, ("gen.companies",), (ID, NUM, FORM, REPS, ACCTS), "Infogreffe"),
    R("bodacc", "FR", "nimic", "Bulletin officiel des annonces civiles et commerciales", "Annonces des procédures collectives", "fr", NATIONAL, None, GENERAL, ("gen.insolvency",), (ID, INSOLV), "Direction de l'information légale et administrative", mandatory=False),
    R("architectes", "FR", "nimic", "Tableau de l'ordre des architectes", "Architectes inscrits à l'ordre", "fr", NATIONAL, None, SPECIFIC, ("spec.architects",), (ID, QUAL, DISC, INS), "Conseil national de l'ordre des architectes"),
    R("medecins", "FR", "ordre-medecins", "Tableau de l'Ordre des médecins", "Médecins inscrits à l'Ordre", "fr", NATIONAL, None, SPECIFIC, ("spec.doctors",), (ID, QUAL, DISC), "Conseil national de l'Ordre des médecins"),
    R("vtc", "FR", "prefecture", "Registre des exploitants de voitures de transport avec chauffeur", "Exploitants VTC", "fr", NATIONAL, None, SPECIFIC, ("spec.transport",), (ID, NUM, ACTS, INS), "Ministère chargé des transports"),
    R("agents-immo-idf", "FR", "prefecture", "Cartes professionnelles des agents immobiliers d'Île-de-France", "Agents immobiliers d'Île-de-France", "fr", REGIONAL, "FR-IDF", SPECIFIC, ("spec.estate_agents",), (ID, ACTS, INS), "CCI Paris Île-de-France"),
    R("handelsregister", "DE", "nimic", "Gemeinsames Registerportal der Länder: Handelsregister", "Handelsregister", "de", NATIONAL, None, GENERAL, ("gen.companies",), (ID, NUM, FORM, REPS, ACCTS), "Landesjustizverwaltungen"),
    R("insolvenz", "DE", "nimic", "Insolvenzbekanntmachungen der Insolvenzgerichte", "Insolvenzbekanntmachungen", "de", NATIONAL, None, GENERAL, ("gen.insolvency",), (ID, INSOLV), "Land Nordrhein-Westfalen", mandatory=False),
    R("handwerksrolle", "DE", "hwk-muenchen", "Handwerksrolle der Handwerkskammer für München und Oberbayern", "Handwerksrolle München", "de", REGIONAL, "DE-BY", SPECIFIC, ("spec.crafts", "spec.construction"), (ID, QUAL, ACTS), "Handwerkskammer für München und Oberbayern"),
    R("aerzte-bw", "DE", "laek-bw", "Arztregister der Landesärztekammer Baden-Württemberg", "Ärzte in Baden-Württemberg", "de", REGIONAL, "DE-BW", SPECIFIC, ("spec.doctors",), (ID, QUAL, DISC), "Landesärztekammer Baden-Württemberg"),
    R("architekten-bayern", "DE", "hwk-muenchen", "Architektenliste der Bayerischen Architektenkammer", "Architekten in Bayern", "de", REGIONAL, "DE-BY", SPECIFIC, ("spec.architects",), (ID, QUAL, INS), "Bayerische Architektenkammer"),
    R("vereine-berlin", "DE", "nimic", "Vereinsregister des Amtsgerichts Charlottenburg", "Vereinsregister Berlin", "de", LOCAL, "DE-BE", GENERAL, ("gen.associations",), (ID, NUM, REPS), "Amtsgericht Charlottenburg", online=False),
    R("registro-imprese", "IT", "cciaa-milano", "Registro delle imprese", "Registro imprese", "it", NATIONAL, None, GENERAL, ("gen.companies",), (ID, NUM, FORM, REPS, ACCTS, OWN), "Camere di commercio italiane"),
    R("albo-architetti", "IT", "nimic", "Albo unico nazionale degli architetti, pianificatori, paesaggisti e conservatori", "Albo degli architetti", "it", NATIONAL, None, SPECIFIC, ("spec.architects",), (ID, QUAL, DISC), "Consiglio nazionale degli architetti"),
    R("avvocati-milano", "IT", "cciaa-milano", "Albo degli avvocati dell'Ordine di Milano", "Avvocati di Milano", "it", LOCAL, "IT-25", SPECIFIC, ("spec.lawyers",), (ID, QUAL, DISC), "Ordine degli avvocati di Milano"),
    R("farmacie", "IT", "nimic", "Elenco delle farmacie del Servizio sanitario nazionale", "Farmacie italiane", "it", NATIONAL, None, SPECIFIC, ("spec.pharmacists",), (ID, ACTS), "Ministero della salute", mandatory=False),
    R("mercantil", "ES", "nimic", "Registro Mercantil Central", "Registro mercantil", "es", NATIONAL, None, GENERAL, ("gen.companies",), (ID, NUM, FORM, REPS, ACCTS), "Colegio de Registradores de España"),
    R("medicos", "ES", "cgcom", "Registro de médicos colegiados", "Médicos colegiados", "es", NATIONAL, None, SPECIFIC, ("spec.doctors",), (ID, QUAL, DISC), "Consejo General de Colegios Oficiales de Médicos"),
    R("turismo-cataluna", "ES", "nimic", "Registre de Turisme de Catalunya", "Registro de empresas turísticas de Cataluña", "es", REGIONAL, "ES-CT", SPECIFIC, ("spec.travel",), (ID, ACTS), "Generalitat de Catalunya"),
    R("ett-madrid", "ES", "nimic", "Registro de empresas de trabajo temporal de la Comunidad de Madrid", "Empresas de trabajo temporal de Madrid", "es", REGIONAL, "ES-MD", SPECIFIC, ("spec.temporary_work",), (ID, ACTS, INS), "Comunidad de Madrid"),
    R("krs", "PL", "nimic", "Krajowy Rejestr Sądowy", "Rejestr przedsiębiorców KRS", "pl", NATIONAL, None, GENERAL, ("gen.companies", "gen.associations"), (ID, NUM, FORM, REPS), "Ministerstwo Sprawiedliwości"),
    R("ceidg", "PL", "nimic", "Centralna Ewidencja i Informacja o Działalności Gospodarczej", "Ewidencja działalności gospodarczej", "pl", NATIONAL, None, GENERAL, ("gen.companies",), (ID, NUM, ACTS), "Ministerstwo Rozwoju i Technologii"),
    R("agencje-pracy", "PL", "pip", "Rejestr agencji zatrudnienia", "Agencje pracy tymczasowej", "pl", REGIONAL, "PL-14", SPECIFIC, ("spec.temporary_work",), (ID, NUM, ACTS), "Wojewódzki Urząd Pracy w Warszawie"),
    R("kvk", "NL", "nimic", "Handelsregister van de Kamer van Koophandel", "Handelsregister KVK", "nl", NATIONAL, None, GENERAL, ("gen.companies",), (ID, NUM, FORM, REPS, ACCTS), "Kamer van Koophandel"),
    R("big", "NL", "nimic", "BIG-register van beroepen in de individuele gezondheidszorg", "BIG-register zorgverleners", "nl", NATIONAL, None, SPECIFIC, ("spec.doctors", "spec.nurses", "spec.pharmacists"), (ID, QUAL, DISC), "CIBG"),
    R("firmenbuch", "AT", "nimic", "Firmenbuch der Republik Österreich", "Firmenbuch", "de", NATIONAL, None, GENERAL, ("gen.companies",), (ID, NUM, FORM, REPS, ACCTS), "Bundesministerium für Justiz"),
    R("gewerbe-wien", "AT", "nimic", "Gewerbeinformationssystem Austria: Gewerberegister Wien", "Gewerberegister Wien", "de", REGIONAL, "AT-9", SPECIFIC, ("spec.crafts", "spec.travel"), (ID, ACTS), "Magistrat der Stadt Wien"),
    R("bce", "BE", "nimic", "Banque-Carrefour des Entreprises", "Banque-Carrefour des Entreprises", "fr", NATIONAL, None, GENERAL, ("gen.companies",), (ID, NUM, FORM, ACTS), "SPF Économie"),
    R("agents-immo-bru", "BE", "nimic", "Tableau des agents immobiliers de l'Institut professionnel", "Agents immobiliers de Bruxelles", "fr", REGIONAL, "BE-BRU", SPECIFIC, ("spec.estate_agents",), (ID, QUAL, INS), "Institut professionnel des agents immobiliers"),
    R("bolagsverket", "SE", "nimic", "Bolagsverkets näringslivsregister", "Aktiebolagsregistret", "sv", NATIONAL, None, GENERAL, ("gen.companies",), (ID, NUM, FORM, REPS, ACCTS), "Bolagsverket"),
    R("rnpc", "PT", "nimic", "Registo Nacional de Pessoas Coletivas", "Registo de pessoas coletivas", "pt", NATIONAL, None, GENERAL, ("gen.companies", "gen.associations"), (ID, NUM, FORM), "Instituto dos Registos e do Notariado"),
    R("engenheiros", "PT", "nimic", "Lista de membros da Ordem dos Engenheiros", "Engenheiros inscritos na Ordem", "pt", NATIONAL, None, SPECIFIC, ("spec.engineers",), (ID, QUAL, DISC), "Ordem dos Engenheiros"),
    R("gemi", "GR", "ypan", "Γενικό Εμπορικό Μητρώο", "Γενικό Εμπορικό Μητρώο (ΓΕΜΗ)", "el", NATIONAL, None, GENERAL, ("gen.companies",), (ID, NUM, FORM, REPS), "Υπουργείο Ανάπτυξης"),
    R("cro", "IE", "nimic", "Companies Registration Office register", "Irish register of companies", "en", NATIONAL, None, GENERAL, ("gen.companies",), (ID, NUM, FORM, REPS, ACCTS), "Companies Registration Office"),
    R("nursing", "IE", "nimic", "Register of Nurses and Midwives", "Irish register of nurses and midwives", "en", NATIONAL, None, SPECIFIC, ("spec.nurses",), (ID, QUAL, DISC), "Nursing and Midwifery Board of Ireland"),
    R("lbr", "LU", "nimic", "Registre de commerce et des sociétés Luxembourg", "Registre du commerce luxembourgeois", "fr", NATIONAL, None, GENERAL, ("gen.companies",), (ID, NUM, FORM, REPS, ACCTS), "Luxembourg Business Registers"),
)  # fmt: skip
