//! The evidence of each resolution: a participant named by a pronoun carries the pronoun's
//! span and the rule that chose the person, in the extraction JSON.

use newsgraph_core::{extract_article, ArticleOptions};

fn extract(text: &str) -> newsgraph_core::model::Extraction {
    let opts = ArticleOptions {
        published: chrono::NaiveDate::from_ymd_opt(2024, 6, 5),
        ..Default::default()
    };
    extract_article(text.as_bytes(), &opts).unwrap()
}

#[test]
fn a_pronoun_participant_keeps_its_span_and_rule() {
    let ex = extract(
        "Indonesian Foreign Minister Rizal Hakim arrived in Manila on Monday. \
         He held talks with Philippine President Ramon Castillo on Tuesday.",
    );
    let hakim = ex.persons.iter().find(|p| p.name == "Rizal Hakim").unwrap();
    let talks = ex
        .meetings
        .iter()
        .find(|m| m.participants.len() == 2)
        .expect("the talks");
    assert_eq!(talks.resolved.len(), 1, "{:?}", talks.resolved);
    let r = &talks.resolved[0];
    assert_eq!(r.person, hakim.id);
    assert_eq!(r.by, "pronoun");
    // the arrival is a visit, not a meeting told before: the subject of the sentence before
    assert_eq!(r.rule, "subject-of-the-previous-sentence");
    assert_eq!(r.mention.text, "He");
    assert_eq!(r.mention.sentence, 1);
    // in the JSON, and read back
    let json = ex.to_json();
    assert!(
        json.contains("\"rule\": \"subject-of-the-previous-sentence\""),
        "{json}"
    );
    assert_eq!(
        newsgraph_core::model::Extraction::from_json(&json).unwrap(),
        ex
    );
}

#[test]
fn the_speaker_of_the_clause_and_a_plural_pronoun() {
    let ex = extract(
        "Prime Minister Kenji Mori said on Tuesday that he met Australian Prime Minister \
         Claire Watson in Canberra.",
    );
    let m = &ex.meetings[0];
    assert_eq!(m.resolved[0].rule, "speaker-of-the-clause");
    let ex = extract(
        "Le ministre canadien Marc Tremblay et la ministre islandaise Sigrun Jonsdottir ont \
         publié mardi un rapport commun à Reykjavik. Ils ont ensuite rencontré le maire, \
         Einar Olafsson.",
    );
    let m = ex
        .meetings
        .iter()
        .find(|m| m.participants.len() == 3)
        .expect("one meeting of three");
    assert_eq!(m.resolved.len(), 2, "{:?}", m.resolved);
    assert!(m.resolved.iter().all(|r| r.by == "plural-pronoun"
        && r.rule == "persons-of-the-previous-sentence"
        && r.mention.text == "Ils"));
}

#[test]
fn a_named_participant_has_no_resolution() {
    let ex = extract("Le président Jean Morel a reçu lundi à Paris le ministre Luc Peeters.");
    assert!(ex.meetings.iter().all(|m| m.resolved.is_empty()));
    assert!(!ex.to_json().contains("\"resolved\""));
}

#[test]
fn a_claim_spoken_by_a_pronoun_or_a_description_keeps_its_evidence() {
    // "a-t-elle ajouté": the pronoun of the reporting verb, the subject of the sentence before
    let ex = extract(
        "La ministre chilienne des Mines, Paula Araya, a reçu mardi son homologue bolivien. \
         « Le lithium doit profiter aux deux peuples », a-t-elle ajouté.",
    );
    let araya = ex.persons.iter().find(|p| p.name == "Paula Araya").unwrap();
    let c = ex
        .claims
        .iter()
        .find(|c| c.speaker == araya.id)
        .expect("her claim");
    assert_eq!(c.resolved.len(), 1, "{:?}", c.resolved);
    assert_eq!(c.resolved[0].by, "pronoun");
    assert_eq!(c.resolved[0].person, araya.id);
    assert_eq!(c.resolved[0].rule, "subject-of-the-previous-sentence");
    assert!(
        c.resolved[0].mention.text.contains("elle"),
        "{:?}",
        c.resolved[0]
    );
    // a quotation over paragraphs introduced by a description: the office and its holder
    let ex = extract(
        "Le ministre ghanéen des Affaires étrangères, Kwame Ofori, a reçu lundi son homologue \
         togolais. Le chef de la diplomatie ghanéenne a ensuite fait une déclaration :\n\n\
         « Nos deux pays partagent une frontière et un avenir.\n\n\
         Nous ouvrirons le poste d'Aflao jour et nuit dès janvier. »",
    );
    let ofori = ex.persons.iter().find(|p| p.name == "Kwame Ofori").unwrap();
    let claims: Vec<_> = ex.claims.iter().filter(|c| c.speaker == ofori.id).collect();
    assert_eq!(claims.len(), 2, "{:?}", ex.claims);
    for c in claims {
        assert_eq!(c.resolved.len(), 1, "{:?}", c.resolved);
        assert_eq!(c.resolved[0].by, "description");
        assert_eq!(c.resolved[0].rule, "holder-of-the-office");
        assert_eq!(c.resolved[0].mention.text, "chef de la diplomatie");
    }
    // a claim whose sentence names its speaker needs no evidence
    let ex =
        extract("Le ministre ghanéen Kwame Ofori a déclaré que la frontière resterait ouverte.");
    assert!(
        ex.claims.iter().all(|c| c.resolved.is_empty()),
        "{:?}",
        ex.claims
    );
    let json = ex.to_json();
    assert_eq!(
        newsgraph_core::model::Extraction::from_json(&json).unwrap(),
        ex
    );
}
