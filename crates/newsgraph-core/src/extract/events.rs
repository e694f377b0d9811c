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

use chrono::NaiveDate;
use regex::Regex;

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
    RE.get_or_init(|| Regex::new(r"(?i)(?-u:\b)(les deux|the two)\s+(ministres|hommes|femmes|dirigeants|dirigeantes|chefs|présidents|responsables|délégations|ministers|men|women|leaders|presidents|officials|delegations|sides|parties)(?-u:\b)").unwrap())
}

fn joined_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(?-u:\b)(?:(?:side|delegation|délégation|partie) (?:was|were|est|était|a été) (?:led|headed|conduite?|dirigée?|menée?) (?:by|par)|(?:were|was) joined(?: [^,.;]{0,40})? by|(?:ont été|a été) rejoints? (?:[^,.;]{0,40} )?par)").unwrap())
}

fn presence_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)en présence d[eu']|in the presence of|accompagnée? d[eu']|accompanied by|alongside").unwrap())
}

/// A denial before a meeting word of the same sentence: what it introduces did not happen
/// ("the ministry denied a report that X had also held a private meeting with Y").
fn denial_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(denied|denies|deny|denying|ruled out|dismissed reports?|a démenti|ont démenti|dément|démentent|démentant|a nié|ont nié|nie|nient|niant|a exclu|a écarté)(?-u:\b)").unwrap()
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
    for (i, s) in ctx.sents.iter().enumerate() {
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
            .collect();
        if triggers.is_empty() {
            // "The Togolese side was led by X and Y", "The two leaders were joined by X": more
            // participants of the meeting just told
            if let (Some(k), Some(m)) = (last_event, joined_re().find(ctx.sentence_text(i))) {
                let from = s.start + m.start();
                let late: Vec<usize> = persons
                    .in_sentence(i)
                    .filter(|p| p.start >= from && !ctx.in_quote(i, p.start))
                    .map(|p| p.cluster)
                    .collect();
                if events[k].kind != MeetingKind::Visit && events[k].participants.len() >= 2 {
                    for c in late {
                        if !events[k].participants.contains(&c) {
                            events[k].participants.push(c);
                        }
                    }
                }
            }
            if let Some(d) = sentence_date(ctx, i, None, last_date) {
                last_date = Some(d);
            }
            continue;
        }
        // visits: the visitor is the person named just before the trigger
        for h in triggers
            .iter()
            .filter(|h| ctx.verb_kind(h) == VerbKind::Visit)
        {
            let visitor = persons
                .in_sentence(i)
                .filter(|m| m.end <= h.start && !ctx.in_quote(i, m.start))
                .last();
            if let Some(v) = visitor {
                // "…, où il a assisté à un exercice en présence du général X": they met
                if let Some(p) = presence_re().find(ctx.text(h.end, s.end)) {
                    let from = h.end + p.end();
                    let mut met = vec![v.cluster];
                    for m in persons
                        .in_sentence(i)
                        .filter(|m| m.start >= from && !ctx.in_quote(i, m.start))
                    {
                        if !met.contains(&m.cluster) {
                            met.push(m.cluster);
                        }
                    }
                    if met.len() > 1 {
                        let date = sentence_date(ctx, i, Some(h), last_date)
                            .or(ctx.reference.filter(|_| !vaguely_dated(ctx, i, h)));
                        let ev = Event {
                            kind: MeetingKind::Meeting,
                            participants: met,
                            host: None,
                            date,
                            place: nearest_place(ctx, i, h, place_at),
                            mentions: vec![(i, h.start, h.end)],
                        };
                        add_event(&mut events, ev);
                    }
                }
                let date = sentence_date(ctx, i, Some(h), last_date)
                    .or(ctx.reference.filter(|_| !vaguely_dated(ctx, i, h)));
                let place = nearest_place(ctx, i, h, place_at);
                let ev = Event {
                    kind: MeetingKind::Visit,
                    participants: vec![v.cluster],
                    host: None,
                    date,
                    place,
                    mentions: vec![(i, h.start, h.end)],
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
        let kind = ctx.verb_kind(trigger);
        let (participants, host) = participants(ctx, persons, i, trigger, kind);
        let before = ctx.text(s.start, trigger.start);
        // "Les deux hommes s'étaient entretenus …": no one named, the pair of the meeting
        // before
        let the_two = two_re().is_match(before)
            && last_event.is_some_and(|k| events[k].participants.len() >= 2);
        if participants.is_empty() && !the_two {
            continue;
        }
        let refers_back = anaphora_re().is_match(before)
            || two_re().is_match(before)
            || (kind == VerbKind::Press && joint_re().is_match(ctx.sentence_text(i)))
            || triggers
                .iter()
                .any(|t| anaphora_re().is_match(ctx.text(s.start, t.start)));
        let mut parts = participants;
        let mut date = sentence_date(ctx, i, Some(trigger), last_date);
        let vague = date.is_none() && vaguely_dated(ctx, i, trigger);
        if refers_back && parts.len() < 2 {
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
        let recent = |d: &NaiveDate| {
            ctx.reference
                .is_none_or(|r| *d <= r && (r - *d).num_days() <= RECENT_DAYS)
        };
        let date = if vague {
            None
        } else {
            date.or_else(|| {
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
        // no place written: the place of the previous meeting of the same day ("plus tard dans
        // la journée, le président a reçu …")
        let place = nearest_place(ctx, i, trigger, place_at).or_else(|| {
            let prev = last_event.map(|k| &events[k])?;
            (prev.date == date && prev.kind != MeetingKind::Visit)
                .then(|| prev.place.clone())
                .flatten()
        });
        let ev = Event {
            kind: match kind {
                VerbKind::Call => MeetingKind::Call,
                VerbKind::Press => MeetingKind::PressConference,
                VerbKind::Reception | VerbKind::Received => MeetingKind::Reception,
                _ => MeetingKind::Meeting,
            },
            participants: parts,
            host,
            date,
            place,
            mentions: vec![(i, trigger.start, trigger.end)],
        };
        last_event = Some(add_event(&mut events, ev));
    }

    events
        .into_iter()
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
        })
        .collect()
}

/// A trigger for something that has not happened: a future or modal word just before it, or
/// a denial of it.
fn is_planned(ctx: &Ctx, sent: usize, h: &Hit) -> bool {
    let s = &ctx.sents[sent];
    // (`Ctx::text` moves a cut inside a character to a character boundary)
    let before = ctx.text(h.start.saturating_sub(DENIAL_REACH).max(s.start), h.start);
    let from = h.start - before.len();
    if denial_re()
        .find_iter(before)
        .any(|m| !ctx.in_quote(sent, from + m.start()))
    {
        return true;
    }
    s.verbs.iter().any(|v| {
        ctx.verb_kind(v) == VerbKind::Future
            && !ctx.in_quote(sent, v.start)
            && ((v.end <= h.start && h.start - v.end <= 50)
                || (v.start >= h.end && v.start - h.end <= 3))
    })
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
            return k;
        }
    }
    events.push(ev);
    events.len() - 1
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
    let speech = |v: &&Hit| ctx.verb_kind(v) == VerbKind::Speech && !ctx.in_quote(sent, v.start);
    // left bound: after the last reporting verb before the trigger
    let left = s
        .verbs
        .iter()
        .filter(speech)
        .filter(|v| v.end <= trigger.start)
        .map(|v| v.end)
        .max()
        .unwrap_or(s.start);
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
    if let Some(m) = clause_break_re().find(ctx.text(trigger.end, s.end)) {
        right = right.min(trigger.end + m.start());
    }
    let mut out: Vec<usize> = Vec::new();
    let mut host = None;
    for m in persons.in_sentence(sent) {
        if m.start < left || m.end > right || ctx.in_quote(sent, m.start) {
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
    let mut ds: Vec<_> = s
        .dates
        .iter()
        .filter(|d| !ctx.in_quote(sent, d.start))
        .collect();
    ds.sort_by_key(|d| {
        (
            matches!(d.value, super::dates::DateValue::SameDay),
            d.start.abs_diff(pos),
        )
    });
    ds.iter().find_map(|d| ctx.resolve(d.value, previous))
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
