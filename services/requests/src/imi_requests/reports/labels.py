"""The report's own wording in the languages it is printed in (English and French)."""

from __future__ import annotations

from .kinds import ReportKind, Section

_EN: dict[str, str] = {
    "title": "IMI information request report",
    "generated_at": "Generated at (UTC)",
    "certified": "Certified report: signed electronically by the IMI server (PAdES)",
    "request": "Request",
    "reference": "Reference",
    "la": "Legislative area",
    "status": "Status",
    "question_set": "Question set",
    "languages": "Languages",
    "kind": "Report",
    "pd_omitted": "This report contains no personal data.",
    "requesting": "Requesting authority",
    "responding": "Responding authority",
    "not_yet": "(not chosen yet)",
    "question": "Question",
    "answer": "Answer",
    "no_answer": "(no answer yet)",
    "comment": "Comment",
    "attachment": "Attachment",
    "attachment_withheld": "(name withheld: personal data)",
    "notice": (
        "Your personal data may be processed in the Internal Market Information System (IMI). "
        "The controller is the competent authority named above; the recipients are the "
        "competent authorities of other member states taking part in this exchange. You have "
        "the right to access your data and to have it rectified or erased."
    ),
    "disclaimer_text": (
        "This document reproduces the information exchanged about you through IMI. It is "
        "provided for your information and does not constitute a decision of the authority."
    ),
    "consent": (
        "I, the undersigned, agree that my personal data shown above is exchanged through IMI "
        "between the competent authorities named in this report."
    ),
    "signature_line": "Name, date and signature:",
    ReportKind.FULL_WITH_PD: "full report with personal data",
    ReportKind.FULL_WITHOUT_PD: "full report without personal data",
    ReportKind.CUSTOM: "customised report",
    ReportKind.DATA_SUBJECT_REPORT: "report for the data subject",
    ReportKind.DATA_SUBJECT_CONSENT_FORM: "consent form for the data subject",
    Section.AUTHORITIES: "Authorities",
    Section.SUBJECT: "The professional concerned",
    Section.QUESTIONS: "Questions and answers",
    Section.FREE_TEXT: "Comments and messages",
    Section.ATTACHMENTS: "Attachments",
    Section.NOTICE: "Information for the data subject",
    Section.DISCLAIMER: "Disclaimer",
    Section.CONSENT_FORM: "Consent form",
}

_FR: dict[str, str] = {
    "title": "Rapport sur une demande d'information IMI",
    "generated_at": "Généré le (UTC)",
    "certified": "Rapport certifié : signé électroniquement par le serveur IMI (PAdES)",
    "request": "Demande",
    "reference": "Référence",
    "la": "Domaine législatif",
    "status": "Statut",
    "question_set": "Série de questions",
    "languages": "Langues",
    "kind": "Rapport",
    "pd_omitted": "Ce rapport ne contient aucune donnée personnelle.",
    "requesting": "Autorité requérante",
    "responding": "Autorité consultée",
    "not_yet": "(pas encore choisie)",
    "question": "Question",
    "answer": "Réponse",
    "no_answer": "(pas encore de réponse)",
    "comment": "Commentaire",
    "attachment": "Pièce jointe",
    "attachment_withheld": "(nom masqué : donnée personnelle)",
    "notice": (
        "Vos données personnelles peuvent être traitées dans le système d'information du marché "
        "intérieur (IMI). Le responsable du traitement est l'autorité compétente nommée "
        "ci-dessus ; les destinataires sont les autorités compétentes des autres États membres "
        "qui participent à cet échange. Vous avez le droit d'accéder à vos données et de les "
        "faire rectifier ou effacer."
    ),
    "disclaimer_text": (
        "Ce document reproduit les informations échangées à votre sujet au moyen de l'IMI. Il "
        "vous est fourni pour information et ne constitue pas une décision de l'autorité."
    ),
    "consent": (
        "Je soussigné(e) accepte que mes données personnelles figurant ci-dessus soient "
        "échangées au moyen de l'IMI entre les autorités compétentes nommées dans ce rapport."
    ),
    "signature_line": "Nom, date et signature :",
    ReportKind.FULL_WITH_PD: "rapport complet avec données personnelles",
    ReportKind.FULL_WITHOUT_PD: "rapport complet sans donnée personnelle",
    ReportKind.CUSTOM: "rapport personnalisé",
    ReportKind.DATA_SUBJECT_REPORT: "rapport à l'attention du titulaire de la profession",
    ReportKind.DATA_SUBJECT_CONSENT_FORM: "formulaire de consentement du titulaire",
    Section.AUTHORITIES: "Autorités",
    Section.SUBJECT: "Titulaire de la profession",
    Section.QUESTIONS: "Questions et réponses",
    Section.FREE_TEXT: "Commentaires et messages",
    Section.ATTACHMENTS: "Pièces jointes",
    Section.NOTICE: "Information de la personne concernée",
    Section.DISCLAIMER: "Clause de non-responsabilité",
    Section.CONSENT_FORM: "Formulaire de consentement",
}

LABELS: dict[str, dict[str, str]] = {"en": _EN, "fr": _FR}
