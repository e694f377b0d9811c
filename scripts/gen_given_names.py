#!/usr/bin/env python3
"""Generate ontology/given-names.txt, the given-names lexicon of newsgraph.

Sources
  * nam_dict.txt by Jörg Michael (GNU Free Documentation License 1.2 or later),
    as shipped by the PyPI package gender-guesser 0.4.0
    (`pip install gender-guesser==0.4.0`); located through importlib.
  * ontology/given-names-extra.txt, a hand-kept supplement.

Filters (see ontology/given-names.README.md for the reasoning)
  * Debian word lists /usr/share/dict/american-english (wamerican) and
    /usr/share/dict/french (wfrench): `apt-get install -y wamerican wfrench`.
  * Country names, demonyms and capitals, in English and French, from
    shared/data/countries.json (mledoze/countries, ODbL), used only to remove
    names; nothing of it is copied into the output.
  * Hand-kept lists below: function words, months and weekdays, titles, name
    particles, places and news terms, East Asian surnames, and the allow-list
    of frequent given names that are also dictionary words.

Output: one given name per line, UTF-8, "\\n" line ends, sorted by code point,
unique. Standard library only; the output is byte-identical on every run with
the same inputs.

Usage
  python3 scripts/gen_given_names.py            # (re)write the lexicon
  python3 scripts/gen_given_names.py --check    # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.resources
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "ontology" / "given-names.txt"
EXTRA = ROOT / "ontology" / "given-names-extra.txt"
DEFAULT_COUNTRIES = ROOT.parent / "shared" / "data" / "countries.json"
WORDLISTS = (
    Path("/usr/share/dict/american-english"),  # Debian package wamerican
    Path("/usr/share/dict/french"),  # Debian package wfrench
)

GENDER_GUESSER_VERSION = "0.4.0"

GENDER_HEADER = (
    "# Given names whose gender nam_dict.txt gives as male or mostly male (m: codes M, 1M) or\n"
    "# female or mostly female (f: F, 1F) in every entry they come from; generated with\n"
    "# given-names.txt by scripts/gen_given_names.py (same source, credit and license: see\n"
    "# given-names.README.md). A weak cue for he/she, used only when the text gives none.\n"
    "# name\tgender\n"
)
# sha256 of gender_guesser/data/nam_dict.txt in gender-guesser 0.4.0
NAM_DICT_SHA256 = "bfe79b1f3533d188333c36d7b0722868b873b2d366bb15bed3ed9a4f85db3c8c"

# Frequency columns of nam_dict.txt (header "list of countries"): one hex digit
# per country, starting at column 31 (index 30).
COUNTRY_COLUMNS = (
    "GB IE US IT MT PT ES FR BE LU NL EFRISIA DE AT CH IS DK NO SE FI EE LV LT "
    "PL CZ SK HU RO BG BA HR XK MK ME RS SI AL GR RU BY MD UA AM AZ GE STANS TR "
    "ARABIA IL CN IN JP KR VN OTHER"
).split()
FREQ_START = 30
EAST_ASIAN_COLUMNS = {"CN", "KR", "VN"}

# ---------------------------------------------------------------------------
# Hand-kept lists
# ---------------------------------------------------------------------------

# Always dropped, whatever the word lists say: French and English function
# words and headline words that start sentences, plus the examples of common
# words that the lexicon must never treat as given names.
ALWAYS_DROP = """
A Au Aux Ce Ces Cet Cette Chez Comme Contre Dans De Des Depuis Donc Du Elle
Elles En Entre Et Il Ils Je La Le Les Leur Leurs Lors Ma Mais Malgré Me Mes
Moi Mon Ni Nos Notre Nous Or Ou Où Par Pendant Plus Pour Puis Qu Quand Que
Qui Sa Sans Se Selon Ses Si Son Sous Sur Ta Te Tes Ton Tous Tout Toute Toutes
Très Tu Un Une Vers Vos Votre Vous Y Après Apres Avant Ainsi Alors Aussi
Encore Enfin Déjà Non Oui Avec Car
An And Are As At Be But By Can Could Did Do Does For From Had Has Have He Her
His If In Into Is It Its May Might Must My No Nor Not Of On Or Our Over She
Should So That The Their There These They This Those To Under Was We Were
When While Will With Would Yet You Your After Before Since Until New Old
First Last Next
Mark Rose Grace Hope Joy Faith Summer Will May June April August Said
"""

# Months and weekdays, French and English (with unaccented spellings).
MONTHS_DAYS = """
Janvier Février Fevrier Mars Avril Mai Juin Juillet Août Aout Septembre
Octobre Novembre Décembre Decembre Lundi Mardi Mercredi Jeudi Vendredi Samedi
Dimanche January February March April May June July August September October
November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday
"""

# Titles and forms of address that precede names in news text.
TITLES = """
Président Présidente President General Général Générale Ministre Minister
Premier Première Secrétaire Secretary King Queen Roi Reine Prince Princesse
Princess Emir Émir Sheikh Cheikh Sheik Shaykh Sultan Sultane Shah Khan
Pacha Pasha Bey Agha Aga Raja Rajah Rani Maharaja Tsar Czar Kaiser Emperor
Empereur Impératrice Empress Calife Caliph Mufti Imam Ayatollah Mollah Mullah
Rabbin Rabbi Pape Pope Cardinal Bishop Évêque Eveque Abbé Abbe Mgr Monseigneur
Saint Sainte Père Pere Mère Mere Frère Frere Soeur Sœur Sister Brother Father
Mother Duc Duchesse Duke Duchess Earl Count Comte Comtesse Countess Baron
Baronne Baroness Marquis Marquise Lord Lady Sir Dame Madame Mademoiselle
Monsieur Mister Mr Mrs Ms Mme Mlle Dr Docteur Doctor Professeur Professor Prof
Chancelier Chancelière Chancellor Senator Sénateur Sénatrice Député Députée
Deputy Maire Mayor Gouverneur Governor Colonel Capitaine Captain Major
Lieutenant Sergent Sergeant Caporal Corporal Admiral Amiral Maréchal Marechal
Marshal Commandant Commander Juge Judge Justice Ambassadeur Ambassadrice
Ambassador Consul Chef Chief Général Generalissimo Maître Maitre Me Sidi
Sayyid Seyyed Sayed Hajj Hadj Haji
"""

# Name particles and place prefixes (El Salvador, Al Jazeera, Abu Dhabi,
# San Francisco, Van Gogh...): never a given name on their own in news text.
PARTICLES = """
Al El Abu Abou Bin Ibn Bint Ould Van Von Der Den Del Della Delle Dello Dos Das
Di Da De Du Le La Mac Mc San Santa Santo Sao São St Ste Ter Ten Het Zu Zum Zur
"""

# Continents and world regions (English and French).
REGIONS = """
Europe Europa Afrique Africa Asie Asia Amérique America Amerique Océanie
Oceania Antarctique Antarctica Arctique Arctic Eurasie Eurasia Occident Orient
Maghreb Machrek Sahel Balkans Caraïbes Caribbean
"""

# French names of national capitals that differ from the English names given
# by countries.json (which has capitals in English only).
FRENCH_CAPITALS = """
Londres Moscou Pékin Pekin Varsovie Athènes Lisbonne Vienne Berne Bruxelles
Copenhague Caire Alger Bagdad Damas Beyrouth Jérusalem Téhéran Teheran Kiev
Kyiv Nicosie Valette Bucarest Tbilissi Erevan Bakou Tachkent Bichkek Douchanbé
Achgabat Kaboul Katmandou Thimphou Dacca Hanoï Manille Djakarta Jakarta
Singapour Séoul Seoul Oulan-Bator Havane Bogota Brasilia Asuncion Khartoum
Addis-Abeba Mogadiscio Riyad Koweït Mascate Sanaa Yaoundé Ouagadougou
Nouakchott Tripoli Rabat Tunis Dakar Bamako Niamey Lomé Cotonou Conakry
Kinshasa Brazzaville Libreville Bangui Luanda Maputo Harare Lusaka Pretoria
Nairobi Kampala Kigali Dodoma Djibouti Asmara Doha Manama Amman Ankara Rome
Madrid Paris Berlin Washington Ottawa Tokyo Canberra Wellington Sofia Prague
"""

# Places and other capitalised news terms that nam_dict.txt lists as given
# names (often through the concatenated form of a Chinese compound: Tian+Jin
# -> Tianjin). Reviewed against the GeoNames cities of 1,000,000 inhabitants
# or more and a list of places frequent in news (regions, war zones, clubs).
# A name that is clearly more frequent as a person (Charlotte, Florence,
# Madison, Carolina, Aude, Brittany, Vladimir...) is kept.
NEWS_PLACES = """
Adelaide Aden Agra Ain Alexandria Assam Austin Basra Beni Benoni Brooklyn Cali
Chang-hua Changhua Chelsea Cleveland Columbus Dakota Denver Erbil Everton Gard
Geneva Golan Haifa Hobart Houston Kashmir Kennedy Kerman Kiel Kobe Abha
Henderson Lille Lincoln Lyman Medina Mersin Montana Odessa Oran Orlando Rafah
Reno Samara Sheffield Shiraz Surat Sydney Tanta Tulsa Valencia Virginia Xian
Zaria Henan Fujian Jiangxi Guangdong Guangxi Hainan Qinghai Xinjiang Tianjin
Changchun Jinan Kunming Zhongshan Nanning Fuzhou Shiyan Linyi Wenzhou Yunfu
Shaoxing Baoshan Qingyang Weifang Zunyi Jilin Datong Qingyuan Yancheng Daqing
Dazhou Yangzhou Guilin Zhaoqing Jinhua Changde Kaifeng Baoji Jinjiang
Zhanjiang Fushun Handan Xiangyang Yixing Jining Xinyang Jinzhong Changzhi
Weinan Jiaxing Zhongwei Fengxiang Xuhui Yulin Jingzhou Xinxiang Yichun
Hanzhong
Nato Isis Sunni Kurd Berber Roma
"""

# Exceptions to the country/capital filter: frequent given names whose place
# is rare in news. "Dominique" is the French name of Dominica; Douglas and
# Stanley are the capitals of the Isle of Man and of the Falkland Islands.
PLACE_EXCEPTIONS = {"Dominique", "Douglas", "Stanley"}

# Common Chinese, Korean and Vietnamese surnames (surname-first cultures:
# Xi Jinping, Wang Yi, Park Geun-hye, Nguyen Phu Trong). nam_dict.txt lists
# many of these syllables as given names; they are dropped unless the name is
# also frequent (>= SURNAME_EXEMPT_FREQ) outside China, Korea and Vietnam
# (Kim, Lee, Chen, Han...). Given-name syllables such as Yi, Wei, Ming, Jun are
# deliberately not listed.
EAST_ASIAN_SURNAMES = """
Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin
Luo Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan
Pan Yu Jiang Cai Du Ye Cheng Su Lu Lü Ding Ren Shen Yao Cui Zhong Tan Jin Fan
Liao Shi Jia Xia Fu Fang Bai Zou Meng Xiong Qin Qiu Hou Yin Xue Yan Duan Lei
Long Tao Mao Hao Gu Gong Shao Wan Qian Dai Mo Kong Xiang Wen Chang Kang Niu
Hong Xi Bo Ai Geng Lai Qi Ou Zhan Hua Chiang Tsai Tsang Wong Chan Cheung Leung
Kim Lee Park Choi Jung Chung Cho Jo Yoon Yun Jang Lim Im Oh Seo Suh Shin Kwon
Hwang Ahn Yoo Ryu Jeon Chun Ko Go Moon Mun Son Bae Baek Paik Heo Hur Nam Shim
Noh Roh Ha Kwak Sung Cha Joo Ju Woo Koo Min Na Ji Eom Um Chae Won Bang Hyun
Ham Byun Yeom Yeo Choo Do So Seok Pyo Ban Ok Yook Tak Gil
Nguyen Nguyễn Tran Trần Le Lê Pham Phạm Hoang Hoàng Huynh Huỳnh Phan Vu Vũ Vo
Võ Dang Đặng Bui Bùi Đỗ Ho Hồ Ngo Ngô Duong Dương Ly Lý Truong Trương Dinh
Đinh Lam Lâm Trinh Trịnh Luong Lương Quach Phung Kieu
"""
SURNAME_EXEMPT_FREQ = 5

# Very common given names in French/English news that the word lists would
# otherwise remove (wfrench lists many first names in lowercase: jean = denim,
# pierre = stone, marie = (il se) marie, olivier = olive tree...). A name goes
# here only when its lowercase word rarely opens a sentence or a headline.
# Names such as Mark, Will, May, Rose, Grace, Hope, Joy, Faith, Summer, Said,
# Don, Rob, Sue, Gene, Drew, Miles, Noël, Blanche, Victoire stay dropped.
WORDLIST_ALLOW = """
Adèle Aicha Aida Aimé Aimée Amadou Lamine Alexandra Alla Aline Alphonse Alvin Ameer Amir
Ana Ange Angélique Bola Élise Anis Ante Augustin Auguste Augustine Aurore Aviva Baptiste
Barney Barrie Ben Benjamin Benoît Bernard Berthe Bill Billy Bob Bobby Brad
Brandon Capucine Carmine Carol Casimir Cassie Céleste Célestin César Charlotte
Chester Chuck Claire Clarisse Claude Clement Clément Clémence Clémentine Clive
Colin Collette Constance Dan Daphné Davit Derrick Désiré Désirée Devin Diane
Dieter Dirk Dolly Donna Dora Doris Douglas Ed Eddy Emery Fanny Fatma Fleur
Flora Florence Florentin Florin Franco Frank Fritz Gal Gemma Germain Germaine
Glen Gloria Guillaume Gus Guy Hank Harry Hector Hennie Henry Hermine Hilaire
Homer Honoré Horst Hunter Hyacinthe Iman Ion Ira Iwan Jack Jacqueline Jacques
Jan Jasmin Jasmine Jasper Jay Jean Jeanne Jeannette Jenny Jérémie Jimmy John
Joseph Josh Jules Julien Julienne Kamala Kelvin Ken Kiki Lance Lasse Laura
Laure Laurent Lea Marc Léonard Lester Lev Lia Liane Lise Lori Lotte Louis Louise
Luis Luise Madeleine Mads Malin Manuel Margarita Margot Marguerite Maria Marie
Marina Marine Martin Mason Mathieu Mathurin Matt Max Maxim Maxime Maya Meg
Melchior Mette Micheline Mickey Mike Mimi Mina Mira Miro Moira Moïse Moisés
Morgane Moussa Munir Munira Musa Nadir Napoléon Nick Octave Octavie Olivier
Olympe Orna Paddy Pascal Pascale Patrice Patty Paulette Péter Peter Phoebe
Pierce Pierre Pierrette Pierrot Piers Rainer Rami Ramona Randy Ray Régis René
Richard Rick Rima Rimas Robin Roger Roman Romain Romane Rosa Rosalie Rosemary
Rosie Roula Rumen Rune Sabine Sabir Sally Sander Sandy Séraphin Serge Sibylle
Sonny Spencer Stewart Stipe Sylvain Sylvestre Taras Tara Taro Terri Terry
Toma Tomas Tomer Tom Tommy Tony Troy Tucker Valentin Vanda Véronique Victor
Victorien Violeta Violette Virginie Warren Woody Yasser
"""

# Names the lexicon must contain; the generator fails if a filter removes one.
REQUIRED = """
Donald Elvis Barack Antony Giorgia Hakan Vladimir Recep Nabil Ariel Daniel
Edouard Jean-Yves Takeshi Dmitri Andres Bassam Ali Othman Osman Mohammad
Sergueï Sergei Mohammed Hossein Ramtane Kais Uzra Abdel Bachar Bashar Shinzo
Narendra Volodymyr Emmanuel François Sébastien José Jean Pierre Marie
"""


def words(block: str) -> list[str]:
    return block.split()


def fold(s: str) -> str:
    """Case- and accent-insensitive key."""
    decomposed = unicodedata.normalize("NFD", s.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fail(msg: str) -> "NoReturn":  # noqa: F821
    print(f"gen_given_names: error: {msg}", file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------------------
# nam_dict.txt
# ---------------------------------------------------------------------------


def locate_nam_dict() -> Path:
    try:
        version = importlib.metadata.version("gender-guesser")
    except importlib.metadata.PackageNotFoundError:
        fail("gender-guesser is not installed: pip install gender-guesser==0.4.0")
    if version != GENDER_GUESSER_VERSION:
        fail(f"gender-guesser {version} found, {GENDER_GUESSER_VERSION} expected")
    path = Path(str(importlib.resources.files("gender_guesser") / "data" / "nam_dict.txt"))
    if not path.is_file():
        fail(f"{path} not found")
    return path


def decode_name(raw: str, lineno: int) -> str:
    """Turn a name field of nam_dict.txt into the form news text writes.

    The 0.4.0 file is UTF-8 (its header says "char set = utf-8"): the
    "<A/>"-style codes of the original ISO-8859-1 release were converted by
    gender-guesser. Should any such code survive, stop rather than emit it.
    The Dutch ligature "Ĳ" is written "IJ" in news text.
    """
    if any(c in raw for c in "<>&/\\;$"):
        fail(f"nam_dict.txt line {lineno}: undecoded special-character code in {raw!r}")
    name = raw.replace("Ĳ", "IJ").replace("ĳ", "ij")
    return unicodedata.normalize("NFC", name)


def read_nam_dict(
    path: Path,
) -> tuple[dict[str, dict[str, int]], list[tuple[str, str]], dict[str, set[str]]]:
    """Return ({name: {country: max frequency}}, [(form, base name)], {name: gender codes})."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != NAM_DICT_SHA256:
        print(f"gen_given_names: warning: nam_dict.txt sha256 {digest} differs from "
              f"the gender-guesser {GENDER_GUESSER_VERSION} file", file=sys.stderr)
    text = data.decode("utf-8")
    lines = text.replace("\r\n", "\n").split("\n")
    header = "\n".join(l for l in lines if l.startswith("#"))
    if "char set = utf-8" not in header:
        fail("nam_dict.txt header does not declare 'char set = utf-8'")

    freqs: dict[str, dict[str, int]] = {}
    genders: dict[str, set[str]] = {}
    for lineno, line in enumerate(lines, 1):
        if not line or line[0] in "#=":
            continue  # comments; "=" lines only pair short and long forms
        if len(line) > 29 and line[29] == "+":
            # Second copy of a name with umlauts, sorted by expanded umlauts:
            # the header advises to ignore these lines.
            continue
        if line[:3].strip() not in {"M", "1M", "?M", "F", "1F", "?F", "?"}:
            fail(f"nam_dict.txt line {lineno}: unknown gender code {line[:3]!r}")
        name = decode_name(line[3:29].strip(), lineno)
        if not name or " " in name:
            fail(f"nam_dict.txt line {lineno}: bad name field {line[3:29]!r}")
        genders.setdefault(name, set()).add(line[:3].strip())
        entry = freqs.setdefault(name, {})
        for col, ch in zip(COUNTRY_COLUMNS, line[FREQ_START:FREQ_START + len(COUNTRY_COLUMNS)]):
            if ch != " ":
                value = int(ch, 16)
                if value > entry.get(col, 0):
                    entry[col] = value

    forms: list[tuple[str, str]] = []
    for name in sorted(freqs):
        for form in expand(name, freqs[name]):
            forms.append((form, name))
    return freqs, forms, genders


def expand(name: str, freq: dict[str, int]) -> list[str]:
    """Spellings of one dictionary entry as they appear in news text.

    "+" inside a name (Arabic, Chinese, Korean names) stands for "-", " " or
    nothing: "Abdel+Aziz" -> "Abdel-Aziz", "Abdelaziz" (the spaced form is two
    tokens, each looked up on its own). East Asian compounds are also written
    with a lowercase second part ("Jae-in", "Ing-wen").
    Names with an apostrophe (Ken'ichi) are also written without it (Kenichi).
    """
    out = []
    if "+" in name:
        parts = [p for p in name.split("+") if p]
        out.append("-".join(parts))
        out.append(parts[0] + "".join(p.lower() for p in parts[1:]))
        if freq and set(freq) <= EAST_ASIAN_COLUMNS:
            out.append(parts[0] + "-" + "-".join(p.lower() for p in parts[1:]))
    else:
        out.append(name)
    if "'" in name:
        out.extend(f.replace("'", "") for f in list(out))
    return out


# ---------------------------------------------------------------------------
# Supplement and filters
# ---------------------------------------------------------------------------


def read_extra(path: Path) -> list[str]:
    names = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name = unicodedata.normalize("NFC", line)
        if " " in name or "\t" in name or not name[0].isupper():
            fail(f"{path.name} line {lineno}: {line!r} is not one capitalised name")
        names.append(name)
    return names


def read_wordlists() -> set[str]:
    """Lowercase entries of the Debian word lists (capitalised proper nouns of
    the lists are not common words and are ignored)."""
    common: set[str] = set()
    for path in WORDLISTS:
        if not path.is_file():
            fail(f"{path} missing: apt-get install -y wamerican wfrench")
        for word in path.read_text(encoding="utf-8").splitlines():
            word = unicodedata.normalize("NFC", word.strip())
            if word and word == word.lower() and "'" not in word:
                common.add(word)
    return common


def read_places(path: Path) -> set[str]:
    """Casefolded country names, demonyms and capitals, English and French."""
    if not path.is_file():
        fail(f"{path} missing (pass --countries PATH to shared/data/countries.json)")
    keys: set[str] = set()

    def add(value):
        # Both the exact and the accent-folded spelling: an unaccented name
        # matches "Israël", an accented one (Germán, Sofía) only itself.
        if isinstance(value, str) and value.strip():
            keys.add(value.strip().casefold())
            keys.add(fold(value.strip()))

    for c in json.loads(path.read_text(encoding="utf-8")):
        add(c["name"]["common"])
        add(c["name"]["official"])
        fra = c.get("translations", {}).get("fra", {})
        add(fra.get("common"))
        add(fra.get("official"))
        for lang in ("eng", "fra"):
            for gender in ("m", "f"):
                add(c.get("demonyms", {}).get(lang, {}).get(gender))
        for capital in c.get("capital", []):
            add(capital)
        for alt in c.get("altSpellings", []):
            if not alt.isupper():  # skip ISO codes such as "AL", "IN"
                add(alt)
    for w in words(FRENCH_CAPITALS) + words(REGIONS) + words(NEWS_PLACES):
        add(w)
    return keys


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--countries", type=Path, default=DEFAULT_COUNTRIES,
                    help="path to countries.json (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=OUT, help="output file (default: %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the output file differs from what would be generated")
    args = ap.parse_args()

    freqs, dict_forms, genders = read_nam_dict(locate_nam_dict())
    extra = read_extra(EXTRA)
    common_words = read_wordlists()
    places = read_places(args.countries)

    # Accents matter for these lists (Said is dropped, Saïd is kept).
    always_drop = {w.casefold() for w in words(ALWAYS_DROP)}
    months = {w.casefold() for w in words(MONTHS_DAYS)}
    titles = {w.casefold() for w in words(TITLES)}
    particles = {w.casefold() for w in words(PARTICLES)}
    surnames = {w.casefold() for w in words(EAST_ASIAN_SURNAMES)}
    allow = set(words(WORDLIST_ALLOW))

    def reason(form: str, base: str | None) -> str | None:
        """Why a candidate is dropped, or None to keep it."""
        key = form.casefold()
        if sum(c.isalpha() for c in form) < 2:
            return "shorter than 2 letters"
        if key in always_drop:
            return "function/headline word"
        if key in months:
            return "month or weekday"
        if key in titles:
            return "title"
        if key in particles:
            return "name particle"
        if key in places and form not in PLACE_EXCEPTIONS:
            return "place (country, demonym, capital, region, city) or news term"
        if key in surnames:
            f = freqs.get(base, {}) if base else {}
            outside = max((v for k, v in f.items() if k not in EAST_ASIAN_COLUMNS), default=0)
            if outside < SURNAME_EXEMPT_FREQ:
                return "East Asian surname"
        if form.lower() in common_words and form not in allow:
            return "common word"
        return None

    kept: set[str] = set()
    dropped: dict[str, int] = {}
    for form, base in dict_forms:
        why = reason(form, base)
        if why is None:
            kept.add(form)
        else:
            dropped[why] = dropped.get(why, 0) + 1

    raw_dict = {form for form, _ in dict_forms}
    for name in extra:
        why = reason(name, None)
        if why is not None:
            print(f"gen_given_names: note: extra {name!r} dropped ({why})", file=sys.stderr)
            continue
        if name in raw_dict:
            print(f"gen_given_names: note: extra {name!r} is already in nam_dict.txt", file=sys.stderr)
        kept.add(name)

    missing = [n for n in words(REQUIRED) if n not in kept]
    if missing:
        fail("required names missing from the lexicon: " + " ".join(missing))

    output = "".join(n + "\n" for n in sorted(kept)).encode("utf-8")
    # the gender of a kept form, when every entry it comes from is male (M, 1M) or every one
    # female (F, 1F); "?", "?M", "?F" (unisex or unsure) and mixed forms get none
    form_codes: dict[str, set[str]] = {}
    for form, base in dict_forms:
        if form in kept:
            form_codes.setdefault(form, set()).update(genders.get(base, {"?"}))
    gendered = []
    for form in sorted(form_codes):
        codes = form_codes[form]
        if codes <= {"M", "1M"}:
            gendered.append(f"{form}\tm\n")
        elif codes <= {"F", "1F"}:
            gendered.append(f"{form}\tf\n")
    gender_output = (GENDER_HEADER + "".join(gendered)).encode("utf-8")
    stats = (f"{len(kept)} names ({len(freqs)} dictionary entries, {len(extra)} extra); dropped: "
             + ", ".join(f"{k} {v}" for k, v in sorted(dropped.items())))
    gender_out = args.out.with_name("given-names-gender.tsv")
    if args.check:
        current = args.out.read_bytes() if args.out.is_file() else b""
        current_gender = gender_out.read_bytes() if gender_out.is_file() else b""
        if current != output or current_gender != gender_output:
            print(f"gen_given_names: {args.out} or {gender_out} is stale; rerun "
                  "scripts/gen_given_names.py", file=sys.stderr)
            sys.exit(1)
        print(f"gen_given_names: {args.out} is up to date; {stats}", file=sys.stderr)
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(output)
    gender_out.write_bytes(gender_output)
    print(f"gen_given_names: wrote {args.out}: {stats}; {gender_out}: {len(gendered)} "
          "gendered names", file=sys.stderr)


if __name__ == "__main__":
    main()
