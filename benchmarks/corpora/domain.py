"""What the corpus is made of: UK council vocabularies and synthetic identifiers that belong to nobody.

Written from the domain (census categories, council tax discounts, adult social care support reasons, school
census codes, Ofcom's drama number ranges), not from what the scanner looks for. Pure Python; every random
choice comes from the generator passed in, so a fixed seed gives the same corpus.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

# --- People -------------------------------------------------------------------------------------------------

FEMALE = ("Olivia", "Amelia", "Isla", "Ava", "Grace", "Freya", "Lily", "Sophie", "Emily", "Chloe", "Hannah",
          "Aisha", "Fatima", "Maryam", "Zainab", "Priya", "Ananya", "Harpreet", "Gurpreet", "Niamh", "Aoife",
          "Siobhan", "Ffion", "Cerys", "Bethan", "Megan", "Jessica", "Margaret", "Doreen", "Joan", "Maureen",
          "Brenda", "Irene", "Eileen", "Dorothy", "Patricia", "Sandra", "Karen", "Tracey", "Julie", "Agnieszka",
          "Katarzyna", "Ioana", "Abena", "Ngozi", "Chiamaka", "Yetunde", "Mei", "Sadia", "Shabnam", "Rukhsana")
MALE = ("Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Jack", "Muhammad", "Mohammed", "Ibrahim",
        "Yusuf", "Arjun", "Rohan", "Ravi", "Dylan", "Rhys", "Owain", "Callum", "Connor", "Kieran", "Liam", "Declan",
        "Tomasz", "Piotr", "Jakub", "Andrei", "Kwame", "Kofi", "Chinedu", "Tunde", "David", "Peter", "Michael",
        "John", "Gary", "Wayne", "Darren", "Keith", "Barry", "Trevor", "Colin", "Derek", "Albert", "Stanley",
        "Harold", "Kenneth", "Ronald", "Dennis", "Imran", "Tariq", "Wei", "Jamal", "Marcus")
SURNAMES = ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
            "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
            "Lewis", "Harris", "Clarke", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris",
            "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "Price", "Patel", "Khan",
            "Ali", "Ahmed", "Begum", "Hussain", "Singh", "Kaur", "Shah", "Mistry", "Chauhan", "Okafor", "Adeyemi",
            "Mensah", "Osei", "Nowak", "Kowalski", "Popescu", "Murphy", "O'Brien", "O'Connor", "Kelly", "McDonald",
            "MacLeod", "Campbell", "Stewart", "Pritchard", "Bradley", "Sherwood", "Nelson", "Chen", "Nguyen",
            "Mahmood", "Iqbal", "Rahman", "Akhtar", "Parmar", "Lewandowski", "Grant", "Francis", "Bailey")
# Names a cp1252 export from an old council tax system holds as they are spelt (all in Windows-1252).
ACCENTED_FEMALE = ("Zoë", "Siân", "Renée", "Chloé", "Máire", "Dóra", "Sinéad", "Aoibhín", "Anaïs", "Björk", "Inés")
ACCENTED_MALE = ("Seán", "Éamonn", "José", "François", "Jürgen", "Søren", "Rónán", "Dónal", "Andrés", "Óscar")
ACCENTED_SURNAMES = ("Ó Súilleabháin", "Ní Bhriain", "Müller", "Gómez", "Løvstad", "Lefèvre", "Núñez",
                     "O'Dálaigh", "Sørensen", "Mac Giolla Phádraig")
# Names only UTF-8 holds: Polish, Romanian, Turkish and Vietnamese spellings (a housing register in 2024).
UNICODE_FEMALE = ("Wiktoria", "Małgorzata", "Çağla", "Thị Hoa", "Siân", "Zoë", "Dóra", "Ioana", "Şebnem")
UNICODE_MALE = ("Łukasz", "Ştefan", "Şükrü", "Đức", "Seán", "Grzegorz", "Mihai", "Văn Minh")
UNICODE_SURNAMES = ("Wiśniewska", "Dąbrowski", "Łuczak", "Ţepeş", "Öztürk", "Yılmaz", "Nguyễn", "Trần", "Phạm",
                    "Ó Súilleabháin", "Gómez")
# Children's names, for pupils.
YOUNG_FEMALE = ("Olivia", "Amelia", "Isla", "Ava", "Grace", "Freya", "Lily", "Sophie", "Emily", "Aisha", "Fatima",
                "Maryam", "Zainab", "Ananya", "Niamh", "Ffion", "Willow", "Poppy", "Evie", "Maya", "Hafsa", "Zofia")
YOUNG_MALE = ("Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Jack", "Muhammad", "Ibrahim", "Yusuf",
              "Arjun", "Rohan", "Dylan", "Rhys", "Theo", "Freddie", "Alfie", "Jakub", "Kofi", "Musa", "Reuben")
FEMALE_TITLES = ("Mrs", "Ms", "Miss")
MALE_TITLES = ("Mr", "Mr", "Mr", "Dr")


def person(generator: random.Random, first: Sequence[str] = (), surnames: Sequence[str] = SURNAMES,
           female: bool | None = None) -> tuple[str, str, str]:
    """(title, first name, surname) of a made-up person."""
    female = generator.random() < 0.5 if female is None else female
    names = first or (FEMALE if female else MALE)
    title = generator.choice(FEMALE_TITLES if female else MALE_TITLES)
    return title, generator.choice(names), generator.choice(surnames)


def full_name(generator: random.Random) -> str:
    _title, first, surname = person(generator)
    return f"{first} {surname}"


def formal_name(generator: random.Random) -> str:
    """As case systems hold a resident: "Mrs A Patel", "Mr Tomasz Nowak"."""
    title, first, surname = person(generator)
    return f"{title} {first[0]} {surname}" if generator.random() < 0.5 else f"{title} {first} {surname}"


# --- Places -------------------------------------------------------------------------------------------------

# Streets named after people and saints, as most English towns have, and plain ones.
STREETS = ("Nelson Street", "Victoria Road", "St John's Close", "Albert Road", "Gladstone Street", "Wellington Road",
           "Cromwell Road", "Churchill Way", "Peel Street", "Shakespeare Avenue", "Milton Road", "Darwin Close",
           "Elgar Drive", "Brunel Way", "Nightingale Close", "Kitchener Street", "Raleigh Street", "Drake Avenue",
           "Marlborough Road", "Grey Street", "Florence Street", "King Edward Street", "Queen Mary's Avenue",
           "St Peter's Road", "St Margaret's Crescent", "Mary Street", "Alexandra Road", "Clarence Street",
           "Wordsworth Avenue", "Byron Street", "Tennyson Road", "Dickens Close", "Station Road", "High Street",
           "Church Lane", "Mill Lane", "Park Road", "The Green", "Oak Tree Close", "Meadow View", "Brook Street",
           "Chapel Street", "Castle Street", "Abbey Road", "Moor Lane", "Holly Bank", "Forest Road", "Ashby Road")
# Council blocks are named after people too.
BLOCKS = ("Attlee House", "Bevan Court", "Mandela House", "Seacole Court", "Pankhurst Close", "Lansbury House",
          "Morrison Court", "Cripps House", "Jubilee Court", "Elizabeth House")
# North West Leicestershire and Milton Keynes, with their postcode districts.
NW_LEICESTERSHIRE = (("Ashby de la Zouch", "LE65 1"), ("Ashby de la Zouch", "LE65 2"), ("Coalville", "LE67 3"),
                     ("Coalville", "LE67 4"), ("Whitwick", "LE67 5"), ("Ibstock", "LE67 6"),
                     ("Castle Donington", "DE74 2"), ("Kegworth", "DE74 2"), ("Measham", "DE12 7"),
                     ("Moira", "DE12 6"), ("Ravenstone", "LE67 2"))
MILTON_KEYNES = (("Milton Keynes", "MK9 3"), ("Milton Keynes", "MK6 5"), ("Bletchley", "MK2 2"),
                 ("Bletchley", "MK3 6"), ("Wolverton", "MK12 5"), ("Stony Stratford", "MK11 1"),
                 ("Newport Pagnell", "MK16 8"), ("Olney", "MK46 4"), ("Woburn Sands", "MK17 8"))
ENGLAND = (("Market Harborough", "LE16 7"), ("Melton Mowbray", "LE13 0"), ("Sutton Coldfield", "B73 6"),
           ("Stoke-on-Trent", "ST4 2"), ("Newcastle-under-Lyme", "ST5 1"), ("Bury St Edmunds", "IP33 3"),
           ("Kingston upon Hull", "HU3 2"), ("Weston-super-Mare", "BS23 1"), ("Stratford-upon-Avon", "CV37 6"),
           ("Hemel Hempstead", "HP1 1"), ("Chipping Norton", "OX7 5"), ("Barrow-in-Furness", "LA14 1"),
           ("Leighton Buzzard", "LU7 1"), ("Bishop's Stortford", "CM23 3"), ("King's Lynn", "PE30 1"),
           ("St Albans", "AL1 3"), ("St Helens", "WA10 1"), ("Wellington", "TA21 8"), ("Milton Keynes", "MK9 2"),
           ("Ashby de la Zouch", "LE65 1"), ("Loughborough", "LE11 1"), ("Hinckley", "LE10 0"))
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # never C, I, K, M, O or V in the inward code

# Wards of a made-up district, as council wards are named: saints, churches, castles and people.
WARDS = ("St Mary's", "St Peter's", "St John's", "Abbey", "Castle", "Holy Trinity", "Priory", "Westgate",
         "Brunswick", "Grange Park", "Fairfield", "Sherwood", "Bradley", "Humberstone and Hamilton",
         "Eyres Monsell", "Wycliffe", "Knighton", "Beaumont Leys", "Victoria", "Kingsway", "Moorside", "Cathedral")


def postcode(generator: random.Random, district: str) -> str:
    return f"{district}{generator.choice(INWARD_LETTERS)}{generator.choice(INWARD_LETTERS)}"


def street_address(generator: random.Random, flats: float = 0.25) -> str:
    street = generator.choice(STREETS)
    if generator.random() < flats:
        return f"Flat {generator.randint(1, 24)}, {generator.choice(BLOCKS)}, {street}"
    return f"{generator.randint(1, 140)} {street}"


# --- Contact details: Ofcom's drama ranges and example domains only ----------------------------------------

EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
GEOGRAPHIC = ("0116 496 0{:03d}", "0115 496 0{:03d}", "0121 496 0{:03d}", "020 7946 0{:03d}", "0113 496 0{:03d}",
              "029 2018 0{:03d}", "01632 960{:03d}")


def mobile(generator: random.Random) -> str:
    number = generator.randint(0, 999)
    return generator.choice((f"07700 900{number:03d}", f"07700900{number:03d}", f"+44 7700 900{number:03d}",
                             f"07700 900 {number:03d}"))


def landline(generator: random.Random) -> str:
    return generator.choice(GEOGRAPHIC).format(generator.randint(0, 999))


def email(generator: random.Random, first: str, surname: str) -> str:
    local = generator.choice((f"{first}.{surname}", f"{first[0]}{surname}", f"{first}{generator.randint(1, 99)}",
                              f"{surname}.{first[0]}", f"{first}_{surname}{generator.randint(60, 99)}"))
    plain = "".join(c for c in local.lower() if c.isascii() and (c.isalnum() or c in "._"))
    return f"{plain}@{generator.choice(EMAIL_DOMAINS)}"


# --- Identifiers, valid by their own rules -----------------------------------------------------------------

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # DfE: 23 letters, never I, O or S


def nhs_number(generator: random.Random, spaced: bool = True) -> str:
    """Valid by the modulus 11 check and in the 9xx range, which NHS England never issues to patients."""
    while True:
        digits = [9, *(generator.randint(0, 9) for _ in range(8))]
        remainder = sum(digit * weight for digit, weight in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = (11 - remainder) % 11
        if check != 10:
            text = "".join(map(str, digits)) + str(check)
            return f"{text[:3]} {text[3:6]} {text[6:]}" if spaced else text


def ni_number(generator: random.Random) -> str:
    """HMRC's format: no D, F, I, Q, U or V first; no D, F, I, O, Q, U or V second; none of the unused pairs."""
    while True:
        prefix = generator.choice("ABCEGHJKLMNOPRSTWXYZ") + generator.choice("ABCEGHJKLMNPRSTWXYZ")
        if prefix not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    digits = [f"{generator.randint(0, 99):02d}" for _ in range(3)]
    suffix = generator.choice("ABCD")
    return f"{prefix} {' '.join(digits)} {suffix}" if generator.random() < 0.6 else f"{prefix}{''.join(digits)}{suffix}"


def upn(generator: random.Random, local_authority: str, school: str) -> str:
    """DfE Unique Pupil Number: check letter, LA code, school number, year of allocation, serial."""
    body = f"{local_authority}{school}{generator.randint(12, 22):02d}{generator.randint(0, 999):03d}"
    total = sum(int(digit) * position for position, digit in enumerate(body, start=2))
    return UPN_CHECK_LETTERS[total % 23] + body


def driving_licence(generator: random.Random, surname: str, first: str, born: date, female: bool) -> str:
    """DVLA's 16 characters: surname, decade, month (+5 for women), day, year, initials, a digit, two letters."""
    letters = "".join(c for c in surname.upper() if "A" <= c <= "Z")[:5].ljust(5, "9")
    month = born.month + (50 if female else 0)
    initials = (first[0].upper() + "9") if generator.random() < 0.6 else (first[0] + generator.choice("AJMR")).upper()
    check = generator.choice("ABCDEFGHJKLMNPRSTWXY") + generator.choice("ABCDEFGHJKLMNPRSTWXY")
    return f"{letters}{str(born.year)[2]}{month:02d}{born.day:02d}{str(born.year)[3]}{initials}9{check}"


def uprn(generator: random.Random) -> str:
    return f"1000{generator.randint(10_000_000, 99_999_999)}"


def birth_date(generator: random.Random, youngest: int, oldest: int, today: date = date(2024, 9, 1)) -> date:
    return today - timedelta(days=generator.randint(youngest * 365, oldest * 365))


def day_in(generator: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=generator.randint(0, (last - first).days))


# --- Services and categories ---------------------------------------------------------------------------------

SERVICES = ("Revenues and Benefits", "Adult Social Care", "Children's Services", "Housing Options",
            "Housing Repairs", "Waste and Recycling", "Highways and Transport", "Parking Services",
            "Planning and Building Control", "Environmental Health", "Trading Standards", "Registrars", "Libraries",
            "Council Tax", "Customer Services", "Bereavement Services", "Licensing", "Leisure Centres")

# ONS 2021 census, England and Wales: the 19 ethnic groups, weighted roughly as the population is.
ETHNIC_GROUPS = (
    ("White: English, Welsh, Scottish, Northern Irish or British", 740), ("White: Irish", 9),
    ("White: Gypsy or Irish Traveller", 1), ("White: Roma", 2), ("White: Other White", 62),
    ("Mixed or Multiple ethnic groups: White and Asian", 8),
    ("Mixed or Multiple ethnic groups: White and Black African", 4),
    ("Mixed or Multiple ethnic groups: White and Black Caribbean", 9),
    ("Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups", 7),
    ("Asian, Asian British or Asian Welsh: Bangladeshi", 11), ("Asian, Asian British or Asian Welsh: Chinese", 8),
    ("Asian, Asian British or Asian Welsh: Indian", 31), ("Asian, Asian British or Asian Welsh: Pakistani", 27),
    ("Asian, Asian British or Asian Welsh: Other Asian", 16),
    ("Black, Black British, Black Welsh, Caribbean or African: African", 25),
    ("Black, Black British, Black Welsh, Caribbean or African: Caribbean", 11),
    ("Black, Black British, Black Welsh, Caribbean or African: Other Black", 5),
    ("Other ethnic group: Arab", 6), ("Other ethnic group: Any other ethnic group", 16), ("Prefer not to say", 30),
)
RELIGIONS = (("No religion", 370), ("Christian", 460), ("Buddhist", 5), ("Hindu", 17), ("Jewish", 5),
             ("Muslim", 65), ("Sikh", 9), ("Any other religion", 6), ("Prefer not to say", 60))
SEXUAL_ORIENTATIONS = (("Straight or Heterosexual", 880), ("Gay or Lesbian", 15), ("Bisexual", 13),
                       ("All other sexual orientations", 3), ("Prefer not to say", 90))
# Adult social care short- and long-term (SALT) return: primary support reasons.
SUPPORT_REASONS = ("Physical Support: Personal Care Support", "Physical Support: Access and Mobility Only",
                   "Sensory Support: Support for Visual Impairment", "Sensory Support: Support for Hearing Impairment",
                   "Sensory Support: Support for Dual Impairment", "Support with Memory and Cognition",
                   "Learning Disability Support", "Mental Health Support", "Social Support: Substance Misuse Support",
                   "Social Support: Asylum Seeker Support", "Social Support: Support for Social Isolation/Other")
# Conditions as people describe them in notes, not as a vocabulary list would.
# Each reads after "has": "has dementia", "has a leg ulcer".
CONDITIONS = ("dementia", "Parkinson's", "COPD", "diabetes", "motor neurone disease", "multiple sclerosis",
              "severe arthritis", "heart failure", "cancer", "sight loss", "a learning disability", "schizophrenia",
              "depression", "epilepsy", "kidney failure", "asthma", "a leg ulcer", "Alzheimer's", "bipolar disorder",
              "angina", "MS", "long Covid", "a brain injury", "macular degeneration")
RELATIVES = ("mother", "father", "husband", "wife", "neighbour", "grandmother", "uncle", "son", "partner")


def weighted(generator: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return generator.choices([value for value, _weight in options], weights=[w for _value, w in options])[0]


def money(generator: random.Random, low: float, high: float) -> str:
    return f"£{generator.uniform(low, high):,.2f}"
