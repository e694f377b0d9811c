//! Extraction rules on short sentences written for the tests (French and English).

use chrono::NaiveDate;
use newsgraph::model::{Extraction, MeetingKind};
use newsgraph::{extract_article, ArticleOptions};

fn ex(text: &str, published: &str) -> Extraction {
    extract_article(
        text.as_bytes(),
        &ArticleOptions {
            published: NaiveDate::parse_from_str(published, "%Y-%m-%d").ok(),
            ..Default::default()
        },
    )
    .unwrap()
}

fn names(e: &Extraction) -> Vec<&str> {
    e.persons.iter().map(|p| p.name.as_str()).collect()
}

fn person<'a>(e: &'a Extraction, name: &str) -> &'a newsgraph::model::Person {
    e.persons
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no {name} in {:?}", names(e)))
}

fn speaker_of<'a>(e: &'a Extraction, words: &str) -> Option<&'a str> {
    let c = e.claims.iter().find(|c| c.text.contains(words))?;
    e.persons
        .iter()
        .find(|p| p.id == c.speaker)
        .map(|p| p.name.as_str())
}

#[test]
fn fr_titles_roles_and_nationality() {
    let e = ex("Le ministre marocain de l'Intérieur, Karim Benali, a rencontré mardi à Rabat le général Paul Martin, chef d'état-major des armées françaises.", "2024-05-08");
    let k = person(&e, "Karim Benali");
    assert_eq!(k.country.as_deref(), Some("MA"));
    assert!(k.roles.iter().any(|r| r.contains("ministre")), "{k:?}");
    let p = person(&e, "Paul Martin");
    assert_eq!(p.country.as_deref(), Some("FR"));
    assert_eq!(e.meetings.len(), 1);
    assert_eq!(e.meetings[0].date.as_deref(), Some("2024-05-07"));
}

#[test]
fn fr_aliases_are_merged() {
    let e = ex(
        "Le président Youssef Abdallah Haddad a reçu son homologue. Le président Haddad a ensuite parlé. Youssef Abdullah Haddad a quitté la salle. M. Haddad est rentré.",
        "2024-05-08",
    );
    assert_eq!(names(&e), vec!["Youssef Abdallah Haddad"]);
}

#[test]
fn en_titles_and_meeting() {
    let e = ex("Canadian Foreign Minister Laura Stone met her Peruvian counterpart Diego Ramos in Lima on Monday, officials said.", "2024-05-08");
    assert_eq!(person(&e, "Laura Stone").country.as_deref(), Some("CA"));
    assert_eq!(person(&e, "Diego Ramos").country.as_deref(), Some("PE"));
    assert_eq!(e.meetings.len(), 1);
    assert_eq!(e.meetings[0].participants.len(), 2);
    assert_eq!(e.meetings[0].date.as_deref(), Some("2024-05-06"));
}

#[test]
fn reception_with_presence_and_delegation() {
    let e = ex(
        "Le roi Hassan Idrissi a reçu lundi la délégation malienne dirigée par le colonel Amadou Keita, en présence du ministre des Affaires étrangères, Omar Tazi.",
        "2024-05-08",
    );
    let m = &e.meetings[0];
    assert_eq!(m.kind, MeetingKind::Reception);
    assert_eq!(m.participants.len(), 3);
    let host = e
        .persons
        .iter()
        .find(|p| Some(&p.id) == m.host.as_ref())
        .unwrap();
    assert_eq!(host.name, "Hassan Idrissi");
}

#[test]
fn planned_meetings_are_not_meetings() {
    let e = ex("Le Premier ministre Jean Morel doit rencontrer lundi prochain son homologue belge Luc Peeters.", "2024-05-08");
    assert!(e.meetings.is_empty(), "{:?}", e.meetings);
}

#[test]
fn phone_calls() {
    let e = ex("Lors d'un entretien téléphonique jeudi, Anna Weber et Pedro Alves ont évoqué la situation.", "2024-05-10");
    assert_eq!(e.meetings[0].kind, MeetingKind::Call);
    assert_eq!(e.meetings[0].date.as_deref(), Some("2024-05-09"));
}

#[test]
fn claims_quoted_reported_and_pronouns() {
    let e = ex(
        "« Nous ne céderons rien sur ce dossier », a déclaré le ministre canadien Marc Tremblay. Il a ajouté que les négociations reprendraient bientôt. Le général Omar Diallo a affirmé que l'armée restera mobilisée.",
        "2024-05-08",
    );
    assert_eq!(
        speaker_of(&e, "Nous ne céderons rien"),
        Some("Marc Tremblay")
    );
    assert!(
        e.claims
            .iter()
            .find(|c| c.text.contains("Nous ne céderons"))
            .unwrap()
            .direct
    );
    assert_eq!(
        speaker_of(&e, "négociations reprendraient"),
        Some("Marc Tremblay")
    );
    assert_eq!(
        speaker_of(&e, "armée restera mobilisée"),
        Some("Omar Diallo")
    );
}

#[test]
fn en_claims_with_speaker_after_and_pronoun() {
    let e = ex(
        "Prime Minister Sarah Collins visited Ottawa. “We will keep working with our partners on trade,” Collins said. She said the talks had been useful for both sides.",
        "2024-05-08",
    );
    assert_eq!(
        speaker_of(&e, "We will keep working"),
        Some("Sarah Collins")
    );
    assert_eq!(
        speaker_of(&e, "talks had been useful"),
        Some("Sarah Collins")
    );
}

#[test]
fn anaphoric_titles_resolve_to_the_person() {
    let e = ex(
        "La première ministre italienne, Laura Bianchi, est arrivée à Tunis. La première ministre italienne a souligné que la coopération était essentielle pour les deux pays.",
        "2024-05-08",
    );
    assert_eq!(
        speaker_of(&e, "coopération était essentielle"),
        Some("Laura Bianchi")
    );
}

#[test]
fn no_person_for_a_title_without_name() {
    let e = ex("Le président algérien a annoncé des réformes. Le ministre russe des Affaires étrangères a parlé.", "2024-05-08");
    assert!(e.persons.is_empty(), "{:?}", names(&e));
}

#[test]
fn countries_by_name_demonym_people_and_metonym() {
    let e = ex("Les Américains et les Russes discutent. Le ministre turc est venu d'Ankara. Moscou refuse toute ingérence en Syrie.", "2024-05-08");
    let codes: Vec<&str> = e.countries.iter().map(|c| c.code.as_str()).collect();
    for c in ["US", "RU", "TR", "SY"] {
        assert!(codes.contains(&c), "{c} not in {codes:?}");
    }
}

#[test]
fn noise_lines_give_no_facts() {
    let e = ex("Leave a Reply\nVotre adresse e-mail ne sera pas publiée.\nCe site utilise Akismet pour réduire les indésirables.", "2024-05-08");
    assert!(e.persons.is_empty() && e.claims.is_empty() && e.meetings.is_empty());
}

#[test]
fn cameo_codes() {
    let opts = ArticleOptions {
        published: NaiveDate::from_ymd_opt(2024, 5, 8),
        ..Default::default()
    };
    let code = |text: &str| {
        let ex = extract_article(text.as_bytes(), &opts).unwrap();
        let quads = newsgraph::map::map(&ex, &opts.minter).quads;
        quads
            .iter()
            .find(|q| {
                q.predicate.as_str().ends_with("#cameoCode")
                    && q.subject.to_string().contains("/meeting/")
            })
            .map(|q| q.object.to_string())
    };
    assert_eq!(
        code("Le président Jean Morel a reçu lundi à Paris le ministre belge Luc Peeters.")
            .as_deref(),
        Some("\"043\"")
    );
    assert_eq!(
        code("Canadian Foreign Minister Laura Stone met her Peruvian counterpart Diego Ramos in Berlin on Monday.").as_deref(),
        Some("\"044\"")
    );
}
