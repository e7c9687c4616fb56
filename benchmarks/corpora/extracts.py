"""The corpus's files, one function each, with what every column truly holds beside the code that fills it.

The truth is a data protection officer's reading of each column, not the scanner's:
- `must`: the column holds personal data the scanner has to report, with the entity types that count as
  finding it (an address line is found as LOCATION, not as PERSON because its street is "Nelson Street"),
  and any other types it may report without being wrong ("*" in free text, where people write anything);
- `may`: reporting it or not are both fine (a resident's ward or town, a comment box where names are rare),
  with the types that are acceptable if it is reported;
- `none`: the column holds nothing the scanner's entity types describe (no identifier, name, contact detail
  or home); any entity reported on it is wrong. An ethnic group or a disability answer is `none` here and
  carries its special category: it identifies no one by itself, and it is neither a name nor a place;
- `special_category`: the Article 9 category (or Article 10 criminal offence data) the column must be reported
  as, or null; a list when more than one answer is defensible (null in the list: not reporting is fine too).

A place is personal when it is where a person lives (an address, the town or ward of a resident); the place of
an operation (a depot, a tip, a school's own details) is not. Internal reference numbers (case, account,
permit numbers) have no entity type in the scanner's contract, so any type reported on them is wrong.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from benchmarks.corpora import domain as d

ANY = "*"
HEALTH = "health"
ETHNIC = "racial_or_ethnic_origin"
RELIGION = "religious_or_philosophical_beliefs"
ORIENTATION = "sex_life_or_sexual_orientation"
UNION = "trade_union_membership"
CRIMINAL = "criminal_offence"
Special = str | None | tuple[str | None, ...]


@dataclass(frozen=True)
class Truth:
    personal: str  # "must", "may" or "none"
    entities: tuple[str, ...] = ()  # must: the types that count as finding the column
    allow: tuple[str, ...] = ()  # types that may be reported without being wrong ("*": any)
    special: Special = None
    why: str = ""

    def as_json(self, name: str) -> dict[str, Any]:
        special = list(self.special) if isinstance(self.special, tuple) else self.special
        return {"name": name, "personal": self.personal, "entities": list(self.entities), "allow": list(self.allow),
                "special_category": special, "why": self.why}


def must(*entities: str, also: Sequence[str] = (), special: Special = None, why: str = "") -> Truth:
    return Truth("must", entities, (*entities, *also), special, why)


def may(*allow: str, special: Special = None, why: str = "") -> Truth:
    return Truth("may", (), allow or (ANY,), special, why)


def none(special: Special = None, why: str = "") -> Truth:
    return Truth("none", (), (), special, why)


FREE_TEXT = (ANY,)  # in free text any type found is fair: people write anything into notes


@dataclass(frozen=True)
class Corpus:
    name: str
    file: str
    kind: str  # csv, xlsx, jsonl, json
    description: str
    traps: tuple[str, ...]
    columns: dict[str, Truth]  # in the order the file has them (sheets in order, "Sheet!column")
    build: Callable[[random.Random], Any]  # rows (csv), {sheet: rows} (xlsx) or documents (json, jsonl)
    encoding: str = "utf-8"
    delimiter: str = ","
    header: bool = True
    options: dict[str, Any] = field(default_factory=dict)


def _when(generator: random.Random, first: date = date(2024, 4, 1), last: date = date(2024, 9, 30)) -> datetime:
    day = d.day_in(generator, first, last)
    return datetime(day.year, day.month, day.day, generator.randint(8, 17), generator.randint(0, 59))


# --- (a) Free text with sparse leaks: a contact centre's case log ------------------------------------------

CONTACT_ROWS = 320
NHS_LEAK_ROW = 211  # the one note that holds an NHS number
EMAIL_LEAK_ROWS = (37, 119, 188, 274)
PHONE_LEAK_ROWS = (58, 241)
BINS = ("general waste", "recycling", "garden waste", "food waste", "glass")
ITEMS = ("a sofa and two mattresses", "a fridge freezer", "builders' rubble", "a washing machine", "garden waste bags",
         "black sacks and a broken pram", "an old wardrobe", "tyres", "carpet offcuts")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MONTHS = ("April", "May", "June", "July", "August", "September")
# (service, subject, weight, advisor note templates, resident message templates)
TOPICS: tuple[tuple[str, str, int, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Waste and Recycling", "Missed bin", 14, (
        "Caller reported a missed {bin} collection on {day}. In-cab tracker shows {street} completed at {time}; "
        "logged for a return within 48 hours.",
        "Missed {bin} bin reported for {street}, second time this month. Return booked and the crew supervisor told.",
        "Customer says the crew missed the whole of {street} on {day}. Round sheet says the road was blocked by "
        "parked cars; return collection booked.",
    ), (
        "My {bin} bin was not emptied on {day} again. Everyone else on {street} was done. Please can someone come "
        "back.",
        "Bins on our side of {street} were missed this week, can you send the lorry back please",
        "The {bin} bin has not been collected for two weeks now and it is starting to smell.",
    )),
    ("Waste and Recycling", "Replacement bin", 6, (
        "Customer asked for a replacement {bin} bin, the lid is broken. Ordered; delivery within 10 working days.",
        "New {bin} bin requested after the old one went missing after collection on {day}. Charge of {amount} "
        "explained.",
    ), (
        "Our {bin} bin was taken by the crew and never returned. Can we have a new one?",
    )),
    ("Waste and Recycling", "Bulky waste", 5, (
        "Bulky waste collection booked for {date}: {item}. Paid {amount} by card over the phone.",
        "Customer wanted to cancel the bulky collection booked for {date}; refund of {amount} requested.",
    ), (
        "I would like to book a collection for {item}. What days are available?",
    )),
    ("Highways and Transport", "Pothole", 7, (
        "Pothole reported on {street} near number {n}, roughly {cm} cm deep. Passed to highways for inspection.",
        "Caller reports a damaged kerb and a pothole where {street} meets {street2}. Inspection requested.",
    ), (
        "There is a huge pothole on {street} that has already damaged my tyre. When will it be fixed?",
        "The road surface on {street} is breaking up badly near the school.",
    )),
    ("Highways and Transport", "Street light", 4, (
        "Street light out on {street}, column {column}. Logged with the lighting contractor.",
        "Street light on {street} flickering all night, column {column}. Fault reported.",
    ), (
        "The street light outside our house on {street} has been out for a week.",
    )),
    ("Council Tax", "Council tax bill", 10, (
        "Caller queried the {month} instalment on account {account}. Direct debit failed on {date}; re-presented and "
        "the reminder cancelled.",
        "Customer moving out on {date}; final bill to follow. Forwarding address updated on the account.",
        "Asked about single person discount; application form sent by email.",
        "Customer says the summons costs are unfair. Explained the recovery process and set up an arrangement of "
        "{amount} a month.",
    ), (
        "I have been charged twice for {month}, account {account}. Please refund the extra payment.",
        "Why has my council tax gone up when the bins are collected less often?",
    )),
    ("Revenues and Benefits", "Housing benefit change", 6, (
        "Change of circumstances: partner moved in on {date}. Evidence of income requested within one month.",
        "Caller chasing a council tax support claim sent in {weeks} weeks ago; escalated to the processing team.",
        "Customer's hours at work have gone down from {month}; new payslips to be uploaded.",
    ), (
        "I sent my payslips {weeks} weeks ago and have heard nothing about my claim.",
    )),
    ("Parking Services", "Penalty charge appeal", 6, (
        "Customer appealing PCN {pcn}; says the bay markings on {street} are worn. Advised to appeal online with "
        "photos.",
        "PCN {pcn} paid at the discounted rate of {amount}; no further action.",
    ), (
        "I want to appeal PCN {pcn}. The signs on {street} are hidden by a tree.",
    )),
    ("Parking Services", "Resident permit", 4, (
        "Resident permit renewal query for zone {zone}; the permit runs out on {date}. Renewal link sent.",
    ), (
        "How do I get a visitor permit for zone {zone}?",
    )),
    ("Environmental Health", "Noise complaint", 5, (
        "Noise complaint about loud music from a neighbouring property on {street}, going on for {weeks} weeks. "
        "Diary sheets sent.",
        "Dog barking all day at an address on {street}; caller will keep a diary for two weeks.",
    ), (
        "The people next door play music until 3am every weekend. It has been {weeks} weeks.",
    )),
    ("Environmental Health", "Fly-tipping", 5, (
        "Reported fly-tipping ({item}) at the end of {street}. Passed to Street Scene with the caller's photos.",
    ), (
        "Someone has dumped {item} in the alley behind {street}.",
    )),
    ("Housing Options", "Homeless approach", 4, (
        "Caller has been served a section 21 notice and must leave by {date}. Housing Options appointment booked "
        "for {day}.",
        "Caller sofa surfing since {month}; triage form completed and passed to the duty officer.",
    ), (
        "My landlord has told me to leave by {date} and I have nowhere to go with my children.",
    )),
    ("Adult Social Care", "Care assessment request", 5, (
        "Caller's {relative} has {condition} and is struggling at home; referred to the Adult Social Care front door "
        "for an assessment.",
        "Caller rang about her {relative}'s care package: carers missed two visits this week. Passed to commissioning.",
        "Caller worried about her {relative}, who has {condition} and has had two falls this month. Referral made.",
    ), (
        "My {relative} has {condition} and can no longer manage the stairs. Who do I speak to about help at home?",
    )),
    ("Customer Services", "Blue Badge", 4, (
        "Blue Badge application for the caller's {relative}, who has {condition}. Online form and evidence list sent.",
        "Blue Badge renewal query; the badge runs out on {date}. Renewal link sent by text.",
    ), (
        "My Blue Badge runs out on {date}. Do I have to apply all over again?",
    )),
    ("Libraries", "Library membership", 3, (
        "Customer asked about joining the library and the e-book service; told about the online form.",
        "Overdue charges of {amount} queried; waived as a goodwill gesture.",
    ), (
        "Is the library on {street} open on Sundays?",
    )),
    ("Registrars", "Birth registration", 3, (
        "Appointment booked to register a birth on {date} at the Castle Street register office.",
    ), (
        "Can I register my baby's birth on a Saturday?",
    )),
)
NHS_LEAK_NOTE = ("Blue Badge renewal for the caller's {relative}, who has {condition}. Caller gave NHS number {nhs} so "
                 "the GP evidence could be matched to last year's application.")
EMAIL_LEAK_MESSAGES = (
    "Please reply to me at {email} rather than the address you have on file.",
    "My new email is {email}, please update my account.",
    "You can email me at {email} with the reference number.",
    "Reply to {email} please, I am not near a phone during the day.",
)
CALLBACKS = ("", "", "", "", "No callback needed", "Customer happy with an email reply",
             "Call back within 2 working days", "Call after 3pm please", "Text preferred",
             "Wants a call from the team manager", "Left voicemail", "Callback attempted, no answer",
             "Will ring back next week")
PHONE_LEAK_CALLBACKS = ("Please call back on {mobile} after 5pm",
                        "Prefers the landline {landline}, the mobile has no signal")
OUTCOMES = ("Resolved at first contact", "Passed to service", "Awaiting callback", "Escalated", "Closed - no action")
CHANNELS = (("Phone", 50), ("Email", 15), ("Web form", 20), ("Webchat", 8), ("Face to face", 7))
WRITTEN = ("Email", "Web form", "Webchat")


def _slots(generator: random.Random) -> dict[str, str]:
    when = d.day_in(generator, date(2024, 4, 1), date(2024, 11, 30))
    return {
        "bin": generator.choice(BINS), "day": generator.choice(DAYS), "street": generator.choice(d.STREETS),
        "street2": generator.choice(d.STREETS),
        "time": f"{generator.randint(7, 14):02d}:{generator.randint(0, 59):02d}",
        "amount": d.money(generator, 5, 120), "item": generator.choice(ITEMS), "date": when.strftime("%d/%m/%Y"),
        "n": str(generator.randint(1, 120)), "cm": str(generator.randint(4, 15)),
        "column": str(generator.randint(1, 60)),
        "month": generator.choice(MONTHS), "account": str(generator.randint(60_000_000, 69_999_999)),
        "weeks": str(generator.randint(2, 9)), "pcn": f"EA{generator.randint(10_000_000, 99_999_999)}",
        "zone": generator.choice("ABCDEFGH"), "relative": generator.choice(d.RELATIVES),
        "condition": generator.choice(d.CONDITIONS),
    }


def contact_centre(generator: random.Random) -> list[dict[str, str]]:
    weights = [topic[2] for topic in TOPICS]
    rows = []
    for index in range(CONTACT_ROWS):
        service, subject, _weight, notes, messages = generator.choices(TOPICS, weights=weights)[0]
        channel = d.weighted(generator, CHANNELS)
        slots = _slots(generator)
        note = generator.choice(notes)
        if index == NHS_LEAK_ROW:
            service, subject, note = "Customer Services", "Blue Badge", NHS_LEAK_NOTE
            slots["nhs"] = d.nhs_number(generator)
        message = generator.choice(messages) if channel in WRITTEN else ""
        if index in EMAIL_LEAK_ROWS:
            channel = "Email"
            _title, first, surname = d.person(generator)
            slots["email"] = d.email(generator, first, surname)
            message = generator.choice(messages) + " " + EMAIL_LEAK_MESSAGES[EMAIL_LEAK_ROWS.index(index)]
        callback = generator.choice(CALLBACKS)
        if index in PHONE_LEAK_ROWS:
            slots.update(mobile=d.mobile(generator), landline=d.landline(generator))
            callback = PHONE_LEAK_CALLBACKS[PHONE_LEAK_ROWS.index(index)]
        rows.append({
            "case_ref": f"CS-24-{18_000 + index * 7 + generator.randint(0, 6):06d}",
            "received_at": _when(generator).strftime("%Y-%m-%d %H:%M"),
            "channel": channel, "service": service, "subject": subject, "advisor_notes": note.format(**slots),
            "customer_message": message.format(**slots), "callback_notes": callback.format(**slots),
            "outcome": generator.choice(OUTCOMES), "ward": generator.choice(d.WARDS),
        })
    return rows


CONTACT_CENTRE = Corpus(
    "contact_centre", "contact_centre_cases.csv", "csv",
    "A contact centre's case log: advisers' notes, residents' web form and email messages, callback notes.",
    ("one valid NHS number in 320 advisers' notes", "an email address in 4 residents' messages",
     "a phone number in 2 callback notes", "relatives' health conditions in a few advisers' notes",
     "council tax account numbers and parking penalty numbers in the notes",
     "streets named after people (Nelson Street, Victoria Road) in the notes", "ward names such as St Mary's"),
    {
        "case_ref": none(why="case reference"),
        "received_at": none(why="when the contact came in, not a date of birth"),
        "channel": none(), "service": none(why="service names such as Adult Social Care and Revenues and Benefits"),
        "subject": none(why="short subject lines such as Missed bin, Blue Badge"),
        "advisor_notes": must("UK_NHS", also=FREE_TEXT, special=HEALTH,
                              why="one note holds an NHS number; some say a caller's relative has dementia, COPD..."),
        "customer_message": must("EMAIL_ADDRESS", also=FREE_TEXT, special=(HEALTH, None),
                                 why="four messages give an email address; a few mention a relative's condition"),
        "callback_notes": must("PHONE_NUMBER", also=FREE_TEXT, why="two callback notes give a phone number"),
        "outcome": none(),
        "ward": may("LOCATION", why="the resident's ward: a place, not a name (St Mary's, Holy Trinity)"),
    },
    contact_centre,
)


# --- (b) Category columns: a budget consultation's equalities monitoring -------------------------------------

SURVEY_ROWS = 1500
AGES = ("16 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 to 74", "75 or over", "Prefer not to say")
CARING = (("No", 80), ("Yes, 9 hours a week or less", 9), ("Yes, 10 to 19 hours a week", 3),
          ("Yes, 20 to 34 hours a week", 2), ("Yes, 35 to 49 hours a week", 2), ("Yes, 50 or more hours a week", 4))
LANGUAGES = (("English", 900), ("Polish", 20), ("Punjabi", 12), ("Urdu", 12), ("Gujarati", 10), ("Romanian", 8),
             ("Bengali (with Sylheti and Chatgaya)", 6), ("Arabic", 6), ("Portuguese", 5), ("British Sign Language", 2))
SATISFACTION = ("Very satisfied", "Fairly satisfied", "Neither satisfied nor dissatisfied", "Fairly dissatisfied",
                "Very dissatisfied")
COMMENTS = (
    "Please keep the libraries open, especially the one on {street}.",
    "Bin collections have got worse since the change to fortnightly.",
    "The contact centre takes far too long to answer the phone.",
    "Council tax keeps going up while services are cut.",
    "More needs to be spent on potholes, {street} is dangerous for cyclists.",
    "I would rather pay a little more than lose the youth club.",
    "Street lighting should not be switched off at midnight, it is not safe walking home.",
    "Parking charges in the town centre are killing the high street.",
    "Good to be asked. I hope the results are actually used this time.",
    "The leisure centre in {ward} needs investment, the changing rooms are a disgrace.",
    "Stop spending money on consultants and consultations like this one.",
    "{first} at the customer service centre was really helpful when I had a problem with my bill.",
)
DISCLOSURES = (
    "As a wheelchair user I find the pavements on {street} dangerous, please fix the dropped kerbs.",
    "I have {condition} and rely on the assisted bin collection, please do not cut it.",
    "My son is autistic and the short breaks service has been a lifeline for our family.",
)


def _survey_postcode(generator: random.Random) -> str:
    district = generator.choice(d.NW_LEICESTERSHIRE)[1]
    share = generator.random()
    return d.postcode(generator, district) if share < 0.6 else district.split()[0] if share < 0.75 else ""


def survey(generator: random.Random) -> list[dict[str, str]]:
    rows = []
    for _ in range(SURVEY_ROWS):
        comment = ""
        if generator.random() < 0.25:
            pool = DISCLOSURES if generator.random() < 0.08 else COMMENTS
            comment = generator.choice(pool).format(street=generator.choice(d.STREETS), ward=generator.choice(d.WARDS),
                                                   condition=generator.choice(d.CONDITIONS),
                                                   first=generator.choice(d.FEMALE + d.MALE))
        code = "".join(generator.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(12))
        rows.append({
            "Response ID": f"ANON-{code[:4]}-{code[4:8]}-{code[8:]}",
            "Submitted on": _when(generator, date(2025, 1, 6), date(2025, 2, 14)).strftime("%d/%m/%Y %H:%M"),
            "Which ward do you live in?": generator.choice(d.WARDS),
            "What is your postcode? (optional)": _survey_postcode(generator),
            "Which council service have you used most in the last year?": generator.choice(d.SERVICES),
            "What is your age?": generator.choice(AGES),
            "What is your sex?": d.weighted(generator, (("Female", 52), ("Male", 45), ("Prefer not to say", 3))),
            "Is the gender you identify with the same as your sex registered at birth?": d.weighted(
                generator, (("Yes", 93), ("No", 1), ("Prefer not to say", 6))),
            "What is your ethnic group?": d.weighted(generator, d.ETHNIC_GROUPS),
            "What is your religion?": d.weighted(generator, d.RELIGIONS),
            "Which of the following best describes your sexual orientation?": d.weighted(generator,
                                                                                        d.SEXUAL_ORIENTATIONS),
            "Do you have any physical or mental health conditions or illnesses lasting or expected to last 12 months "
            "or more?": d.weighted(generator, (("No", 75), ("Yes", 20), ("Prefer not to say", 5))),
            "Do you look after, or give any help or support to, anyone because they have long-term physical or mental "
            "health conditions or illnesses, or problems related to old age?": d.weighted(generator, CARING),
            "What is your main language?": d.weighted(generator, LANGUAGES),
            "How satisfied are you with the council overall?": generator.choice(SATISFACTION),
            "Any other comments?": comment,
        })
    return rows


SURVEY = Corpus(
    "equalities_survey", "equalities_survey.csv", "csv",
    "A budget consultation's answers with the equalities monitoring questions (ONS 2021 census wording).",
    ("ward names: St Mary's, Holy Trinity, Bradley, Sherwood, Humberstone and Hamilton",
     "an optional postcode: full for most, only the district (LE65) for some",
     "ethnic groups in the ONS 2021 wording (White: Irish, Black ... Caribbean or African: Caribbean)",
     "religion, sexual orientation and disability answers with no identifier in them",
     "the census unpaid-care question names health conditions but says nothing about the respondent's health",
     "the gender identity question mentions sex registered at birth (neither a date of birth nor sexual orientation)",
     "service names", "question text as column names, as survey tools export them"),
    {
        "Response ID": none(why="the survey tool's response reference"),
        "Submitted on": none(),
        "Which ward do you live in?": may("LOCATION", why="the respondent's ward; never names (St Mary's, Bradley)"),
        "What is your postcode? (optional)": must("UK_POSTCODE", why="most give a full postcode"),
        "Which council service have you used most in the last year?": none(why="service names"),
        "What is your age?": none(why="age bands"),
        "What is your sex?": none(),
        "Is the gender you identify with the same as your sex registered at birth?": none(
            why="gender identity is not an Article 9 category; 'birth' here is not a date of birth"),
        "What is your ethnic group?": none(special=ETHNIC, why="ONS 2021 ethnic groups: neither names nor places"),
        "What is your religion?": none(special=RELIGION, why="ONS 2021 religion categories"),
        "Which of the following best describes your sexual orientation?": none(special=ORIENTATION,
                                                                               why="ONS 2021 categories"),
        "Do you have any physical or mental health conditions or illnesses lasting or expected to last 12 months "
        "or more?": none(special=HEALTH, why="the GSS harmonised disability question: Yes or No about the respondent"),
        "Do you look after, or give any help or support to, anyone because they have long-term physical or mental "
        "health conditions or illnesses, or problems related to old age?": none(
            why="unpaid care: about someone unnamed, not the respondent's own health"),
        "What is your main language?": none(why="main language is not an Article 9 category"),
        "How satisfied are you with the council overall?": none(),
        "Any other comments?": may(special=(HEALTH, None),
                                   why="free comments, a few naming staff or disclosing a condition"),
    },
    survey,
)


# --- (c) A wide file: a waste round's daily sheet from the in-cab system (93 columns) ----------------------

WIDE_ROWS = 400
TIP_SITES = ("Bradley Lane Transfer Station", "Wycliffe Road MRF", "Sherwood Energy from Waste Plant",
             "Castle Lane HWRC", "Gladstone Street Depot")
CHECKS = ("lights", "tyres", "mirrors", "brakes", "horn", "wipers", "bin_lift", "body_damage", "camera_system",
          "fire_extinguisher", "first_aid_kit", "spill_kit", "fluid_levels", "seatbelts", "tachograph")
DEFECTS = ("Nearside mirror cracked", "Bin lift slow on offside", "Reversing camera intermittent",
           "Tyre worn - front NS", "Beacon not working", "Hydraulic leak under the bin lift", "Windscreen chip",
           "Horn weak")
REASONS_NOT_DONE = ("Parked cars", "Road closure", "Vehicle breakdown", "Weather", "Ran out of time", "Access blocked")
CLOSURES = ("{street} closed for resurfacing", "{street} - gas main works, diverted via {street2}",
            "{street} - tree surgeons working", "{street} closed for a street party", "Burst water main on {street}")
ROUND_COMMENTS = (
    "Crew finished early, all streets done.", "Access blocked on {street} by parked cars, returned at {time}.",
    "Heavy side waste on {street} after the bank holiday.", "Vehicle changed at the depot because of a bin lift fault.",
    "Resident at number {n} {street} abusive to the crew, reported to the supervisor.",
    "Assisted collection missed at {n} {street}, returned the same day.", "Contamination tags issued on {street}.",
    "Agency loader sent home, unsafe footwear.", "Road too narrow on {street} with the new parking bays.",
)


def _names(generator: random.Random, count: int) -> list[str]:
    return list(dict.fromkeys(d.full_name(generator) for _ in range(count * 2)))[:count]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _wide_crew(generator: random.Random, drivers: list[tuple[str, str]], loaders: list[str],
               supervisors: list[str]) -> dict[str, str]:
    driver, phone = generator.choice(drivers)
    return {"driver_name": driver, "driver_mobile": phone, "loader_1_name": generator.choice(loaders),
            "loader_2_name": "Agency" if generator.random() < 0.15 else generator.choice(loaders),
            "supervisor": generator.choice(supervisors)}


def _wide_times(generator: random.Random) -> tuple[dict[str, str], int, int]:
    start = 6 * 60 + generator.choice((0, 0, 15, 30))
    actual = start + generator.randint(-5, 20)
    finish = actual + generator.randint(380, 560)
    times = {"scheduled_start": _clock(start), "actual_start": _clock(actual),
             "depot_departure": _clock(actual + generator.randint(8, 25)),
             "first_lift": _clock(actual + generator.randint(25, 45)),
             "last_lift": _clock(finish - generator.randint(20, 60)),
             "break_start": _clock(actual + 240), "break_end": _clock(actual + 270), "actual_finish": _clock(finish)}
    return times, actual, finish


def _wide_row(generator: random.Random, day: date, crews: dict[str, Any]) -> dict[str, str]:
    stream = generator.choice(("Residual", "Dry recycling", "Garden", "Food"))
    code = {"Residual": "RES", "Dry recycling": "REC", "Garden": "GDN", "Food": "FWC"}[stream]
    row = {"round_id": f"{code}-{day.strftime('%a').upper()}-{generator.randint(1, 12):02d}",
           "collection_date": day.isoformat(), "depot": generator.choice(("Castle Depot", "Abbey Lane Depot")),
           "service_stream": stream, "vehicle_reg": generator.choice(crews["vehicles"]),
           "fleet_number": f"F{generator.randint(200, 260)}"}
    row.update(_wide_crew(generator, crews["drivers"], crews["loaders"], crews["supervisors"]))
    times, actual, finish = _wide_times(generator)
    row.update(times)
    scheduled = generator.randint(900, 1600)
    completed = scheduled - generator.randint(0, 40)
    row.update({"properties_scheduled": str(scheduled), "properties_completed": str(completed)})
    for hour in range(6, 18):
        row[f"lifts_{hour:02d}"] = str(generator.randint(0, 180) if actual // 60 <= hour < finish // 60 + 1 else 0)
    not_done = generator.randint(0, 3) if generator.random() < 0.2 else 0
    missed = generator.randint(0, 6)
    row.update({
        "bins_not_presented": str(generator.randint(5, 90)), "missed_reported_same_day": str(missed),
        "missed_returned_same_day": str(generator.randint(0, missed)),
        "assisted_collections_scheduled": str(generator.randint(8, 40)),
        "assisted_collections_completed": str(generator.randint(8, 40)),
        "contamination_tags": str(generator.randint(0, 25)), "side_waste_tags": str(generator.randint(0, 15)),
        "streets_scheduled": str(generator.randint(20, 60)), "streets_completed": str(generator.randint(18, 60)),
        "streets_not_completed": str(not_done),
        "reason_not_completed": generator.choice(REASONS_NOT_DONE) if not_done else "",
    })
    for tip in range(1, 4):
        used = tip == 1 or generator.random() < 0.6 / tip
        row.update({
            f"tip_{tip}_site": generator.choice(TIP_SITES) if used else "",
            f"tip_{tip}_arrival": _clock(actual + 150 * tip + generator.randint(0, 40)) if used else "",
            f"tip_{tip}_ticket": f"2024{generator.randint(100_000, 999_999)}" if used else "",
            f"tip_{tip}_net_tonnes": f"{generator.uniform(2.5, 11.5):.2f}" if used else "",
        })
    odometer = generator.randint(40_000, 180_000)
    miles = generator.randint(18, 75)
    row.update({
        "fuel_litres": f"{generator.uniform(40, 140):.1f}", "odometer_start": str(odometer),
        "odometer_end": str(odometer + miles), "miles_driven": str(miles),
        "engine_hours": f"{(finish - actual) / 60 - generator.uniform(0, 1):.1f}",
        "idle_minutes": str(generator.randint(20, 140)), "max_speed_mph": str(generator.randint(28, 56)),
        "harsh_braking_events": str(generator.randint(0, 9)), "reversing_events": str(generator.randint(2, 40)),
        "lift_cycles_nearside": str(generator.randint(300, 900)),
        "lift_cycles_offside": str(generator.randint(300, 900)),
        "lift_faults": str(generator.randint(0, 3)), "co2_kg": f"{generator.uniform(100, 380):.1f}",
    })
    for check in CHECKS:
        row[f"check_{check}"] = d.weighted(generator, (("Y", 94), ("Defect", 5), ("N", 1)))
    slots = {"street": generator.choice(d.STREETS), "street2": generator.choice(d.STREETS),
             "time": _clock(generator.randint(9 * 60, 15 * 60)), "n": generator.randint(1, 120)}
    row.update({
        "defect_notes": generator.choice(DEFECTS) if "Defect" in row.values() else "",
        "weather": generator.choice(("Dry", "Dry", "Light rain", "Heavy rain", "High winds", "Ice", "Fog")),
        "temperature_c": str(generator.randint(-3, 27)),
        "road_closures": generator.choice(CLOSURES).format(**slots) if generator.random() < 0.08 else "",
        "supervisor_comments": generator.choice(ROUND_COMMENTS).format(**slots) if generator.random() < 0.25 else "",
        "overtime_minutes": str(generator.choice((0, 0, 0, 15, 30, 45, 60))),
        "agency_staff": "1" if row["loader_2_name"] == "Agency" else "0",
        "crew_size": generator.choice(("2", "3", "3")),
        "properties_per_hour": f"{completed / max(1, (finish - actual) / 60):.1f}",
    })
    return row


def _fleet_plate(generator: random.Random) -> str:
    letters = "".join(generator.choice("ABCDEFGHJKLMNOPRSTUVWXYZ") for _ in range(3))
    return f"{generator.choice(('YK', 'FX', 'LK', 'AY', 'FN'))}{generator.choice(('19', '69', '21', '71'))} {letters}"


def waste_rounds(generator: random.Random) -> list[dict[str, str]]:
    crews = {"drivers": [(name, d.mobile(generator)) for name in _names(generator, 24)],
             "loaders": _names(generator, 40), "supervisors": _names(generator, 5),
             "vehicles": [_fleet_plate(generator) for _ in range(14)]}
    days = [day for day in (date(2024, 6, 3) + timedelta(days=offset) for offset in range(84)) if day.weekday() < 5]
    return [_wide_row(generator, generator.choice(days), crews) for _ in range(WIDE_ROWS)]


def _wide_truth() -> dict[str, Truth]:
    crew = "a crew member's name (staff names are personal data)"
    truth: dict[str, Truth] = {
        "round_id": none(), "collection_date": none(), "depot": none(why="a depot, not where anyone lives"),
        "service_stream": none(), "vehicle_reg": none(why="a council fleet vehicle"), "fleet_number": none(),
        "driver_name": must("PERSON", why=crew),
        "driver_mobile": must("PHONE_NUMBER", why="the work mobile issued to the named driver"),
        "loader_1_name": must("PERSON", why=crew),
        "loader_2_name": must("PERSON", why=crew + "; Agency when not known"),
        "supervisor": must("PERSON", why=crew),
    }
    for name in ("scheduled_start", "actual_start", "depot_departure", "first_lift", "last_lift", "break_start",
                 "break_end", "actual_finish", "properties_scheduled", "properties_completed",
                 *(f"lifts_{hour:02d}" for hour in range(6, 18)), "bins_not_presented", "missed_reported_same_day",
                 "missed_returned_same_day", "assisted_collections_scheduled", "assisted_collections_completed",
                 "contamination_tags", "side_waste_tags", "streets_scheduled", "streets_completed",
                 "streets_not_completed", "reason_not_completed"):
        truth[name] = none()
    for tip in range(1, 4):
        truth[f"tip_{tip}_site"] = none(why="a waste site named after a street or a family (Bradley Lane)")
        truth[f"tip_{tip}_arrival"] = none()
        truth[f"tip_{tip}_ticket"] = none(why="weighbridge ticket: ten digits, not an NHS or phone number")
        truth[f"tip_{tip}_net_tonnes"] = none()
    for name in ("fuel_litres", "odometer_start", "odometer_end", "miles_driven", "engine_hours", "idle_minutes",
                 "max_speed_mph", "harsh_braking_events", "reversing_events", "lift_cycles_nearside",
                 "lift_cycles_offside", "lift_faults", "co2_kg", *(f"check_{check}" for check in CHECKS),
                 "defect_notes", "weather", "temperature_c"):
        truth[name] = none()
    truth["road_closures"] = none(why="streets closed for works: no one's address (Nelson Street, Victoria Road)")
    truth["supervisor_comments"] = may(why="operational comments; a few give a house number and street")
    for name in ("overtime_minutes", "agency_staff", "crew_size", "properties_per_hour"):
        truth[name] = none()
    return truth


WASTE_ROUNDS = Corpus(
    "waste_rounds_wide", "waste_rounds_wide.csv", "csv",
    "A waste round's daily sheet from the in-cab system: 93 columns of times, counts, weights and vehicle checks, "
    "with the crew's names and the driver's work mobile.",
    ("93 columns, 5 of them personal", "weighbridge tickets of ten digits", "odometer readings and counts",
     "tip sites named after streets and families (Bradley Lane, Gladstone Street)",
     "road closures naming streets after people, without house numbers", "Y/N/Defect vehicle checks"),
    _wide_truth(),
    waste_rounds,
)


# --- (d) Mixed encodings: council tax (Windows-1252), housing register (UTF-8 with BOM), pupils (UTF-16) ----

COUNCIL_TAX_ROWS = 800
BAND_RATIO = {"A": 6, "B": 7, "C": 8, "D": 9, "E": 11, "F": 13, "G": 15, "H": 18}
BANDS = (("A", 25), ("B", 20), ("C", 22), ("D", 15), ("E", 9), ("F", 5), ("G", 3), ("H", 1))
BAND_D = 2140.50
DISCOUNTS = (("None", 530), ("Single person discount (25%)", 350), ("Student exemption (Class N)", 20),
             ("Severely mentally impaired disregard", 15), ("Disabled band reduction", 20),
             ("Care leaver discount", 5), ("Empty and unfurnished", 10), ("Second home premium", 10),
             ("Carer disregard", 10))
RECOVERY = (("", 70), ("Reminder 1", 10), ("Reminder 2", 5), ("Final notice", 5), ("Summons issued", 4),
            ("Liability order granted", 4), ("Passed to enforcement agent", 2))
TAX_NOTES = (
    "Customer says she is moving to {town} in {month}; final bill to follow.",
    "Paid {amount} by card at the Castle Street office.", "Direct debit mandate cancelled by the bank.",
    "Query passed to {staff} in recovery.", "Arrangement agreed – {amount} a month until March.",
    "Returned post – not known at this address.", "Single person discount review form not returned.",
    "Medical certificate received from the GP for the severely mentally impaired disregard.",
    "Visit confirmed the downstairs bathroom used by the disabled resident; band reduction applied.",
    "Daughter has power of attorney as her mother has dementia; correspondence to the daughter.",
)


def _accented(generator: random.Random, share: float) -> tuple[str, str, str]:
    if generator.random() < share:
        female = generator.random() < 0.5
        return d.person(generator, d.ACCENTED_FEMALE if female else d.ACCENTED_MALE,
                        d.ACCENTED_SURNAMES + d.SURNAMES, female)
    return d.person(generator)


def _liable(generator: random.Random) -> str:
    title, first, surname = _accented(generator, 0.2)
    return f"{title} {first} {surname}" if generator.random() < 0.7 else f"{first} {surname}"


def council_tax(generator: random.Random) -> list[dict[str, str]]:
    rows = []
    for index in range(COUNCIL_TAX_ROWS):
        band = d.weighted(generator, BANDS)
        town, district = generator.choice(d.NW_LEICESTERSHIRE)
        _title, first, surname = _accented(generator, 0.2)
        address = d.street_address(generator)
        if generator.random() < 0.3:
            address = address.replace("'", "’")  # what Word and Outlook type, kept by a Windows export
        balance = 0.0 if generator.random() < 0.6 else generator.uniform(-40, 900)
        note = ""
        if generator.random() < 0.2:
            note = generator.choice(TAX_NOTES).format(
                town=generator.choice(d.NW_LEICESTERSHIRE)[0], month=generator.choice(MONTHS),
                amount=d.money(generator, 20, 300), staff=generator.choice(d.ACCENTED_FEMALE + d.FEMALE))
        rows.append({
            "Account Ref": str(60_000_000 + index * 113 + generator.randint(0, 99)),
            "UPRN": d.uprn(generator), "Lead Liable Party": _liable(generator),
            "Second Liable Party": _liable(generator) if generator.random() < 0.3 else "",
            "Property Address": address, "Town": town, "Postcode": d.postcode(generator, district), "Band": band,
            "Annual Charge": f"£{BAND_D * BAND_RATIO[band] / 9:,.2f}",
            "Discount / Exemption": d.weighted(generator, DISCOUNTS),
            "Payment Method": generator.choice(("Direct Debit", "Direct Debit", "Cash", "Card", "Standing order")),
            "Instalments": generator.choice(("10 monthly", "12 monthly", "Annual")),
            "Balance": f"£{balance:,.2f}" if balance >= 0 else f"-£{-balance:,.2f}",
            "Email": d.email(generator, first, surname) if generator.random() < 0.4 else "",
            "Recovery Stage": d.weighted(generator, RECOVERY), "Notes": note,
        })
    return rows


COUNCIL_TAX = Corpus(
    "council_tax_cp1252", "council_tax_accounts.csv", "csv",
    "A council tax system's account export in Windows-1252 (£ signs, Zoë, Siân, Seán, curly apostrophes).",
    ("Windows-1252 text: £, é, ë, ’ and – as single bytes", "Irish and Welsh names with accents",
     "addresses in streets and blocks named after people (Flat 3, Attlee House, Gladstone Street)",
     "towns such as Ashby de la Zouch and Castle Donington",
     "discounts that reveal health: severely mentally impaired disregard, disabled band reduction",
     "recovery stages (summons, liability order) are civil debt recovery, not criminal offences"),
    {
        "Account Ref": none(why="council tax account number"),
        "UPRN": must("UK_UPRN", why="the liable people's home"),
        "Lead Liable Party": must("PERSON"), "Second Liable Party": must("PERSON"),
        "Property Address": must("LOCATION", why="the home address, streets often named after people"),
        "Town": may("LOCATION", why="the town of the home address"), "Postcode": must("UK_POSTCODE"),
        "Band": none(), "Annual Charge": none(),
        "Discount / Exemption": none(special=HEALTH, why="severely mentally impaired disregard and disabled band "
                                                         "reduction say something about a resident's health"),
        "Payment Method": none(), "Instalments": none(), "Balance": none(), "Email": must("EMAIL_ADDRESS"),
        "Recovery Stage": none(why="civil recovery of a debt: not criminal offence data"),
        "Notes": may(special=HEALTH, why="officers' notes; some record GP certificates, disability, dementia"),
    },
    council_tax, encoding="cp1252",
)

HOUSING_REGISTER_ROWS = 600
PRIORITY_REASONS = (("Overcrowding", 30), ("Medical - severe", 12), ("Medical - moderate", 10), ("Welfare", 8),
                    ("Homeless - main duty", 15), ("Domestic abuse", 5), ("Hospital discharge", 3),
                    ("Armed forces", 2), ("Under-occupying social housing", 8), ("No priority", 7))
MEDICAL = (("Not requested", 60), ("Awarded medical priority", 18), ("No medical priority", 14),
           ("Pending GP evidence", 8))
NATIONALITIES = (("British", 780), ("Irish", 10), ("Polish", 40), ("Romanian", 35), ("Indian", 15),
                 ("Pakistani", 12), ("Somali", 15), ("Eritrean", 10), ("Syrian", 10), ("Ukrainian", 25),
                 ("Afghan", 12), ("Portuguese", 8))
IMMIGRATION = (("British citizen", 780), ("Settled status (EUSS)", 60), ("Pre-settled status (EUSS)", 30),
               ("Indefinite leave to remain", 40), ("Refugee status", 35), ("Humanitarian protection", 10),
               ("Homes for Ukraine visa", 25))
TENURES = (("Private rented", 45), ("Living with family", 25), ("Temporary accommodation", 15),
           ("Council tenant", 10), ("Housing association tenant", 5))
LETTING_AGENTS = ("Sherwood Lettings Ltd", "Smith & Sons Property Management", "Patel Estates Ltd",
                  "Castle Lettings", "Nelson & Co Residential", "Bradley Homes (MK) Ltd", "Victoria Property Services")


def housing_register(generator: random.Random) -> list[dict[str, str]]:
    rows = []
    for index in range(HOUSING_REGISTER_ROWS):
        female = generator.random() < 0.55
        if generator.random() < 0.15:
            names = d.UNICODE_FEMALE if female else d.UNICODE_MALE
            title, first, surname = d.person(generator, names, d.UNICODE_SURNAMES, female)
        else:
            title, first, surname = d.person(generator, female=female)
        town, district = generator.choice(d.MILTON_KEYNES)
        tenure = d.weighted(generator, TENURES)
        landlord = ""
        if tenure == "Private rented":
            landlord = d.formal_name(generator) if generator.random() < 0.55 else generator.choice(LETTING_AGENTS)
        household = generator.randint(1, 7)
        born = d.birth_date(generator, 18, 80)
        rows.append({
            "application_number": f"HR/2024/{index * 3 + 1000:05d}",
            "applicant_name": f"{first} {surname}" if generator.random() < 0.6 else f"{title} {first} {surname}",
            "date_of_birth": born.strftime("%d/%m/%Y"),
            "ni_number": d.ni_number(generator) if generator.random() < 0.9 else "Not provided",
            "current_address": d.street_address(generator, 0.4), "town": town,
            "postcode": d.postcode(generator, district), "mobile": d.mobile(generator),
            "household_size": str(household), "bedrooms_needed": str(max(1, min(5, (household + 1) // 2))),
            "priority_band": generator.choice(("Band A - Urgent", "Band B - High", "Band C - Medium", "Band D - Low")),
            "reason_for_priority": d.weighted(generator, PRIORITY_REASONS),
            "medical_assessment": d.weighted(generator, MEDICAL),
            "nationality": d.weighted(generator, NATIONALITIES),
            "immigration_status": d.weighted(generator, IMMIGRATION), "current_tenure": tenure,
            "landlord": landlord,
            "date_registered": d.day_in(generator, date(2019, 1, 1), date(2024, 8, 31)).strftime("%d/%m/%Y"),
        })
    return rows


HOUSING_REGISTER = Corpus(
    "housing_register_utf8_bom", "housing_register.csv", "csv",
    "Housing register applications saved from Excel as 'CSV UTF-8' (with a byte order mark), Milton Keynes area.",
    ("a UTF-8 byte order mark", "Polish, Romanian, Turkish and Vietnamese names (Łukasz Wiśniewska, Trần)",
     "towns such as Stony Stratford, Olney, Newport Pagnell", "letting agents named after families beside landlords "
     "who are people", "nationality beside immigration status", "medical priority reasons"),
    {
        "application_number": none(), "applicant_name": must("PERSON"), "date_of_birth": must("DATE_TIME"),
        "ni_number": must("UK_NINO"), "current_address": must("LOCATION"),
        "town": may("LOCATION", why="the applicant's town"), "postcode": must("UK_POSTCODE"),
        "mobile": must("PHONE_NUMBER"), "household_size": none(), "bedrooms_needed": none(), "priority_band": none(),
        "reason_for_priority": none(special=HEALTH, why="medical priority and hospital discharge reveal health"),
        "medical_assessment": none(special=HEALTH, why="whether the applicant's medical evidence won priority"),
        "nationality": none(special=(None, ETHNIC), why="not an Article 9 category, though it can stand in for "
                                                        "ethnic origin"),
        "immigration_status": none(why="not an Article 9 category"), "current_tenure": none(),
        "landlord": must("PERSON", why="private landlords who are people (Mr D Bradley) beside letting agents"),
        "date_registered": none(),
    },
    housing_register, encoding="utf-8-sig",
)

PUPIL_ROWS = 900
SCHOOLS = (("St Mary's Catholic Primary School", "120345", "3312"),
           ("Holy Trinity CofE Primary School", "120611", "3045"), ("Castle Hill Academy", "142210", "2187"),
           ("Bradley Green Primary School", "119876", "2044"),
           ("Sherwood Park Primary School", "120032", "2201"), ("Abbey Mead Infant School", "119954", "2110"),
           ("Nelson Mandela Primary School", "145678", "2301"), ("St Peter's CofE Junior School", "120447", "3120"))
DFE_ETHNICITY = (("WBRI", 700), ("WIRI", 5), ("WIRT", 3), ("WOTH", 60), ("WROM", 5), ("MWBC", 15), ("MWBA", 7),
                 ("MWAS", 10), ("MOTH", 12), ("AIND", 40), ("APKN", 30), ("ABAN", 10), ("AOTH", 12), ("BCRB", 10),
                 ("BAFR", 30), ("BOTH", 5), ("CHNE", 6), ("OOTH", 10), ("REFU", 15), ("NOBT", 5))
DFE_LANGUAGES = (("ENG", 820), ("POL", 30), ("PAN", 20), ("URD", 20), ("GUJ", 25), ("BEN", 10), ("ARA", 10),
                 ("SOM", 8), ("RUM", 12), ("ENB", 30))
SEN_PROVISION = (("N - No special educational need", 82), ("K - SEN support", 14),
                 ("E - Education, health and care plan", 4))
SEN_NEEDS = ("Autistic Spectrum Disorder", "Speech, Language and Communication Needs",
             "Social, Emotional and Mental Health", "Moderate Learning Difficulty", "Specific Learning Difficulty",
             "Hearing Impairment", "Visual Impairment", "Physical Disability", "Severe Learning Difficulty",
             "Profound & Multiple Learning Difficulty", "Multi-Sensory Impairment", "Other Difficulty/Disability")
LEICESTERSHIRE = "855"


def pupils(generator: random.Random) -> list[dict[str, str]]:
    rows = []
    for _ in range(PUPIL_ROWS):
        school, urn, number = generator.choice(SCHOOLS)
        female = generator.random() < 0.5
        _title, first, surname = d.person(generator, d.YOUNG_FEMALE if female else d.YOUNG_MALE, female=female)
        year = generator.randint(0, 6)
        born = date(2019 - year, 9, 1) + timedelta(days=generator.randint(0, 364))
        provision = d.weighted(generator, SEN_PROVISION)
        district = generator.choice(d.NW_LEICESTERSHIRE)[1]
        rows.append({
            "UPN": d.upn(generator, LEICESTERSHIRE, number), "Legal Surname": surname, "Legal Forename": first,
            "DOB": born.isoformat(), "Gender": "F" if female else "M", "NC Year": "R" if year == 0 else str(year),
            "School": school, "School URN": urn, "Ethnicity": d.weighted(generator, DFE_ETHNICITY),
            "First Language": d.weighted(generator, DFE_LANGUAGES), "SEN Provision": provision,
            "SEN Primary Need": generator.choice(SEN_NEEDS) if not provision.startswith("N") else "",
            "FSM Eligible": "true" if generator.random() < 0.24 else "false",
            "Looked After": "Yes" if generator.random() < 0.01 else "No",
            "Attendance %": f"{generator.uniform(78, 100):.1f}", "Home Postcode": d.postcode(generator, district),
        })
    return rows


PUPILS = Corpus(
    "pupils_utf16", "pupils_census.tsv", "csv",
    "A local authority's school census extract saved as 'Unicode Text' (UTF-16 with a byte order mark, tabs).",
    ("UTF-16 little-endian with a byte order mark", "Unique Pupil Numbers with valid check letters",
     "schools named after saints and people (St Mary's, Nelson Mandela Primary School)",
     "DfE ethnicity codes (WBRI, APKN) rather than words", "SEN primary need in words",
     "surnames and forenames in separate columns"),
    {
        "UPN": must("UK_UPN"), "Legal Surname": must("PERSON"), "Legal Forename": must("PERSON"),
        "DOB": must("DATE_TIME"), "Gender": none(), "NC Year": none(),
        "School": may("LOCATION", why="the pupil's school: a place, never a person (St Mary's, Nelson Mandela)"),
        "School URN": none(why="the school's unique reference number"),
        "Ethnicity": none(special=ETHNIC, why="DfE ethnicity codes"),
        "First Language": none(why="not an Article 9 category"),
        "SEN Provision": none(special=(HEALTH, None), why="SEN support or an EHC plan: a need, not always health"),
        "SEN Primary Need": none(special=HEALTH, why="autism, hearing impairment, mental health..."),
        "FSM Eligible": none(), "Looked After": none(why="in care: sensitive, but not an Article 9 category"),
        "Attendance %": none(), "Home Postcode": must("UK_POSTCODE"),
    },
    pupils, encoding="utf-16", delimiter="\t",
)


# --- (e) A multi-sheet workbook: adult social care referrals, budget and providers -------------------------

REFERRAL_ROWS = 400
GP_PRACTICES = ("Dr Khan & Partners", "Castle Medical Centre", "Abbey Surgery", "The Bradley Practice",
                "St Peter's Health Centre", "Victoria Road Surgery", "Dr Mensah and Partners",
                "Holy Trinity Medical Practice")
SALT_ETHNICITY = (("White: British", 800), ("White: Irish", 10), ("White: Any other White background", 40),
                  ("Mixed: White and Black Caribbean", 10), ("Mixed: White and Asian", 8),
                  ("Asian or Asian British: Indian", 35), ("Asian or Asian British: Pakistani", 25),
                  ("Asian or Asian British: Bangladeshi", 8), ("Black or Black British: Caribbean", 15),
                  ("Black or Black British: African", 15), ("Chinese", 5), ("Any other ethnic group", 9),
                  ("Not stated", 20))
REFERRAL_SOURCES = ("Hospital discharge", "Self-referral", "Family member", "GP", "Police", "Housing provider",
                    "Community health")
ASC_TEAMS = ("Locality Team North", "Locality Team South", "Hospital Discharge Team", "Reablement",
             "Mental Health Social Work Team", "Learning Disability Team", "Sensory Team")
DETAILS = ("lives alone", "uses a walking frame indoors", "has a key safe", "needs two carers for transfers",
           "is at risk of falls", "has a pendant alarm", "is supported by her son at weekends")
CASE_NOTES = (
    ("Visited {title} {surname} at home. {pronoun} has {condition} and {detail}. {relative} {first} was present.", 3),
    ("{title} {surname}'s diabetes is managed by the district nurses; needs help with washing and dressing each "
     "morning.", 1),
    ("{title} {surname}'s {condition} has got worse since the last review; package increased to four calls a day.", 2),
    ("Telephone review with {title} {surname}: the package of {hours} hours a week is working well. No changes.", 2),
    ("{title} {surname} discharged from the Royal Infirmary after a fall; six weeks of reablement agreed.", 2),
    ("Safeguarding concern raised by a neighbour about {title} {surname}; visited, no concerns found. Closed.", 1),
    ("{title} {surname} has {condition}; carers report more confusion in the evenings. GP informed.", 2),
    ("Carer's assessment offered to {first} {surname}, who provides most of the care for her {relative_lower}.", 1),
    ("Direct payment set up for {title} {surname} to employ a personal assistant.", 1),
)
PROVIDER_NAMES = ("Bradley Court", "St Anne's", "Nightingale House", "Brunel", "Rushton & Daughters", "Kaur Family",
                  "Abbey View", "Castle Mead", "Sherwood Lodge", "Victoria House", "Holy Trinity", "Grange Park",
                  "The Willows", "Meadowbank", "Ashby House")
PROVIDER_KINDS = (("Care Home", "Residential home"), ("Nursing Home", "Nursing home"),
                  ("Home Care Ltd", "Home care agency"), ("Care Services", "Supported living"))
SERVICE_LINES = ("Residential care - older people", "Nursing care - older people", "Home care", "Direct payments",
                 "Day opportunities", "Supported living - learning disability", "Mental health supported accommodation",
                 "Shared Lives", "Equipment and adaptations", "Extra care housing")


def _case_note(generator: random.Random, title: str, surname: str) -> str:
    template = generator.choices([text for text, _w in CASE_NOTES], weights=[w for _t, w in CASE_NOTES])[0]
    relative = generator.choice(("Daughter", "Son", "Husband", "Wife", "Niece"))
    return template.format(title=title, surname=surname, pronoun="She" if title in d.FEMALE_TITLES else "He",
                           condition=generator.choice(d.CONDITIONS), detail=generator.choice(DETAILS),
                           relative=relative, relative_lower=generator.choice(d.RELATIVES),
                           first=generator.choice(d.FEMALE + d.MALE), hours=generator.randint(4, 28))


def _referral(generator: random.Random, index: int, workers: list[str]) -> dict[str, Any]:
    title, first, surname = d.person(generator, female=generator.random() < 0.6)
    born = d.birth_date(generator, 18, 98)
    received = _when(generator)
    return {
        "Referral ID": f"REF-2024-{3000 + index * 4 + generator.randint(0, 3):05d}", "Received": received,
        "Person ID": str(generator.randint(1_000_000, 1_999_999)), "Name": f"{title} {first} {surname}",
        "NHS Number": d.nhs_number(generator, spaced=generator.random() < 0.5),
        "Date of Birth": datetime(born.year, born.month, born.day), "Address": d.street_address(generator, 0.3),
        "Postcode": d.postcode(generator, generator.choice(d.NW_LEICESTERSHIRE)[1]),
        "Telephone": d.landline(generator) if generator.random() < 0.6 else d.mobile(generator),
        "GP Practice": generator.choice(GP_PRACTICES), "Ethnicity": d.weighted(generator, SALT_ETHNICITY),
        "Primary Support Reason": generator.choice(d.SUPPORT_REASONS),
        "Referral Source": generator.choice(REFERRAL_SOURCES), "Case Notes": _case_note(generator, title, surname),
        "Allocated Worker": generator.choice(workers) if generator.random() < 0.85 else "Unallocated",
        "Team": generator.choice(ASC_TEAMS),
    }


def _budget(generator: random.Random) -> list[dict[str, Any]]:
    rows = []
    for locality, centre in (("North", "ASC10"), ("South", "ASC20")):
        for line_number, line in enumerate(SERVICE_LINES):
            for month in range(12):
                budget = round(generator.uniform(40_000, 900_000), 2)
                actual = round(budget * generator.uniform(0.85, 1.2), 2)
                rows.append({"Cost Centre": f"{centre}{line_number:02d}", "Locality": locality, "Service Line": line,
                             "Month": datetime(2024 + (month + 3) // 12, (month + 3) % 12 + 1, 1), "Budget": budget,
                             "Actual": actual, "Variance": round(actual - budget, 2),
                             "Commissioned Hours": generator.randint(0, 12_000),
                             "Placements": generator.randint(0, 140)})
    return rows


def _providers(generator: random.Random) -> list[dict[str, Any]]:
    rows = []
    for index in range(60):
        name = PROVIDER_NAMES[index % len(PROVIDER_NAMES)]
        suffix, kind = PROVIDER_KINDS[(index // len(PROVIDER_NAMES)) % len(PROVIDER_KINDS)]
        slug = "".join(c for c in name.lower() if c.isalnum())
        rows.append({
            "Provider": f"{name} {suffix}", "CQC Location ID": f"1-{generator.randint(100_000_000, 9_999_999_999)}",
            "Service Type": kind, "Town": generator.choice(d.ENGLAND)[0],
            "Beds": generator.randint(12, 90) if "home" in kind else "",
            "CQC Rating": d.weighted(generator, (("Outstanding", 5), ("Good", 70), ("Requires improvement", 20),
                                                 ("Inadequate", 5))),
            "Registered Manager": d.full_name(generator),
            "Enquiries Email": f"{generator.choice(('enquiries', 'info', 'admin', 'office'))}@{slug}.example.org",
            "Weekly Fee": round(generator.uniform(750, 1900), 2),
        })
    return rows


def adult_social_care(generator: random.Random) -> dict[str, list[dict[str, Any]]]:
    workers = [f"{d.full_name(generator)} ({generator.choice(('SW', 'OT', 'SCW'))})" for _ in range(18)]
    return {"Referrals": [_referral(generator, index, workers) for index in range(REFERRAL_ROWS)],
            "Budget": _budget(generator), "Providers": _providers(generator)}


ADULT_SOCIAL_CARE = Corpus(
    "adult_social_care_xlsx", "adult_social_care.xlsx", "xlsx",
    "An adult social care workbook: referrals (personal and special category data), the budget (none), and "
    "care providers (their registered managers).",
    ("three sheets with different columns", "a budget sheet with no personal data at all, whose service lines "
     "name learning disability and mental health", "dates of birth held as Excel dates",
     "GP practices named after doctors (Dr Khan & Partners)", "care homes named after saints and families",
     "case notes naming residents and their conditions", "CQC location IDs (1-123456789)",
     "care providers' role mailboxes (enquiries@)", "ethnicity in the 2001 census wording social care still uses"),
    {
        "Referrals!Referral ID": none(), "Referrals!Received": none(), "Referrals!Person ID": none(
            why="the case system's person number"),
        "Referrals!Name": must("PERSON"), "Referrals!NHS Number": must("UK_NHS"),
        "Referrals!Date of Birth": must("DATE_TIME"), "Referrals!Address": must("LOCATION"),
        "Referrals!Postcode": must("UK_POSTCODE"), "Referrals!Telephone": must("PHONE_NUMBER"),
        "Referrals!GP Practice": may("LOCATION", "PERSON", why="the person's GP practice, often named after doctors"),
        "Referrals!Ethnicity": none(special=ETHNIC),
        "Referrals!Primary Support Reason": none(special=HEALTH, why="SALT support reasons: mental health, "
                                                                     "learning disability, sensory impairment"),
        "Referrals!Referral Source": none(),
        "Referrals!Case Notes": must("PERSON", also=FREE_TEXT, special=HEALTH,
                                     why="social workers' notes naming residents and their conditions"),
        "Referrals!Allocated Worker": must("PERSON", why="social workers' and OTs' names"),
        "Referrals!Team": none(special=(HEALTH, None), why="allocation to the mental health or learning disability "
                                                           "team hints at a need"),
        "Budget!Cost Centre": none(), "Budget!Locality": none(),
        "Budget!Service Line": none(why="budget lines, about no one (Supported living - learning disability)"),
        "Budget!Month": none(), "Budget!Budget": none(), "Budget!Actual": none(), "Budget!Variance": none(),
        "Budget!Commissioned Hours": none(), "Budget!Placements": none(),
        "Providers!Provider": none(why="care homes and agencies named after saints and families"),
        "Providers!CQC Location ID": none(), "Providers!Service Type": none(),
        "Providers!Town": none(why="where a care home is, not where a person lives"), "Providers!Beds": none(),
        "Providers!CQC Rating": none(), "Providers!Registered Manager": must("PERSON"),
        "Providers!Enquiries Email": may("EMAIL_ADDRESS", why="role mailboxes (enquiries@, info@) are not a "
                                                              "person's, but flagging them is harmless"),
        "Providers!Weekly Fee": none(),
    },
    adult_social_care,
)


# --- (f) JSON Lines with nested keys: complaints from the case management system ---------------------------

COMPLAINT_ROWS = 500
COMPLAINT_SUMMARIES = (
    ("{title} {surname} complains that the housing benefit claim took {weeks} weeks and left rent arrears.", 3),
    ("{title} {surname} says the crew have missed the assisted collection at home {n} times since {month}.", 2),
    ("{title} {surname} is unhappy that the pothole on {street} was not repaired after three reports.", 3),
    ("{title} {surname} complains about the attitude of an officer at the {service} counter.", 2),
    ("{title} {surname} says the delay to the adaptation has left them unable to use the bathroom since a stroke.", 1),
    ("{title} {surname} says the stress of the council tax summons made their depression worse.", 1),
    ("Complaint about early morning noise from the recycling centre on {street}.", 2),
    ("{title} {surname} complains that the social worker cancelled the review of a parent's care twice; the parent "
     "has {condition}.", 1),
    ("{title} {surname} disagrees with the decision to refuse a resident parking permit for zone {zone}.", 2),
    ("{title} {surname} says calls to the contact centre went unanswered for a week.", 2),
)
CATEGORIES = ("Delay", "Staff conduct", "Service not provided", "Policy", "Communication", "Decision")
ACTIONS = ("Acknowledged", "Investigation started", "Response sent", "Escalated to Stage 2", "Ombudsman enquiry")
TAGS = ("delay", "communication", "waste", "housing", "council tax", "staff", "accessibility")


def _summary(generator: random.Random, title: str, surname: str, service: str) -> str:
    template = generator.choices([text for text, _w in COMPLAINT_SUMMARIES],
                                 weights=[w for _t, w in COMPLAINT_SUMMARIES])[0]
    return template.format(title=title, surname=surname, weeks=generator.randint(3, 14), n=generator.randint(2, 6),
                           month=generator.choice(MONTHS), street=generator.choice(d.STREETS), service=service,
                           condition=generator.choice(d.CONDITIONS), zone=generator.choice("ABCDEFGH"))


def _complaint(generator: random.Random, index: int, officers: list[str]) -> dict[str, Any]:
    title, first, surname = d.person(generator)
    town, district = generator.choice(d.ENGLAND)
    received = _when(generator)
    full = index == 0  # the first record has every key, so the truth's column order is the file's
    contact: dict[str, Any] = {}
    if full or generator.random() < 0.8:
        contact["email"] = d.email(generator, first, surname)
    if full or generator.random() < 0.7:
        contact["phone"] = d.mobile(generator) if generator.random() < 0.7 else d.landline(generator)
    contact["preferred"] = generator.choice(("Email", "Phone", "Letter"))
    service = generator.choice(d.SERVICES)
    history = [{"date": (received + timedelta(days=2 * step + generator.randint(0, 2))).date().isoformat(),
                "action": ACTIONS[step]} for step in range(generator.randint(1, 4))]
    document: dict[str, Any] = {
        "complaint_id": f"CMP-24-{index * 2 + 400:05d}", "received": received.strftime("%Y-%m-%dT%H:%M:00Z"),
        "stage": generator.choice(("Stage 1", "Stage 1", "Stage 2")),
        "channel": generator.choice(("Online form", "Email", "Phone", "Letter")),
        "resident": {"name": f"{title} {first} {surname}" if generator.random() < 0.5 else f"{first} {surname}",
                     "contact": contact, "address": {"line_1": d.street_address(generator), "town": town,
                                                     "postcode": d.postcode(generator, district)}},
        "case": {"service": service, "category": generator.choice(CATEGORIES),
                 "summary": _summary(generator, title, surname, service), "officer": generator.choice(officers),
                 "outcome": generator.choice(("Upheld", "Partly upheld", "Not upheld", "Withdrawn", "Open")),
                 "response_due": (received + timedelta(days=20)).date().isoformat(), "history": history},
    }
    if full or generator.random() < 0.6:
        document["equalities"] = {
            "ethnic_group": d.weighted(generator, d.ETHNIC_GROUPS), "religion": d.weighted(generator, d.RELIGIONS),
            "sexual_orientation": d.weighted(generator, d.SEXUAL_ORIENTATIONS),
            "disability": d.weighted(generator, (("No", 75), ("Yes", 20), ("Prefer not to say", 5)))}
    document["tags"] = generator.sample(TAGS, generator.randint(1, 3))
    return document


def complaints(generator: random.Random) -> list[dict[str, Any]]:
    officers = _names(generator, 12)
    return [_complaint(generator, index, officers) for index in range(COMPLAINT_ROWS)]


COMPLAINTS = Corpus(
    "complaints_jsonl", "complaints.jsonl", "jsonl",
    "Complaints exported from a case management system as JSON Lines: the resident, the case, equalities answers.",
    ("nested keys (resident.contact.email)", "lists of objects (case.history[].action) and of strings (tags[])",
     "keys missing from some records (no phone, no equalities answers)", "summaries naming the resident, a few "
     "with a condition", "towns across England (Weston-super-Mare, Bishop's Stortford, Wellington, St Helens)"),
    {
        "complaint_id": none(), "received": none(), "stage": none(), "channel": none(),
        "resident.name": must("PERSON"), "resident.contact.email": must("EMAIL_ADDRESS"),
        "resident.contact.phone": must("PHONE_NUMBER"), "resident.contact.preferred": none(),
        "resident.address.line_1": must("LOCATION"), "resident.address.town": may("LOCATION"),
        "resident.address.postcode": must("UK_POSTCODE"), "case.service": none(why="service names"),
        "case.category": none(),
        "case.summary": must("PERSON", also=FREE_TEXT, special=HEALTH, why="names the resident; some mention "
                                                                           "a stroke, depression, a parent's dementia"),
        "case.officer": must("PERSON", why="the complaints officer's name"), "case.outcome": none(),
        "case.response_due": none(), "case.history[].date": none(), "case.history[].action": none(),
        "equalities.ethnic_group": none(special=ETHNIC), "equalities.religion": none(special=RELIGION),
        "equalities.sexual_orientation": none(special=ORIENTATION), "equalities.disability": none(special=HEALTH),
        "tags[]": none(),
    },
    complaints,
)


# --- (g) A header-less CSV: residents' parking permits --------------------------------------------------------

PERMIT_ROWS = 700
ZONES = ("Zone A (Abbey)", "Zone B (Brunswick)", "Zone C (Castle)", "Zone H (Holy Trinity)", "Zone M (St Mary's)",
         "Zone V (Victoria)")
PLATE_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"


def _plate(generator: random.Random) -> str:
    letters = "".join(generator.choice(PLATE_LETTERS) for _ in range(5))
    kind = generator.random()
    if kind < 0.85:  # current style, since 2001
        age = generator.choice(("08", "58", "12", "62", "15", "65", "19", "69", "21", "71", "73"))
        return f"{letters[:2]}{age} {letters[2:]}"
    if kind < 0.95:  # prefix style, 1983-2001
        return f"{letters[0]}{generator.randint(1, 999)} {letters[2:]}"
    return f"{letters[:3]} {generator.randint(1, 999)}"  # dateless


def parking_permits(generator: random.Random) -> list[dict[str, str]]:
    rows = []
    for index in range(PERMIT_ROWS):
        title, first, surname = d.person(generator)
        zone = generator.choice(ZONES)
        town, district = generator.choice(d.NW_LEICESTERSHIRE)
        rows.append({
            "permit number": f"RP-{zone[5]}-{index * 3 + 1200:06d}",
            "holder": f"{title} {first[0]} {surname}" if generator.random() < 0.5 else f"{first} {surname}",
            "address": d.street_address(generator), "postcode": d.postcode(generator, district),
            "vehicle registration": _plate(generator), "zone": zone,
            "valid until": d.day_in(generator, date(2024, 10, 1), date(2025, 9, 30)).strftime("%d/%m/%Y"),
            "email": d.email(generator, first, surname),
        })
    return rows


PARKING_PERMITS = Corpus(
    "parking_permits_no_header", "parking_permits.csv", "csv",
    "Residents' parking permits exported without a header row (the scanner sees the first permit as data).",
    ("no header row: column names must come from positions, never from the first permit",
     "zones named after wards (Zone M (St Mary's))", "expiry dates that are not dates of birth",
     "vehicle registrations (LE65 ABC looks a little like a postcode)"),
    {
        "permit number": none(), "holder": must("PERSON"), "address": must("LOCATION"), "postcode": must("UK_POSTCODE"),
        "vehicle registration": may(why="a private car's registration mark is personal data; the contract has no "
                                        "type for it"),
        "zone": none(why="permit zones named after wards"), "valid until": none(why="when the permit ends"),
        "email": must("EMAIL_ADDRESS"),
    },
    parking_permits, header=False,
)


# --- (h) Housing repairs: tenants' descriptions, contractors, operatives -------------------------------------

REPAIR_ROWS = 600
PHONE_NOTE_ROWS = (44, 301, 517)
ROOMS = ("kitchen", "bathroom", "back bedroom", "front bedroom", "living room", "hallway", "box room")
ISSUES = ("a dripping tap", "a leaking radiator valve", "a broken window catch", "a loose banister",
          "a blocked toilet", "no power to the sockets", "a cracked wash basin", "an extractor fan not working",
          "a sticking back door", "a broken kitchen cupboard door")
DAMP_CONDITIONS = ("asthma", "COPD", "bronchitis", "eczema", "chest infections")
TRADES = {
    "Plumbing": ("Bradley & Walker Plumbing Ltd", "In-house (DLO)"),
    "Heating": ("Victoria Heating Services Ltd", "In-house (DLO)"),
    "Electrical": ("Patel Electrical Services Ltd", "In-house (DLO)"),
    "Roofing": ("Smith & Sons Roofing Ltd", "Davies & Daughters Building Ltd"),
    "Carpentry": ("Wright & Wilson Joinery Ltd", "In-house (DLO)"),
    "Damp and mould": ("Abbey Damp Proofing Ltd", "In-house (DLO)"),
    "Glazing": ("Nelson Glazing Ltd",),
    "Drainage": ("Sherwood Drainage Solutions Ltd",),
    "Plastering": ("Davies & Daughters Building Ltd", "In-house (DLO)"),
}
PLAIN_REPAIRS = (
    "Tenant reports {issue} in the {room}.", "{title} {surname} reports {issue} in the {room}.",
    "Leak from the flat above coming through the {room} ceiling.",
    "Front door will not lock, tenant worried about security.",
    "Boiler not working, no heating or hot water since {day}.", "Fence panels blown down at the back after the storm.",
    "Damp and mould in the {room}; {title} {surname} has been wiping the walls down every day.",
    "Blocked sink in the kitchen, water not draining.", "Communal light out on the second floor landing at {block}.",
    "Roof tiles slipped, water coming in at the top of the stairs.", "{title} {surname} says {issue} has been reported "
    "three times since {month}.",
)
HEALTH_REPAIRS = (
    "{title} {surname}'s {damp_condition} is worse with the damp in the {room}. Black mould on the ceiling; damp "
    "and mould survey needed.",
    "Stairlift broken; {title} {surname} is a wheelchair user and cannot get upstairs.",
    "Request for grab rails by the toilet after {title} {surname}'s hip replacement.",
    "Tenant is on home oxygen - {issue}; please treat as a priority.",
    "{title} {surname} has dementia and will not remember the appointment, please ring her son first.",
    "Level access shower recommended by the occupational therapist for {title} {surname}, who has MS.",
    "No heating; {title} {surname} is 88 and has a heart condition. Emergency.",
)
OPERATIVE_NOTES = ("Replaced washer on kitchen tap, tested OK.", "No access - card left.",
                   "Made safe, follow-on job raised for the plasterer.", "Cleared blockage with rods.",
                   "Renewed 3 roof tiles and the lead flashing.", "Mould wash applied, ventilation check booked.",
                   "Eased and adjusted the door, lock now working.", "Replaced the radiator valve, system bled.",
                   "Parts ordered, return visit in 5 working days.", "Job larger than described, surveyor to inspect.")
PHONE_NOTES = ("Tenant asked for a call back on {mobile} to arrange the follow-on.",
               "Tenant out, neighbour gave a number for her: {mobile}.",
               "Call tenant on {landline} before the return visit.")
ACCESS_NOTES = ("Key safe at the front door", "Dog in property - call ahead", "Tenant works nights, after 12pm only",
                "Call before attending", "Parking at the rear", "Tenant is deaf - text, do not call",
                "Oxygen in use - no naked flames", "Tenant uses a wheelchair - ramp at the side door",
                "Interpreter needed (Polish)", "Lone worker alert - attend in pairs")
PRIORITIES = (("Emergency (4 hours)", 15), ("Urgent (3 working days)", 30), ("Routine (20 working days)", 45),
              ("Planned", 10))


def _repair_description(generator: random.Random, title: str, surname: str) -> str:
    pool = HEALTH_REPAIRS if generator.random() < 0.1 else PLAIN_REPAIRS
    return generator.choice(pool).format(
        title=title, surname=surname, issue=generator.choice(ISSUES), room=generator.choice(ROOMS),
        damp_condition=generator.choice(DAMP_CONDITIONS), day=generator.choice(DAYS), block=generator.choice(d.BLOCKS),
        month=generator.choice(MONTHS))


def housing_repairs(generator: random.Random) -> list[dict[str, str]]:
    operatives = [f"{name.split()[0][0]}. {name.split()[1]}" for name in _names(generator, 30)]
    rows = []
    for index in range(REPAIR_ROWS):
        title, first, surname = d.person(generator)
        town, district = generator.choice(d.NW_LEICESTERSHIRE)
        trade = generator.choice(list(TRADES))
        logged = d.day_in(generator, date(2024, 1, 2), date(2024, 9, 30))
        status = d.weighted(generator, (("Completed", 70), ("No access", 8), ("Awaiting parts", 8),
                                        ("Cancelled", 4), ("Open", 10)))
        done = status == "Completed"
        note = generator.choice(OPERATIVE_NOTES) if generator.random() < 0.5 else ""
        if index in PHONE_NOTE_ROWS:
            note = PHONE_NOTES[PHONE_NOTE_ROWS.index(index)].format(mobile=d.mobile(generator),
                                                                   landline=d.landline(generator))
        rows.append({
            "job_number": f"R{1_204_000 + index * 5 + generator.randint(0, 4)}", "logged_date": logged.isoformat(),
            "uprn": d.uprn(generator), "address": d.street_address(generator, 0.35), "town": town,
            "postcode": d.postcode(generator, district), "tenant_name": f"{title} {first[0]} {surname}",
            "contact_phone": d.mobile(generator) if generator.random() < 0.7 else d.landline(generator),
            "trade": trade, "priority": d.weighted(generator, PRIORITIES),
            "description": _repair_description(generator, title, surname),
            "contractor": generator.choice(TRADES[trade]),
            "operative": generator.choice(operatives) if generator.random() < 0.9 else "",
            "operative_notes": note,
            "access_notes": generator.choice(ACCESS_NOTES) if generator.random() < 0.3 else "",
            "status": status,
            "completed_date": (logged + timedelta(days=generator.randint(0, 30))).isoformat() if done else "",
            "cost": f"£{generator.uniform(35, 1800):,.2f}" if done else "",
        })
    return rows


HOUSING_REPAIRS = Corpus(
    "housing_repairs", "housing_repairs.csv", "csv",
    "A council landlord's repairs log: tenants' descriptions taken by the call centre, contractors and operatives.",
    ("descriptions naming tenants and their health (Mrs Patel's asthma is worse with the damp)",
     "contractors named after families (Smith & Sons Roofing Ltd, Davies & Daughters Building Ltd)",
     "addresses in streets and blocks named after people (Flat 3, Mandela House, Nelson Street)",
     "a phone number in 3 operatives' notes", "access notes: deaf tenant, oxygen in use, wheelchair user",
     "towns such as Ashby de la Zouch and Castle Donington"),
    {
        "job_number": none(), "logged_date": none(), "uprn": must("UK_UPRN", why="the tenant's home"),
        "address": must("LOCATION"), "town": may("LOCATION"), "postcode": must("UK_POSTCODE"),
        "tenant_name": must("PERSON"), "contact_phone": must("PHONE_NUMBER"), "trade": none(), "priority": none(),
        "description": must("PERSON", also=FREE_TEXT, special=HEALTH,
                            why="names tenants in about a third of jobs; some say what their condition is"),
        "contractor": none(why="limited companies named after families: not people"),
        "operative": must("PERSON", why="operatives' names"),
        "operative_notes": must("PHONE_NUMBER", also=FREE_TEXT, why="three notes give a tenant's phone number"),
        "access_notes": may(special=HEALTH, why="deaf tenant, oxygen in use, wheelchair user"),
        "status": none(), "completed_date": none(), "cost": none(),
    },
    housing_repairs,
)


# --- (i) Taxi driver licensing: convictions, DBS outcomes, medicals -----------------------------------------

TAXI_ROWS = 500
CONVICTIONS = (("None declared", 78), ("SP30 speeding (2021) - 3 points", 8),
               ("SP30 speeding (2019), SP30 (2022)", 2), ("CU80 mobile phone while driving (2022) - 6 points", 3),
               ("DR10 drink driving (2015) - 18 month ban", 1),
               ("IN10 no insurance (2017)", 2), ("Caution for common assault (2012)", 1),
               ("Conviction for theft (2009), spent", 1), ("TS10 failing to comply with a red light (2020)", 4))
MEDICAL_RESULTS = (("Passed", 80), ("Passed - annual review (insulin-treated diabetes)", 4),
                   ("Passed - annual review (heart condition)", 3), ("Referred to occupational health", 3),
                   ("Due", 10))
OPERATORS = ("Castle Cars Ltd", "A1 Taxis (Coalville) Ltd", "Sherwood Private Hire", "Nelson Executive Travel Ltd",
             "Ashby Airport Transfers", "Victoria Cabs", "Abbey Taxis")


def taxi_licensing(generator: random.Random) -> list[dict[str, str]]:
    rows = []
    for index in range(TAXI_ROWS):
        female = generator.random() < 0.08
        _title, first, surname = d.person(generator, female=female)
        born = d.birth_date(generator, 21, 75)
        kind = generator.choice(("Hackney carriage", "Private hire"))
        disclosed = generator.random() < 0.12
        town, district = generator.choice(d.NW_LEICESTERSHIRE)
        rows.append({
            "licence_number": f"{'HC' if kind[0] == 'H' else 'PH'}/{index + 100:04d}", "licence_type": kind,
            "driver_name": f"{first} {surname}", "date_of_birth": born.strftime("%d/%m/%Y"),
            "ni_number": d.ni_number(generator),
            "dvla_licence_number": d.driving_licence(generator, surname, first, born, female),
            "address": d.street_address(generator), "postcode": d.postcode(generator, district),
            "mobile": d.mobile(generator),
            "dbs_certificate_number": f"00{generator.randint(1_000_000_000, 9_999_999_999)}",
            "dbs_issue_date": d.day_in(generator, date(2021, 1, 1), date(2024, 8, 31)).strftime("%d/%m/%Y"),
            "dbs_outcome": "Information disclosed - see file" if disclosed else "Clear",
            "convictions_declared": d.weighted(generator, CONVICTIONS),
            "group_2_medical": d.weighted(generator, MEDICAL_RESULTS), "operator": generator.choice(OPERATORS),
            "vehicle_registration": _plate(generator), "badge_number": str(generator.randint(1000, 4999)),
            "licence_expiry": d.day_in(generator, date(2024, 10, 1), date(2027, 9, 30)).strftime("%d/%m/%Y"),
        })
    return rows


TAXI_LICENSING = Corpus(
    "taxi_licensing", "taxi_licensing.csv", "csv",
    "Hackney carriage and private hire driver licences: DVLA licence numbers, DBS outcomes, declared convictions "
    "and Group 2 medicals.",
    ("DVLA driving licence numbers", "motoring and other convictions (Article 10)",
     "a DBS outcome that says information was disclosed", "Group 2 medical outcomes naming conditions",
     "DBS certificate numbers of twelve digits", "operators named after streets and places (Nelson Executive Travel)"),
    {
        "licence_number": none(), "licence_type": none(), "driver_name": must("PERSON"),
        "date_of_birth": must("DATE_TIME"), "ni_number": must("UK_NINO"),
        "dvla_licence_number": must("UK_DRIVING_LICENCE"), "address": must("LOCATION"),
        "postcode": must("UK_POSTCODE"), "mobile": must("PHONE_NUMBER"),
        "dbs_certificate_number": may(why="identifies the driver's DBS certificate; the contract has no type for it"),
        "dbs_issue_date": none(),
        "dbs_outcome": none(special=CRIMINAL, why="'information disclosed' means convictions or cautions"),
        "convictions_declared": none(special=CRIMINAL, why="declared convictions and cautions"),
        "group_2_medical": none(special=HEALTH, why="DVLA Group 2 medical outcomes, some naming a condition"),
        "operator": none(why="firms, not people"),
        "vehicle_registration": may(why="the licensed vehicle, often the driver's own"), "badge_number": none(),
        "licence_expiry": none(),
    },
    taxi_licensing,
)


# --- (j) A JSON array: payroll deductions and sickness absence ----------------------------------------------

PAYROLL_ROWS = 300
POSTS = (("Refuse Loader", "Grade 3", "Environment", "Waste and Recycling"),
         ("Social Worker", "Grade 9", "Adults and Communities", "Adult Social Care"),
         ("Revenues Officer", "Grade 6", "Resources", "Revenues and Benefits"),
         ("Library Assistant", "Grade 4", "Communities", "Libraries"),
         ("Highways Inspector", "Grade 7", "Environment", "Highways and Transport"),
         ("Customer Adviser", "Grade 4", "Resources", "Customer Services"))
UNIONS = (("UNISON", 40), ("GMB", 15), ("Unite", 10), ("NAHT", 1), ("", 34))
SICKNESS = ("S01 Cold, cough, flu", "S10 Stress, depression, anxiety", "S12 Musculoskeletal", "S05 Back problems",
            "S17 Stomach, digestion", "S25 Infectious diseases (Covid-19)", "S18 Pregnancy related")


def payroll(generator: random.Random) -> list[dict[str, Any]]:
    documents = []
    for index in range(PAYROLL_ROWS):
        _title, first, surname = d.person(generator)
        title, grade, directorate, service = generator.choice(POSTS)
        union = d.weighted(generator, UNIONS)
        deductions: dict[str, Any] = {"pension": round(generator.uniform(60, 300), 2)}
        if union or index == 0:
            deductions["union"] = {"name": union or "UNISON", "amount": round(generator.uniform(8, 19), 2)}
        days = generator.choice((0, 0, 0, 1, 2, 3, 5, 8, 12, 20))
        documents.append({
            "employee": {"payroll_number": f"E{104_000 + index * 3}", "name": {"first": first, "last": surname},
                         "work_email": f"{first.lower()}.{surname.lower().replace(chr(39), '')}@council.example.org"},
            "post": {"title": title, "grade": grade, "directorate": directorate, "service": service,
                     "fte": generator.choice((1.0, 1.0, 0.8, 0.6, 0.5))},
            "pay": {"period": "2024-07", "basic": round(generator.uniform(1500, 4200), 2),
                    "overtime_hours": generator.choice((0, 0, 4.5, 7.5, 12.0)), "deductions": deductions},
            "absence": {"sickness_days_ytd": days,
                        "reasons": generator.sample(SICKNESS, min(3, 1 + days // 5)) if days or index == 0 else []},
        })
    return documents


PAYROLL = Corpus(
    "payroll_json", "payroll_deductions.json", "json",
    "A payroll extract as a JSON array: posts, trade union deductions and sickness absence.",
    ("trade union subscriptions deducted from pay (Article 9)", "sickness absence reasons (health data)",
     "names split into first and last", "work email addresses", "nested objects in a JSON array"),
    {
        "employee.payroll_number": none(), "employee.name.first": must("PERSON"), "employee.name.last": must("PERSON"),
        "employee.work_email": must("EMAIL_ADDRESS"), "post.title": none(), "post.grade": none(),
        "post.directorate": none(), "post.service": none(), "post.fte": none(), "pay.period": none(),
        "pay.basic": none(), "pay.overtime_hours": none(), "pay.deductions.pension": none(),
        "pay.deductions.union.name": none(special=UNION, why="UNISON, GMB, Unite: trade union membership"),
        "pay.deductions.union.amount": none(special=(UNION, None), why="a union subscription amount"),
        "absence.sickness_days_ytd": none(special=(HEALTH, None), why="days off sick: the ICO counts sickness "
                                                                      "records as health data"),
        "absence.reasons[]": none(special=HEALTH, why="sickness reasons: stress, depression, back problems"),
    },
    payroll,
)

CORPORA = (CONTACT_CENTRE, SURVEY, WASTE_ROUNDS, COUNCIL_TAX, HOUSING_REGISTER, PUPILS, ADULT_SOCIAL_CARE,
           COMPLAINTS, PARKING_PERMITS, HOUSING_REPAIRS, TAXI_LICENSING, PAYROLL)
