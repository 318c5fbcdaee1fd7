"""Deterministic generator of synthetic US diplomatic cables in the Cablegate layouts.

The cables imitate the layouts of the 1966-2010 Cablegate release: all-capitals telegrams of
the 1960s-90s (`PAGE 02` page breaks, `QTE`/`UNQTE`, `GP-3`), mixed-case 2000s cables with
routing indicators, spaced classification lines, `SIPDIS`, `E.O. 12958: DECL:`, portion-marked
numbered paragraphs and `SECTION nn OF nn` page marks, and the release's sentence-cased cables.
All people, companies, parties and places named in the text are invented; posts, office symbols
and TAGS follow the real conventions so that ids, origins and references look like the real ones.

`write_csv` writes the exact `cables.csv` dialect (8 double-quoted columns, quotes escaped with a
backslash, no header row). `iter_cables` yields `(metadata, header, body)` for other uses.
The same `(n, seed)` always produces the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

Case = Literal["upper", "mixed", "sentence"]

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
REDACTED = "xxxxxxxxxxxx"
# Names that must never appear: they belong to the example cable, not to invented text.
FORBIDDEN = ("stbpi", "ecxir", "sabalan", "doostan", "hemmat", "bakeri", "lf6", "astvr")

# --------------------------------------------------------------------------------------------
# Posts: (header name, origin column, id name, routing indicator, TAGS country, host gov)


@dataclass(frozen=True)
class Post:
    header: str
    origin: str
    id_name: str
    ri: str
    country: str
    gov: str
    kind: str = "AMEMBASSY"
    weight: float = 1.0
    until: int = 2010

    @property
    def body_name(self) -> str:
        return self.header.removeprefix("USMISSION ")

    @property
    def address(self) -> str:
        return f"{self.kind} {self.header}" if self.kind else self.header


def _emb(
    name: str, ri: str, country: str, gov: str, weight: float = 1.0, until: int = 2010
) -> Post:
    origin = f"Embassy {name.title()}"
    return Post(name, origin, name.replace(" ", ""), ri, country, gov, weight=weight, until=until)


def _con(name: str, ri: str, country: str, gov: str, weight: float = 0.6) -> Post:
    origin = f"Consulate {name.title()}"
    return Post(name, origin, name.replace(" ", ""), ri, country, gov, "AMCONSUL", weight)


STATE = Post("SECSTATE WASHDC", "Secretary of State", "STATE", "RUEHC", "US", "USG", kind="")
POSTS: tuple[Post, ...] = (
    _emb("BEIJING", "RUEHBJ", "CH", "PRC", 2.0),
    _emb("MOSCOW", "RUEHMO", "RS", "GOR", 2.0),
    _emb("PARIS", "RUEHFR", "FR", "GOF", 1.8),
    _emb("LONDON", "RUEHLO", "UK", "HMG", 1.5),
    _emb("BERLIN", "RUEHRL", "GM", "FRG", 1.5),
    _emb("MADRID", "RUEHMD", "SP", "GOS", 1.2),
    _emb("ROME", "RUEHRO", "IT", "GOI"),
    _emb("TOKYO", "RUEHKO", "JA", "GOJ", 2.0),
    _emb("SEOUL", "RUEHUL", "KS", "ROKG", 1.2),
    _emb("NEW DELHI", "RUEHNE", "IN", "GOI", 1.2),
    _emb("ISLAMABAD", "RUEHIL", "PK", "GOP", 1.3),
    _emb("KABUL", "RUEHBUL", "AF", "GIRoA", 1.5),
    _emb("BAGHDAD", "RUEHGB", "IZ", "GOI", 2.5),
    _emb("ANKARA", "RUEHAK", "TU", "GOT", 1.5),
    _emb("TEL AVIV", "RUEHTV", "IS", "GOI", 1.4),
    _emb("CAIRO", "RUEHEG", "EG", "GOE", 1.2),
    _emb("RIYADH", "RUEHRH", "SA", "SAG"),
    _emb("ABU DHABI", "RUEHAD", "AE", "UAEG"),
    _emb("DOHA", "RUEHDO", "QA", "GOQ", 0.6),
    _emb("KUWAIT", "RUEHKU", "KU", "GOK", 0.8),
    _emb("SANAA", "RUEHYN", "YM", "ROYG", 0.7),
    _emb("DAMASCUS", "RUEHDM", "SY", "SARG", 0.7),
    _emb("BEIRUT", "RUEHLB", "LE", "GOL", 0.8),
    _emb("AMMAN", "RUEHAM", "JO", "GOJ", 1.0),
    _emb("TRIPOLI", "RUEHTRO", "LY", "GOL", 0.5),
    _emb("TUNIS", "RUEHTU", "TS", "GOT", 0.6),
    _emb("RABAT", "RUEHRB", "MO", "GOM", 0.7),
    _emb("ALGIERS", "RUEHAS", "AG", "GOA", 0.6),
    _emb("TEHRAN", "RUEHTH", "IR", "GOI", 0.4, until=1979),
    _emb("BRASILIA", "RUEHBR", "BR", "GOB", 1.2),
    _emb("BUENOS AIRES", "RUEHBU", "AR", "GOA", 1.0),
    _emb("CARACAS", "RUEHCV", "VE", "BRV", 1.0),
    _emb("BOGOTA", "RUEHBO", "CO", "GOC", 1.0),
    _emb("LA PAZ", "RUEHLP", "BL", "GOB", 0.7),
    _emb("MEXICO", "RUEHME", "MX", "GOM", 1.2),
    _emb("MANAGUA", "RUEHMU", "NU", "GON", 0.6),
    _emb("SAN SALVADOR", "RUEHSN", "ES", "GOES", 0.5),
    _emb("OTTAWA", "RUEHOT", "CA", "GOC", 0.8),
    _emb("NAIROBI", "RUEHNR", "KE", "GOK", 0.8),
    _emb("PRETORIA", "RUEHSA", "SF", "SAG", 0.8),
    _emb("HARARE", "RUEHSB", "ZI", "GOZ", 0.7),
    _emb("KIEV", "RUEHKV", "UP", "GOU", 0.8),
    _emb("WARSAW", "RUEHWR", "PL", "GOP", 0.6),
    _emb("VIENNA", "RUEHVI", "AU", "GOA", 0.6),
    _emb("STOCKHOLM", "RUEHSM", "SW", "GOS", 0.5),
    _emb("TALLINN", "RUEHTL", "EN", "GOE", 0.4),
    _emb("ZAGREB", "RUEHVB", "HR", "GOC", 0.5),
    _emb("ASHGABAT", "RUEHAH", "TX", "GOTX", 0.4),
    _emb("KUALA LUMPUR", "RUEHKL", "MY", "GOM", 0.6),
    _emb("BANGKOK", "RUEHBK", "TH", "RTG", 0.9),
    _emb("JAKARTA", "RUEHJA", "ID", "GOI", 0.8),
    _emb("MANILA", "RUEHML", "RP", "GRP", 0.7),
    _emb("RANGOON", "RUEHGO", "BM", "GOB", 0.5),
    _emb("COLOMBO", "RUEHLM", "CE", "GSL", 0.6),
    _emb("HANOI", "RUEHHI", "VM", "GVN", 0.6),
    _emb("SINGAPORE", "RUEHGP", "SN", "GOS", 0.5),
    _emb("ULAANBAATAR", "RUEHUM", "MG", "GOM", 0.3),
    _emb("LIBREVILLE", "RUEHLC", "GB", "GOG", 0.2),
    _con("ISTANBUL", "RUEHIT", "TU", "GOT"),
    _con("MUNICH", "RUEHMZ", "GM", "FRG", 0.4),
    _con("RIO DE JANEIRO", "RUEHRI", "BR", "GOB", 0.5),
    _con("SAO PAULO", "RUEHSO", "BR", "GOB", 0.5),
    _con("SHANGHAI", "RUEHGH", "CH", "PRC", 0.6),
    _con("GUANGZHOU", "RUEHGZ", "CH", "PRC", 0.5),
    _con("DUBAI", "RUEHDE", "AE", "UAEG", 0.4),
    _con("PESHAWAR", "RUEHPW", "PK", "GOP", 0.3),
    _con("MUMBAI", "RUEHBI", "IN", "GOI", 0.4),
    _con("VLADIVOSTOK", "RUEHVK", "RS", "GOR", 0.2),
    Post("USNATO", "Mission USNATO", "USNATO", "RUEHNO", "NATO", "NATO", "USMISSION", 0.8),
    Post("UNVIE VIENNA", "UNVIE", "UNVIEVIENNA", "RUEHUNV", "IAEA", "IAEA", "USMISSION", 0.6),
    Post("USUN NEW YORK", "USUN New York", "USUNNEWYORK", "RUCNDT", "UNSC", "UN", "USMISSION"),
    Post("GENEVA", "Mission Geneva", "GENEVA", "RUEHGV", "UNHRC", "UN", "USMISSION", 0.6),
    Post("USEU BRUSSELS", "USEU Brussels", "USEUBRUSSELS", "RUEHBS", "EUN", "EU", "", 0.6),
)
EMBASSIES = tuple(p for p in POSTS if p.kind == "AMEMBASSY")
AGENCIES = (
    ("RHEHNSC", "NSC WASHDC"),
    ("RUEAIIA", "CIA WASHDC"),
    ("RUEKJCS", "SECDEF WASHDC"),
    ("RUEKJCS", "JOINT STAFF WASHDC"),
    ("RHEFDIA", "DIA WASHDC"),
    ("RUEKDIA", "DIA WASHINGTON DC"),
    ("RUEIDN", "DNI WASHINGTON DC"),
    ("RUEATRS", "DEPT OF TREASURY WASHDC"),
    ("RHEBAAA", "DEPT OF ENERGY WASHDC"),
    ("RUCPDOC", "DEPT OF COMMERCE WASHDC"),
    ("RHMFISS", "HQ USCENTCOM MACDILL AFB FL"),
    ("RHHMUNA", "CDR USPACOM HONOLULU HI"),
    ("RHMFIUU", "HQ USEUCOM VAIHINGEN GE"),
    ("RUEAWJA", "DEPT OF JUSTICE WASHDC"),
    ("RUEHRC", "DEPT OF AGRICULTURE WASHDC"),
)
COLLECTIVES = (
    ("RUEHZL", "EUROPEAN POLITICAL COLLECTIVE"),
    ("RUCNASE", "ASEAN MEMBER COLLECTIVE"),
    ("RUEHEE", "ARAB LEAGUE COLLECTIVE"),
    ("RUEHZM", "GULF COOPERATION COUNCIL COLLECTIVE"),
    ("RUCNNSG", "NUCLEAR SUPPLIERS GROUP COLLECTIVE"),
    ("RUEHWH", "WESTERN HEMISPHERIC AFFAIRS DIPL POSTS"),
    ("RUCNIRA", "IRAN COLLECTIVE"),
    ("RUCNCIS", "CIS COLLECTIVE"),
    ("RUEHZO", "AFRICAN UNION COLLECTIVE"),
    ("RUCNMEM", "EU MEMBER STATES COLLECTIVE"),
    ("RUEHXK", "SOUTH ASIA POSTS COLLECTIVE"),
)
OLD_INFO = (
    "USCINCSO",
    "CINCLANT",
    "CINCPAC",
    "USCINCEUR",
    "SECDEF",
    "USIA WASHDC",
    "JCS WASHDC",
    "CIA",
    "DIA WASHDC",
    "EUCOM",
    "CSAF",
    "USMISSION USUN NEWYORK",
    "USMISSION NATO",
    "COMIDEASTFOR",
)
# fmt: off
OFFICES = (
    "EUR/RUS", "EUR/CE", "EUR/WE", "EUR/PRA", "EUR/RPM", "EAP/CM", "EAP/J", "EAP/K", "EAP/MLS",
    "NEA/I", "NEA/IR", "NEA/ARP", "NEA/ELA", "NEA/MAG", "SCA/A", "SCA/PB", "SCA/INS", "SCA/CEN",
    "WHA/AND", "WHA/BSC", "WHA/CAR", "WHA/MEX", "WHA/EPSC", "AF/S", "AF/E", "AF/W", "INR/B",
    "ISN/MTR", "ISN/NESS", "ISN/CPI", "ISN/ECC", "ISN/RA", "T", "P", "D", "S/CT", "DRL", "EEB/ESC",
    "EEB/TPP", "EEB/IFD", "PM/DDTC", "PM/RSAT", "IO/UNP", "L/NPV", "CA/VO", "INL/LP", "OES/PCI",
)
TAGS = (
    "PREL", "PGOV", "ECON", "PHUM", "PTER", "MARR", "PARM", "KNNP", "MNUC", "ETTC", "EFIN", "ETRD",
    "ENRG", "EAID", "SNAR", "KCRM", "PINR", "KDEM", "SOCI", "ELAB", "SENV", "ASEC", "CVIS", "KJUS",
    "OVIP", "MASS", "EINV", "EPET", "TSPA", "KPAO", "AMGT", "KIRF", "KWMN", "KTFN", "KSCA", "MCAP",
    "PINS", "PBTS", "KPKO", "UNSC", "EAGR", "CASC", "KCOR", "KISL", "IAEA", "MTCRE", "KOLY",
)
OLD_TAGS = ("PFOR", "PINT", "PBOR", "EFIS", "MASS", "MARR", "ECON", "EAID", "PGOV", "SNAR", "ETRD")

# --------------------------------------------------------------------------------------------
# Invented vocabulary


_ONSETS = ("b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr",
           "gr", "kr", "tr", "st", "sh", "ch", "kh", "vl", "zh", "t", "m", "n", "d")
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ou", "ia", "y")
_CODAS = ("", "", "", "n", "r", "l", "s", "k", "m", "v", "sh", "nd", "rt", "st", "z", "sk")
_ENDS = ("ov", "ev", "an", "ian", "ski", "ic", "ar", "el", "ani", "oglu", "ez", "ura", "ek", "in",
         "ora", "et", "eshi", "ado", "ima", "ulu", "ovic", "yan", "ades")
_US_FIRST = ("James", "Mary", "Robert", "Linda", "Michael", "Susan", "David", "Karen", "Thomas",
             "Nancy", "Daniel", "Carol", "Mark", "Ellen", "Paul", "Janet", "Steven", "Ruth",
             "Kevin", "Laura", "Gregory", "Diane", "Peter", "Alice", "Brian", "Helen", "Douglas",
             "Margaret", "Philip", "Joan", "Andrew", "Claire", "Timothy", "Sharon",
             "Walter")
_US_LAST_A = ("Hal", "Brin", "Cor", "Dal", "Fen", "Gar", "Hol", "Kes", "Lan", "Mar", "Nor", "Pell",
              "Quin", "Ros", "Stan", "Tor", "Vel", "Wex", "Yar", "Ald", "Bex", "Cran", "Dro", "Elm",
              "Fal", "Hav", "Ket", "Lind", "Mott", "Pax", "Rad", "Sel", "Thorn", "Wend")
_US_LAST_B = ("ford", "wick", "ley", "ton", "mere", "by", "dale", "sby", "worth", "ick", "ner",
              "well", "stead", "more", "ham", "ridge", "er", "son", "field", "cott", "brook",
              "ing", "ard", "ow", "en")
_CO_KIND = ("Trading Company", "Industrial Group", "Precision Machinery Company",
            "Import-Export Corporation", "Technical Supply Company", "Engineering Works",
            "Heavy Industries", "Aerospace Industries Organization", "Materials Institute",
            "Holding Group", "Logistics Company", "Electronics Corporation",
            "Chemical Industries", "Special Metals Factory", "Research Center")
_ITEMS = ("maraging steel rods", "carbon fiber", "gyroscopes", "five-axis machine tools",
          "aluminum alloy plate", "pressure transducers", "frequency converters",
          "vacuum pumps", "ring magnets", "accelerometers", "titanium sponge",
          "specialty stainless steel", "filament winding machines", "integrated circuits",
          "graphite blocks", "dual-use chemicals", "valves and flanges", "test chambers",
          "high-speed cameras", "navigation modules", "insulated cable", "propellant ingredients",
          "corrosion-resistant pipe", "fiber-optic components", "thermal imagers")
_TITLES = ("Deputy Foreign Minister", "Minister of Interior", "Finance Minister",
           "MFA Director General for the Americas", "Deputy Minister of Defense",
           "presidential adviser", "National Security Adviser", "Central Bank Governor",
           "opposition leader", "parliamentary speaker", "Customs Director", "Energy Minister",
           "MFA Arms Control Director", "provincial governor", "Chief of the General Staff",
           "Trade Minister", "party secretary general", "Justice Minister", "Prime Minister",
           "MFA Americas Desk Officer", "police commander", "Deputy Prime Minister")
_US_TITLES = ("Ambassador", "DCM", "Charge d'Affaires, a.i.", "Political Counselor",
              "A/PolCouns", "Economic Counselor", "Pol/Econ Chief", "Acting DCM",
              "Political Minister Counselor", "Consul General", "PolOff",
              "Deputy Director")
_TOPICS = ("the draft customs code", "border crossing procedures", "export licensing reform",
           "the upcoming regional summit", "the water-sharing accord", "the fuel subsidy reform",
           "the electoral law amendments", "the bilateral investment treaty",
           "the donors' conference", "the counternarcotics strategy", "the new media law",
           "the pipeline tender", "visa reciprocity fees", "the budget supplemental",
           "the anti-corruption commission", "the port concession", "the refugee return plan",
           "the civil nuclear cooperation agreement", "provincial council elections",
           "the free trade talks", "the judicial reform package", "the security agreement",
           "the telecommunications license auction", "the wheat import quota",
           "the constitutional review", "the air services agreement")
_MINISTRIES = ("Ministry of Foreign Affairs", "Ministry of Interior", "Ministry of Defense",
               "Ministry of Energy", "Central Bank", "Customs Directorate", "Ministry of Justice",
               "National Security Council", "Ministry of Trade", "Ministry of Finance",
               "Election Commission", "Ministry of Health", "Supreme Court")
_PARTY_A = ("National", "Democratic", "Popular", "United", "Progressive", "Liberal", "Patriotic",
            "Social", "Civic", "Republican")
_PARTY_B = ("Renewal", "Alliance", "Front", "Union", "Movement", "Congress", "Accord", "Rally")
# fmt: on


def _check_invented(word: str) -> bool:
    low = word.lower()
    return not any(f in low for f in FORBIDDEN)


class Vocabulary:
    """Invented names and phrases, drawn once per seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.surnames = self._unique(self._foreign_surname, 300)
        self.given = self._unique(self._foreign_given, 120)
        self.us_last = self._unique(self._us_surname, 200)
        self.places = self._unique(lambda: self._word(2, 3).title(), 120)
        self.companies = self._unique(self._company, 160)
        self.parties = self._unique(self._party, 24)

    def _unique(self, make: Callable[[], str], n: int) -> list[str]:
        seen: dict[str, None] = {}
        while len(seen) < n:
            word = make()
            if _check_invented(word):
                seen[word] = None
        return list(seen)

    def _word(self, lo: int, hi: int) -> str:
        r = self.rng
        parts = [r.choice(_ONSETS) + r.choice(_VOWELS) for _ in range(r.randint(lo, hi))]
        return "".join(parts) + r.choice(_CODAS)

    def _foreign_surname(self) -> str:
        return (self._word(1, 2) + self.rng.choice(_ENDS)).title()

    def _foreign_given(self) -> str:
        return self._word(1, 2).title()

    def _us_surname(self) -> str:
        return self.rng.choice(_US_LAST_A) + self.rng.choice(_US_LAST_B)

    def _company(self) -> str:
        return f"{self._word(1, 2).title()} {self.rng.choice(_CO_KIND)}"

    def _party(self) -> str:
        return f"{self.rng.choice(_PARTY_A)} {self.rng.choice(_PARTY_B)} Party"

    def person(self) -> str:
        r = self.rng
        return f"\x01{r.choice(self.given)} {r.choice(self.surnames)}\x02"

    def surname(self) -> str:
        return f"\x01{self.rng.choice(self.surnames)}\x02"

    def us_person(self) -> str:
        r = self.rng
        return f"{r.choice(_US_FIRST)} {chr(65 + r.randrange(26))}. {r.choice(self.us_last)}"

    def company(self) -> str:
        name = self.rng.choice(self.companies)
        if self.rng.random() < 0.3:
            abbr = "".join(w[0] for w in name.split() if w[0].isupper())
            return f"\x01{name} ({abbr})\x02"
        return f"\x01{name}\x02"


# --------------------------------------------------------------------------------------------
# Sentence templates (mixed case); the all-capitals era derives its text from them.

GENERAL = (
    "On {date}, {title} {person} told {us} that {topic} would be taken up again after {event}.",
    "{person} said the government remained committed to {topic}, but cautioned that progress "
    "would depend on the outcome of {event}.",
    "Contacts in the {ministry} describe the mood in the capital as tense but not alarmed.",
    "{title} {person} noted that the cabinet had approved {topic} in principle on {date}.",
    "Press reports and several Embassy contacts confirm that work on {topic} is now under "
    "active review.",
    'According to {person}, the proposal was "dead on arrival" in the {ministry}.',
    "We expect {topic} to dominate the agenda when parliament reconvenes in {month}.",
    "Our interlocutors were careful not to criticize the {gov} publicly, but privately they were "
    "scathing about its handling of {topic}.",
    "{person}, a longtime Embassy contact, argued that the {party} lacked the votes to block "
    "{topic}.",
    "The {ministry} has not yet responded to our request for a meeting on {topic}.",
    "Turning to {topic}, {person} said the {gov} was prepared to be flexible on timing but not "
    "on substance.",
    "Embassy officers will continue to monitor {topic} closely and report further developments.",
    "The {party} won {num} of the {num2} seats in {place} province, a gain of {small} over the "
    "last election.",
    "{person} claimed that roughly {pct} percent of the budget for {topic} had been diverted.",
    "(Note: {person} was appointed to the post in {month} {year}. End note.)",
    "The {gov} position on {topic} has hardened since {date}, when {title} {person} visited "
    "{place}.",
    "We have no independent means of confirming these figures.",
    "Several diplomats from other missions in the capital share this assessment.",
    "{title} {person} asked that the United States consider increased support for {topic}.",
    "He added that the {ministry} would send a formal reply through diplomatic channels.",
    "She described the talks as frank but constructive and said a second round would follow in "
    "{month}.",
    "Local media gave the visit extensive coverage, most of it positive.",
    "{person} stressed that the {gov} did not want {topic} to become a bilateral irritant.",
    "This is the {ordinal} such incident reported in {place} since {month}.",
    "{title} {person} complained that the {gov} had received no credit for its efforts on {topic}.",
    'Asked about {topic}, {person} replied that "everything depends on the president."',
    "The {ministry} spokesman declined to comment on the reports.",
    "We will seek a follow-up meeting with {title} {person} after {event}.",
    "{person} appeared relaxed and confident throughout the hour-long meeting.",
    "The meeting took place at the {ministry} on {date} and lasted nearly two hours.",
    "In a separate conversation, {person} offered a more pessimistic view.",
    "Most observers expect {topic} to slip until after {event}.",
    "{person} hinted that the {party} might support {topic} in exchange for cabinet posts.",
    "Embassy contacts disagree sharply on how long the current arrangement can last.",
    "It is not clear whether {title} {person} speaks for the government as a whole.",
    "A senior {ministry} official told us privately that the decision had already been made.",
)
NONPRO = (
    "We have information indicating that {company} has offered {tons} tons of {item} to "
    "{company2}.",
    "{company} is associated with {company2}, an entity designated under UNSCR {res}.",
    "These {item} could be used to produce components for ballistic missiles.",
    "Although {item} are not controlled by the MTCR, they are suitable for use in missile "
    "guidance systems.",
    "We urge the {gov} to investigate this activity and take all measures necessary to prevent "
    "further transfers.",
    "{company} shipped {num} units of {item} via {place} in mid-{month} {year}.",
    "The transfer of U.S.-origin items to this end user without a license would violate U.S. "
    "export control regulations.",
    "In {month} {year} we shared information that {company} was seeking {item} for {company2}.",
    "We appreciate the {gov}'s cooperation on nonproliferation matters and look forward to "
    "hearing of any actions taken.",
    "{title} {person} said the {ministry} would ask the export control authorities to look into "
    "the case.",
    "The shipment is believed to be awaiting transshipment at the port of {place}.",
    "{person}, a broker previously linked to {company2}, arranged the financing for the deal.",
    "{company2} has continued to approach {company} concerning purchases of {item}.",
    "The end user listed on the contract, {company2}, is a known front company.",
    "Since our last discussion of this case in {month} {year}, we are not aware of any action "
    "taken to curtail these transfers.",
    "We previously raised {company}'s activities with the {ministry} on {date}.",
    "The {item} were declared to customs as spare parts for agricultural equipment.",
    "Some of these dealings were coordinated by {company}, an intermediary for several "
    "procurement agents.",
    "{title} {person} promised to convey our concerns to the interagency export control committee.",
    "We would welcome any information the {gov} develops in the course of its investigation.",
    "Approximately USD {num},000 worth of {item} was ordered from {company} in {month} {year}.",
    "In other forms, these {item} are suitable for use in missile airframes.",
)
POLITICS = (
    "The {party} has called for early elections, arguing that the coalition has lost its mandate.",
    "{person} predicted that the {party} would split before the {month} party congress.",
    "Turnout in {place} was estimated at {pct} percent, well below the national average.",
    "The opposition walked out of parliament on {date} to protest {topic}.",
    '{title} {person} dismissed rumors that he would step down, calling them "pure fiction."',
    "Demonstrators gathered outside the {ministry} for the {ordinal} consecutive day.",
    "Observers reported isolated irregularities in {place} but no systematic fraud.",
    "The {party} leadership is divided over whether to join the government.",
    "{person} told PolOff that the president's inner circle had grown smaller and more insular.",
    "Party officials in {place} privately concede that they will lose ground in the next election.",
    "The {party} candidate, {person}, is a former mayor of {place} with strong business ties.",
    "Parliament approved the measure by a vote of {num} to {small}{digit}.",
    "{person} accused the ruling coalition of using state media to attack the opposition.",
    "Civil society groups in {place} plan further protests if the bill is not withdrawn.",
    "The president is expected to announce the new cabinet before {event}.",
    "{title} {person} said the coalition agreement would survive despite the latest dispute.",
    "Opinion polls give the {party} between {small} and {pct} percent of the vote.",
)
ECONOMY = (
    "Inflation reached {pct} percent in {month}, the highest level since {year}.",
    "The {ministry} projects growth of {small}.{digit} percent this year, down from earlier "
    "estimates.",
    "Foreign direct investment fell to USD {num} million in the first half of {year}.",
    "Remittances remain the second-largest source of foreign exchange after tourism.",
    "{company} won the tender for {topic} with a bid of USD {num} million.",
    "The Central Bank raised its benchmark rate by {small}0 basis points on {date}.",
    "Business contacts complain that {topic} has added weeks to customs clearance.",
    "Exports to the United States rose {pct} percent year-on-year.",
    "The {ministry} has proposed new incentives for investors in the {place} free zone.",
    "Fuel prices rose {small}{digit} percent after the government cut subsidies on {date}.",
    "{person}, the chairman of {company}, said the new tax regime would drive investors away.",
    "The IMF mission concluded its review on {date} and will return in {month}.",
    "Unemployment remains above {small}{digit} percent in the {place} region.",
    "The trade deficit widened to USD {num} million in the first quarter.",
    "Bankers in the capital expect the currency to weaken further before {event}.",
    "{title} {person} estimated that the informal economy accounts for {pct} percent of GDP.",
)
SECURITY = (
    "Insurgents attacked a police checkpoint near {place} on {date}, killing {small} officers.",
    "The provincial council in {place} met with coalition commanders to discuss {topic}.",
    "{title} {person} said border police had seized {num} kilograms of narcotics since {month}.",
    "Security forces detained {small} suspects in connection with the bombing in {place}.",
    "The local commander, {person}, is widely believed to profit from smuggling across the border.",
    "ISAF and host nation forces conducted a joint patrol through the {place} district.",
    "The district governor in {place}, {person}, is weak and rarely leaves his compound.",
    "Border police in {place} answer to {person} rather than to the provincial chief.",
    "{small} civilians were wounded when a roadside bomb exploded near the {place} market.",
    "Militants have stepped up night letters and intimidation in the villages around {place}.",
    "The army deployed {num} additional troops to {place} after the attack on {date}.",
    "{title} {person} said the security forces lacked vehicles, radios and fuel.",
    "Smuggling across the {place} crossing generates an estimated USD {num} million a year.",
    "Coalition commanders met {person} on {date} to discuss convoy traffic through {place}.",
)
MANAGEMENT = (
    "Post requests that the Department approve the extension of the lease for the residence in "
    "{place}.",
    "The consular section issued {num} nonimmigrant visas in the month of {month}.",
    "Post will host the delegation at the Chief of Mission residence on {date}.",
    "The regional security officer has reviewed the venue and recommends no changes.",
    "Post supports the request and has reserved rooms at the {place} hotel.",
    "The delegation will require {small} vehicles and an expediter at the airport.",
    "Post's Emergency Action Committee met on {date} to review the security posture.",
    "Fraud prevention officers identified {num} suspect applications in the last quarter.",
    "The control officer for the visit will be {us_person}.",
    "Post will seek landing clearances through the {ministry} as soon as the schedule is "
    "confirmed.",
    "The {ministry} has agreed to waive the fees for the diplomatic note on {date}.",
    "Post requests funding of USD {num},000 for the replacement of the perimeter wall.",
    "Wait times for visa interviews have fallen to {small} days.",
)
CATEGORIES: dict[str, tuple[str, ...]] = {
    "general": GENERAL,
    "nonpro": NONPRO,
    "politics": POLITICS,
    "economy": ECONOMY,
    "security": SECURITY,
    "management": MANAGEMENT,
}
CATEGORY_TAGS: dict[str, tuple[str, ...]] = {
    "general": ("PREL", "PGOV", "PINR", "OVIP"),
    "nonpro": ("PARM", "KNNP", "MNUC", "ETTC", "MTCRE", "PREL", "KSCA", "TSPA"),
    "politics": ("PGOV", "PREL", "KDEM", "PHUM", "PINR", "SOCI"),
    "economy": ("ECON", "EFIN", "ETRD", "EINV", "ENRG", "EPET", "EAID"),
    "security": ("PTER", "MARR", "MASS", "SNAR", "KCRM", "PINS", "ASEC"),
    "management": ("AMGT", "ASEC", "CVIS", "CASC", "OVIP", "KPAO"),
}
SUBJECTS = {
    "general": (
        "{TITLE} {SURNAME} ON {TOPIC}",
        "SCENESETTER FOR THE {US_TITLE}'S VISIT TO {POST}",
        "{COUNTRY} VIEWS ON {TOPIC}",
        "DEMARCHE DELIVERED: {TOPIC}",
        "{POST} WEEKLY HIGHLIGHTS, {MONTH} {DAY}",
    ),
    "nonpro": (
        "DEMARCHE REQUEST: {COMPANY} EFFORTS TO SUPPLY {ITEM} TO {COMPANY2}",
        "FOLLOW-UP ON {COMPANY} CASE",
        "{ITEM} TRANSFER TO {COMPANY2} (S)",
        "NONPROLIFERATION DIALOGUE WITH THE {GOV}: {TOPIC}",
    ),
    "politics": (
        "{PARTY} PREPARES FOR {TOPIC}",
        "ELECTIONS IN {PLACE}: LOW TURNOUT, FEW SURPRISES",
        "OPPOSITION LEADER {SURNAME} DISCUSSES {TOPIC}",
        "CABINET RESHUFFLE: WINNERS AND LOSERS",
    ),
    "economy": (
        "{COUNTRY}: REMITTANCES AND THE BUDGET GAP",
        "{TOPIC}: BUSINESS COMMUNITY REACTS",
        "CENTRAL BANK GOVERNOR {SURNAME} ON INFLATION OUTLOOK",
        "ECONOMIC HIGHLIGHTS FOR {MONTH} {YEAR}",
    ),
    "security": (
        "SECURITY SITUATION IN {PLACE} DISTRICT",
        "POWERBROKERS AND GOVERNANCE IN {PLACE}",
        "BORDER SECURITY: {TOPIC}",
    ),
    "management": (
        "REQUEST FOR COUNTRY CLEARANCE: {US_TITLE} VISIT",
        "CONSULAR ROUNDUP FOR {MONTH} {YEAR}",
        "{POST} EMERGENCY ACTION COMMITTEE MEETING",
    ),
}
SUBHEADS = (
    "Background",
    "Comment",
    "Summary",
    "Reactions",
    "Next Steps",
    "Political Fallout",
    "Economic Impact",
    "Regional Angle",
    "Who Is Who",
    "High Level Attention",
    "Cost Benefit Analysis",
    "Meeting with the Minister",
    "Outlook",
    "Bio Note",
)
_ORDINALS = ("second", "third", "fourth", "fifth", "sixth")
_WRAP_CACHE: dict[int, re.Pattern[str]] = {}
_MARKED = re.compile("\x01([^\x02]*)\x02")
_QUOTED = re.compile(r'"([^"\n]{1,200})"')
_ARTICLES = re.compile(r"\b(?:THE|A|AN) ")
_YEAR_SLOT = re.compile("\x03([0-9])")
_SPACED_CLASS = re.compile(r"((?:[A-Z] )+[A-Z])(.*)$")


def _wrap_re(width: int) -> re.Pattern[str]:
    pattern = _WRAP_CACHE.get(width)
    if pattern is None:
        pattern = re.compile(rf"(?:.{{1,{width}}}|\S+)(?: +|$)")
        _WRAP_CACHE[width] = pattern
    return pattern


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap done by the regex engine (much faster than textwrap)."""
    return [m.rstrip(" ") for m in _wrap_re(width).findall(text) if m]


def _telegraphese(text: str, rng: random.Random, qte: bool) -> str:
    text = text.upper()
    if rng.random() < 0.6:
        text = _ARTICLES.sub("", text)
    if rng.random() < 0.35:
        text = text.replace(" NOT ", " NOT RPT NOT ", 1)
    if qte:
        text = _QUOTED.sub(r"QTE \1 UNQTE", text)
    return text


class SentencePool:
    """Filled-in sentences, built once per seed: for each category and template, a list of
    variants in each of the four styles (mixed case, telegraphese, telegraphese with QTE/UNQTE,
    plain capitals). Grouping by template lets a paragraph avoid repeating a template."""

    def __init__(self, vocab: Vocabulary, rng: random.Random, per_template: int = 24) -> None:
        self.vocab = vocab
        self.rng = rng
        self.mixed: dict[str, list[list[str]]] = {}
        self.upper: dict[str, list[list[str]]] = {}
        self.upper_qte: dict[str, list[list[str]]] = {}
        self.caps: dict[str, list[list[str]]] = {}
        for name, templates in CATEGORIES.items():
            groups = [[self.fill(t) for _ in range(per_template)] for t in templates]
            self.mixed[name] = groups
            self.upper[name] = [[_telegraphese(s, rng, False) for s in g] for g in groups]
            self.upper_qte[name] = [[_telegraphese(s, rng, True) for s in g] for g in groups]
            self.caps[name] = [[s.upper() for s in g] for g in groups]

    def fill(self, template: str) -> str:
        v, r = self.vocab, self.rng
        month = r.randrange(12)
        text = template.format(
            date=f"{MONTH_NAMES[month]} {r.randint(1, 28)}",
            month=MONTH_NAMES[r.randrange(12)],
            year=f"\x03{r.randint(1, 6)}",
            title=r.choice(_TITLES),
            person=v.person(),
            us=r.choice(("the Ambassador", "PolOff", "EconOff", "the DCM", "visiting EUR DAS")),
            topic=r.choice(_TOPICS),
            event=r.choice(("the budget debate", "the holiday", "the by-elections", "the summit")),
            ministry=r.choice(_MINISTRIES),
            gov=r.choice(("host government", "government", "ruling coalition", "MFA")),
            party=r.choice(v.parties),
            place=r.choice(v.places),
            num=r.randint(12, 950),
            num2=r.randint(960, 1400),
            small=r.randint(2, 9),
            digit=r.randint(0, 9),
            pct=r.randint(3, 85),
            ordinal=r.choice(_ORDINALS),
            us_person=v.us_person(),
            company=v.company(),
            company2=v.company(),
            item=r.choice(_ITEMS),
            tons=r.randint(2, 60),
            res=r.choice(("1737", "1747", "1803", "1718", "1874", "1540")),
        )
        return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# Planning: which cables exist (dates, posts, ids), before any text is written.

# Year weights: the real release is dominated by 2005-2009; older eras are kept visible.
_YEAR_WEIGHTS: tuple[tuple[range, float], ...] = (
    (range(1966, 1980), 2.0),
    (range(1980, 1990), 2.0),
    (range(1990, 2000), 3.0),
    (range(2000, 2004), 8.0),
    (range(2004, 2005), 6.0),
    (range(2005, 2006), 9.0),
    (range(2006, 2007), 17.0),
    (range(2007, 2008), 18.0),
    (range(2008, 2009), 17.0),
    (range(2009, 2010), 15.0),
    (range(2010, 2011), 3.0),
)
_CLASS_NEW = (
    ("UNCLASSIFIED", 30.0),
    ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", 23.0),
    ("CONFIDENTIAL", 38.5),
    ("CONFIDENTIAL//NOFORN", 2.0),
    ("SECRET", 4.8),
    ("SECRET//NOFORN", 1.7),
)
_CLASS_OLD = (
    ("UNCLASSIFIED", 35.0),
    ("LIMITED OFFICIAL USE", 15.0),
    ("CONFIDENTIAL", 40.0),
    ("SECRET", 10.0),
)


@dataclass(frozen=True)
class CableMeta:
    """The metadata columns of one `cables.csv` row, plus what the generator chose."""

    row: int
    created: datetime
    id: str
    origin: str
    classification: str
    references: tuple[str, ...]
    case: Case
    sections: int
    precedence: str
    category: str
    subject: str
    tags: tuple[str, ...]
    signer: str
    redactions: int
    action_request: bool
    talking_points: bool

    @property
    def date_field(self) -> str:
        c = self.created
        return f"{c.month}/{c.day}/{c.year} {c.hour}:{c.minute:02d}"

    @property
    def references_field(self) -> str:
        return "|".join(self.references)


@dataclass(frozen=True)
class _Plan:
    row: int
    created: datetime
    dtg: datetime
    post: Post
    serial: int
    id: str
    earlier: tuple[str, ...]


def _pick_year(rng: random.Random) -> int:
    years = [y for span, _ in _YEAR_WEIGHTS for y in span]
    weights = [w / len(span) for span, w in _YEAR_WEIGHTS for _ in span]
    return rng.choices(years, weights)[0]


def _plan(n: int, seed: int) -> list[_Plan]:
    rng = random.Random(f"plan:{seed}")
    dtgs: list[datetime] = []
    for _ in range(n):
        year = _pick_year(rng)
        if year == 1966:
            start, days = datetime(1966, 12, 1), 31
        elif year == 2010:
            start, days = datetime(2010, 1, 1), 59
        else:
            start, days = datetime(year, 1, 1), 365
        dtgs.append(start + timedelta(minutes=rng.randrange(days * 1440)))
    dtgs.sort()
    weights = [STATE.weight * 7.0] + [p.weight for p in POSTS]
    posts = (STATE, *POSTS)
    serials: dict[tuple[int, str], int] = {}
    by_post: dict[str, list[str]] = {}
    plans: list[_Plan] = []
    for row, dtg in enumerate(dtgs, start=1):
        post = rng.choices(posts, weights)[0]
        while post.until < dtg.year:
            post = rng.choices(posts, weights)[0]
        key = (dtg.year, post.id_name)
        base = serials.get(key)
        if base is None:
            day = dtg.timetuple().tm_yday
            per_day = 300 if post is STATE else rng.choice((3, 6, 10, 18))
            base = max(1, day * per_day - rng.randrange(per_day * 5 + 1))
        serial = base + rng.randint(1, 40 if post is STATE else 4)
        serials[key] = serial
        cable_id = f"{dtg.year % 100:02d}{post.id_name}{serial}"
        lag = 0 if dtg.year < 1990 or rng.random() < 0.5 else rng.randint(-12, 70)
        earlier = tuple(by_post.get(post.id_name, [])[-12:]) + tuple(by_post.get("STATE", [])[-6:])
        plans.append(_Plan(row, dtg + timedelta(minutes=lag), dtg, post, serial, cable_id, earlier))
        by_post.setdefault(post.id_name, []).append(cable_id)
    return plans


# --------------------------------------------------------------------------------------------
# Writing one cable


def _lognormal_length(rng: random.Random, median: float) -> int:
    value = median * math.exp(rng.gauss(0.0, 0.8))
    return int(min(13_800, max(120, value)))


def _dtg(d: datetime) -> str:
    return f"{d.day:02d}{d.hour:02d}{d.minute:02d}Z {MONTHS[d.month - 1]} {d.year % 100:02d}"


def _dash_line(length: int) -> str:
    if length <= 45:
        return "-" * length
    return "-" * 45 + " " + "-" * (length - 45)


def _spaced(word: str) -> str:
    return " ".join(word)


class _Writer:
    """Holds the per-cable choices while the header and body are assembled."""

    def __init__(self, plan: _Plan, pool: SentencePool, seed: int) -> None:
        self.plan = plan
        self.pool = pool
        self.vocab = pool.vocab
        self.rng = random.Random(f"cable:{seed}:{plan.row}")
        r = self.rng
        year = plan.dtg.year
        self.year = year
        mixed_p = 0.0 if year < 1995 else 0.1 if year < 2000 else 0.3 if year < 2003 else 0.93
        self.case: Case = "mixed" if r.random() < mixed_p else "upper"
        if self.case == "mixed" and year >= 2004 and r.random() < 0.03:
            self.case = "sentence"
        self.old = year < 1990
        table = _CLASS_OLD if year < 1995 else _CLASS_NEW
        self.classification = r.choices([c for c, _ in table], [w for _, w in table])[0]
        # 1960s cables copied from the National Archives carry a "de-classified" notice.
        self.nara_copy = year < 1970 and r.random() < 0.7
        if self.nara_copy:
            self.classification = "UNCLASSIFIED"
        self.base_class = self.classification.split("//")[0]
        self.noforn = self.classification.endswith("NOFORN")
        if plan.post is STATE:
            cats: tuple[str, ...] = ("nonpro", "general", "politics", "economy", "management")
            weights: tuple[float, ...] = (4, 3, 1, 1, 1)
        else:
            cats = tuple(CATEGORIES)
            weights = (3, 1, 4, 3, 2, 1)
        self.category = r.choices(cats, weights)[0]
        self.is_state = plan.post is STATE
        self.action = r.random() < (0.45 if self.is_state else 0.08)
        if self.category == "nonpro" and self.is_state:
            self.action = r.random() < 0.8
        self.talking_points = (
            self.action and not self.old and r.random() < (0.75 if self.is_state else 0.3)
        )
        self.wrap_style = r.choices(("trail", "plain", "flow"), (5, 3, 2))[0]
        self.width = r.randint(56, 70)
        self.blank = " " if self.wrap_style == "trail" and r.random() < 0.8 else ""
        self.pil = "" if self.old or (self.case == "upper" and r.random() < 0.5) else "¶"
        if not self.old and self.case != "upper" and r.random() < 0.12:
            self.pil = ""
        self.num_gap = r.choice((" ", " ", "  "))
        self.sentence_gap = r.choice((" ", "  "))
        self.marked = (not self.old and self.base_class != "UNCLASSIFIED") or r.random() < 0.25
        if self.old and not (year >= 1977 and r.random() < 0.3):
            self.marked = False
        self.redact = (not self.old) and year >= 2003 and r.random() < 0.18
        self.redact_upper = r.random() < 0.3
        self.curly = self.case != "upper" and r.random() < 0.2
        self.qte = 1970 <= year < 1990 and r.random() < 0.6
        self.redactions = 0
        self.action_post = r.choice(EMBASSIES)
        self.signer = self._signer()
        self.body_post = plan.post.body_name if not self.is_state else "STATE"
        self.tags: tuple[str, ...] = ()
        self.subject = ""
        self.refs: list[tuple[str | None, str, str | None]] = []

    # ---------------------------------------------------------------- shared pieces

    def _signer(self) -> str:
        key = random.Random(f"signer:{self.plan.post.id_name}:{self.year // 3}")
        return key.choice(self.vocab.us_last).upper()

    def _sentences(self, k: int) -> str:
        r = self.rng
        if self.case == "upper" and self.year >= 1990:
            pools = self.pool.caps
        elif self.case == "upper":
            pools = self.pool.upper_qte if self.qte else self.pool.upper
        else:
            pools = self.pool.mixed
        own = pools[self.category]
        general = pools["general"]
        k_own = min(len(own), (2 * k + r.randrange(3)) // 3)
        groups = r.sample(own, k_own) + r.sample(general, min(len(general), k - k_own))
        if k_own and len(groups) > 1:
            r.shuffle(groups)
        return self.sentence_gap.join([r.choice(g) for g in groups])

    def _finish_text(self, text: str) -> str:
        if "\x03" in text:
            text = _YEAR_SLOT.sub(self._year_back, text)
        if "\x01" in text:
            if self.redact:
                text = _MARKED.sub(self._redact_one, text)
            else:
                text = text.replace("\x01", "").replace("\x02", "")
        if self.curly:
            text = _QUOTED.sub("“\\1”", text).replace("'", "’")
        return text

    def _year_back(self, m: re.Match[str]) -> str:
        return str(max(1960, self.year - int(m.group(1))))

    def _redact_one(self, m: re.Match[str]) -> str:
        if self.rng.random() < 0.55:
            self.redactions += 1
            return REDACTED.upper() if self.redact_upper else REDACTED
        return m.group(1)

    def _up(self, text: str) -> str:
        return text.upper() if self.case == "upper" else text

    def _lines(self, text: str) -> list[str]:
        """Wrap one logical line in the cable's style."""
        if self.wrap_style == "flow":
            return [text]
        lines = wrap(text, self.width)
        if self.wrap_style == "trail":
            return [line + " " for line in lines]
        return lines

    def _marking(self) -> str:
        r = self.rng
        base = self.base_class
        if base == "SECRET":
            opts: tuple[str, ...] = ("S", "S", "S", "C", "U", "SBU")
            if self.noforn:
                opts += ("S/NF", "S/NF", "S//NF", "S//FGI//NF", "C/NF")
        elif base == "CONFIDENTIAL":
            opts = ("C", "C", "C", "C", "U", "SBU")
            if self.noforn:
                opts += ("C/NF", "C//NF", "C/NOFORN")
        elif base == "LIMITED OFFICIAL USE":
            opts = ("LOU",)
        elif self.classification.endswith("ONLY"):
            opts = ("SBU", "SBU", "U")
        else:
            opts = ("U",)
        return r.choice(opts)

    def _number(self, n: int) -> str:
        mark = f"({self._marking()}) " if self.marked else ""
        lead = " " if self.pil and self.rng.random() < 0.04 else ""
        return f"{lead}{self.pil}{n}.{self.num_gap}{mark}"

    # ---------------------------------------------------------------- header

    def header(self) -> str:
        if self.year >= 2000 and self.rng.random() < 0.75:
            return self._header_routed()
        return self._header_plain()

    def _state_targets(self, most: int) -> list[Post]:
        """Addressees of a Department cable; the post asked to act comes first."""
        others = self.rng.sample(POSTS, self.rng.randint(0, most - 1))
        return list(dict.fromkeys([self.action_post, *others]))

    def _precedence(self) -> tuple[str, str]:
        r = self.rng
        prec = r.choices(("R", "P", "O", "Z"), (40, 36, 23, 1))[0]
        word = {"R": "", "P": "PRIORITY", "O": "IMMEDIATE", "Z": "FLASH"}[prec]
        if prec == "O" and r.random() < 0.1:
            word = "NIACT IMMEDIATE"
        return prec, word

    def _header_plain(self) -> str:
        r, plan = self.rng, self.plan
        prec, word = self._precedence()
        self.prec = prec
        info_prec = r.choice(("", " R", "", " P")) if prec != "R" else ""
        suffix = r.choice(("", "", "", " ZFF4", " ZDK")) if self.old else ""
        trail = " " if r.random() < 0.3 else ""
        lines = [f"{prec}{info_prec} {_dtg(plan.dtg)}{suffix}{trail}"]
        lines.append(f"FM {plan.post.address}")
        numbered = r.random() < 0.6
        targets = self._state_targets(3) if self.is_state else [STATE]
        for i, post in enumerate(targets):
            parts = ["TO" if i == 0 else "", post.address, word]
            if numbered:
                parts.append(f"{r.randrange(10000):04d}")
            lines.append(" ".join(p for p in parts if p) + trail)
        infos: list[str] = []
        for _ in range(r.choice((0, 1, 2, 3, 4, 6, 9))):
            if self.old and r.random() < 0.4:
                infos.append(r.choice(OLD_INFO))
            elif r.random() < 0.25:
                infos.append(r.choice(AGENCIES)[1])
            else:
                infos.append(r.choice(POSTS).address)
        infos = list(dict.fromkeys(infos))
        for i, info in enumerate(infos):
            lines.append(("INFO " if i == 0 else "") + info + trail)
        if self.old and r.random() < 0.15:
            lines.append("STATE GRNC")
        return "\n".join(lines)

    def _header_routed(self) -> str:
        r, plan = self.rng, self.plan
        prec, word = self._precedence()
        self.prec = prec
        dtg = plan.dtg
        relay = r.choice(("XRO", "XRO", "XYZ"))
        infos: list[tuple[str, str]] = []
        if r.random() < 0.6:
            infos.append(r.choice(COLLECTIVES))
        for _ in range(r.choice((0, 1, 2, 3, 5, 8, 14, 22))):
            if r.random() < 0.35:
                infos.append(r.choice(AGENCIES))
            else:
                post = r.choice(POSTS)
                infos.append((post.ri, post.address))
        infos = list(dict.fromkeys(infos))
        lines = [f"VZCZC{relay}{r.randrange(10000):04d}"]
        ris = list(dict.fromkeys(ri for ri, _ in infos if ri.startswith("RUEH")))[:9]
        lines.append(f"{prec}{prec} " + (" ".join(ris) if ris else "RUEHWEB"))
        if relay == "XYZ" and r.random() < 0.5:
            lines.append("")
        sec = "/01" if r.random() < 0.4 else ""
        jday = dtg.timetuple().tm_yday
        lines.append(f"DE {plan.post.ri} #{plan.serial % 10000:04d}{sec} {jday:03d}{dtg:%H%M}")
        code = {"SECRET": "SSSSS", "CONFIDENTIAL": "CCCCC"}.get(self.base_class, "UUUUU")
        lines.append(f"{'ZNR' if code == 'UUUUU' else 'ZNY'} {code} ZZH")
        suffix = r.choice(("", "", "", "", " ZDK"))
        info_prec = " R" if prec != "R" and r.random() < 0.2 else ""
        lines.append(f"{prec}{info_prec} {_dtg(dtg)}{suffix}")
        lines.append(f"FM {plan.post.address}")
        if self.is_state:
            for i, post in enumerate(self._state_targets(4)):
                prefix = "TO " if i == 0 else ""
                parts = (f"{prefix}{post.ri}/{post.address}", word, f"{r.randrange(10000):04d}")
                lines.append(" ".join(p for p in parts if p))
        else:
            parts = ("TO RUEHC/SECSTATE WASHDC", word, f"{r.randrange(10000):04d}")
            lines.append(" ".join(p for p in parts if p))
        info_word = f" {word}" if word and r.random() < 0.4 else ""
        for i, (ri, name) in enumerate(infos):
            tail = f" {r.randrange(10000):04d}" if "AMEMBASSY" in name or "AMCONSUL" in name else ""
            lines.append(("INFO " if i == 0 else "") + f"{ri}/{name}{info_word}{tail}")
        return "\n".join(lines)

    # ---------------------------------------------------------------- body pieces

    def _class_line(self, sections: int) -> str:
        r = self.rng
        base = self.base_class
        if base == "UNCLASSIFIED":
            word = "UNCLAS" if not self.old and r.random() < 0.9 else "UNCLASSIFIED"
        elif base == "LIMITED OFFICIAL USE":
            word = base
        elif (self.old and r.random() < 0.35) or (not self.old and r.random() < 0.82):
            word = _spaced(base)
        else:
            word = base
        if self.old:
            serial = f"{self.plan.serial:05d}" if r.random() < 0.4 else str(self.plan.serial)
        else:
            serial = f"{self.plan.serial:06d}"
        section = f"SECTION {1:02d} OF {sections:02d} " if sections > 1 else ""
        if self.old and sections > 1 and r.random() < 0.3:
            section = f"SECTION 1 OF {sections} "
        trail = " " if r.random() < 0.5 else ""
        return f"{word} {section}{self.body_post} {serial}{trail}"

    def _caveat_lines(self) -> list[str]:
        r = self.rng
        out: list[str] = []
        if self.noforn:
            out.append("NOFORN")
        if self.classification.endswith("ONLY") and r.random() < 0.8:
            out.append(r.choice(("SENSITIVE", "SENSITIVE", "SENSITIVE BUT UNCLASSIFIED")))
        if self.base_class == "SECRET" and r.random() < 0.12:
            out.append(r.choice(("NODIS", "EXDIS")))
        if self.old and self.base_class != "UNCLASSIFIED" and r.random() < 0.15:
            out.append(r.choice(("LIMDIS", "EXDIS", "NODIS")))
        if self.year >= 2003 and r.random() < 0.85:
            out.append("SIPDIS")
            if r.random() < 0.35:
                out.extend(["", "SIPDIS"])
        return out

    def _for_lines(self) -> list[str]:
        r = self.rng
        if self.old or r.random() > 0.3:
            return []
        out = []
        for _ in range(r.randint(1, 3)):
            who = r.choice(
                (
                    "DEPARTMENT FOR",
                    "STATE FOR",
                    "NSC FOR",
                    "STATE PASS USAID FOR",
                    "TREASURY FOR",
                    "USDOC FOR",
                    "DEPT PASS USTR FOR",
                )
            )
            offices = ", ".join(r.sample(OFFICES, r.randint(1, 3)))
            out.append(f"{who} {offices}")
        return out

    def _eo_line(self) -> str:
        r, y = self.rng, self.year
        unclass = self.base_class == "UNCLASSIFIED"
        if y < 1972:
            return r.choice(
                (
                    "E.O. 12958: DECL: DECLASSIFIED BY NARA "
                    f"{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/2009",
                    "E.O. 12958: AS AMENDED; DECLASSIFIED JUNE 21, 2006",
                )
            )
        if y < 1978:
            return r.choice(
                (
                    "E.O. 11652: GDS",
                    "E.O. 11652: N/A",
                    "E.O. 11652: XGDS-2",
                    "E.O. 12958: AS AMENDED; DECLASSIFIED JUNE 21, 2006",
                )
            )
        if y < 1982:
            last = r.choice(self.vocab.us_last).upper()
            return (
                f"E.O. 12065: GDS {r.randint(1, 12)}/{r.randint(1, 28)}/{(y + 6) % 100:02d} "
                f"({last}, {r.choice(_US_FIRST).upper()}) OR-P"
            )
        if y < 1995:
            return r.choice(("E.O. 12356: DECL: OADR", "E.O. 12356: N/A"))
        order = "13526" if y == 2010 and r.random() < 0.2 else "12958"
        if unclass:
            return r.choice((f"E.O. {order}: N/A", f"E.O. {order}:  N/A", f"EO {order} N/A"))
        decl = self.plan.dtg + timedelta(days=365 * r.choice((10, 10, 10, 15, 25)))
        style = r.random()
        if style < 0.7:
            date = f"{decl.month:02d}/{decl.day:02d}/{decl.year}"
        elif style < 0.85:
            date = f"{decl.year}/{decl.month:02d}/{decl.day:02d}"
        elif style < 0.95:
            date = f"{decl.month}/{decl.day:02d}/{decl.year}"
        else:
            date = f"{decl.month:02d}/{decl.day:02d}/{decl.year % 100:02d}"
        prefix = f"E.O. {order}:" if r.random() < 0.55 else f"EO {order}"
        return f"{prefix} DECL: {date}"

    def _tags(self) -> tuple[str, ...]:
        r = self.rng
        pool = OLD_TAGS if self.old else TAGS
        own = OLD_TAGS[:6] if self.old else CATEGORY_TAGS[self.category]
        chosen = list(dict.fromkeys(r.sample(own, min(len(own), r.randint(1, 3)))))
        chosen += [t for t in r.sample(pool, r.randint(0, 3)) if t not in chosen]
        countries = [self.plan.post.country] if not self.is_state else []
        countries += [p.country for p in r.sample(POSTS, r.choice((0, 0, 1, 2)))]
        return tuple(dict.fromkeys(chosen + countries))

    def _tags_lines(self) -> list[str]:
        r = self.rng
        tags = self.tags
        sep = ", " if r.random() < 0.35 else " "
        label = "TAGS:" if r.random() < 0.85 or self.old else "TAGS"
        if len(tags) > 6 and r.random() < 0.5:
            return [f"{label} {sep.join(tags[:5])}", sep.join(tags[5:])]
        return [f"{label} {sep.join(tags)}"]

    def _subject(self) -> str:
        r, v = self.rng, self.vocab
        template = r.choice(SUBJECTS[self.category])
        month = r.randrange(12)
        company = re.sub("[\x01\x02]", "", v.company())
        company2 = re.sub("[\x01\x02]", "", v.company())
        text = template.format(
            TITLE=r.choice(_TITLES),
            SURNAME=r.choice(v.surnames),
            TOPIC=r.choice(_TOPICS).removeprefix("the "),
            US_TITLE=r.choice(("DEPUTY SECRETARY", "SECRETARY", "UNDER SECRETARY", "CODEL")),
            POST=(self.plan.post.body_name if not self.is_state else r.choice(POSTS).body_name),
            COUNTRY=r.choice(v.places),
            MONTH=MONTH_NAMES[month],
            DAY=r.randint(1, 28),
            YEAR=self.year,
            COMPANY=company,
            COMPANY2=company2,
            ITEM=r.choice(_ITEMS),
            GOV=self.plan.post.gov if not self.is_state else r.choice(POSTS).gov,
            PARTY=r.choice(v.parties),
            PLACE=r.choice(v.places),
        )
        return text.upper() if self.case == "upper" or r.random() < 0.9 else text

    def _subject_lines(self) -> list[str]:
        r = self.rng
        label = "SUBJ:" if self.old and r.random() < 0.3 else "SUBJECT:"
        mark = ""
        if not self.old and self.base_class != "UNCLASSIFIED" and r.random() < 0.15:
            mark = f"({self._marking()}) "
        gap = "  " if r.random() < 0.1 else " "
        text = f"{label}{gap}{mark}{self.subject}"
        if self.wrap_style == "flow" and r.random() < 0.5:
            return [text]
        lines = wrap(text, r.randint(58, 68))
        return [line + " " for line in lines] if self.wrap_style == "trail" else lines

    def _reference(self, letter: str | None) -> tuple[str, str | None]:
        """One reference: its text and the cable id it names (None for non-cable references)."""
        r, plan = self.rng, self.plan
        roll = r.random()
        if roll < 0.08 and not self.old:
            who = f"{r.choice(self.vocab.us_last).upper()} - {r.choice(self.vocab.us_last).upper()}"
            return f"{who} EMAIL OF {MONTH_NAMES[r.randrange(12)].upper()} {r.randint(1, 28)}", None
        if roll < 0.55 and plan.earlier:
            cid = r.choice(plan.earlier)
            m = re.match(r"(\d\d)([A-Z]+?)(\d+)$", cid)
            assert m is not None
            yy, name, num = m.groups()
            post_text = "STATE" if name == "STATE" else self._body_name(name)
        else:
            post = (
                STATE if r.random() < 0.4 else (plan.post if r.random() < 0.6 else r.choice(POSTS))
            )
            back = r.choice((0, 0, 0, 0, 1, 1, 2))
            year = max(1966, self.year - back)
            yy = f"{year % 100:02d}"
            num = str(r.randint(10, 190000 if post is STATE else 9000))
            name, post_text = post.id_name, ("STATE" if post is STATE else post.body_name)
        cid = f"{yy}{name}{num}"
        if name == "STATE" and r.random() < 0.1:
            post_text = "SECSTATE"
        shown = num
        if r.random() < 0.15:
            shown = f"{int(num):05d}"
        year_part = ""
        if int(yy) != self.year % 100:
            year_part = (
                f"{yy} "
                if r.random() < 0.92
                else f"{1900 + int(yy) if int(yy) > 50 else 2000 + int(yy)} "
            )
        text = f"{year_part}{post_text} {shown}"
        if r.random() < 0.06:
            text += r.choice((" AND PREVIOUS", " CIRCULAR", " (NOTAL)"))
        return text, cid

    def _body_name(self, id_name: str) -> str:
        for post in POSTS:
            if post.id_name == id_name:
                return post.body_name
        return id_name

    def _ref_lines(self) -> tuple[list[str], tuple[str, ...]]:
        r = self.rng
        if r.random() > (0.4 if self.old else 0.55):
            return [], ()
        count = r.choices((1, 2, 3, 4, 5, 7), (45, 20, 15, 10, 6, 4))[0]
        letters = "ABCDEFGHIJ"
        refs: list[tuple[str, str | None]] = []
        seen: set[str] = set()
        for i in range(count):
            for _ in range(6):  # the same cable is not cited twice in one REF block
                text, cid = self._reference(letters[i] if count > 1 else None)
                if cid is None or cid not in seen:
                    break
            else:
                continue
            if cid is not None:
                seen.add(cid)
            refs.append((text, cid))
        count = len(refs)
        ids = tuple(sorted({cid for _, cid in refs if cid is not None}))
        label = r.choice(("REF:", "REF:", "REF:", "REFS:", "REFTEL:")) if count == 1 else "REF:"
        if count > 1 and r.random() < 0.1:
            label = "REFS:"
        if count == 1:
            return [f"{label} {refs[0][0]}"], ids
        style = r.random()
        if self.old and style < 0.5:
            sep = r.choice(("; ", ": ", ", "))
            return [f"{label} " + sep.join(t for t, _ in refs)], ids
        if style < 0.55:
            indent = r.choice(("     ", "", "    "))
            lines = [f"{label} A. {refs[0][0]}"]
            for i, (text, _) in enumerate(refs[1:], start=1):
                lines.append(f"{indent}{letters[i]}. {text}")
            return lines, ids
        if style < 0.8:
            return [
                f"{label} " + " ".join(f"{letters[i]}. {t}" for i, (t, _) in enumerate(refs))
            ], ids
        if style < 0.92:
            return [
                f"{label} " + " ".join(f"({letters[i]}) {t}" for i, (t, _) in enumerate(refs))
            ], ids
        return [f"{label} " + " ".join(f"{letters[i]}) {t}" for i, (t, _) in enumerate(refs))], ids

    def _classified_by(self) -> list[str]:
        r = self.rng
        if self.base_class in ("UNCLASSIFIED", "LIMITED OFFICIAL USE"):
            return []
        if self.old:
            return []
        if r.random() < 0.08:
            return []
        who = f"{r.choice(_US_TITLES)} {self.vocab.us_person()}"
        if self.is_state:
            who = (
                f"{r.choice(OFFICES)} {r.choice(('Director', 'Acting Director', 'DAS'))} "
                f"{self.vocab.us_person()}"
            )
        section = "1.5" if self.year < 2003 else "1.4"
        reasons = r.choice(
            (
                f"for reasons {section} (b) and (d)",
                f"Reasons {section} (b, d)",
                f"reasons {section}(b/d)",
                f"for Reasons {section} (B) and (D)",
                f"reason {section} (d)",
                f"for reasons {section} (a), (b), and (d)",
            )
        )
        label = "Classified By:" if r.random() < 0.92 else "CLASSIFIED BY:"
        text = f"{label} {who}{r.choice((', ', ' ', '; '))}{reasons}{r.choice(('.', '', ''))}"
        if self.case == "upper" and r.random() < 0.6:
            text = text.upper()
        if self.wrap_style == "flow":
            return [text]
        return self._lines(text)

    # ---------------------------------------------------------------- paragraphs

    def _paragraphs(self, target: int) -> list[list[str]]:
        """Paragraph blocks, each a list of logical lines (before wrapping)."""
        r = self.rng
        blocks: list[list[str]] = []
        post_name = self.plan.post.body_name.title()
        action_target = self.action_post.body_name.title() if self.is_state else post_name
        summary = target > 1500 and r.random() < 0.65
        participants = not self.old and r.random() < 0.07
        numbered_action = self.action and not self.old
        # The paragraph that carries the request, and the talking points right after it.
        first_free = 1 + int(numbered_action) + int(summary) + int(participants)
        ask_para = first_free + r.randint(0, 3)
        tp_para = ask_para + 1 if self.talking_points else 0
        n = 1
        if self.action:
            if self.old:
                blocks.append([f"ACTION REQUESTED: {self._old_request()}"])
            else:
                ask = f"This is an action request. Embassy {action_target} please see paragraph "
                blocks.append([self._number(n) + self._up(f"{ask}{ask_para}.")])
                n += 1
        if summary:
            body = self._sentences(r.randint(3, 7))
            if self.old:
                if r.random() < 0.5:
                    blocks.append([f"SUMMARY: {body} END SUMMARY."])
                else:
                    blocks.append(["BEGIN SUMMARY", "", f"{body} END SUMMARY"])
            elif r.random() < 0.2:
                head = r.choice(("Summary", "Summary and Comment"))
                blocks.append([_dash_line(len(head)), head, _dash_line(len(head))])
                blocks.append([self._number(n) + body])
            else:
                word = r.choice(("Summary:", "Summary:", "SUMMARY:", "Summary and Comment:"))
                end = r.choice(("End Summary.", "End summary.", "END SUMMARY."))
                blocks.append([self._number(n) + self._up(f"{word} {body} {end}")])
            if not self.old:
                n += 1
        if participants:
            people = [self._up("United States:")]
            people += [f"{r.choice(_US_TITLES)} {self.vocab.us_person()}" for _ in range(3)]
            people += ["", self._up(f"{self.vocab.places[0]}:")]
            people += [f"{r.choice(_TITLES)} {self.vocab.person()}" for _ in range(2)]
            blocks.append([self._number(n) + self._up("Participants:"), "", *people])
            n += 1
        size = sum(len(x) for b in blocks for x in b)
        while size < target or (numbered_action and n <= max(ask_para, tp_para)):
            if numbered_action and n in (ask_para, tp_para):
                if n == ask_para:
                    block = self._action_paragraph(n, action_target)
                else:
                    block = self._talking_points(n)
                blocks.append(block)
                size += sum(len(x) for x in block)
                n += 1
                continue
            if target > 4000 and r.random() < 0.12 and not self.old:
                head = r.choice(SUBHEADS)
                if r.random() < 0.4:
                    head = re.sub("[\x01\x02]", "", self._sentences(1))[:58].rstrip(". ")
                blocks.append([_dash_line(len(head)), head, _dash_line(len(head))])
            k = r.choices((1, 2, 3, 4, 5, 6, 8), (8, 15, 22, 22, 16, 10, 7))[0]
            lines = [self._number(n) + self._sentences(k)]
            if r.random() < 0.08:
                lines.append("")
                for _ in range(r.randint(2, 5)):
                    bullet = "A. " if self.old and r.random() < 0.3 else "-- "
                    lines.append(bullet + self._sentences(1))
                    if r.random() < 0.5:
                        lines.append("")
                if lines[-1] == "":
                    lines.pop()
            blocks.append(lines)
            size += sum(len(x) for x in lines)
            n += 1
        if r.random() < 0.35 and target > 1200:
            word = r.choice(("Comment:", "COMMENT:", "Comment."))
            end = r.choice(("End comment.", "END COMMENT.", "End Comment."))
            text = self._up(f"{word} {self._sentences(r.randint(2, 5))} {end}")
            blocks.append([self._number(n) + text])
            n += 1
        if (self.action and r.random() < 0.7) or r.random() < 0.06:
            blocks.append([self._number(n) + self._poc()])
            n += 1
        if not self.old and r.random() < 0.08:
            country = self.plan.post.country.lower()
            site = f"http://www.state.sgov.gov/p/{country}/{self.plan.post.id_name.lower()}/"
            blocks.append([self._number(n) + f"Visit {post_name}'s Classified Website: ({site})"])
        return blocks

    def _old_request(self) -> str:
        r = self.rng
        topic = r.choice(_TOPICS).upper()
        day = f"{MONTHS[r.randrange(12)]} {r.randint(1, 28)}"
        return r.choice(
            (
                f"DEPARTMENT'S GUIDANCE ON {topic} BY {day}.",
                f"EMBASSY REQUESTS AUTHORIZATION TO DISCUSS {topic} WITH FONOFF.",
                f"COUNTRY TEAM RECOMMENDS DEPARTMENT RESPOND FAVORABLY TO REQUEST ON {topic}.",
                "NONE. FOR INFORMATION ONLY.",
                f"ADDRESSEES REQUESTED TO APPROACH HOST GOVERNMENTS ON {topic} SOONEST.",
            )
        )

    def _action_paragraph(self, n: int, target: str) -> list[str]:
        r = self.rng
        if self.is_state:
            text = (
                f"Action Request: Request Embassy {target} approach appropriate host "
                f"government officials to deliver talking points in paragraph {n + 1} and "
                "report response. Talking points also may be provided as a non-paper."
            )
            if not self.talking_points:
                text = (
                    f"Action Request: Embassy {target} is requested to raise "
                    f"{r.choice(_TOPICS)} with appropriate officials at the "
                    f"{r.choice(_MINISTRIES)} and report any response by "
                    f"{MONTH_NAMES[r.randrange(12)]} {r.randint(1, 28)}."
                )
        else:
            text = (
                f"ACTION REQUEST: Post requests Department guidance on {r.choice(_TOPICS)} "
                f"before {MONTH_NAMES[r.randrange(12)]} {r.randint(1, 28)}."
            )
        return [self._number(n) + self._up(text)]

    def _talking_points(self, n: int) -> list[str]:
        r = self.rng
        word = r.choice(("talking points/non-paper", "talking points", "non-paper"))
        lines = [self._number(n) + self._up(f"Begin {word}:"), ""]
        if self.base_class != "UNCLASSIFIED" and r.random() < 0.5:
            rel = r.choice(POSTS).body_name
            cls = self.base_class
            tp_class = f"({cls} REL {rel})" if r.random() < 0.5 else f"({cls}//REL {rel})"
            lines.extend([tp_class if r.random() < 0.8 else tp_class.lower(), ""])
        for _ in range(r.randint(4, 14)):
            lines.extend([f"-- {self._sentences(r.choice((1, 1, 2)))}", ""])
        lines.append(self._up(f"End {word}."))
        return lines

    def _poc(self) -> str:
        r = self.rng
        office = r.choice(OFFICES)
        phone = f"202-647-{r.randrange(10000):04d}"
        name = self.vocab.us_person()
        email = name.split()[-1].lower() + name[0].lower()
        choices = (
            f"Washington POC is {office} {name} (Phone: {phone}). Please slug any reporting on "
            f"this issue for {office} and {r.choice(OFFICES)}.",
            f"Please contact {office}'s {name} with any questions or follow-up issues related to "
            f"this case ({phone} - {email}@state.sgov.gov).",
            f"Embassy POC is {r.choice(('Economic Officer', 'Political Officer', 'RSO'))} {name}, "
            f"{email}@state.gov.",
            f"Department POC is {name}, {office}, tel. {phone}.",
        )
        return self._up(r.choice(choices))

    # ---------------------------------------------------------------- assembly

    def body(self) -> str:
        r, plan = self.rng, self.plan
        old = self.old
        median = 1900.0 if old else (2600.0 if self.year < 2004 else 3100.0)
        target = _lognormal_length(r, median)
        self.tags = self._tags()
        self.subject = self._subject()
        ref_lines, self.ref_ids = self._ref_lines()
        blocks = self._paragraphs(target)

        para_lines: list[str] = []
        blank = self.blank
        for block in blocks:
            for logical in block:
                if not logical:
                    para_lines.append(blank)
                    continue
                para_lines.extend(self._lines(self._finish_text(logical)))
            para_lines.append(blank)
        if para_lines and para_lines[-1] == blank:
            para_lines.pop()

        per_section = r.randint(3600, 5600) if not old else r.randint(2600, 4200)
        chars = sum(len(x) + 1 for x in para_lines)
        sections = max(1, math.ceil(chars / per_section)) if r.random() < 0.95 else 1
        sections = min(sections, 12)
        self.sections = sections

        top: list[str] = [self._class_line(sections)]
        if self.nara_copy:
            top += [
                blank,
                "Original Telegram was Confidential but has since been ",
                "de-classified ",
                blank,
                "-" * 45 + " ---- ",
                "Copy from the National Archives ",
                "RG 59: General Records of the Department of state ",
                f"{self.year - 2}-{self.year % 100} Central Foreign Policy File ",
                f"File: POL {r.randint(1, 33)}-{r.randint(1, 9)} {plan.post.country} ",
                "-" * 45 + " ---- ",
            ]
        elif old and self.year >= 1974 and r.random() < 0.2:
            top += [
                blank,
                "Declassified/Released US Department of State EO ",
                f"Systematic Review {r.randint(1, 28):02d} JUL 2006 ",
            ]
        caveats = self._caveat_lines()
        if caveats:
            top.append(blank)
            top.extend(x or blank for x in caveats)
        fors = self._for_lines()
        for line in fors:
            top += [blank, line]
        top.append(blank)
        top.append(self._eo_line())
        top.extend(self._tags_lines())
        subject_lines = self._subject_lines()
        if old and r.random() < 0.3:
            top.append(blank)
        top.extend(subject_lines)
        if ref_lines:
            top.append(blank)
            top.extend(ref_lines)
        classified = self._classified_by()
        if classified:
            top.append(blank)
            top.extend(classified)
        if old and self.action and r.random() < 0.3:
            top += [blank, "COUNTRY TEAM MESSAGE"]
        top += [blank] * r.choice((1, 1, 2))

        para_lines = self._page_marks(para_lines, sections)
        tail = self._tail()
        lines = top + para_lines + tail
        if self.case == "sentence":
            lines = self._sentence_case(lines, len(top))
        return "\n".join(lines) + "\n"

    def _page_marks(self, lines: list[str], sections: int) -> list[str]:
        r, plan = self.rng, self.plan
        blank = self.blank
        if self.old:
            if r.random() < 0.5:
                return lines
            out: list[str] = []
            step = r.randint(26, 40) if self.wrap_style != "flow" else r.randint(5, 9)
            per_section = max(1, math.ceil(len(lines) / sections))
            page = 1
            section = 1
            repeat_class = r.random() < 0.3
            for i, line in enumerate(lines):
                if i and i % per_section == 0 and section < sections:
                    section += 1
                    page = 0
                if i and i % step == 0:
                    page += 1
                    sec = f" {section:02d} OF {sections:02d}" if sections > 1 else ""
                    stamp = f"{plan.dtg:%d%H%M}Z"
                    if repeat_class:
                        out.append(" " + self.base_class)
                    out.append(f"PAGE {page:02d} {self.body_post} {plan.serial:05d}{sec} {stamp}")
                    out.append(blank)
                out.append(line)
            return out
        if sections <= 1:
            return lines
        out = []
        boundaries = {len(lines) * k // sections: k + 1 for k in range(1, sections)}
        for i, line in enumerate(lines):
            k = boundaries.get(i)
            if k is not None:
                mark = f"{self.body_post} {plan.serial:08d}  {k:03d} OF {sections:03d}"
                if r.random() < 0.1:
                    mark = f"{self.body_post} {plan.serial:08d}  {k - 1:03d}.2 OF {sections:03d}"
                out += [blank, mark + (" " if self.wrap_style == "trail" else ""), blank, blank]
            out.append(line)
        return out

    def _tail(self) -> list[str]:
        r = self.rng
        blank = self.blank
        out: list[str] = [blank] if r.random() < 0.7 else []
        if self.old and self.year < 1971 and r.random() < 0.6:
            out.append(f"GP-{r.randint(1, 4)} ")
        signer = self.signer
        if self.case == "sentence":
            signer = signer.title()
        out.append(signer + (" " if self.wrap_style == "trail" else ""))
        if self.old and r.random() < 0.3:
            out += [blank, self.base_class]
        return out

    def _sentence_case(self, lines: list[str], top: int) -> list[str]:
        """The release's sentence-casing of the opening lines: `S e c r e t state 068250`."""
        out = []
        for i, line in enumerate(lines):
            if i == 0:
                m = _SPACED_CLASS.match(line)
                if m:
                    spaced = m.group(1)
                    line = spaced[0] + spaced[1:].lower() + m.group(2).lower()
                else:
                    line = line[:1] + line[1:].lower()
            elif i < top and line.strip() and not line.upper().startswith("CLASSIFIED"):
                line = line[:1] + line[1:].lower()
            out.append(line)
        return out

    def meta(self) -> CableMeta:
        plan = self.plan
        return CableMeta(
            row=plan.row,
            created=plan.created,
            id=plan.id,
            origin=plan.post.origin,
            classification=self.classification,
            references=self.ref_ids,
            case=self.case,
            sections=self.sections,
            precedence=self.prec,
            category=self.category,
            subject=self.subject,
            tags=self.tags,
            signer=self.signer,
            redactions=self.redactions,
            action_request=self.action,
            talking_points=self.talking_points,
        )


# --------------------------------------------------------------------------------------------
# Public interface


def iter_cables(n: int, seed: int = 0) -> Iterator[tuple[CableMeta, str, str]]:
    """Yield `(metadata, header, body)` for `n` cables in date order; the same seed, the same
    cables."""
    vocab_rng = random.Random(f"vocab:{seed}")
    pool = SentencePool(Vocabulary(vocab_rng), vocab_rng)
    for plan in _plan(n, seed):
        writer = _Writer(plan, pool, seed)
        header = writer.header()
        body = writer.body()
        yield writer.meta(), header, body


def _quote(field: str) -> str:
    return '"' + field.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'") + '"'


def csv_row(meta: CableMeta, header: str, body: str) -> str:
    """One row in the `cables.csv` dialect, with its line end."""
    fields = (
        str(meta.row),
        meta.date_field,
        meta.id,
        meta.origin,
        meta.classification,
        meta.references_field,
        header,
        body,
    )
    return ",".join(map(_quote, fields)) + "\n"


def write_csv(path: str | Path, n: int, seed: int = 0) -> int:
    """Write `n` cables to `path` in the Cablegate `cables.csv` dialect; return bytes written."""
    written = 0
    with open(path, "wb") as out:
        chunk: list[str] = []
        for meta, header, body in iter_cables(n, seed):
            chunk.append(csv_row(meta, header, body))
            if len(chunk) >= 256 or meta.row == n:
                data = "".join(chunk).encode("utf-8")
                written += out.write(data)
                chunk.clear()
    return written


def read_rows(path: str | Path) -> Iterator[list[str]]:
    """Read a `cables.csv` file back with the csv module in the release's dialect."""
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle, escapechar="\\", doublequote=False, strict=True)


def check_csv(path: str | Path, expect: int | None = None) -> list[str]:
    """Problems found when reading a generated file back; empty when it round-trips."""
    problems: list[str] = []
    count = 0
    ids: set[str] = set()
    date_re = re.compile(r"[1-9]\d?/[1-9]\d?/\d{4} [1-9]?\d:\d\d$")
    for count, row in enumerate(read_rows(path), start=1):
        if len(row) != 8:
            problems.append(f"row {count}: {len(row)} columns")
            continue
        if row[0] != str(count):
            problems.append(f"row {count}: row number {row[0]!r}")
        if not date_re.match(row[1]):
            problems.append(f"row {count}: date {row[1]!r}")
        if row[2] in ids:
            problems.append(f"row {count}: duplicate id {row[2]}")
        ids.add(row[2])
        low = (row[6] + row[7]).lower()
        bad = [f for f in FORBIDDEN if f in low]
        if bad:
            problems.append(f"row {count}: forbidden names {bad}")
    if expect is not None and count != expect:
        problems.append(f"{count} rows read, {expect} written")
    return problems


def _length_report(lengths: Sequence[int]) -> str:
    s = sorted(lengths)
    q = [s[min(len(s) - 1, int(len(s) * p))] for p in (0.0, 0.1, 0.5, 0.9, 0.99)]
    return f"body chars min {q[0]}, p10 {q[1]}, median {q[2]}, p90 {q[3]}, p99 {q[4]}, max {s[-1]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", help="write a cables.csv file here")
    parser.add_argument("--n", type=int, default=1000, help="number of cables (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, metavar="ROW", help="print one cable and exit")
    parser.add_argument("--check", action="store_true", help="read the file back and verify it")
    args = parser.parse_args(argv)
    if args.show is not None:
        for meta, header, body in iter_cables(max(args.n, args.show), args.seed):
            if meta.row == args.show:
                print(meta)
                print(header, end="\n\n")
                print(body)
                return 0
        return 1
    if not args.output:
        lengths = [len(body) for _, _, body in iter_cables(args.n, args.seed)]
        print(_length_report(lengths))
        return 0
    size = write_csv(args.output, args.n, args.seed)
    print(f"wrote {args.n} cables, {size / 1e6:.1f} MB to {args.output}")
    if args.check:
        problems = check_csv(args.output, args.n)
        for problem in problems[:20]:
            print(problem, file=sys.stderr)
        if problems:
            return 1
        print("round-trip check passed: every row has 8 columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
