"""What each entity type the scanner reports is called in plain English."""

ENTITY_LABELS = {
    "PERSON": "names", "LOCATION": "places", "EMAIL_ADDRESS": "email addresses", "PHONE_NUMBER": "phone numbers",
    "UK_NHS": "NHS numbers", "UK_NINO": "National Insurance numbers", "UK_POSTCODE": "postcodes",
    "UK_UPN": "Unique Pupil Numbers", "UK_PASSPORT": "passport numbers",
    "UK_DRIVING_LICENCE": "driving licence numbers", "UK_UPRN": "property reference numbers (UPRN)",
    "IP_ADDRESS": "IP addresses", "IBAN_CODE": "bank account numbers (IBAN)",
    "CREDIT_CARD": "payment card numbers", "DATE_TIME": "dates of birth or death", "URL": "web addresses",
}

# Not an entity but a kind of column: one whose values are sentences someone typed (prose.py).
FREE_TEXT = "FREE_TEXT"
# Every finding a scan reports that a questionnaire option can say it is suggested by.
FINDING_TYPES = (*ENTITY_LABELS, FREE_TEXT)
