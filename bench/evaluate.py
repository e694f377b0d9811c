#!/usr/bin/env python3
"""Scores newsgraph's graph against hand-made gold annotations (the project's own scorer).

    evaluate.py --bin target/release/newsgraph --corpus DIR [--gold DIR] [--lang fr|en] [--min F] [-v]

It implements the scoring of the dev corpus (../shared/corpus/README.md, "Gold format" and
"Scoring") and gives the same figures as the shared evaluator (../shared/eval/evaluate.py):
.ci/run compares the two on the dev corpus whenever the shared one is present.

Corpus: DIR/NAME.txt articles, optional DIR/NAME.meta.json (url, title, lang, published) and the
gold annotation GOLD/NAME.json (GOLD defaults to DIR/gold); an article without gold is skipped.
Each article is built into a fresh store (newsgraph build), then the bundled queries `actors`,
`who-met-whom` and `claims` are run with --format json (SPARQL 1.1 Query Results JSON).

Five metrics, each precision / recall / F1 micro-averaged over the corpus:
  persons        one predicted person entity per gold person: an entity that is no gold person,
                 or a second entity for a gold person already found, is a false positive
  countries      ISO 3166-1 alpha-2 codes of the article's countries
  meeting_pairs  unordered pairs of persons who met, with the meeting's date (YYYY-MM-DD or none)
  pairs_nodate   the same pairs without the date
  claims         (speaker, text): same gold speaker and at least 60% of the shorter text's words
                 (over two letters, accents and case folded) in the other; one to one
A predicted name is a gold person when it equals one of the person's name forms (particles such
as al, de, bin left out), else when its last word is the surname of exactly one gold person,
else when it contains, or is contained in, the forms of exactly one gold person.
An article that fails to build or query scores zero on everything (its gold items are misses).

Output: one line per article (per-metric F1), then one line per metric with P, R, F1 and the
counts, then `overall_f1 X` (the mean of the five F1) as the last line. The exit status is 1
when overall_f1 is below --min, or when nothing was scored (a missing corpus, or no article with
gold in it: the shared evaluator reports 1.000 then). Standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

METRICS = ("persons", "countries", "meeting_pairs", "pairs_nodate", "claims")

# Words left out of a name before it is compared (Arabic, French, Dutch, German particles).
NAME_PARTICLES = frozenset(
    "al el ad as ash bin ben ibn abu de du la le von van".split()
)

# Characters read as a space when texts and names are compared.
SEPARATORS = "’'`-‐‑–—_.,;:!?«»\"()[]"
SEPARATOR_TABLE = {ord(c): " " for c in SEPARATORS}


def fold(text):
    """Text without accents, lower-cased, its separators and runs of blanks one space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if unicodedata.combining(ch) == 0)
    return " ".join(bare.lower().translate(SEPARATOR_TABLE).split())


def name_key(name):
    """The words of a name that identify it: folded, particles left out."""
    return [w for w in fold(name).split() if w not in NAME_PARTICLES]


def content_words(text):
    """The set of folded words longer than two characters."""
    return {w for w in fold(text).split() if len(w) > 2}


class GoldPersons:
    """Resolves a name to the index of the gold person it refers to."""

    def __init__(self, persons):
        self.count = len(persons)
        self.names = [p["name"] for p in persons]
        # (index, whole key, surname) for each form of each person
        self.forms = []
        for index, person in enumerate(persons):
            for form in [person["name"], *person.get("aliases", [])]:
                key = name_key(form)
                if key:
                    self.forms.append((index, " ".join(key), key[-1]))

    def resolve(self, name):
        key = name_key(name)
        if not key:
            return None
        whole, surname = " ".join(key), key[-1]
        tests = (
            lambda form, last: form == whole,
            lambda form, last: last == surname,
            lambda form, last: form in whole or whole in form,
        )
        for test in tests:
            found = {index for index, form, last in self.forms if test(form, last)}
            if len(found) == 1:
                return next(iter(found))
        return None


class Counts:
    """True positives, false positives and false negatives of one metric."""

    def __init__(self, tp=0, fp=0, fn=0):
        self.tp, self.fp, self.fn = tp, fp, fn

    def __iadd__(self, other):
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def precision(self):
        if self.tp + self.fp == 0:
            # nothing predicted: perfect when there was nothing to find
            return 0.0 if self.fn else 1.0
        return self.tp / (self.tp + self.fp)

    def recall(self):
        if self.tp + self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn)

    def f1(self):
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r > 0 else 0.0


def compare_sets(predicted, gold):
    return Counts(len(predicted & gold), len(predicted - gold), len(gold - predicted))


def gold_pairs(gold_persons, meetings):
    """(with date, without date): sets of the pairs of gold persons met in the gold meetings."""
    dated, undated = set(), set()
    for meeting in meetings:
        ids = {gold_persons.resolve(n) for n in meeting.get("participants", [])}
        ids = sorted(i for i in ids if i is not None)
        date = (meeting.get("date") or "")[:10]
        for k, first in enumerate(ids):
            for second in ids[k + 1:]:
                dated.add((first, second, date))
                undated.add((first, second))
    return dated, undated


def value(row, var):
    """The value of a variable in a SPARQL JSON result row ("" when unbound)."""
    term = row.get(var)
    return term.get("value", "") if term else ""


def iri_local_name(iri):
    return re.split(r"[#/:]", iri)[-1]


def has_type(row, local):
    return iri_local_name(value(row, "type")).lower() == local


class Newsgraph:
    def __init__(self, binary):
        self.binary = binary

    def build(self, store, article, meta):
        cmd = [self.binary, "build", "--store", store]
        for field in ("published", "lang", "url"):
            if meta.get(field):
                cmd += ["--" + field, meta[field]]
        cmd.append(article)
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"build failed ({done.returncode}): {done.stderr.strip()[:500]}")

    def query(self, store, name):
        cmd = [self.binary, "query", "--store", store, name, "--format", "json"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"query {name} failed ({done.returncode}): {done.stderr.strip()[:500]}")
        return json.loads(done.stdout)["results"]["bindings"]


def score_persons(actors, people):
    """Counts, names of entities that are no gold person or a duplicate, gold names missed."""
    first_name_of = {}  # entity IRI -> the first name a row gives it, in row order
    for row in actors:
        if has_type(row, "person"):
            first_name_of.setdefault(value(row, "actor"), value(row, "name"))
    found, extra = set(), []
    for name in first_name_of.values():
        index = people.resolve(name)
        if index is None or index in found:
            extra.append(name)
        else:
            found.add(index)
    missed = [n for i, n in enumerate(people.names) if i not in found]
    return Counts(len(found), len(extra), people.count - len(found)), extra, missed


def predicted_pairs(meets, people):
    dated, undated = set(), set()
    for row in meets:
        keys = []
        for var in ("person_name", "other_name"):
            name = value(row, var)
            index = people.resolve(name)
            keys.append(index if index is not None else "?" + name)
        if keys[0] == keys[1]:
            continue
        # ordered by their text, as the shared evaluator does (see the note in main's doc)
        first, second = sorted(keys, key=str)
        dated.add((first, second, value(row, "date")[:10]))
        undated.add((first, second))
    return dated, undated


def score_claims(rows, gold_claims, people):
    wanted = [(people.resolve(c["speaker"]), content_words(c["text"])) for c in gold_claims]
    taken = set()
    for row in rows:
        speaker = people.resolve(value(row, "speaker_name"))
        said = content_words(value(row, "text"))
        for j, (gold_speaker, gold_words) in enumerate(wanted):
            if j in taken or gold_speaker is None or gold_speaker != speaker:
                continue
            if not said or not gold_words:
                continue
            if len(said & gold_words) / min(len(said), len(gold_words)) >= 0.6:
                taken.add(j)
                break
    return Counts(len(taken), len(rows) - len(taken), len(wanted) - len(taken))


def score_article(tool, article, meta, gold, verbose):
    people = GoldPersons(gold.get("persons", []))
    with tempfile.TemporaryDirectory() as tmp:
        store = os.path.join(tmp, "store")
        tool.build(store, article, meta)
        actors = tool.query(store, "actors")
        meets = tool.query(store, "who-met-whom")
        claims = tool.query(store, "claims")

    counts = {}
    counts["persons"], extra, missed = score_persons(actors, people)

    countries = {
        value(row, "country").upper()
        for row in actors
        if has_type(row, "country") and value(row, "country")
    }
    gold_countries = {c.upper() for c in gold.get("countries", [])}
    counts["countries"] = compare_sets(countries, gold_countries)

    want_dated, want_undated = gold_pairs(people, gold.get("meetings", []))
    got_dated, got_undated = predicted_pairs(meets, people)
    counts["meeting_pairs"] = compare_sets(got_dated, want_dated)
    counts["pairs_nodate"] = compare_sets(got_undated, want_undated)

    counts["claims"] = score_claims(claims, gold.get("claims", []), people)

    if verbose:
        if extra:
            print(f"    persons not in gold (or duplicates): {extra}")
        if missed:
            print(f"    gold persons missed: {missed}")
        print(f"    countries extra: {sorted(countries - gold_countries)} "
              f"missed: {sorted(gold_countries - countries)}")
    return counts


def all_missed(gold):
    """The counts of an article that gave nothing: every gold item is a false negative."""
    people = GoldPersons(gold.get("persons", []))
    dated, undated = gold_pairs(people, gold.get("meetings", []))
    return {
        "persons": Counts(fn=people.count),
        "countries": Counts(fn=len(gold.get("countries", []))),
        "meeting_pairs": Counts(fn=len(dated)),
        "pairs_nodate": Counts(fn=len(undated)),
        "claims": Counts(fn=len(gold.get("claims", []))),
    }


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main():
    """Note: a predicted pair is keyed by its two persons ordered by their text (gold index or
    "?name"), a gold pair by index: with ten or more gold persons in an article, a pair such as
    (2, 10) is written (10, 2) on the predicted side and does not match. The shared evaluator
    works this way, and so does this one, so that both give the same figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="path to the newsgraph binary")
    parser.add_argument("--corpus", required=True, help="folder of NAME.txt articles")
    parser.add_argument("--gold", help="folder of NAME.json gold files (default CORPUS/gold)")
    parser.add_argument("--lang", help="score only the articles in this language (fr, en)")
    parser.add_argument("--min", type=float, default=0.0,
                        help="exit 1 when the overall F1 is below this")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also list each article's extra and missed persons and countries")
    args = parser.parse_args()

    if not os.path.isdir(args.corpus):
        sys.exit(f"evaluate.py: no corpus folder at {args.corpus}")
    gold_dir = args.gold or os.path.join(args.corpus, "gold")
    if not os.path.isdir(gold_dir):
        sys.exit(f"evaluate.py: no gold folder at {gold_dir}")

    tool = Newsgraph(args.bin)
    totals = {m: Counts() for m in METRICS}
    scored = failed = 0
    for file_name in sorted(n for n in os.listdir(args.corpus) if n.endswith(".txt")):
        stem = file_name[: -len(".txt")]
        gold_path = os.path.join(gold_dir, stem + ".json")
        if not os.path.exists(gold_path):
            continue
        meta_path = os.path.join(args.corpus, stem + ".meta.json")
        meta = read_json(meta_path) if os.path.exists(meta_path) else {}
        gold = read_json(gold_path)
        # a field the meta file lacks (not one it gives as null) comes from the gold file
        for field in ("published", "lang"):
            if field not in meta:
                meta[field] = gold.get(field)
        if args.lang and (meta.get("lang") or gold.get("lang")) != args.lang:
            continue
        scored += 1
        try:
            counts = score_article(tool, os.path.join(args.corpus, file_name), meta, gold,
                                   args.verbose)
        except Exception as error:  # one failing article does not stop the others
            failed += 1
            print(f"{stem}: ERROR {error}")
            counts = all_missed(gold)
        for m in METRICS:
            totals[m] += counts[m]
        print(f"{stem}: " + " ".join(f"{m}={counts[m].f1():.2f}" for m in METRICS))

    if scored == 0:
        which = f" in {args.lang}" if args.lang else ""
        sys.exit(f"evaluate.py: no article{which} with a gold file in {args.corpus}: nothing scored")
    for m in METRICS:
        c = totals[m]
        print(f"{m:14s} P={c.precision():.3f} R={c.recall():.3f} F1={c.f1():.3f}  "
              f"(tp={c.tp} fp={c.fp} fn={c.fn})")
    overall = sum(totals[m].f1() for m in METRICS) / len(METRICS)
    if failed:
        print(f"articles that failed: {failed}")
    print(f"overall_f1 {overall:.3f}")
    sys.exit(0 if overall >= args.min else 1)


if __name__ == "__main__":
    main()
