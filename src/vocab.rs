//! Vocabulary terms, one sub-module per namespace. The project's own terms (`ng`) are declared
//! in `ontology/newsgraph.ttl`; a test checks that every one used here is declared there.

use oxigraph::model::NamedNodeRef;

macro_rules! terms {
    ($ns:literal; $($name:ident = $local:literal),* $(,)?) => {
        pub const NS: &str = $ns;
        $(pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(concat!($ns, $local));)*
        /// Every term of the namespace, for checks.
        #[allow(dead_code)]
        pub const ALL: &[NamedNodeRef<'static>] = &[$($name),*];
    };
}

/// The project's ontology.
pub mod ng {
    use super::*;
    terms!("https://w3id.org/newsgraph/ontology#";
        MEETING = "Meeting",
        MEETING_KIND = "MeetingKind",
        MILITARY_ORGANIZATION = "MilitaryOrganization",
        BORDER_CROSSING = "BorderCrossing",
        TALKS = "Talks",
        PRESS_CONFERENCE = "PressConference",
        RECEPTION = "Reception",
        VISIT = "Visit",
        PHONE_CALL = "PhoneCall",
        MEETING_KIND_P = "meetingKind",
        PARTICIPANT = "participant",
        HOST = "host",
        SPEAKER = "speaker",
        DIRECT = "direct",
        MENTION = "mention",
        COUNTRY_CODE = "countryCode",
        COUNTRY = "country",
        CAMEO_CODE = "cameoCode",
        SHA256 = "sha256",
        REFERENCE_DATE = "referenceDate",
        EXTRACTOR = "extractor",
        RESOLVED_FROM = "resolvedFrom",
        JOURNAL = "journal",
        REPLACING = "replacing",
        LOADED = "loaded",
        NAME_KEY = "nameKey",
        SURNAME_KEY = "surnameKey",
        BARE_SURNAME_KEY = "bareSurnameKey",
        PENDING_IDENTITY = "pendingIdentity",
        PENDING_KEY = "pendingKey",
        PENDING_FULL_PASS = "pendingFullPass",
    );
}

pub mod schema {
    use super::*;
    terms!("http://schema.org/";
        PERSON = "Person",
        ORGANIZATION = "Organization",
        NEWS_MEDIA_ORGANIZATION = "NewsMediaOrganization",
        GOVERNMENT_ORGANIZATION = "GovernmentOrganization",
        COUNTRY = "Country",
        PLACE = "Place",
        CITY = "City",
        EVENT = "Event",
        CLAIM = "Claim",
        NEWS_ARTICLE = "NewsArticle",
        NAME = "name",
        ALTERNATE_NAME = "alternateName",
        HONORIFIC_PREFIX = "honorificPrefix",
        JOB_TITLE = "jobTitle",
        NATIONALITY = "nationality",
        AFFILIATION = "affiliation",
        CONTAINED_IN_PLACE = "containedInPlace",
        START_DATE = "startDate",
        LOCATION = "location",
        TEXT = "text",
        DATE_CREATED = "dateCreated",
        DATE_PUBLISHED = "datePublished",
        ABOUT = "about",
        APPEARANCE = "appearance",
        IN_LANGUAGE = "inLanguage",
        HEADLINE = "headline",
        URL = "url",
        SUBJECT_OF = "subjectOf",
        IDENTIFIER = "identifier",
    );
}

pub mod nif {
    use super::*;
    terms!("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
        CONTEXT = "Context",
        SENTENCE = "Sentence",
        RFC5147_STRING = "RFC5147String",
        BEGIN_INDEX = "beginIndex",
        END_INDEX = "endIndex",
        ANCHOR_OF = "anchorOf",
        SENTENCE_P = "sentence",
        REFERENCE_CONTEXT = "referenceContext",
    );
}

pub mod prov {
    use super::*;
    terms!("http://www.w3.org/ns/prov#";
        WAS_DERIVED_FROM = "wasDerivedFrom",
    );
}

pub mod owl {
    use super::*;
    terms!("http://www.w3.org/2002/07/owl#";
        SAME_AS = "sameAs",
    );
}

/// Prefixes written in Turtle and TriG exports and known to queries.
pub const PREFIXES: &[(&str, &str)] = &[
    ("schema", schema::NS),
    ("ng", ng::NS),
    ("nif", nif::NS),
    ("prov", prov::NS),
    ("owl", owl::NS),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("wd", "http://www.wikidata.org/entity/"),
    ("org", "http://www.w3.org/ns/org#"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_core_crate_knows_the_ontology_namespace() {
        assert_eq!(ng::NS, crate::iri::ONTOLOGY_NS);
    }

    #[test]
    fn every_project_term_is_declared_in_the_ontology() {
        let ttl = include_str!("../ontology/newsgraph.ttl");
        for t in ng::ALL {
            let local = &t.as_str()[ng::NS.len()..];
            assert!(
                ttl.contains(&format!("ng:{local} ")) || ttl.contains(&format!("ng:{local}\n")),
                "ng:{local} is not declared in ontology/newsgraph.ttl"
            );
        }
    }
}
