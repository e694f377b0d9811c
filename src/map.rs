//! Mapping stage: an [`Extraction`] → RDF quads in the article's named graph. Pure functions,
//! no I/O. No blank nodes are produced, so two graphs are isomorphic exactly when they hold
//! the same quads.
//!
//! Model (see `ontology/newsgraph.ttl` and the README): schema.org for persons,
//! organisations, countries, places, claims and the article; the project's `ng:Meeting`
//! (a `schema:Event`) for meetings; NIF RFC 5147 spans (`<article#char=s,e>`) for mentions and
//! sentences; `prov:wasDerivedFrom` from meetings and claims to their sentences.

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use indexmap::{Equivalent, IndexSet};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{
    GraphNameRef, Literal, LiteralRef, NamedNode, NamedNodeRef, Quad, QuadRef, TermRef,
};
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use crate::iri::{Minter, Spans};
use crate::lexicon::Lexicon;
use crate::model::{Extraction, MeetingKind, Mention};
use crate::vocab::{ng, nif, owl, prov, schema};

/// The quads of one article, all in the graph named after the article.
///
/// Each IRI and literal is held once and a quad is three small indices of them: building
/// one owned [`Quad`] per fact (four strings copied, the graph name each time) cost more than
/// extracting the article. [`Mapped::quads`] gives them as [`QuadRef`]s, in the order they
/// were made, each once.
pub struct Mapped {
    pub graph: NamedNode,
    // plain lists: the sets that interned the terms are needed only while mapping
    nodes: Vec<String>,
    vocab: Vec<&'static str>,
    literals: Vec<Lit>,
    /// The language tags of the literals ([`Tag::Lang`]).
    langs: Vec<String>,
    triples: Vec<Triple>,
    /// The decimal forms of the [`Object::Int`]s, made the first time the quads are read as
    /// terms ([`Mapped::quads`]): the N-Quads writer formats them itself.
    ints: OnceLock<FxHashMap<u32, String>>,
}

impl Mapped {
    /// The article's quads, in order, without repeats.
    pub fn quads(&self) -> impl ExactSizeIterator<Item = QuadRef<'_>> + Clone + '_ {
        let graph = GraphNameRef::NamedNode(self.graph.as_ref());
        let ints = self.ints.get_or_init(|| {
            self.triples
                .iter()
                .filter_map(|t| match t.o {
                    Object::Int(n) => Some((n, itoa::Buffer::new().format(n).to_owned())),
                    _ => None,
                })
                .collect()
        });
        self.triples.iter().map(move |t| {
            let object = match t.o {
                Object::Node(n) => TermRef::NamedNode(self.node(n)),
                Object::Vocab(v) => TermRef::NamedNode(self.vocab(v)),
                Object::Literal(l) => TermRef::Literal(self.literal(l)),
                Object::Int(n) => {
                    TermRef::Literal(LiteralRef::new_typed_literal(&ints[&n], xsd::INTEGER))
                }
            };
            QuadRef::new(self.node(t.s), self.vocab(t.p), object, graph)
        })
    }

    fn node(&self, n: u32) -> NamedNodeRef<'_> {
        NamedNodeRef::new_unchecked(&self.nodes[n as usize])
    }

    fn vocab(&self, v: u32) -> NamedNodeRef<'static> {
        NamedNodeRef::new_unchecked(self.vocab[v as usize])
    }

    fn literal(&self, l: u32) -> LiteralRef<'_> {
        let l = &self.literals[l as usize];
        match l.tag {
            Tag::Simple => LiteralRef::new_simple_literal(&l.value),
            Tag::Lang(i) => {
                LiteralRef::new_language_tagged_literal_unchecked(&l.value, &self.langs[i as usize])
            }
            Tag::Typed(t) => LiteralRef::new_typed_literal(&l.value, t.iri()),
        }
    }

    /// The quads as owned values (for tests and callers that keep them).
    pub fn to_quads(&self) -> Vec<Quad> {
        self.quads().map(QuadRef::into_owned).collect()
    }

    /// Appends the quads to `out` as N-Quads: the bytes [`write_nquads`] writes for
    /// [`Mapped::quads`]. Each term is written once, as a subject (`<s>`), a predicate
    /// (` <p> `) or an object followed by the graph and the end of the line, and copied
    /// where it occurs (a node is the subject or object of several quads, a literal or
    /// predicate is shared), so that a quad is three copies.
    pub fn write_nquads(&self, out: &mut Vec<u8>) {
        let mut tail = Vec::with_capacity(self.graph.as_str().len() + 6);
        tail.push(b' ');
        iri(&mut tail, self.graph.as_str());
        tail.extend_from_slice(b" .\n");
        let (nodes, vocab) = (self.nodes.len(), self.vocab.len());
        let mut forms: Vec<u8> = Vec::with_capacity(
            self.nodes.iter().map(|n| 2 * n.len() + 4).sum::<usize>()
                + self.vocab.iter().map(|v| 2 * v.len() + 6).sum::<usize>()
                + self
                    .literals
                    .iter()
                    .map(|l| l.value.len() + 8)
                    .sum::<usize>()
                + (nodes + vocab + self.literals.len()) * tail.len(),
        );
        let mut ends: Vec<usize> =
            Vec::with_capacity(2 * nodes + 2 * vocab + self.literals.len() + 1);
        ends.push(0);
        for n in &self.nodes {
            iri(&mut forms, n);
            ends.push(forms.len());
        }
        for v in &self.vocab {
            forms.push(b' ');
            iri(&mut forms, v);
            forms.push(b' ');
            ends.push(forms.len());
        }
        for n in &self.nodes {
            iri(&mut forms, n);
            forms.extend_from_slice(&tail);
            ends.push(forms.len());
        }
        for v in &self.vocab {
            iri(&mut forms, v);
            forms.extend_from_slice(&tail);
            ends.push(forms.len());
        }
        for l in &self.literals {
            quoted(&mut forms, &l.value);
            match l.tag {
                Tag::Simple => {}
                Tag::Lang(i) => {
                    forms.push(b'@');
                    forms.extend_from_slice(self.langs[i as usize].as_bytes());
                }
                Tag::Typed(t) => {
                    forms.extend_from_slice(b"^^");
                    iri(&mut forms, t.iri().as_str());
                }
            }
            forms.extend_from_slice(&tail);
            ends.push(forms.len());
        }
        let forms: Vec<&[u8]> = ends.windows(2).map(|w| &forms[w[0]..w[1]]).collect();
        let form = |i: usize| forms[i];
        let predicates = nodes;
        let node_objects = predicates + vocab;
        let vocab_objects = node_objects + nodes;
        let literal_objects = vocab_objects + vocab;
        // an integer's closing quote, datatype and tail
        let mut int_end = b"\"^^".to_vec();
        iri(&mut int_end, xsd::INTEGER.as_str());
        int_end.extend_from_slice(&tail);
        for t in &self.triples {
            out.extend_from_slice(form(t.s as usize));
            out.extend_from_slice(form(predicates + t.p as usize));
            match t.o {
                Object::Node(n) => out.extend_from_slice(form(node_objects + n as usize)),
                Object::Vocab(v) => out.extend_from_slice(form(vocab_objects + v as usize)),
                Object::Literal(l) => out.extend_from_slice(form(literal_objects + l as usize)),
                Object::Int(n) => {
                    out.push(b'"');
                    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
                    out.extend_from_slice(&int_end);
                }
            }
        }
    }

    /// Number of quads.
    pub fn len(&self) -> usize {
        self.triples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.triples.is_empty()
    }
}

/// A fact: the subject an index in [`Mapped::nodes`], the predicate one in [`Mapped::vocab`].
/// Twelve bytes, hashed and compared as numbers (hashing the predicate's IRI for each fact
/// cost more than the rest of the look-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Triple {
    s: u32,
    p: u32,
    o: Object,
}

impl Hash for Triple {
    /// Two words (the derived hash wrote four fields and the object's discriminant).
    fn hash<H: Hasher>(&self, state: &mut H) {
        let (kind, o) = match self.o {
            Object::Node(n) => (0, n),
            Object::Vocab(v) => (1, v),
            Object::Literal(l) => (2, l),
            Object::Int(n) => (3, n),
        };
        state.write_u64(u64::from(self.s) << 32 | u64::from(self.p));
        state.write_u64(kind << 32 | u64::from(o));
    }
}

/// The object of a quad: an index in [`Mapped::nodes`], [`Mapped::vocab`] or
/// [`Mapped::literals`], or an `xsd:integer` (the offsets of the spans, nearly all different:
/// interning them as literals cost more than the rest of a span). Integer, not NIF's
/// `xsd:nonNegativeInteger`: Oxigraph's store keeps every integer type as `xsd:integer`, and
/// the graph written elsewhere (`extract --format nquads`, an endpoint) must be the graph the
/// store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Object {
    Node(u32),
    Vocab(u32),
    Literal(u32),
    Int(u32),
}

/// A literal of the mapping: its lexical form and what follows it.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Lit {
    value: String,
    tag: Tag,
}

/// A [`Lit`] to look up without copying its value (hashed as the [`Lit`] it equals).
#[derive(Hash)]
struct LitRef<'a> {
    value: &'a str,
    tag: Tag,
}

impl Equivalent<Lit> for LitRef<'_> {
    fn equivalent(&self, key: &Lit) -> bool {
        self.tag == key.tag && self.value == key.value
    }
}

/// A plain string, a language-tagged one (an index in [`Mapped::langs`]) or a typed literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Tag {
    Simple,
    Lang(u8),
    Typed(Datatype),
}

/// The datatypes the mapping writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Datatype {
    Date,
    Integer,
    Boolean,
}

impl Datatype {
    fn iri(self) -> NamedNodeRef<'static> {
        match self {
            Datatype::Date => xsd::DATE,
            Datatype::Integer => xsd::INTEGER,
            Datatype::Boolean => xsd::BOOLEAN,
        }
    }
}

/// A node of the article's graph: an index in [`Builder::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Node(u32);

/// An object to add: a node, a vocabulary term (interned by [`Builder::add`]) or a literal
/// already interned.
#[derive(Clone, Copy)]
enum Term {
    Node(Node),
    Vocab(NamedNodeRef<'static>),
    Literal(u32),
    Int(u32),
}

impl From<Node> for Term {
    fn from(n: Node) -> Self {
        Term::Node(n)
    }
}

impl From<NamedNodeRef<'static>> for Term {
    fn from(n: NamedNodeRef<'static>) -> Self {
        Term::Vocab(n)
    }
}

/// Collects the quads: each IRI and literal is interned, so that a term is one index and a
/// repeated fact is found by comparing three small values. Insertion-ordered sets give the
/// index and the order in one look-up, without a second copy of each term.
#[derive(Default)]
struct Builder {
    nodes: IndexSet<String, FxBuildHasher>,
    vocab: IndexSet<&'static str, FxBuildHasher>,
    /// The vocabulary terms by the address and length of their IRI: they are constants, and
    /// a look-up by address does not read the IRI. Two copies of one IRI at two addresses
    /// are one term all the same, through [`Builder::vocab`].
    vocab_at: FxHashMap<(usize, usize), u32>,
    literals: IndexSet<Lit, FxBuildHasher>,
    langs: Vec<String>,
    /// The facts in the order they were made; the same fact found twice is one quad (the
    /// first is kept).
    triples: Vec<Triple>,
    seen: FxHashSet<Triple>,
}

impl Builder {
    fn with_capacity(quads: usize) -> Self {
        Builder {
            nodes: IndexSet::with_capacity_and_hasher(quads / 4, FxBuildHasher),
            vocab: IndexSet::with_capacity_and_hasher(64, FxBuildHasher),
            vocab_at: FxHashMap::with_capacity_and_hasher(64, FxBuildHasher),
            literals: IndexSet::with_capacity_and_hasher(quads / 2, FxBuildHasher),
            langs: Vec::new(),
            triples: Vec::with_capacity(quads),
            seen: FxHashSet::with_capacity_and_hasher(quads, FxBuildHasher),
        }
    }

    fn add(&mut self, s: Node, p: NamedNodeRef<'static>, o: impl Into<Term>) {
        let p = self.vocab(p);
        let o = match o.into() {
            Term::Node(n) => Object::Node(n.0),
            Term::Vocab(v) => Object::Vocab(self.vocab(v)),
            Term::Literal(l) => Object::Literal(l),
            Term::Int(n) => Object::Int(n),
        };
        let t = Triple { s: s.0, p, o };
        if self.seen.insert(t) {
            self.triples.push(t);
        }
    }

    fn vocab(&mut self, term: NamedNodeRef<'static>) -> u32 {
        let iri = term.as_str();
        let at = (iri.as_ptr() as usize, iri.len());
        if let Some(&v) = self.vocab_at.get(&at) {
            return v;
        }
        let v = self.vocab.insert_full(iri).0 as u32;
        self.vocab_at.insert(at, v);
        v
    }

    /// The node of an IRI (which the caller has made valid).
    fn node(&mut self, iri: &str) -> Node {
        match self.nodes.get_index_of(iri) {
            Some(i) => Node(i as u32),
            None => self.owned(iri.to_owned()),
        }
    }

    /// As [`Builder::node`], for an IRI already owned.
    fn owned(&mut self, iri: String) -> Node {
        Node(self.nodes.insert_full(iri).0 as u32)
    }

    fn iri(&self, n: Node) -> &str {
        &self.nodes[n.0 as usize]
    }

    fn lit(&mut self, value: &str, tag: Tag) -> Term {
        let i = match self.literals.get_index_of(&LitRef { value, tag }) {
            Some(i) => i,
            None => {
                let value = value.to_owned();
                self.literals.insert_full(Lit { value, tag }).0
            }
        };
        Term::Literal(i as u32)
    }

    fn simple(&mut self, value: &str) -> Term {
        self.lit(value, Tag::Simple)
    }

    fn date(&mut self, d: &str) -> Term {
        self.lit(d, Tag::Typed(Datatype::Date))
    }

    fn int(&mut self, n: usize) -> Term {
        match u32::try_from(n) {
            Ok(n) => Term::Int(n),
            // beyond any article's length, but the mapping does not rely on it
            Err(_) => self.lit(itoa::Buffer::new().format(n), Tag::Typed(Datatype::Integer)),
        }
    }

    /// A literal tagged `lang` (a valid tag, in lower case).
    fn tagged(&mut self, value: &str, lang: &str) -> Term {
        let tag = self.lang(lang);
        self.lit(value, tag)
    }

    /// The tag of the literals in `lang` (a valid tag, in lower case).
    fn lang(&mut self, lang: &str) -> Tag {
        let i = match self.langs.iter().position(|l| l == lang) {
            Some(i) => i,
            None => {
                self.langs.push(lang.to_owned());
                self.langs.len() - 1
            }
        };
        Tag::Lang(u8::try_from(i).expect("a few language tags"))
    }
}

/// An IRI as N-Quads: `<iri>`.
fn iri(out: &mut Vec<u8>, iri: &str) {
    out.push(b'<');
    out.extend_from_slice(iri.as_bytes());
    out.push(b'>');
}

/// The triples of a NIF string `iri` of the article: its type, offsets, text and context.
fn span_string(b: &mut Builder, iri: Node, start: usize, end: usize, text: &str, article: Node) {
    b.add(iri, rdf::TYPE, nif::RFC5147_STRING);
    let o = b.int(start);
    b.add(iri, nif::BEGIN_INDEX, o);
    let o = b.int(end);
    b.add(iri, nif::END_INDEX, o);
    let o = b.simple(text);
    b.add(iri, nif::ANCHOR_OF, o);
    b.add(iri, nif::REFERENCE_CONTEXT, article);
}

/// The index triple of a person named `name`: `ng:bareSurnameKey` and its surname key
/// ([`Minter::person_key`]) when the name is a surname alone, `ng:surnameKey` and the key
/// when it is a full name; none when the name gives no key.
pub fn surname_key(name: &str) -> Option<(NamedNodeRef<'static>, String)> {
    let key = Minter::person_key(name)?;
    let predicate = if Minter::is_surname_only(name) {
        ng::BARE_SURNAME_KEY
    } else {
        ng::SURNAME_KEY
    };
    Some((predicate, key))
}

/// Maps an extraction to quads. `minter` decides entity IRIs; the article IRI and graph come
/// from the extraction.
pub fn map(ex: &Extraction, minter: &Minter) -> Mapped {
    let lex = Lexicon::get();
    // room for the quads up front: a mention is 7-8 quads, a sentence 6, an entity or event
    // about 10-20
    let mentions: usize = ex.countries.iter().map(|c| c.mentions.len()).sum::<usize>()
        + ex.places.iter().map(|p| p.mentions.len()).sum::<usize>()
        + ex.organizations
            .iter()
            .map(|o| o.mentions.len())
            .sum::<usize>()
        + ex.persons.iter().map(|p| p.mentions.len()).sum::<usize>()
        + ex.meetings.iter().map(|m| m.mentions.len()).sum::<usize>()
        + ex.claims.iter().map(|c| c.mentions.len()).sum::<usize>();
    let entities = ex.countries.len()
        + ex.places.len()
        + ex.organizations.len()
        + ex.persons.len()
        + ex.meetings.len()
        + ex.claims.len();
    let quads = 16 + 6 * ex.sentences.len() + 9 * mentions + 16 * entities;
    let mut b = Builder::with_capacity(quads);
    let article = b.node(&ex.article.iri);
    let spans = Spans::of(&ex.article.iri);
    let lang = ex.article.lang.as_str();
    // the article's language tag as `Literal::new_language_tagged_literal` makes it (checked,
    // in lower case), read once; texts are plain strings when it is not a valid tag
    let text_tag = match Literal::new_language_tagged_literal("", lang) {
        Ok(l) => b.lang(l.language().unwrap_or(lang)),
        Err(_) => Tag::Simple,
    };
    let text_lit = |b: &mut Builder, t: &str| b.lit(t, text_tag);

    // the article
    b.add(article, rdf::TYPE, schema::NEWS_ARTICLE);
    b.add(article, rdf::TYPE, nif::CONTEXT);
    let o = b.simple(lang);
    b.add(article, schema::IN_LANGUAGE, o);
    let o = b.simple(&ex.article.sha256);
    b.add(article, ng::SHA256, o);
    let o = b.simple(concat!("newsgraph ", env!("CARGO_PKG_VERSION")));
    b.add(article, ng::EXTRACTOR, o);
    if let Some(u) = &ex.article.url {
        if crate::iri::validate(u).is_ok() {
            let o = b.node(u);
            b.add(article, schema::URL, o);
        }
    }
    if let Some(t) = &ex.article.title {
        let o = text_lit(&mut b, t);
        b.add(article, schema::HEADLINE, o);
    }
    if let Some(d) = &ex.article.published {
        let o = b.date(d);
        b.add(article, schema::DATE_PUBLISHED, o);
    }
    if let Some(d) = &ex.article.reference_date {
        let o = b.date(d);
        b.add(article, ng::REFERENCE_DATE, o);
    }

    // sentences
    let mut sentence_iris: Vec<Node> = Vec::with_capacity(ex.sentences.len());
    for s in &ex.sentences {
        let iri = b.owned(spans.span(s.start, s.end));
        b.add(iri, rdf::TYPE, nif::SENTENCE);
        span_string(&mut b, iri, s.start, s.end, &s.text, article);
        sentence_iris.push(iri);
    }

    let mention = |b: &mut Builder, entity: Node, m: &Mention| {
        let iri = b.owned(spans.span(m.start, m.end));
        b.add(entity, ng::MENTION, iri);
        span_string(b, iri, m.start, m.end, &m.text, article);
        if let Some(&s) = sentence_iris.get(m.sentence) {
            b.add(iri, nif::SENTENCE_P, s);
        }
    };

    // countries
    let mut ids: FxHashMap<&str, Node> = FxHashMap::default();
    let country_node = |b: &mut Builder, code: &str| -> Node {
        let iri = b.owned(minter.country(code));
        b.add(iri, rdf::TYPE, schema::COUNTRY);
        let o = b.simple(code);
        b.add(iri, ng::COUNTRY_CODE, o);
        if let Some(c) = lex.country(code) {
            if !c.name_en.is_empty() {
                let o = b.tagged(&c.name_en, "en");
                b.add(iri, schema::NAME, o);
            }
            if !c.name_fr.is_empty() {
                let o = b.tagged(&c.name_fr, "fr");
                b.add(iri, schema::NAME, o);
            }
            if !c.wikidata.is_empty() {
                let o = b.owned(format!("http://www.wikidata.org/entity/{}", c.wikidata));
                b.add(iri, owl::SAME_AS, o);
            }
        } else {
            let o = b.simple(code);
            b.add(iri, schema::NAME, o);
        }
        iri
    };
    for c in &ex.countries {
        let iri = country_node(&mut b, &c.code);
        b.add(iri, schema::SUBJECT_OF, article);
        for m in &c.mentions {
            mention(&mut b, iri, m);
        }
        ids.insert(&c.code, iri);
    }
    // a country the article does not mention (a city's, an organisation's) is linked with its
    // code but not declared a country of this article
    let country_ref = |b: &mut Builder, code: &str| -> Node {
        ids.get(code).copied().unwrap_or_else(|| {
            let iri = b.owned(minter.country(code));
            let o = b.simple(code);
            b.add(iri, ng::COUNTRY_CODE, o);
            iri
        })
    };

    // places
    let mut place_ids: FxHashMap<&str, Node> = FxHashMap::default();
    for p in &ex.places {
        let iri = b.owned(minter.place(&p.name, p.country.as_deref(), p.geonames.as_deref()));
        b.add(iri, rdf::TYPE, schema::PLACE);
        match p.kind.as_str() {
            "city" | "capital" => b.add(iri, rdf::TYPE, schema::CITY),
            "border-crossing" => b.add(iri, rdf::TYPE, ng::BORDER_CROSSING),
            _ => {}
        }
        let o = b.simple(&p.name);
        b.add(iri, schema::NAME, o);
        if let Some(c) = &p.country {
            let c = country_ref(&mut b, c);
            b.add(iri, schema::CONTAINED_IN_PLACE, c);
        }
        if let Some(g) = &p.geonames {
            if !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()) {
                let o = b.owned(format!("https://sws.geonames.org/{g}/"));
                b.add(iri, owl::SAME_AS, o);
            }
        }
        if let Some(sa) = p
            .same_as
            .as_ref()
            .filter(|s| crate::iri::validate(s).is_ok())
        {
            let o = b.node(sa);
            b.add(iri, owl::SAME_AS, o);
        }
        b.add(iri, schema::SUBJECT_OF, article);
        for m in &p.mentions {
            mention(&mut b, iri, m);
        }
        place_ids.insert(&p.id, iri);
    }

    // organisations
    let mut org_ids: FxHashMap<&str, Node> = FxHashMap::default();
    for o in &ex.organizations {
        let iri = b.owned(minter.organization(&o.name, o.country.as_deref()));
        b.add(iri, rdf::TYPE, schema::ORGANIZATION);
        match o.kind.as_str() {
            "NewsAgency" => b.add(iri, rdf::TYPE, schema::NEWS_MEDIA_ORGANIZATION),
            "GovernmentOrganization" => b.add(iri, rdf::TYPE, schema::GOVERNMENT_ORGANIZATION),
            "MilitaryOrganization" => b.add(iri, rdf::TYPE, ng::MILITARY_ORGANIZATION),
            _ => {}
        }
        let name = b.simple(&o.name);
        b.add(iri, schema::NAME, name);
        if let Some(c) = &o.country {
            let c = country_ref(&mut b, c);
            b.add(iri, ng::COUNTRY, c);
        }
        if let Some(sa) = o
            .same_as
            .as_ref()
            .filter(|s| crate::iri::validate(s).is_ok())
        {
            let sa = b.node(sa);
            b.add(iri, owl::SAME_AS, sa);
        }
        b.add(iri, schema::SUBJECT_OF, article);
        for m in &o.mentions {
            mention(&mut b, iri, m);
        }
        org_ids.insert(&o.id, iri);
    }

    // persons
    let mut person_ids: FxHashMap<&str, Node> = FxHashMap::default();
    // a person's surname key ([`Minter::person_key`]), or its IRI when the name gives none
    let mut person_keys: FxHashMap<&str, String> = FxHashMap::default();
    for p in &ex.persons {
        let ids = minter.person_ids(&p.name);
        let iri = b.owned(ids.iri);
        b.add(iri, rdf::TYPE, schema::PERSON);
        let o = b.simple(&p.name);
        b.add(iri, schema::NAME, o);
        // the index the bundled queries look a name parameter up in (`CONTAINS(?key,
        // LCASE(?param))`): persons' names only, lower-cased once here instead of at each query
        let o = b.simple(&p.name.to_lowercase());
        b.add(iri, ng::NAME_KEY, o);
        for a in &p.aliases {
            let o = b.simple(a);
            b.add(iri, schema::ALTERNATE_NAME, o);
        }
        for t in &p.titles {
            let o = text_lit(&mut b, t);
            b.add(iri, schema::HONORIFIC_PREFIX, o);
        }
        for r in &p.roles {
            let o = text_lit(&mut b, r);
            b.add(iri, schema::JOB_TITLE, o);
        }
        if let Some(c) = &p.country {
            let c = country_ref(&mut b, c);
            b.add(iri, schema::NATIONALITY, c);
        }
        for o in &p.organizations {
            if let Some(&o) = org_ids.get(o.as_str()) {
                b.add(iri, schema::AFFILIATION, o);
            }
        }
        if let Some(s) = &p.same_as {
            if crate::iri::validate(s).is_ok() {
                let o = b.node(s);
                b.add(iri, owl::SAME_AS, o);
            }
        }
        b.add(iri, schema::SUBJECT_OF, article);
        for m in &p.mentions {
            mention(&mut b, iri, m);
        }
        // the index the identity pass looks persons up by ([`crate::resolve`]), as
        // [`surname_key`] gives it
        if let Some(key) = &ids.key {
            let predicate = if ids.surname_only {
                ng::BARE_SURNAME_KEY
            } else {
                ng::SURNAME_KEY
            };
            let o = b.simple(key);
            b.add(iri, predicate, o);
        }
        person_ids.insert(&p.id, iri);
        person_keys.insert(&p.id, ids.key.unwrap_or_else(|| b.iri(iri).to_owned()));
    }

    // meetings
    for m in &ex.meetings {
        let keys: Vec<&str> = m
            .participants
            .iter()
            .filter_map(|p| person_keys.get(p.as_str()).map(String::as_str))
            .collect();
        let place = m
            .place
            .as_ref()
            .and_then(|p| place_ids.get(p.as_str()))
            .copied();
        let iri = b.owned(minter.meeting(m.date.as_deref(), place.map(|p| b.iri(p)), &keys));
        b.add(iri, rdf::TYPE, ng::MEETING);
        b.add(iri, rdf::TYPE, schema::EVENT);
        let kind = match m.kind {
            MeetingKind::Meeting => ng::TALKS,
            MeetingKind::PressConference => ng::PRESS_CONFERENCE,
            MeetingKind::Reception => ng::RECEPTION,
            MeetingKind::Visit => ng::VISIT,
            MeetingKind::Call => ng::PHONE_CALL,
        };
        b.add(iri, ng::MEETING_KIND_P, kind);
        let cameo = ex.cameo(m);
        let o = b.simple(cameo);
        b.add(iri, ng::CAMEO_CODE, o);
        for &p in m
            .participants
            .iter()
            .filter_map(|p| person_ids.get(p.as_str()))
        {
            b.add(iri, ng::PARTICIPANT, p);
        }
        if let Some(&h) = m.host.as_ref().and_then(|h| person_ids.get(h.as_str())) {
            b.add(iri, ng::HOST, h);
        }
        if let Some(d) = &m.date {
            let o = b.date(d);
            b.add(iri, schema::START_DATE, o);
        }
        if let Some(p) = place {
            b.add(iri, schema::LOCATION, p);
        }
        b.add(iri, schema::SUBJECT_OF, article);
        for x in &m.mentions {
            mention(&mut b, iri, x);
            if let Some(&s) = sentence_iris.get(x.sentence) {
                b.add(iri, prov::WAS_DERIVED_FROM, s);
            }
        }
    }

    // claims
    for c in &ex.claims {
        let Some(&speaker) = person_ids.get(c.speaker.as_str()) else {
            continue;
        };
        let key = person_keys
            .get(c.speaker.as_str())
            .map_or("", String::as_str);
        let iri = b.owned(minter.claim(key, &c.text));
        b.add(iri, rdf::TYPE, schema::CLAIM);
        b.add(iri, ng::SPEAKER, speaker);
        let o = text_lit(&mut b, &c.text);
        b.add(iri, schema::TEXT, o);
        // as `Literal::from(bool)` writes it
        let direct = if c.direct { "true" } else { "false" };
        let o = b.lit(direct, Tag::Typed(Datatype::Boolean));
        b.add(iri, ng::DIRECT, o);
        let o = b.simple("010");
        b.add(iri, ng::CAMEO_CODE, o);
        if let Some(d) = &c.date {
            let o = b.date(d);
            b.add(iri, schema::DATE_CREATED, o);
        }
        for a in &c.about {
            let target = person_ids
                .get(a.as_str())
                .or_else(|| place_ids.get(a.as_str()))
                .or_else(|| org_ids.get(a.as_str()))
                .copied();
            let target = match target {
                Some(t) => t,
                None if a.len() == 2 => country_ref(&mut b, a),
                None => continue,
            };
            b.add(iri, schema::ABOUT, target);
        }
        b.add(iri, schema::APPEARANCE, article);
        for x in &c.mentions {
            mention(&mut b, iri, x);
            if let Some(&s) = sentence_iris.get(x.sentence) {
                b.add(iri, prov::WAS_DERIVED_FROM, s);
            }
        }
    }

    Mapped {
        graph: NamedNode::new_unchecked(b.iri(article)),
        nodes: b.nodes.into_iter().collect(),
        vocab: b.vocab.into_iter().collect(),
        literals: b.literals.into_iter().collect(),
        langs: b.langs,
        triples: b.triples,
        ints: OnceLock::new(),
    }
}

/// Appends `quads` to `out` as N-Quads, byte for byte what oxttl's `NQuadsSerializer` writes
/// (`<s> <p> o <g> .` and a newline; literals escaped as `oxrdf` prints them), without going
/// through `fmt`: with oxttl's serializer, `extract --format nquads` of 2,000 synthetic
/// articles took 3,823 M instructions instead of 2,457 M (callgrind, session 7), more than
/// extracting them. It is held to oxttl's output by the tests below and by property tests
/// (`tests/props.rs`: any literal, any mapped article). A term this
/// writer does not know (an RDF 1.2 triple term or directional literal) is printed by `oxrdf`.
pub fn write_nquads<'a>(
    quads: impl IntoIterator<Item = impl Into<QuadRef<'a>>>,
    out: &mut Vec<u8>,
) {
    use oxigraph::model::NamedOrBlankNodeRef;
    use std::io::Write;
    for q in quads {
        let q: QuadRef<'a> = q.into();
        match q.subject {
            NamedOrBlankNodeRef::NamedNode(n) => iri(out, n.as_str()),
            NamedOrBlankNodeRef::BlankNode(n) => {
                out.extend_from_slice(b"_:");
                out.extend_from_slice(n.as_str().as_bytes());
            }
        }
        out.push(b' ');
        iri(out, q.predicate.as_str());
        out.push(b' ');
        match q.object {
            TermRef::NamedNode(n) => iri(out, n.as_str()),
            TermRef::BlankNode(n) => {
                out.extend_from_slice(b"_:");
                out.extend_from_slice(n.as_str().as_bytes());
            }
            TermRef::Literal(l) => literal(out, l),
            #[allow(unreachable_patterns)]
            other => {
                let _ = write!(out, "{other}");
            }
        }
        match q.graph_name {
            GraphNameRef::NamedNode(n) => {
                out.push(b' ');
                iri(out, n.as_str());
            }
            GraphNameRef::BlankNode(n) => {
                out.extend_from_slice(b" _:");
                out.extend_from_slice(n.as_str().as_bytes());
            }
            GraphNameRef::DefaultGraph => {}
        }
        out.extend_from_slice(b" .\n");
    }
}

/// A literal as N-Quads: quoted, with its language tag or its datatype (none for
/// `xsd:string`). A literal this writer does not know (directional) is printed by `oxrdf`.
fn literal(out: &mut Vec<u8>, l: oxigraph::model::LiteralRef<'_>) {
    if l.datatype() == xsd::STRING || l.datatype() == rdf::LANG_STRING {
        quoted(out, l.value());
        if let Some(lang) = l.language() {
            out.push(b'@');
            out.extend_from_slice(lang.as_bytes());
        }
    } else if l.language().is_none() {
        quoted(out, l.value());
        out.extend_from_slice(b"^^<");
        out.extend_from_slice(l.datatype().as_str().as_bytes());
        out.push(b'>');
    } else {
        use std::io::Write;
        let _ = write!(out, "{l}");
    }
}

/// A string literal's lexical form as `oxrdf::literal::print_quoted_str` writes it.
fn quoted(out: &mut Vec<u8>, s: &str) {
    /// The bytes that may need escaping: controls, '"', '\\', DEL and 0xEF (which starts
    /// U+FFFE and U+FFFF). A table look-up per byte: matching each byte cost twice as much.
    const SPECIAL: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            t[b] = true;
            b += 1;
        }
        t[b'"' as usize] = true;
        t[b'\\' as usize] = true;
        t[0x7f] = true;
        t[0xef] = true;
        t
    };
    // most texts need no escape: one pass over the bytes, without a branch per byte, that the
    // compiler turns into vector compares
    let bytes = s.as_bytes();
    let may_need_escape = |b: u8| b < 0x20 || b == b'"' || b == b'\\' || b == 0x7f || b == 0xef;
    if !bytes.iter().fold(false, |any, &b| any | may_need_escape(b)) {
        out.reserve(bytes.len() + 2);
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !SPECIAL[b as usize] {
            i += 1;
            continue;
        }
        let (escape, len): (Option<&[u8]>, usize) = match b {
            b'\x08' => (Some(b"\\b"), 1),
            b'\t' => (Some(b"\\t"), 1),
            b'\n' => (Some(b"\\n"), 1),
            b'\x0c' => (Some(b"\\f"), 1),
            b'\r' => (Some(b"\\r"), 1),
            b'"' => (Some(b"\\\""), 1),
            b'\\' => (Some(b"\\\\"), 1),
            0..=0x1f | 0x7f => (None, 1),
            // U+FFFE and U+FFFF: EF BF BE / EF BF BF
            0xef if bytes.get(i + 1) == Some(&0xbf)
                && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)) =>
            {
                (None, 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[start..i]);
        match escape {
            Some(e) => out.extend_from_slice(e),
            None => {
                let c = s[i..].chars().next().map_or(0, u32::from);
                out.extend_from_slice(format!("\\u{c:04X}").as_bytes());
            }
        }
        i += len;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod index_tests {
    use super::*;

    #[test]
    fn each_person_carries_its_surname_key() {
        let ex = crate::extract_article(
            "Le général Bagheri a rencontré lundi à Damas le ministre syrien de la Défense, \
             Ali Abdullah Ayoub."
                .as_bytes(),
            &crate::ArticleOptions::default(),
        )
        .unwrap();
        let quads: Vec<String> = map(&ex, &Minter::default())
            .quads()
            .filter(|q| q.predicate == ng::SURNAME_KEY || q.predicate == ng::BARE_SURNAME_KEY)
            .map(|q| q.to_string())
            .collect();
        let id = "https://w3id.org/newsgraph/id/person/";
        let ns = ng::NS;
        assert!(
            quads.contains(&format!(
                "<{id}bagheri> <{ns}bareSurnameKey> \"bagheri\" <{}>",
                ex.article.iri
            )),
            "{quads:?}"
        );
        assert!(
            quads
                .iter()
                .any(|q| q.contains(&format!("<{ns}surnameKey> \"ayoub\""))),
            "{quads:?}"
        );
        assert_eq!(quads.len(), 2, "{quads:?}");
        assert_eq!(
            surname_key("Lavrov"),
            Some((ng::BARE_SURNAME_KEY, "lavrov".into()))
        );
        assert_eq!(
            surname_key("Sergueï Lavrov"),
            Some((ng::SURNAME_KEY, "lavrov".into()))
        );
    }
}

#[cfg(test)]
mod nquads_tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfSerializer};
    use oxigraph::model::{BlankNode, GraphName, Term};

    fn oxttl(quads: &[Quad]) -> Vec<u8> {
        let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
        for q in quads {
            w.serialize_quad(q).unwrap();
        }
        w.finish().unwrap()
    }

    #[test]
    fn write_nquads_is_oxttl_byte_for_byte() {
        let s = NamedNode::new_unchecked("http://e.org/s");
        let p = NamedNode::new_unchecked("http://e.org/p");
        let g = GraphName::NamedNode(NamedNode::new_unchecked("http://e.org/g#x"));
        let b = BlankNode::new_unchecked("b0");
        let texts = [
            "plain",
            "",
            "état « ça » \"quoted\" back\\slash",
            "ctl \u{0} \u{1} \u{8} \t \n \u{b} \u{c} \r \u{1f} \u{7f} end",
            "nonchars \u{fffe}\u{ffff}\u{fffd} \u{10ffff} 日本",
        ];
        let mut quads = Vec::new();
        for t in texts {
            for o in [
                Term::from(Literal::new_simple_literal(t)),
                Literal::new_language_tagged_literal_unchecked(t, "fr").into(),
                Literal::new_typed_literal(t, xsd::DATE).into(),
                Literal::new_typed_literal(t, xsd::STRING).into(),
            ] {
                for graph in [g.clone(), GraphName::DefaultGraph, b.clone().into()] {
                    quads.push(Quad::new(s.clone(), p.clone(), o.clone(), graph.clone()));
                    quads.push(Quad::new(b.clone(), p.clone(), o.clone(), graph));
                }
            }
        }
        quads.push(Quad::new(s.clone(), p.clone(), b.clone(), g.clone()));
        quads.push(Quad::new(s.clone(), p.clone(), s.clone(), g));
        quads.push(Quad::new(
            s,
            p,
            Literal::from(true),
            GraphName::DefaultGraph,
        ));
        let mut mine = Vec::new();
        write_nquads(&quads, &mut mine);
        assert_eq!(
            String::from_utf8(mine).unwrap(),
            String::from_utf8(oxttl(&quads)).unwrap()
        );
    }

    #[test]
    fn a_mapped_article_writes_as_its_quads_do() {
        let ex = crate::extract_article(
            "Le président Jean Dupont a reçu lundi à Paris le ministre belge des Affaires \
             étrangères, Marc Leroy. « Nous avons parlé \"franchement\" », a déclaré M. Dupont."
                .as_bytes(),
            &crate::ArticleOptions {
                published: chrono::NaiveDate::from_ymd_opt(2024, 3, 6),
                title: Some("Dupont\treçoit Leroy".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let mapped = map(&ex, &Minter::default());
        let (mut mine, mut each) = (Vec::new(), Vec::new());
        mapped.write_nquads(&mut mine);
        write_nquads(mapped.quads(), &mut each);
        assert!(mapped.len() > 50);
        assert_eq!(
            String::from_utf8(mine).unwrap(),
            String::from_utf8(each).unwrap()
        );
    }
}
