//! Meetings: talks, receptions, press conferences, calls and visits, with their participants,
//! date, place and kind, from the trigger words of `ontology/verbs.tsv`.
//!
//! Participants are the persons named in the trigger's clause: those before the trigger (after
//! any earlier reporting verb) and those after it up to a clause break (a reporting verb that
//! attributes the sentence, a purpose clause, a planned event). A sentence that refers back to
//! a meeting ("cette rencontre", "their meeting", a joint press conference) adds its persons to
//! the previous meeting's. Planned meetings ("doit rencontrer", "upcoming meeting") are not
//! recorded.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::dates::{DateMention, DateValue};
use super::mentions;
use super::persons::Persons;
use super::{Ctx, PlaceMentions};
use crate::lexicon::{Hit, VerbKind};
use crate::model::{self, MeetingKind};

struct Event {
    kind: MeetingKind,
    participants: Vec<usize>,
    host: Option<usize>,
    date: Option<NaiveDate>,
    place: Option<String>,
    mentions: Vec<(usize, usize, usize)>,
    /// Whether its date is written in its sentence (else it is the story's).
    written_date: bool,
    /// Participants named by a pronoun, and why.
    resolved: Vec<Resolved>,
}

impl Event {
    /// The same meeting with other participants (and the resolutions of those only): one of
    /// the meetings a group of counterparts gives, each met apart.
    fn with_participants(&self, participants: Vec<usize>) -> Event {
        Event {
            kind: self.kind,
            resolved: self
                .resolved
                .iter()
                .filter(|r| participants.contains(&r.person))
                .copied()
                .collect(),
            participants,
            host: self.host,
            date: self.date,
            place: self.place.clone(),
            mentions: self.mentions.clone(),
            written_date: self.written_date,
        }
    }
}

/// A participant found for a pronoun: the person, what stood for it, the rule, the span.
#[derive(Debug, Clone, Copy)]
struct Resolved {
    person: usize,
    by: &'static str,
    rule: &'static str,
    /// (sentence, start, end)
    span: (usize, usize, usize),
}

fn clause_break_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(pour discuter|pour évoquer|afin de|afin d'|alors que|tandis que|to discuss|in order to|while|whereas|où|where|which|qui doit|who will)(?-u:\b)|, to ")
            .unwrap()
    })
}

fn anaphora_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?-u:\b)(cette|cet|ces|leur|leurs|l'|la|le|their|this|the|les deux|the two)\s*$",
        )
        .unwrap()
    })
}

fn two_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(?:(?-u:\b)(?:les deux|the two)\s*$|(?:(?-u:\b)(?:les deux|the two)(?:\s+\p{Ll}[\p{L}-]*){0,2}|^\W*(?:the|les|both|both the))\s+(ministres|hommes|femmes|dirigeants|dirigeantes|chefs|présidents|responsables|délégations|ministers|men|women|leaders|presidents|officials|delegations|sides|parties)(?-u:\b)|^\W*(?:the two|les deux)\s+(?:\p{Ll}+ly\s+|then\s+|also\s+|later\s+|ensuite\s+|aussi\s+)?(?:held|met|had|have|spoke|talked|sat|discussed|ont|avaient|se|s'|sont|étaient)(?-u:\b))").unwrap())
}

fn joined_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(?-u:\b)(?:(?:side|delegation|délégation|partie) (?:was|were|est|était|a été) (?:led|headed|conduite?|dirigée?|menée?) (?:by|par)|(?:were|was) joined(?: [^,.;]{0,40})? by|(?:ont été|a été) rejoints? (?:[^,.;]{0,40} )?par|(?:delegation|délégation|side|partie)[^.;]{0,60}? (?:included|includes|comprised|consisted of|comprenait|comprend|comptait|était composée de|se composait de)|(?:was|were) accompanied by|\s(?:était|étaient) accompagnée?s? d[eu']|comptait dans ses rangs|(?:were|was) expanded to include|(?:ont été|a été) élargie?s? à)").unwrap())
}

/// A sentence telling when the meeting just told took place.
fn took_place_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^\W*(?:l'|la |le |les |cet |cette |the |this |their )(?:appel|entretien|entretiens|rencontre|réunion|échange|conversation|call|meeting|talks|conversation|tête-à-tête)\b[^.;]{0,40}?\b(?:a eu lieu|ont eu lieu|s'est tenue?|se sont tenus|s'est déroulée?|se sont déroulés|took place|was held|were held|happened)(?-u:\b)").unwrap()
    })
}

/// How many sentences after a meeting a sentence may name more persons present at it.
const ATTENDANCE_REACH: usize = 6;

/// A subject pronoun coordinated with the name after it: "that he and X", "elle et son
/// homologue X".
fn coordinated_pronoun_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|[\s,'])(he|she|il|elle) (?:and|et)(?: [\p{L}'-]+){0,4}\s*$").unwrap()
    })
}

/// How far into a sentence a dateline's dash may stand ("ABU DHABI, 5th March, 2025 (WAM) --").
const DATELINE_REACH: usize = 80;

/// A meeting referred back to by a noun: "L'audience", "the talks", "cet entretien".
const MEETING_ANAPHOR: &str = r"(?:l'|la |le |les |cet |cette |ces |the |this |these |that |those )(?:\p{Ll}+ )?(?:audience|entretien|entretiens|rencontre|réunion|séance de travail|séance|échanges?|discussions|concertations?|conversation|tête-à-tête|cérémonie|travaux|débats|meetings?|talks|session|call|consultations|ceremony)";

/// Meetings named in the plural after "aux" ("a pris part aux travaux", "assistaient aux
/// débats").
const MEETING_PLURAL: &str = r"aux (?:\p{Ll}+ )?(?:travaux|débats|discussions|entretiens|échanges|réunions|consultations|pourparlers)";

/// A sentence naming more persons present at the meeting just told: "L'audience s'est
/// déroulée en présence de :", "The meeting was also attended by A and B", "Also present
/// were …", "Several officials attended the talks, among them …". Group 1 (or 2) ends
/// where the persons present are named: after it (1) or anywhere in the sentence (2).
fn attendance_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)^(?:[^.;:]{{0,40}}?, )?\W*(?:{MEETING_ANAPHOR}(?-u:\b)[^;:]{{0,120}}?(?-u:\b)(en présence d[eu']|in the presence of|(?:was|were) (?:also )?attended by|(?:a|ont) (?:également |aussi )?réuni)|(among them (?:were|was|are)|among the guests(?: (?:were|was|are))?|(?:the )?guests included|parmi les (?:invités|convives)(?: figuraient| se trouvaient| étaient)?|parmi eux(?: figuraient| se trouvaient)?|parmi elles(?: figuraient)?|also present were|also present was|also in attendance were|among those present (?:were|was)|also (?:in the room|at the table|on hand|around the table)(?:,? [^,.;]{{0,30}},?)? (?:were|was)|autour de la table|(?:assistaient|participaient|assistait|participait) (?:également |aussi )?(?:à {MEETING_ANAPHOR}|{MEETING_PLURAL})|étaient (?:également |aussi )?présents|y ont (?:également |aussi )?pris part|ont (?:également |aussi )?pris part à {MEETING_ANAPHOR})(?-u:\b))|(?-u:\b)((?:attended|took part in|participated in|sat in on|joined) {MEETING_ANAPHOR}|(?:assistait|assistaient|participait|participaient|prenait part|prenaient part) (?:également |aussi )?(?:à {MEETING_ANAPHOR}|{MEETING_PLURAL})|(?:ont|a) (?:également |aussi )?(?:assisté|participé|pris part) (?:à {MEETING_ANAPHOR}|{MEETING_PLURAL}))(?-u:\b)"
        ))
        .unwrap()
    })
}

/// Words one of which every match of [`attendance_re`] holds: a cheap test first (most
/// sentences after a meeting name no one present).
fn attendance_cue_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)présen|presen|attend|pris part|prenai|assist|particip|réuni|joined|joint|sat in|took part|parmi e|parmi les|guests|among|room|table|on hand|part of|de la partie|délégations|delegations").unwrap()
    })
}

/// A sentence that opens on one meeting told before: "La réunion, tenue à …", "The meeting
/// lasted …".
fn one_meeting_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^\W*(?:la réunion|la rencontre|l'entretien|l'audience|la séance de travail|the meeting|the session)(?-u:\b)").unwrap()
    })
}

/// A means of a call right after a meeting verb, at most two words away.
fn by_phone_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:[\w'’-]+\s+){0,2}?(?:par téléphone|au téléphone|par visioconférence|by phone|by telephone|by video ?link|over the phone|on the phone)(?-u:\b)").unwrap()
    })
}

fn delegation_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(?-u:\b)(delegation|délégation)s?(?-u:\b)").unwrap())
}

/// A word telling that the event followed the one told before: "ensuite", "then".
fn then_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?:^|\s)(?:ensuite|puis|par la suite|then|later|afterwards|subsequently)(?-u:\b)",
        )
        .unwrap()
    })
}

/// A delegation named as one party: "la délégation française", "the visiting Japanese
/// delegation", "The Timorese delegation", "for the delegation".
fn delegation_party_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|\s)(?:the|a|la|une|cette|this)\s+(?:visiting\s+|forte\s+)?(?:[\p{L}-]+\s+)?(?:delegation|délégation)(?:\s+[\p{L}-]+)?(?-u:\b)").unwrap()
    })
}

/// The head of a delegation named as a party of a meeting (between `a` and `b` of the
/// sentence): the person of the delegation's nationality who took part in an earlier meeting
/// (the first named), or without a nationality the visitor told before, else the one guest
/// of the last reception.
fn delegation_head(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    (a, b): (usize, usize),
    events: &[Event],
    exclude: &[usize],
) -> Option<Resolved> {
    let m = delegation_party_re().find(ctx.text(a, b))?;
    let (da, db) = (a + m.start(), a + m.end());
    let nationality = ctx
        .nationalities_in(sent, da, db)
        .first()
        .map(|n| n.1.clone());
    let mut earlier: Vec<usize> = Vec::new();
    for e in events {
        for &c in &e.participants {
            if !earlier.contains(&c) && !exclude.contains(&c) {
                earlier.push(c);
            }
        }
    }
    // (not when someone of unknown nationality was named first: maybe its head)
    let person = match nationality {
        Some(n) => earlier
            .iter()
            .copied()
            .filter(|&c| {
                persons.clusters[c]
                    .nationality()
                    .is_none_or(|m| m == n.as_str())
            })
            .min()
            .filter(|&c| persons.clusters[c].nationality().as_deref() == Some(n.as_str())),
        None => events
            .iter()
            .filter(|e| e.kind == MeetingKind::Visit)
            .flat_map(|e| e.participants.iter().copied())
            .find(|c| !exclude.contains(c))
            .or_else(|| {
                let e = events.iter().rev().find(|e| e.host.is_some())?;
                let guests: Vec<usize> = e
                    .participants
                    .iter()
                    .copied()
                    .filter(|&c| Some(c) != e.host && !exclude.contains(&c))
                    .collect();
                (guests.len() == 1).then(|| guests[0])
            })
            .or_else(|| {
                // (no visit told in a way the lexicon reads: "X a débuté lundi une visite de
                // cinq jours": for "la délégation" alone, the first person the article names
                // with an office, before the delegation)
                let bare = m.as_str().trim().to_lowercase();
                let words: Vec<&str> = bare.split_whitespace().collect();
                if !matches!(
                    words.get(..2),
                    Some(["la", "délégation"] | ["the", "delegation"])
                ) || words
                    .get(2)
                    .is_some_and(|w| matches!(*w, "of" | "from" | "de" | "du" | "des"))
                {
                    return None;
                }
                (0..persons.clusters.len())
                    .filter(|&c| !exclude.contains(&c) && !persons.clusters[c].roles.is_empty())
                    .filter(|&c| persons.clusters[c].first < da)
                    .min_by_key(|&c| persons.clusters[c].first)
            }),
    }?;
    Some(Resolved {
        person,
        by: "delegation",
        rule: "head-of-the-delegation",
        span: (sent, da, db),
    })
}

/// How the items of a list after a meeting sentence join it.
enum ListMode {
    /// All are participants of the one meeting ("en présence de :", "met with:").
    All,
    /// Each meets these persons (the subject) apart ("a rencontré plusieurs responsables,
    /// parmi lesquels :").
    EachWith(Vec<usize>),
}

/// Words that introduce some of a group of counterparts, each met apart.
fn counterparts_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(parmi lesquel(?:le)?s|parmi eux|parmi elles|among them(?: (?:are|were))?|among whom(?: (?:are|were))?|notamment|including|successivement avec|tour à tour avec|séparément avec|separately with|in turn with|each in turn)(?-u:\b)").unwrap()
    })
}

/// A meeting word placing another event in time ("after the meeting", "avant la rencontre",
/// "à l'issue des entretiens"): it tells no meeting of its own.
fn temporal_ref_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(?:after|before|following|ahead of|at the end of|après|avant|à l'issue d[eu']?|au terme d[eu']?|à la suite d[eu']?)\s*(?:the|this|that|la|le|l'|les|des|du|cette|ce|ces)\s*$").unwrap()
    })
}

/// An adjunct of the subject's own meeting ending the text before a meeting word: "(He spoke)
/// after a", "(Il s'est exprimé) à l'issue de son".
fn own_meeting_adjunct_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\s(?:after|following|après|à l'issue d[e']|au terme d[e'])\s*(?:a|an|his|her|their|un|une|son|sa|leur)\s*$").unwrap()
    })
}

/// A clause opening the sentence that places its event in time ("After her meeting with Ms
/// X, …", "Après son entretien avec Y, …"): the persons in it are not the main clause's.
pub(super) fn opening_adjunct_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^\W*(?:after|before|following|ahead of|après|avant|à l'issue d[eu']?|au terme d[eu']?|à la suite d[eu']?)\s[^,;:]{3,120},").unwrap()
    })
}

/// A sentence whose subject is a meeting already told ("The talks, held …", "Les entretiens,
/// tenus mardi, …").
fn definite_meeting_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^\W*(?:the|these|this|la|le|les|l'|cette|ces)\s*(?:talks|meeting|meetings|discussions|consultations|entretiens?|rencontre|réunion|séance|échanges?|pourparlers)(?-u:\b)").unwrap()
    })
}

/// "called on farmers to report …": the words after "called on" ask for something.
fn request_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s+(?:the\s+|all\s+|both\s+)?\p{Ll}[^.;:]{0,60}?\sto\s+\p{Ll}").unwrap()
    })
}

/// "Formal talks followed on Friday", "Des entretiens élargis ont suivi mardi": more talks of
/// the same persons.
fn followed_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(?:followed|resumed|continued|ont suivi|a suivi|se sont poursuivis|se sont poursuivies|ont repris)(?-u:\b)").unwrap()
    })
}

/// "where they were joined by", "où ils ont été rejoints par": after a clause break, the
/// persons of the same meeting.
fn joined_there_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^\s+(?:they|he|she|ils|elles|il|elle)\s+(?:were|was|ont été|a été)\s+(?:\p{Ll}+ly\s+|later\s+|ensuite\s+)?(?:joined|briefed|rejointe?s?|reçue?s?)\s+(?:by|par)\s").unwrap()
    })
}

/// "s'est entretenue avec A, puis avec B", "met A and then B": one meeting with each.
fn then_with_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i),\s+(?:puis|ensuite|and then|then)\s+(?:avec|with)\s").unwrap()
    })
}

/// Whether a date follows "depuis (le)" or "since (the)": it starts a state or a stay.
fn after_since(ctx: &Ctx, sent: usize, d: &DateMention) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(?:depuis|since)(?:\s+(?:le|la|les|l'|the))?\s*$").unwrap()
    });
    let start = ctx.sents[sent].start;
    re.is_match(ctx.text(d.start.saturating_sub(16).max(start), d.start))
}

/// A negation right before a meeting word: "n'avait jamais rencontré", "n'a pas reçu", "had
/// never met", "did not meet".
fn negated_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:(?:^|\s)n'(?:a|avait|ont|avaient|aurait)\s+(?:jamais|pas|plus|guère)\s*(?:été\s+)?|(?-u:\b)(?:never|not|didn't|hasn't|hadn't|haven't)\s+(?:been\s+)?)$").unwrap()
    })
}

/// "successivement", "tour à tour", "separately": the persons met one by one.
fn successively_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(?:successivement|tour à tour|séparément|separately|in turn|one after the other)(?-u:\b)").unwrap()
    })
}

/// "also attended by", "en présence également de": others were there before these.
fn also_attended_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(?:also attended by|also joined by|en présence également d[eu']|également en présence d[eu'])").unwrap()
    })
}

/// A sentence ending on the presence of the persons it names: "A and B were also in the
/// room", "X a aussi pris part" (presence said with "present" is [`present_re`]'s).
fn late_attendance_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|\s)(?:(?:also attended|(?:were|was) also (?:in the (?:\w+ )?room|at the table)|also took part|took part too|(?:was|were) also seated at the table|(?:ont|a) (?:également |aussi )?assisté à (?:la|cette) (?:rencontre|réunion|séance)|(?:s'étai(?:en)?t|s'est|se sont) (?:également |aussi )?joint(?:e|s|es)? à (?:eux|elles)|siégeai(?:en)?t (?:également |aussi )?à (?:la table|leurs côtés)|(?:a|ont) (?:également |aussi )?pris part|y (?:participai(?:en)?t|assistai(?:en)?t|(?:a|ont) (?:également |aussi )?(?:participé|assisté))(?: (?:également|aussi))?)\W*$|(?:briefed|informed|addressed) (?:the|both) (?:two )?delegations(?-u:\b)|(?:a|ont) (?:briefé|informé) les (?:deux )?délégations(?-u:\b))").unwrap()
    })
}

/// The presence, at the meeting just told, of the persons named before it: "X was present
/// at the signing", "A and B were present.", "Y était également présente, tandis que …",
/// "C and D were also part of the meeting".
fn present_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|\s)(?:(?:was|were) (?:also )?(?:present|in attendance|on hand)(?: (?:at|for|during) (?:the|this) [\w-]+)?|(?:was|were) (?:also )?part of (?:the|this) (?:meeting|talks|discussions|session)|(?:était|étaient) (?:également |aussi )?(?:présente?s?|de la partie)(?: (?:à|lors de) (?:la|cette) [\w-]+)?|(?:joined|accompanied) (?:the (?:two )?(?:ministers|leaders|officials|delegations|envoys)|them|both)(?: (?:at|for|during) the [\w-]+)?|(?:a|ont) (?:rejoint|accompagné) les deux (?:ministres|délégations|dirigeants|responsables)(?: (?:lors de|pendant|à) (?:la|l') ?[\w-]+)?)(?: too| as well| aussi)?(?: (?:in|at|on|à|au|dans) [^,.;:]{0,40})?(?:\W*$|,)").unwrap()
    })
}

/// A meeting word that names its own participants right after it ("talks between", "la
/// rencontre de Mme X avec").
fn own_arguments_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:between|with|of|entre|avec|de|du|d')(?-u:\b)").unwrap()
    })
}

/// "the two deputy ministers", "les deux ministres": the words after "two" that describe
/// the pair.
fn two_words_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:(?-u:\b)(?:the two|both|les deux|des deux)|^\W*(?:the|les))((?:\s+\p{Ll}[\p{L}-]*){1,3})").unwrap()
    })
}

/// An object pronoun standing for the guest of a reception: "hosted her", "received them",
/// "l'a reçue", "les a accueillis".
fn object_pronoun_after_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)^\s+(him|her|them)(?-u:\b)").unwrap())
}

fn object_pronoun_before_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(?:^|\s)(l'|les\s)(?:a|ont|avait|avaient)\s*$").unwrap())
}

/// How many sentences back a definite meeting word ("The talks, held on Wednesday, …") may
/// refer to a meeting told before.
const ANAPHOR_REACH: usize = 3;

/// A line of a bulleted, dashed or numbered list.
fn is_list_item(sentence: &str) -> bool {
    let t = sentence.trim_start();
    t.starts_with(['•', '·', '-', '–', '—', '*', '▪', '●', '◦', '‣', '►', '>'])
        || t.split_once([')', '.']).is_some_and(|(n, rest)| {
            !n.is_empty()
                && n.len() <= 2
                && n.bytes().all(|b| b.is_ascii_digit())
                && rest.starts_with(' ')
        })
}

fn presence_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)en présence d[eu']|in the presence of|accompagnée? d[eu']|accompanied by|alongside|en compagnie d[eu']|in the company of").unwrap())
}

/// A denial before a meeting word of the same sentence: what it introduces did not happen
/// ("the ministry denied a report that X had also held a private meeting with Y").
fn denial_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)(?-u:\b)({DENIAL_VERBS}|ruled out|dismissed reports?|a exclu|a écarté)(?-u:\b)"
        ))
        .unwrap()
    })
}

/// Verbs of denial, in the forms news writes them.
const DENIAL_VERBS: &str = "denied|denies|deny|denying|a démenti|ont démenti|dément|démentent|démentant|a nié|ont nié|nie|nient|niant";

/// A denial whose object is a meeting: "denied meeting", "denied having met", "denied that
/// he had met", "a démenti avoir rencontré", "nie s'être entretenu".
fn denied_meeting_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(r"(?i)\b(?:{DENIAL_VERBS})\s+(?:(?:avoir|having|ever|any|that|he|she|they|had|has|have|qu'il|qu'elle|ait|aient|jamais)\s+){{0,4}}(?:met|meeting|meetings|rencontré|rencontrée|rencontrés|reçu|received|held talks|spoken|parlé|s'être entretenue?s?)\b")).unwrap()
    })
}

/// Words that keep a meeting on the day of an arrival told with it: the pluperfect, "le
/// jour même", "the same evening".
fn arrival_day_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(?:avait|avaient|s'était|s'étaient|had|dès (?:son|leur) arrivée|(?:up)?on (?:his|her|their) arrival|le jour même|le même jour|le soir même|the same (?:day|evening|morning|afternoon|night)|that (?:same )?(?:day|evening))\b").unwrap()
    })
}

/// How far (in bytes) before a meeting word a denial may stand.
const DENIAL_REACH: usize = 120;

fn joint_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(conjointe|commune|joint|conjoint)(?-u:\b)").unwrap()
    })
}

fn priority(kind: VerbKind) -> u8 {
    match kind {
        VerbKind::Call => 5,
        VerbKind::Press => 4,
        VerbKind::Received => 3,
        VerbKind::Reception => 2,
        VerbKind::Meeting => 1,
        _ => 0,
    }
}

/// Finds the meetings of the article. `place_at` lists (sentence, start, end, place id).
pub fn find_meetings(
    ctx: &Ctx,
    persons: &Persons,
    place_at: &PlaceMentions,
) -> Vec<model::Meeting> {
    let mut events: Vec<Event> = Vec::new();
    let mut last_event: Option<usize> = None;
    let mut last_date: Option<NaiveDate> = None;
    // whether `last_date` was written after the last meeting was told
    let mut date_after_event = false;
    // the day that "la veille", "le lendemain" and "that evening" count from: the last date
    // of the story, or the written day of an arrival told after it
    let mut story_day: Option<NaiveDate> = None;
    let mut synced: Option<NaiveDate> = None;
    // (an arrival's day counts from the next sentence on, unless that sentence's meeting
    // wrote a day of its own)
    let mut arrival_day: Option<NaiveDate> = None;
    // the meeting whose sentence ends with a colon: the list items that follow name more
    // of its participants ("… a rencontré plusieurs responsables, parmi lesquels :", "met
    // with:", "en présence de :")
    let mut list_open: Option<usize> = None;
    let mut list_mode = ListMode::All;
    // the meetings of the last list of counterparts met one by one
    let mut split_group: Option<Vec<usize>> = None;
    for (i, s) in ctx.sents.iter().enumerate() {
        if last_date != synced {
            story_day = last_date;
            synced = last_date;
        } else if arrival_day.is_some() {
            story_day = arrival_day;
        }
        arrival_day = None;
        if let Some(k) = list_open {
            if is_list_item(ctx.sentence_text(i)) {
                let named: Vec<usize> = persons
                    .in_sentence(i)
                    .filter(|m| !ctx.in_quote(i, m.start))
                    .map(|m| m.cluster)
                    .collect();
                match &list_mode {
                    ListMode::EachWith(base) if !base.is_empty() => {
                        for c in named.into_iter().filter(|c| !base.contains(c)) {
                            let mut participants = base.clone();
                            participants.push(c);
                            let one = Event {
                                resolved: Vec::new(),
                                ..events[k].with_participants(participants)
                            };
                            let added = add_event(&mut events, one);
                            let group = split_group.get_or_insert_with(|| vec![k]);
                            if !group.contains(&added) {
                                group.push(added);
                            }
                        }
                    }
                    _ => {
                        for c in named {
                            if !events[k].participants.contains(&c) {
                                events[k].participants.push(c);
                            }
                        }
                    }
                }
                continue;
            }
            list_open = None;
        }
        // "La réunion, tenue à …" after a list of counterparts: they met in one meeting,
        // not one by one
        if let Some(group) = split_group.take() {
            if one_meeting_re().is_match(ctx.sentence_text(i)) {
                let (&first, rest) = group.split_first().expect("a split gives two meetings");
                for &k in rest {
                    let moved = std::mem::take(&mut events[k].participants);
                    for c in moved {
                        if !events[first].participants.contains(&c) {
                            events[first].participants.push(c);
                        }
                    }
                }
                last_event = Some(first);
            }
        }
        // "L'audience s'est déroulée en présence de :", "The meeting was also attended by A
        // and B": more participants of the meeting just told, not a meeting of their own
        if let Some(k) = last_event.filter(|&k| {
            events[k].kind != MeetingKind::Visit
                && events[k]
                    .mentions
                    .last()
                    .is_some_and(|&(ms, _, _)| i - ms <= ATTENDANCE_REACH)
        }) {
            let text = ctx.sentence_text(i);
            // ("The talks, held on Wednesday, were also attended by …": their day)
            if !events[k].written_date && definite_meeting_re().is_match(text) {
                if let Some(d) = sentence_date(ctx, i, None, story_day) {
                    events[k].date = Some(d);
                    events[k].written_date = true;
                    last_date = Some(d);
                }
            }
            let cue = attendance_cue_re().is_match(text);
            let found = cue.then(|| attendance_re().captures(text)).flatten();
            // ("A and B were also in the room", "X et Y étaient aussi présents": the
            // persons before)
            let late = cue && found.is_none() && late_attendance_re().is_match(text);
            // ("X was present at the signing, held at …": the persons before the predicate)
            let presence = (cue && found.is_none() && !late)
                .then(|| present_re().find(text))
                .flatten()
                .map(|m| s.start + m.start());
            if found.is_some() || late || presence.is_some() {
                let from = match found.as_ref().map(|c| (c.get(1).or(c.get(2)), c.get(3))) {
                    Some((Some(m), _)) => s.start + m.end(),
                    _ => s.start,
                };
                let until = presence.unwrap_or(s.end);
                for m in persons
                    .in_sentence(i)
                    .filter(|m| m.start >= from && m.start < until && !ctx.in_quote(i, m.start))
                {
                    if !events[k].participants.contains(&m.cluster) {
                        events[k].participants.push(m.cluster);
                    }
                }
                if text.trim_end().ends_with(':') {
                    list_mode = ListMode::All;
                    list_open = Some(k);
                }
                continue;
            }
        }
        let triggers: Vec<&Hit> = s
            .verbs
            .iter()
            .filter(|h| !ctx.in_quote(i, h.start))
            .filter(|h| {
                matches!(
                    ctx.verb_kind(h),
                    VerbKind::Meeting
                        | VerbKind::Reception
                        | VerbKind::Received
                        | VerbKind::Visit
                        | VerbKind::Call
                        | VerbKind::Press
                )
            })
            .filter(|h| !is_planned(ctx, i, h))
            // "Addressing journalists after the meeting, …": a meeting told before, placing
            // this sentence in time
            .filter(|h| {
                !temporal_ref_re().is_match(ctx.text(s.start, h.start))
                    || own_arguments_re().is_match(ctx.text(h.end, s.end))
            })
            // "X called on farmers to report …": a request
            .filter(|h| {
                !(ctx.text(h.start, h.end).eq_ignore_ascii_case("called on")
                    && request_re().is_match(ctx.text(h.end, s.end)))
            })
            .collect();
        // "After her meeting with X, the minister was received by Y": the meeting word of
        // the opening clause only places the main one in time
        let adjunct_end = opening_adjunct_re()
            .find(ctx.sentence_text(i))
            .map(|m| s.start + m.end());
        let triggers: Vec<&Hit> = match adjunct_end {
            Some(e) if triggers.iter().any(|h| h.start >= e) => {
                triggers.into_iter().filter(|h| h.start >= e).collect()
            }
            _ => triggers,
        };
        if triggers.is_empty() {
            // "The Togolese side was led by X and Y", "The two leaders were joined by X": more
            // participants of the meeting just told
            if let (Some(k), Some(m)) = (last_event, joined_re().find(ctx.sentence_text(i))) {
                let from = s.start + m.start();
                // (named persons only: a description here is often someone met elsewhere)
                let late: Vec<usize> = persons
                    .in_sentence(i)
                    .filter(|p| p.start >= from && !ctx.in_quote(i, p.start) && !p.anaphoric)
                    .map(|p| p.cluster)
                    .collect();
                let told_with_delegation = events[k]
                    .mentions
                    .first()
                    .is_some_and(|&(ms, _, _)| delegation_re().is_match(ctx.sentence_text(ms)));
                if events[k].kind != MeetingKind::Visit
                    && (events[k].participants.len() >= 2 || told_with_delegation)
                {
                    for c in late {
                        if !events[k].participants.contains(&c) {
                            events[k].participants.push(c);
                        }
                    }
                }
            }
            let d = sentence_date(ctx, i, None, story_day);
            // "L'appel a eu lieu jeudi", "The talks took place on Monday": the date of the
            // meeting just told, when its own sentence wrote none
            if let (Some(k), Some(d)) = (last_event, d) {
                if !events[k].written_date && took_place_re().is_match(ctx.sentence_text(i)) {
                    events[k].date = Some(d);
                    events[k].written_date = true;
                }
            }
            if let Some(d) = d {
                last_date = Some(d);
                date_after_event = true;
            }
            continue;
        }
        // visits: the visitor is the person named just before the trigger
        for h in triggers
            .iter()
            .filter(|h| ctx.verb_kind(h) == VerbKind::Visit)
        {
            // "The two deputy ministers later visited the port together": the pair of the
            // meeting before, met again
            let before_h = ctx.text(s.start, h.start);
            let named = persons
                .in_sentence(i)
                .any(|m| m.end <= h.start && !ctx.in_quote(i, m.start));
            if !named && two_re().is_match(before_h) {
                let after_h = ctx.text(h.end, s.end);
                if let Some((pair, k)) = two_pair(
                    ctx,
                    persons,
                    &events,
                    i,
                    (s.start, before_h),
                    (h.end, after_h),
                ) {
                    if pair.len() == 2 {
                        let written = sentence_date(ctx, i, Some(h), story_day);
                        let date = written.or_else(|| {
                            k.filter(|_| !vaguely_dated(ctx, i, h))
                                .and_then(|k| events[k].date)
                        });
                        let span = (i, h.start, h.end);
                        let ev = Event {
                            kind: MeetingKind::Meeting,
                            participants: pair.clone(),
                            host: None,
                            date,
                            place: nearest_place(ctx, i, h, place_at),
                            mentions: vec![span],
                            written_date: written.is_some(),
                            resolved: pair
                                .iter()
                                .map(|&c| Resolved {
                                    person: c,
                                    by: "description",
                                    rule: "the-pair-of-an-earlier-meeting",
                                    span,
                                })
                                .collect(),
                        };
                        add_event(&mut events, ev);
                        continue;
                    }
                }
            }
            let visitor = persons
                .in_sentence(i)
                .filter(|m| m.end <= h.start && !ctx.in_quote(i, m.start))
                .last()
                .or_else(|| {
                    // "Arrivé lundi à Niamey, le ministre X …": a participle opening the
                    // sentence, its subject after it
                    ctx.text(s.start, h.start)
                        .trim()
                        .is_empty()
                        .then(|| {
                            persons
                                .in_sentence(i)
                                .find(|m| m.start >= h.end && !ctx.in_quote(i, m.start))
                        })
                        .flatten()
                })
                .map(|m| m.cluster)
                // "The Timorese delegation arrived in Darwin on Monday": its head
                .or_else(|| {
                    delegation_head(ctx, persons, i, (s.start, h.start), &events, &[])
                        .map(|r| r.person)
                });
            if let Some(v) = visitor {
                // "…, où il a assisté à un exercice en présence du général X": they met
                // (unless a meeting of the sentence has them: "Arrivée la veille, la
                // ministre a été reçue par X en présence de Y")
                let other_trigger = triggers
                    .iter()
                    .any(|t| t.start > h.end && ctx.verb_kind(t) != VerbKind::Visit);
                if let Some(p) = presence_re()
                    .find(ctx.text(h.end, s.end))
                    .filter(|_| !other_trigger)
                {
                    let from = h.end + p.end();
                    let mut met = vec![v];
                    for m in persons
                        .in_sentence(i)
                        .filter(|m| m.start >= from && !ctx.in_quote(i, m.start))
                    {
                        if !met.contains(&m.cluster) {
                            met.push(m.cluster);
                        }
                    }
                    if met.len() > 1 {
                        let written = sentence_date(ctx, i, Some(h), story_day);
                        let date = written.or(ctx.reference.filter(|_| !vaguely_dated(ctx, i, h)));
                        let ev = Event {
                            kind: MeetingKind::Meeting,
                            participants: met,
                            host: None,
                            date,
                            place: nearest_place(ctx, i, h, place_at),
                            mentions: vec![(i, h.start, h.end)],
                            written_date: written.is_some(),
                            resolved: Vec::new(),
                        };
                        add_event(&mut events, ev);
                    }
                }
                let written = sentence_date(ctx, i, Some(h), story_day);
                if written.is_some() {
                    arrival_day = written;
                }
                let date = written.or(ctx.reference.filter(|_| !vaguely_dated(ctx, i, h)));
                let place = nearest_place(ctx, i, h, place_at);
                let ev = Event {
                    kind: MeetingKind::Visit,
                    participants: vec![v],
                    host: None,
                    date,
                    place,
                    mentions: vec![(i, h.start, h.end)],
                    written_date: written.is_some(),
                    resolved: Vec::new(),
                };
                add_event(&mut events, ev);
            }
        }
        let Some(trigger) = triggers
            .iter()
            .filter(|h| ctx.verb_kind(h) != VerbKind::Visit)
            .max_by_key(|h| (priority(ctx.verb_kind(h)), std::cmp::Reverse(h.start)))
        else {
            continue;
        };
        let kind = match ctx.verb_kind(trigger) {
            // "s'est entretenue mercredi par téléphone avec", "spoke on Monday by phone"
            VerbKind::Meeting
                if by_phone_re().is_match(ctx.text(trigger.end, (trigger.end + 40).min(s.end))) =>
            {
                VerbKind::Call
            }
            k => k,
        };
        let (mut participants, host) = participants(ctx, persons, i, trigger, kind);
        let before = ctx.text(s.start, trigger.start);
        // a pronoun subject ("Il a été reçu par …", "She also spoke by phone with …", "où ils
        // ont rencontré …"): the persons it stands for, when no one is named before the
        // trigger in its clause
        let left = clause_start(ctx, i, trigger);
        // (whether a reporting verb opens the clause: "X said that he …")
        let reported = s.verbs.iter().any(|v| {
            v.end == left && ctx.verb_kind(v) == VerbKind::Speech && !ctx.in_quote(i, v.start)
        });
        let named_before = persons
            .in_sentence(i)
            .any(|m| m.start >= left && m.end <= trigger.start && !ctx.in_quote(i, m.start));
        let mut resolutions: Vec<Resolved> = Vec::new();
        let before_trigger = ctx.text(left, trigger.start);
        let pronoun = (!named_before)
            .then(|| {
                mentions::subject_pronoun(before_trigger).or_else(|| {
                    // "He made the remarks after a meeting with X": the subject of the clause
                    // the meeting adjunct ends
                    let m = own_meeting_adjunct_re().find(before_trigger)?;
                    mentions::subject_pronoun(&before_trigger[..m.start()])
                })
            })
            .flatten();
        let had_pronoun = pronoun.is_some();
        if let Some((pronoun, at)) = pronoun {
            let span = (i, left + at.start, left + at.end);
            let (resolved, rule): (Vec<usize>, &'static str) = match pronoun {
                mentions::Pronoun::Singular { feminine } => {
                    // "X said on Friday that he held a meeting with Y": the speaker
                    let speaker = reported
                        .then(|| clause_speaker(ctx, persons, i, left, feminine))
                        .flatten();
                    // "Il a aussi rencontré …" after a meeting: the subject of the meetings
                    // told so far (the first participant of the last one, a few sentences
                    // back), else the subject of the sentence before
                    let ongoing = || {
                        last_event
                            .map(|k| &events[k])
                            .filter(|e| e.mentions.last().is_some_and(|&(ms, _, _)| i - ms <= 3))
                            .and_then(|e| {
                                // (not shown to agree, not before the one participant shown
                                // to: "she" after a meeting of X and Ms Y; the given names'
                                // lexicon counts here, as a preference, never as a veto)
                                let first = *e.participants.first()?;
                                let shown =
                                    |c: usize| mentions::shown_gender(persons, c) == Some(feminine);
                                if shown(first) {
                                    return Some(first);
                                }
                                let agreeing: Vec<usize> = e
                                    .participants
                                    .iter()
                                    .copied()
                                    .filter(|&c| shown(c))
                                    .collect();
                                if agreeing.len() == 1 {
                                    return Some(agreeing[0]);
                                }
                                Some(first)
                            })
                            .filter(|&c| mentions::agrees(persons, c, Some(feminine)))
                            .map(|c| (c, "subject-of-the-last-meeting"))
                    };
                    match speaker.or_else(ongoing).or_else(|| {
                        mentions::resolve_pronoun_why(ctx, persons, i, None, Some(feminine))
                    }) {
                        Some((c, rule)) => (vec![c], rule),
                        None => (Vec::new(), ""),
                    }
                }
                mentions::Pronoun::Plural => mentions::resolve_plural(
                    ctx,
                    persons,
                    i,
                    trigger.start,
                    last_event.map(|k| events[k].participants.as_slice()),
                ),
            };
            let by = match pronoun {
                mentions::Pronoun::Singular { .. } => "pronoun",
                mentions::Pronoun::Plural => "plural-pronoun",
            };
            for c in resolved.into_iter().rev() {
                if !participants.contains(&c) {
                    participants.insert(0, c);
                    resolutions.push(Resolved {
                        person: c,
                        by,
                        rule,
                        span,
                    });
                }
            }
        }
        // "… confirmed that he and Nordqvist had spoken", "il et son homologue X se sont
        // entretenus": a pronoun coordinated with the first person named
        if !had_pronoun {
            let first = persons
                .in_sentence(i)
                .find(|m| m.start >= left && m.end <= trigger.start && !ctx.in_quote(i, m.start));
            if let Some(m) = first {
                let pre = ctx.text(left, m.start);
                if let Some(c) = coordinated_pronoun_re().captures(pre) {
                    let word = c.get(1).expect("group 1");
                    let feminine = matches!(word.as_str().to_lowercase().as_str(), "she" | "elle");
                    let found = reported
                        .then(|| clause_speaker(ctx, persons, i, left, feminine))
                        .flatten()
                        .or_else(|| {
                            mentions::resolve_pronoun_why(ctx, persons, i, None, Some(feminine))
                        });
                    if let Some((c, rule)) = found.filter(|&(c, _)| c != m.cluster) {
                        if !participants.contains(&c) {
                            participants.insert(0, c);
                            resolutions.push(Resolved {
                                person: c,
                                by: "pronoun",
                                rule,
                                span: (i, left + word.start(), left + word.end()),
                            });
                        }
                    }
                }
            }
        }
        // "X said the decision was made during his meeting with Y": a possessive before the
        // meeting word stands for the speaker of the clause
        if reported && !named_before && !had_pronoun {
            let last_word = before_trigger
                .split_whitespace()
                .next_back()
                .unwrap_or("")
                .to_lowercase();
            if matches!(last_word.as_str(), "his" | "her" | "son" | "sa") {
                let speaker = persons
                    .in_sentence(i)
                    .filter(|m| m.end <= left && !ctx.in_quote(i, m.start))
                    .last()
                    .map(|m| m.cluster)
                    .filter(|&c| match last_word.as_str() {
                        "his" => mentions::agrees(persons, c, Some(false)),
                        "her" => mentions::agrees(persons, c, Some(true)),
                        _ => true,
                    });
                if let Some(c) = speaker.filter(|c| !participants.contains(c)) {
                    participants.insert(0, c);
                    resolutions.push(Resolved {
                        person: c,
                        by: "possessive",
                        rule: "speaker-of-the-clause",
                        span: (i, trigger.start, trigger.end),
                    });
                }
            }
        }
        // "La gouverneure, X, a reçu la délégation française", "X hosted a lunch for the
        // delegation": the head of that delegation
        if participants.len() == 1 {
            let object = (trigger.end, (trigger.end + 80).min(s.end));
            let subject = (left, trigger.start);
            let head = delegation_head(ctx, persons, i, object, &events, &participants)
                .or_else(|| delegation_head(ctx, persons, i, subject, &events, &participants));
            if let Some(r) = head {
                participants.push(r.person);
                resolutions.push(r);
            }
        }
        // "Mark Dawson hosted her on Friday", "le ministre l'a reçue vendredi": the guest
        // named by an object pronoun
        if matches!(kind, VerbKind::Reception) {
            if let Some(guest) = object_guest(ctx, persons, i, trigger, host, &events, last_event) {
                if !participants.contains(&guest.person) {
                    participants.push(guest.person);
                    resolutions.push(guest);
                }
            }
        }
        // "Les deux hommes s'étaient entretenus …", "the two deputy ministers": no one named,
        // the pair of the meeting before (of the offices named, when two persons hold them)
        let after = ctx.text(trigger.end, s.end);
        let two_after = two_between_re().is_match(after);
        let the_two = (two_re().is_match(before) || two_after) && participants.len() < 2;
        let mut date = sentence_date(ctx, i, Some(trigger), story_day);
        let written_date = date.is_some();
        if participants.is_empty() && !the_two {
            // "Formal talks followed on Friday": the persons of the meeting before met again
            if let Some(k) = last_event.filter(|&k| {
                followed_re().is_match(ctx.sentence_text(i))
                    && events[k].kind != MeetingKind::Visit
                    && events[k].participants.len() >= 2
                    && date.is_some_and(|d| Some(d) != events[k].date)
            }) {
                let ev = Event {
                    kind: MeetingKind::Meeting,
                    participants: events[k].participants.clone(),
                    host: None,
                    date,
                    place: nearest_place(ctx, i, trigger, place_at),
                    mentions: vec![(i, trigger.start, trigger.end)],
                    written_date: true,
                    resolved: Vec::new(),
                };
                last_event = Some(add_event(&mut events, ev));
                last_date = date;
                date_after_event = false;
                continue;
            }
            // "… after a meeting in Kumasi on Saturday": a day for the meeting told next
            if let Some(d) = date.filter(|_| !vaguely_dated(ctx, i, trigger)) {
                last_date = Some(d);
                date_after_event = true;
            }
            continue;
        }
        // "The talks, held at the border post on Wednesday, brought together …": the
        // meeting just told, its day and more of its participants
        if let Some(k) = last_event.filter(|&k| {
            definite_subject(before)
                && !the_two
                && same_family(events[k].kind, meeting_kind(kind))
                && events[k]
                    .mentions
                    .last()
                    .is_some_and(|&(ms, _, _)| i - ms <= ANAPHOR_REACH)
                && (!events[k].written_date || date.is_none() || date == events[k].date)
                && (!own_arguments_re().is_match(after)
                    || participants
                        .iter()
                        .any(|p| events[k].participants.contains(p)))
        }) {
            let e = &mut events[k];
            if let (false, Some(d)) = (e.written_date, date) {
                e.date = Some(d);
                e.written_date = true;
            }
            for c in participants {
                if !e.participants.contains(&c) {
                    e.participants.push(c);
                }
            }
            e.mentions.push((i, trigger.start, trigger.end));
            e.resolved.extend(resolutions);
            if let Some(d) = e.date {
                last_date = Some(d);
            }
            date_after_event = false;
            if ctx.sentence_text(i).trim_end().ends_with(':') {
                list_mode = ListMode::All;
                list_open = Some(k);
            }
            continue;
        }
        let refers_back = anaphora_re().is_match(before)
            || the_two
            || (kind == VerbKind::Press && joint_re().is_match(ctx.sentence_text(i)))
            || triggers.iter().any(|t| {
                let before_t = ctx.text(s.start, t.start);
                anaphora_re().is_match(before_t) && !temporal_ref_re().is_match(before_t)
            });
        let mut parts = participants;
        if the_two {
            if let Some((pair, k)) = two_pair(
                ctx,
                persons,
                &events,
                i,
                (s.start, before),
                (trigger.end, after),
            ) {
                let span = (i, trigger.start, trigger.end);
                join_pair(
                    &mut parts,
                    &mut resolutions,
                    &pair,
                    true,
                    "the-pair-of-an-earlier-meeting",
                    span,
                );
                if let Some(k) = k.filter(|_| date.is_none() && !vaguely_dated(ctx, i, trigger)) {
                    date = events[k].date;
                }
            }
        }
        // "A and B signed the deal in the presence of the two ministers": the pair described
        // was there too
        if let Some(m) = presence_two_re().find(after).filter(|_| !the_two) {
            let from = trigger.end + m.start();
            if let Some((pair, _)) = two_pair(
                ctx,
                persons,
                &events,
                i,
                (from, ctx.text(from, s.end)),
                (s.end, ""),
            ) {
                let span = (i, from, trigger.end + m.end());
                join_pair(
                    &mut parts,
                    &mut resolutions,
                    &pair,
                    false,
                    "the-pair-described",
                    span,
                );
            }
        }
        let vague = date.is_none() && vaguely_dated(ctx, i, trigger);
        // "It was followed by delegation-level talks also attended by A and B": the persons
        // of the meeting before, and more
        if !named_before
            && !had_pronoun
            && also_attended_re().is_match(after)
            && parts.iter().all(|&c| Some(c) != host)
        {
            if let Some(prev) = last_event.filter(|&k| {
                events[k].kind != MeetingKind::Visit
                    && events[k]
                        .mentions
                        .last()
                        .is_some_and(|&(ms, _, _)| i - ms <= ATTENDANCE_REACH)
            }) {
                for &c in events[prev].participants.iter().rev() {
                    if !parts.contains(&c) {
                        parts.insert(0, c);
                    }
                }
                if date.is_none() {
                    date = events[prev].date;
                }
            }
        }
        // "X said at a joint news conference": X and the person X met
        let joint_press = kind == VerbKind::Press && joint_re().is_match(ctx.sentence_text(i));
        if joint_press && parts.len() == 1 {
            if let Some(prev) = last_event.filter(|&k| events[k].participants.contains(&parts[0])) {
                if let Some(o) = principal_counterpart(persons, &events[prev], parts[0]) {
                    parts.push(o);
                }
                if date.is_none() {
                    date = events[prev].date;
                }
            }
        }
        if refers_back && !the_two && parts.len() < 2 {
            if let Some(prev) = last_event {
                for p in &events[prev].participants {
                    if !parts.contains(p) {
                        parts.push(*p);
                    }
                }
                if date.is_none() {
                    date = events[prev].date;
                }
            }
        }
        // no date written: the date of the story so far (the previous meeting's, else the
        // last date written before, when it is of the week before the reference date: "…
        // agreed on Saturday. The understanding was reached during talks between …"), else
        // the reference date (none when the sentence dates it only vaguely: "earlier this
        // month")
        // ("X a atterri mardi à Liège. Il a ensuite été reçu par Y": the latest day of the
        // events told before, a visit included)
        if date.is_none() && then_re().is_match(ctx.sentence_text(i)) {
            date = events.iter().filter_map(|e| e.date).max();
        }
        let recent = |d: &NaiveDate| {
            ctx.reference
                .is_none_or(|r| *d <= r && (r - *d).num_days() <= RECENT_DAYS)
        };
        let date = if vague {
            None
        } else {
            // ("Nigeria and Cameroon on Wednesday agreed … The agreement followed talks
            // between …" after a headline dated by the publication: Wednesday)
            let later_written = last_date.filter(|d| {
                date_after_event && recent(d) && last_event.is_none_or(|k| !events[k].written_date)
            });
            // ("Le lendemain, X s'est rendue à Saint-Imier. Elle y a été reçue par …": the
            // day of the visit told just before)
            let visit_day = events
                .iter()
                .rfind(|e| {
                    e.kind == MeetingKind::Visit
                        && e.written_date
                        && e.mentions.last().is_some_and(|&(ms, _, _)| ms + 1 == i)
                })
                .and_then(|e| e.date)
                // (not an arrival in a clause of a meeting's sentence: "after talks with X,
                // who arrived on Monday")
                .filter(|_| {
                    !events.iter().any(|e| {
                        e.kind != MeetingKind::Visit
                            && e.mentions.iter().any(|&(ms, _, _)| ms + 1 == i)
                    })
                });
            date.or(later_written)
                .or(visit_day)
                .or_else(|| {
                    last_event.and_then(|k| {
                        (events[k].kind != MeetingKind::Visit)
                            .then_some(events[k].date)
                            .flatten()
                    })
                })
                .or(last_date.filter(recent))
                .or(ctx.reference)
        };
        if date.is_some() {
            last_date = date;
        }
        date_after_event = false;
        // no place written: the place of the previous meeting of the same day ("plus tard dans
        // la journée, le président a reçu …")
        let place = nearest_place(ctx, i, trigger, place_at).or_else(|| {
            let prev = last_event.map(|k| &events[k])?;
            (prev.date == date && prev.kind != MeetingKind::Visit)
                .then(|| prev.place.clone())
                .flatten()
        });
        let ev = Event {
            kind: meeting_kind(kind),
            participants: parts,
            host,
            date,
            place,
            mentions: vec![(i, trigger.start, trigger.end)],
            written_date,
            resolved: resolutions,
        };
        // "X received several guests, among them A, B and C": a meeting of X with each of
        // them, not one of all of them
        let counterparts = counterparts_re()
            .find_at(ctx.sentence_text(i), trigger.end - s.start)
            .map(|m| s.start + m.end())
            // ("a eu successivement des entretiens avec :", "met in turn with")
            .or_else(|| {
                (successively_re().is_match(before)
                    || then_with_re().is_match(ctx.text(trigger.end, s.end)))
                .then_some(trigger.end)
            });
        let split: Vec<usize> = counterparts
            .map(|from| {
                persons
                    .in_sentence(i)
                    .filter(|m| m.start >= from && !ctx.in_quote(i, m.start))
                    .map(|m| m.cluster)
                    .filter(|c| ev.participants.contains(c))
                    .fold(Vec::new(), |mut v, c| {
                        if !v.contains(&c) {
                            v.push(c);
                        }
                        v
                    })
            })
            .unwrap_or_default();
        let base: Vec<usize> = ev
            .participants
            .iter()
            .copied()
            .filter(|c| !split.contains(c))
            .collect();
        if split.len() >= 2 && !base.is_empty() {
            let mut group = Vec::new();
            for c in split {
                let mut participants = base.clone();
                participants.push(c);
                let k = add_event(&mut events, ev.with_participants(participants));
                group.push(k);
                last_event = Some(k);
            }
            split_group = Some(group);
        } else {
            last_event = Some(add_event(&mut events, ev));
        }
        if ctx.sentence_text(i).trim_end().ends_with(':') {
            // a list of counterparts ("parmi lesquels :") gives one meeting with each
            list_mode = if counterparts.is_some() {
                ListMode::EachWith(last_event.map_or_else(Vec::new, |k| {
                    let p = &events[k].participants;
                    p[..1.min(p.len())].to_vec()
                }))
            } else {
                ListMode::All
            };
            list_open = last_event;
        }
    }

    fold_undated_repeats(&mut events);
    events
        .into_iter()
        .filter(|e| !e.participants.is_empty())
        .enumerate()
        .map(|(n, e)| model::Meeting {
            id: format!("m{}", n + 1),
            kind: e.kind,
            participants: e.participants.iter().map(|&c| persons.id(c)).collect(),
            host: e.host.map(|c| persons.id(c)),
            date: e.date.map(|d| d.to_string()),
            place: e.place,
            mentions: e
                .mentions
                .iter()
                .map(|&(s, a, b)| ctx.mention(a, b, s))
                .collect(),
            resolved: e
                .resolved
                .iter()
                .filter(|r| e.participants.contains(&r.person))
                .map(|r| model::Resolution {
                    person: persons.id(r.person),
                    by: r.by.to_owned(),
                    rule: r.rule.to_owned(),
                    mention: ctx.mention(r.span.1, r.span.2, r.span.0),
                })
                .collect(),
        })
        .collect()
}

/// A trigger for something that has not happened: a future or modal word just before it, or
/// a denial of it.
fn is_planned(ctx: &Ctx, sent: usize, h: &Hit) -> bool {
    let s = &ctx.sents[sent];
    // "il n'avait jamais rencontré la ministre", "had never met": a negated meeting
    if negated_re().is_match(ctx.text(h.start.saturating_sub(30).max(s.start), h.start)) {
        return true;
    }
    // (`Ctx::text` moves a cut inside a character to a character boundary)
    let before = ctx.text(h.start.saturating_sub(DENIAL_REACH).max(s.start), h.start);
    let from = h.start - before.len();
    // a denial, unless a contrast stands between it and the trigger ("denied that any
    // agreement was reached, but confirmed that the two men spoke")
    if denial_re().find_iter(before).any(|m| {
        !ctx.in_quote(sent, from + m.start()) && !contrast_re().is_match(&before[m.end()..])
    }) {
        return true;
    }
    // "…, Karimi-Rad denied meeting him", "le ministre a démenti avoir rencontré ce dernier":
    // a meeting denied after it was told (reports of it, questions about it)
    if denied_meeting_re()
        .find(ctx.text(h.end, s.end))
        .is_some_and(|m| !ctx.in_quote(sent, h.end + m.start()))
    {
        return true;
    }
    // "La rencontre prévue jeudi avec X a été annulée", "the talks were postponed": a
    // meeting called off in its own clause
    let clause_end = ctx
        .text(h.end, s.end)
        .find(['.', ';'])
        .map_or(s.end, |p| h.end + p);
    if cancelled_re()
        .find(ctx.text(h.end, clause_end))
        .is_some_and(|m| !ctx.in_quote(sent, h.end + m.start()))
    {
        return true;
    }
    // "Une rencontre entre X et Y est envisagée", "a meeting … is planned": an indefinite
    // meeting noun whose own verb is modal
    let indefinite = indefinite_re().is_match(ctx.text(s.start, h.start));
    s.verbs.iter().any(|v| {
        if ctx.verb_kind(v) != VerbKind::Future || ctx.in_quote(sent, v.start) {
            return false;
        }
        if v.end <= h.start {
            let gap = h.start - v.end;
            gap <= 50 || (gap <= 100 && !ctx.text(v.end, h.start).contains([',', ';', ':']))
        } else if v.start >= h.end {
            let gap = v.start - h.end;
            gap <= 3
                || (indefinite
                    && gap <= 120
                    && !ctx.text(h.end, v.start).contains([',', ';', ':', '.']))
        } else {
            false
        }
    })
}

fn cancelled_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(a(?: [\p{Ll}-]+){1,2} été annulée?|a été annulée?|ont été annulée?s|a été reportée?|ont été reportée?s|a été ajournée?|was cancell?ed|were cancell?ed|was postponed|were postponed|was called off|were called off|was ruled out|were ruled out|a été exclue?|a été écartée?|did not take place|didn't take place|never took place|has not taken place|had not taken place|(?:was|were) not held|(?:was|were) never held|did not happen|never happened|n'(?:a|ont|avait) (?:pas|jamais) eu lieu|ne s'est (?:pas|jamais) tenue?|ne s'est pas déroulée?)(?-u:\b)").unwrap()
    })
}

fn contrast_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(but|however|yet|mais|toutefois|cependant|néanmoins)(?-u:\b)")
            .unwrap()
    })
}

/// An indefinite article right before a meeting noun ("une rencontre", "a meeting").
fn indefinite_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|\s)(une|un|a|an|de nouveaux|de nouvelles|new)\s*$").unwrap()
    })
}

/// A meeting told without a day of its own (a headline in the present tense, "the talks"
/// again) whose participants all met in a meeting of the same kind told with its day is that
/// meeting: its mentions join it, and it goes (emptied, then dropped).
fn fold_undated_repeats(events: &mut [Event]) {
    for k in 0..events.len() {
        let e = &events[k];
        // (a meeting dated only vaguely, "last week", has no date and stays)
        if e.written_date
            || e.date.is_none()
            || e.kind == MeetingKind::Visit
            || e.participants.len() < 2
        {
            continue;
        }
        let target = events.iter().enumerate().position(|(j, f)| {
            j != k
                && f.written_date
                && f.date != e.date
                && same_family(e.kind, f.kind)
                && e.participants.iter().all(|p| f.participants.contains(p))
        });
        if let Some(j) = target {
            let moved = std::mem::take(&mut events[k].mentions);
            events[k].participants.clear();
            events[j].mentions.extend(moved);
        }
    }
}

/// Adds an event, merging it into an earlier one of the same kind and date when one set of
/// participants contains the other (the same meeting told twice). Returns its index.
fn add_event(events: &mut Vec<Event>, ev: Event) -> usize {
    for (k, e) in events.iter_mut().enumerate() {
        if e.kind != ev.kind || e.date != ev.date {
            continue;
        }
        let sub = ev.participants.iter().all(|p| e.participants.contains(p));
        let sup =
            e.participants.len() <= 1 && e.participants.iter().all(|p| ev.participants.contains(p));
        let place_ok = e.place.is_none() || ev.place.is_none() || e.place == ev.place;
        if (sub || sup) && place_ok {
            for p in ev.participants {
                if !e.participants.contains(&p) {
                    e.participants.push(p);
                }
            }
            e.host = e.host.or(ev.host);
            e.place = e.place.clone().or(ev.place);
            e.mentions.extend(ev.mentions);
            e.resolved.extend(ev.resolved);
            return k;
        }
    }
    events.push(ev);
    events.len() - 1
}

/// Whether two kinds of meeting may be one meeting told twice: the same kind, or talks and
/// a reception.
fn same_family(a: MeetingKind, b: MeetingKind) -> bool {
    a == b
        || matches!(
            (a, b),
            (
                MeetingKind::Meeting | MeetingKind::Reception,
                MeetingKind::Meeting | MeetingKind::Reception
            )
        )
}

/// The kind of meeting a trigger tells (a visit's trigger is handled apart).
fn meeting_kind(kind: VerbKind) -> MeetingKind {
    match kind {
        VerbKind::Call => MeetingKind::Call,
        VerbKind::Press => MeetingKind::PressConference,
        VerbKind::Reception | VerbKind::Received => MeetingKind::Reception,
        _ => MeetingKind::Meeting,
    }
}

/// Whether the words before a meeting word are only a definite determiner: the meeting word
/// is the subject and refers to a meeting already told ("The talks, held …", "La rencontre
/// de Mme X avec Y").
fn definite_subject(before: &str) -> bool {
    let w = before
        .trim()
        .trim_start_matches(['«', '"', '“', '('])
        .to_lowercase();
    matches!(
        w.as_str(),
        "the" | "these" | "this" | "la" | "le" | "les" | "l'" | "l’" | "cette" | "ces" | "ce"
    )
}

/// Adds the persons of a pair described ("the two ministers") to a meeting's participants,
/// before them (`first`) or after, with why each was added.
fn join_pair(
    parts: &mut Vec<usize>,
    resolutions: &mut Vec<Resolved>,
    pair: &[usize],
    first: bool,
    rule: &'static str,
    span: (usize, usize, usize),
) {
    // (put first, the pair is inserted from its end, each at the front)
    let order: Vec<usize> = if first {
        pair.iter().rev().copied().collect()
    } else {
        pair.to_vec()
    };
    for c in order {
        if parts.contains(&c) {
            continue;
        }
        if first {
            parts.insert(0, c);
        } else {
            parts.push(c);
        }
        resolutions.push(Resolved {
            person: c,
            by: "description",
            rule,
            span,
        });
    }
}

/// The presence of a pair described, after a meeting's verb: "in the presence of the two
/// ministers", "en présence des deux chefs de la diplomatie", or the pair as its object: "a
/// guidé les deux ministres".
fn presence_two_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:^\s+|(?-u:\b)(?:in the presence of|en présence|witnessed by|attended by|devant)\s+(?:of\s+)?)(?:the two|both|des deux|les deux)\s+\p{Ll}")
            .unwrap()
    })
}

/// "a phone call on Wednesday between the two deputy ministers"
fn two_between_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:\s[^,.;:'‘’«»\x22“”]{0,40}?)?\s(?:between|entre) (?:the two|les deux)(?-u:\b)")
            .unwrap()
    })
}

/// The nationality an adjective gives "the two …" ("les deux ministres cookiens", "the two
/// Kenyan officials"); `before` and `after` are the texts around the trigger with their
/// start offsets.
fn two_nationality(
    ctx: &Ctx,
    sent: usize,
    before: (usize, &str),
    after: (usize, &str),
) -> Option<String> {
    [before, after].into_iter().find_map(|(at, text)| {
        let m = two_words_re().find(text)?;
        ctx.nationalities_in(sent, at + m.start(), at + m.end())
            .into_iter()
            .next()
            .map(|n| n.1)
    })
}

/// The pair "the two …" stands for, and the meeting it was taken from: the two persons
/// holding the office it names ("the two deputy ministers", "les deux ministres"), when
/// exactly two hold it (of the nationality `nat` its adjective names, when more do); else
/// the first two participants of the first meeting told with two or more (the story's
/// principals).
/// `before` and `after` are the texts around the trigger in sentence `sent`, with their start
/// offsets.
fn two_pair(
    ctx: &Ctx,
    persons: &Persons,
    events: &[Event],
    sent: usize,
    (before_at, before): (usize, &str),
    (after_at, after): (usize, &str),
) -> Option<(Vec<usize>, Option<usize>)> {
    let lang = ctx.lang.as_str();
    let nat = two_nationality(ctx, sent, (before_at, before), (after_at, after));
    let nat = nat.as_deref();
    let main = events
        .iter()
        .position(|e| e.kind != MeetingKind::Visit && e.participants.len() >= 2);
    let words: Vec<String> = two_words_re()
        .captures(before)
        .or_else(|| two_words_re().captures(after))
        .map(|c| {
            c[1].split_whitespace()
                .map(|w| {
                    let w = w.to_lowercase();
                    w.strip_suffix('s')
                        .filter(|x| x.chars().count() >= 4)
                        .map_or(w.clone(), str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    // the head noun: the last word in English ("deputy ministers"), the first in French
    // ("ministres délégués")
    let head = if lang == "fr" {
        words.first()
    } else {
        words.last()
    };
    let holds = |c: usize, w: &str| persons.clusters[c].holds_role_word(w);
    // (the persons met so far, in order; with no meeting yet, every person of the article)
    let mut in_events: Vec<usize> = Vec::new();
    if main.is_some() {
        for c in events.iter().flat_map(|e| e.participants.iter().copied()) {
            if !in_events.contains(&c) {
                in_events.push(c);
            }
        }
    } else {
        in_events.extend(0..persons.clusters.len());
    }
    // (a word for anyone: "the two men", "les deux délégations", "the two held")
    const ANYONE: &[&str] = &[
        "men",
        "women",
        "hommes",
        "femmes",
        "side",
        "sides",
        "partie",
        "parties",
        "délégation",
        "délégations",
        "delegation",
        "delegations",
        "official",
        "responsable",
        "leader",
        "dirigeant",
        "dirigeante",
        "camp",
    ];
    let generic = head.is_none_or(|h| ANYONE.contains(&h.as_str()) || h.chars().count() < 4);
    if let Some(h) = head.filter(|_| !generic) {
        let mut holders: Vec<usize> = in_events.iter().copied().filter(|&c| holds(c, h)).collect();
        for w in words.iter().filter(|w| *w != h && w.chars().count() >= 4) {
            let narrower: Vec<usize> = holders.iter().copied().filter(|&c| holds(c, w)).collect();
            if narrower.len() >= 2 {
                holders = narrower;
            }
        }
        if let Some(n) = nat.filter(|_| holders.len() > 2) {
            let of_nat: Vec<usize> = holders
                .iter()
                .copied()
                .filter(|&c| persons.clusters[c].nationality().as_deref() == Some(n))
                .collect();
            if of_nat.len() == 2 {
                holders = of_nat;
            }
        }
        if holders.len() == 2 {
            let k = events
                .iter()
                .position(|e| holders.iter().all(|c| e.participants.contains(c)))
                .or(main);
            return Some((holders, k));
        }
        // ("the two presidents" when no president is named: no one known; but "les deux
        // chefs de la diplomatie" describes the ministers met)
        const HEADS: &[&str] = &[
            "president",
            "président",
            "king",
            "roi",
            "emir",
            "émir",
            "sultan",
        ];
        if holders.is_empty() && HEADS.contains(&h.as_str()) {
            return None;
        }
    }
    let main = main?;
    let first = events[main].participants[0];
    Some((
        vec![first, principal_counterpart(persons, &events[main], first)?],
        Some(main),
    ))
}

/// The person `c` met in a meeting: its first participant of another nationality than
/// `c`'s ("A, accompanied by B, met C": C), else its first other participant.
fn principal_counterpart(persons: &Persons, e: &Event, c: usize) -> Option<usize> {
    let nat = persons.clusters[c].nationality();
    let others = || e.participants.iter().copied().filter(move |&o| o != c);
    others()
        .find(|&o| {
            let n = persons.clusters[o].nationality();
            nat.is_some() && n.is_some() && n != nat
        })
        .or_else(|| others().next())
}

/// The guest of a reception named by an object pronoun ("hosted her", "l'a reçue"): the
/// subject of the sentence before (gender agreeing), else the last person named, never the
/// host; for "them"/"les", the participants of the meeting before.
fn object_guest(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    trigger: &Hit,
    host: Option<usize>,
    events: &[Event],
    last_event: Option<usize>,
) -> Option<Resolved> {
    let s = &ctx.sents[sent];
    let participle = ctx.text(trigger.start, trigger.end).to_lowercase();
    let (word, at) =
        if let Some(c) = object_pronoun_after_re().captures(ctx.text(trigger.end, s.end)) {
            let g = c.get(1).expect("group 1");
            (g.as_str().to_lowercase(), trigger.end + g.start())
        } else {
            // (the pronoun before the verb, or in the trigger itself: "l'a reçue")
            if let Some(w) = ["l'", "les "].iter().find(|w| participle.starts_with(**w)) {
                (w.trim().to_owned(), trigger.start)
            } else {
                let c = object_pronoun_before_re().captures(ctx.text(s.start, trigger.start))?;
                let g = c.get(1).expect("group 1");
                (g.as_str().trim().to_lowercase(), s.start + g.start())
            }
        };
    let span = (sent, at, at + word.len());
    let feminine = match word.as_str() {
        "her" => Some(true),
        "him" => Some(false),
        "l'" | "l’" => Some(participle.ends_with('e')),
        _ => None,
    };
    let Some(feminine) = feminine else {
        // "them", "les": one of the persons met just before, when only one is not the host
        let prev = last_event.map(|k| &events[k])?;
        let others: Vec<usize> = prev
            .participants
            .iter()
            .copied()
            .filter(|&c| Some(c) != host)
            .collect();
        return (others.len() == 1).then(|| Resolved {
            person: others[0],
            by: "pronoun",
            rule: "participants-of-the-last-meeting",
            span,
        });
    };
    let found = mentions::resolve_pronoun_why(ctx, persons, sent, None, Some(feminine))
        .filter(|&(c, _)| Some(c) != host)
        .or_else(|| {
            persons
                .mentions
                .iter()
                .rfind(|m| {
                    m.end <= s.start
                        && Some(m.cluster) != host
                        && mentions::agrees(persons, m.cluster, Some(feminine))
                })
                .map(|m| (m.cluster, "last-person-named"))
        })?;
    Some(Resolved {
        person: found.0,
        by: "pronoun",
        rule: found.1,
        span,
    })
}

/// The speaker of the reporting clause that ends at `left` ("X said that he …"), when the
/// pronoun's gender agrees with that person's.
fn clause_speaker(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    left: usize,
    feminine: bool,
) -> Option<(usize, &'static str)> {
    persons
        .in_sentence(sent)
        .filter(|m| m.end <= left && !ctx.in_quote(sent, m.start))
        .last()
        .map(|m| m.cluster)
        .filter(|&c| mentions::agrees(persons, c, Some(feminine)))
        .map(|c| (c, "speaker-of-the-clause"))
}

/// Where the trigger's clause starts: after the last reporting verb before the trigger
/// (outside quotations), else after a clause opening the sentence that places the event in
/// time ("After her meeting with Ms X, the minister was received by …"), else at the
/// sentence's start.
fn clause_start(ctx: &Ctx, sent: usize, trigger: &Hit) -> usize {
    let s = &ctx.sents[sent];
    let start = opening_adjunct_re()
        .find(ctx.sentence_text(sent))
        .map(|m| s.start + m.end())
        .filter(|&e| e <= trigger.start)
        .unwrap_or(s.start);
    s.verbs
        .iter()
        .filter(|v| ctx.verb_kind(v) == VerbKind::Speech && !ctx.in_quote(sent, v.start))
        .filter(|v| v.end <= trigger.start)
        // "X told a joint news conference …", "X a déclaré lundi lors d'une conférence de
        // presse …": the speaker is at the event, not outside its clause
        .filter(|v| !reports_at(ctx.text(v.end, trigger.start)))
        .map(|v| v.end)
        .max()
        .map_or(start, |v| v.max(start))
}

/// Whether the words between a reporting verb and a meeting word only place the report at
/// the meeting ("told a joint", "a déclaré lundi lors d'une").
fn reports_at(gap: &str) -> bool {
    // ("X announced on Wednesday after talks with Y", "X a déclaré à l'issue de son entretien
    // avec Y": the speaker's own talks)
    const PLACING: &[&str] = &[
        "a",
        "an",
        "at",
        "during",
        "lors",
        "au",
        "pendant",
        "durant",
        "after",
        "following",
        "après",
        "issue",
    ];
    const ALLOWED: &[&str] = &[
        "the",
        "to",
        "joint",
        "d",
        "de",
        "la",
        "le",
        "une",
        "un",
        "cours",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "hier",
        "yesterday",
        "reporters",
        "journalists",
        "journalistes",
        "aux",
        "côtés",
        "on",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "his",
        "her",
        "their",
        "son",
        "sa",
        "leur",
        "ses",
        "des",
        "du",
        "l",
    ];
    let words = || {
        gap.split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
            .filter(|w| !w.is_empty())
    };
    let is = |set: &[&str], w: &str| set.iter().any(|x| x.eq_ignore_ascii_case(w));
    words().count() <= 6
        && words().any(|w| is(PLACING, w))
        && words().all(|w| is(PLACING, w) || is(ALLOWED, w))
}

/// The persons of the trigger's clause, and the host of a reception.
fn participants(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    trigger: &Hit,
    kind: VerbKind,
) -> (Vec<usize>, Option<usize>) {
    let s = &ctx.sents[sent];
    // left bound: after the last reporting verb before the trigger
    let left = clause_start(ctx, sent, trigger);
    // right bound: an attributing reporting verb (", a déclaré X"), a purpose or contrast
    // clause, a planned event
    let mut right = s.end;
    for v in s.verbs.iter().filter(|v| v.start >= trigger.end) {
        let k = ctx.verb_kind(v);
        if (k == VerbKind::Speech && ctx.text(s.start, v.start).trim_end().ends_with(','))
            || k == VerbKind::Future
        {
            right = right.min(v.start);
        }
    }
    // (but "welcomed X to the offices, where they were joined by A and B": A and B are of
    // the same meeting, past the first other break)
    let rest = ctx.text(trigger.end, s.end);
    let mut joined_from = None;
    let mut cut = None;
    for m in clause_break_re().find_iter(rest) {
        if joined_there_re().is_match(&rest[m.end()..]) {
            joined_from = joined_from.or(Some(trigger.end + m.end()));
        } else {
            cut = cut.or(Some(trigger.end + m.start()));
        }
        if joined_from.is_some() && cut.is_some() {
            break;
        }
    }
    if let Some(c) = cut {
        right = right.min(c);
    }
    let mut out: Vec<usize> = Vec::new();
    let mut host = None;
    for m in persons.in_sentence(sent) {
        let joined = joined_from.is_some_and(|j| m.start >= j);
        if m.start < left || (m.end > right && !joined) || ctx.in_quote(sent, m.start) {
            continue;
        }
        if !out.contains(&m.cluster) {
            out.push(m.cluster);
        }
        match kind {
            VerbKind::Reception if m.end <= trigger.start => host = Some(m.cluster),
            VerbKind::Received if m.start >= trigger.end && host.is_none() => {
                host = Some(m.cluster)
            }
            _ => {}
        }
    }
    (out, host)
}

/// The date of a sentence's event: the written date nearest the trigger (a "later that day"
/// only when nothing more precise is written).
fn sentence_date(
    ctx: &Ctx,
    sent: usize,
    trigger: Option<&Hit>,
    previous: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let s = &ctx.sents[sent];
    let pos = trigger.map_or(s.start, |t| t.start);
    // "Arrivée la veille au soir, la diplomate a été reçue …", "X, who arrived on Monday,
    // was joined in the talks …": the day of an arrival told in a clause of its own is not
    // the day of the meeting
    let arrival_clauses: Vec<(usize, usize)> = match trigger {
        // (but "Arrivé lundi, il avait eu des entretiens …", "who arrived on Tuesday, paid a
        // call the same evening": the meeting of the arrival day)
        Some(t)
            if ctx.verb_kind(t) != VerbKind::Visit
                && s.verbs.iter().any(|v| ctx.verb_kind(v) == VerbKind::Visit)
                && !arrival_day_re().is_match(ctx.sentence_text(sent)) =>
        {
            s.verbs
                .iter()
                .filter(|v| ctx.verb_kind(v) == VerbKind::Visit && !ctx.in_quote(sent, v.start))
                .map(|v| {
                    let rest = ctx.text(v.end, s.end);
                    // (the clause ends at a comma, or at "and"/"et" before the next verb:
                    // "arrived on Sunday and was received on Monday by …")
                    let end = [rest.find([',', ';']), rest.find(" and "), rest.find(" et ")]
                        .into_iter()
                        .flatten()
                        .min();
                    (v.start, end.map_or(s.end, |p| v.end + p))
                })
                .filter(|&(a, b)| !(a <= t.start && t.start < b))
                .collect()
        }
        _ => Vec::new(),
    };
    // "BUSAN, Oct. 24 (Yonhap) -- … agreed Thursday": a dateline's day is the day the story
    // was filed; another day of the sentence is the event's
    let mut ds: Vec<_> = s
        .dates
        .iter()
        .filter(|d| !ctx.in_quote(sent, d.start))
        // "depuis le 22 février", "since March": the start of a state, not the event's day
        // (a weekday after "depuis" is the story's: "en visite depuis mercredi")
        .filter(|d| matches!(d.value, DateValue::Weekday(..)) || !after_since(ctx, sent, d))
        .filter(|d| {
            !arrival_clauses
                .iter()
                .any(|&(a, b)| d.start >= a && d.end <= b)
        })
        .collect();
    // (but "today" after the dateline is the dateline's day: "ABU DHABI, 5th March, 2025 (WAM)
    // -- … received … today"); with one date there is nothing to choose
    let text = ctx.sentence_text(sent);
    let dateline_end = (ds.len() >= 2)
        .then(|| {
            text.char_indices()
                .take_while(|&(k, _)| k < DATELINE_REACH)
                .find(|&(k, c)| c == '—' || c == '–' || text[k..].starts_with("--"))
        })
        .flatten()
        .map(|(k, _)| s.start + k);
    if let Some(e) = dateline_end {
        let dated_line = ds.iter().any(|d| d.start < e);
        if ds
            .iter()
            .any(|d| d.start > e && !matches!(d.value, DateValue::Offset(0)))
        {
            ds.retain(|d| d.start > e);
        } else if dated_line {
            ds.retain(|d| d.start < e);
        }
    }
    ds.sort_by_key(|d| (matches!(d.value, DateValue::SameDay), d.start.abs_diff(pos)));
    // "Arrivé lundi …, il a été reçu le lendemain": a day relative to the story counts from
    // a date written before it in the same sentence, when there is one
    let written_before = |at: usize| {
        s.dates
            .iter()
            .filter(|d| d.end <= at && !ctx.in_quote(sent, d.start))
            // "en visite depuis lundi": the start of a stay, not a day of the story
            .filter(|d| !after_since(ctx, sent, d))
            .rfind(|d| {
                !matches!(
                    d.value,
                    DateValue::StoryOffset(_) | DateValue::SameDay | DateValue::Vague
                )
            })
            .and_then(|d| ctx.resolve(d.value, previous))
    };
    // "La veille, jeudi, X avait été reçu …": a weekday in apposition to a day of the story
    // names that day
    for d in &ds {
        if let DateValue::StoryOffset(_) = d.value {
            let day = ctx.resolve(d.value, written_before(d.start).or(previous));
            if let Some(day) = day {
                let agrees = ds.iter().any(|w| {
                    matches!(w.value, DateValue::Weekday(wd, _) if wd == day.weekday())
                        && w.start >= d.end
                        && w.start - d.end <= 3
                });
                if agrees {
                    return Some(day);
                }
            }
        }
    }
    ds.iter().find_map(|d| match d.value {
        DateValue::StoryOffset(_) => ctx.resolve(d.value, written_before(d.start).or(previous)),
        // "Arrivé dimanche, il avait été reçu le jour même": the day written before it
        DateValue::SameDay if !arrival_clauses.is_empty() => {
            ctx.resolve(d.value, written_before(d.start).or(previous))
        }
        _ => ctx.resolve(d.value, previous),
    })
}

/// Whether the sentence dates its event only vaguely ("earlier this month", "la semaine
/// dernière"): it then has no known date, rather than the date of the story around it.
/// Only a vague time near the trigger counts ("which was only 29 per cent funded last year"
/// further on dates something else).
fn vaguely_dated(ctx: &Ctx, sent: usize, trigger: &Hit) -> bool {
    let mut vague = false;
    for d in ctx.sents[sent]
        .dates
        .iter()
        .filter(|d| !ctx.in_quote(sent, d.start))
    {
        match d.value {
            super::dates::DateValue::Vague => {
                let gap = if d.end <= trigger.start {
                    trigger.start - d.end
                } else {
                    d.start.saturating_sub(trigger.end)
                };
                vague |= gap <= VAGUE_REACH;
            }
            _ => return false,
        }
    }
    vague
}

/// How many days before the reference date a date written earlier in the story may be, to
/// date a meeting written without one.
const RECENT_DAYS: i64 = 7;

/// How far (in bytes) from a meeting's trigger a vague time may stand to date it.
const VAGUE_REACH: usize = 80;

fn nearest_place(
    ctx: &Ctx,
    sent: usize,
    trigger: &Hit,
    place_at: &PlaceMentions,
) -> Option<String> {
    place_at
        .iter()
        .filter(|(s, a, _, _)| *s == sent && !ctx.in_quote(sent, *a))
        .min_by_key(|(_, a, _, _)| (*a < trigger.start, a.abs_diff(trigger.start)))
        .map(|(_, _, _, id)| id.clone())
}
