//! Scorer tests on a small hand-made gold document and hand-built records:
//! exact counts for a perfect system, extra and missing records, optional
//! records, the actor rules (country codes, persons), the split-quote rule,
//! strict-only failures, and malformed input.

use chronicle_eval::gold::GoldDoc;
use chronicle_eval::score::{score, score_doc, MismatchKind, Prf};
use chronicle_records::{
    Aid, AidKind, Amount, Document, Entity, EntityType, Event, EventType, Evidence, Mention,
    Plover, Quote, Records, Role, Status, Time,
};

const TEXT: &str = "Grant Shapps traveled to Kyiv on Wednesday to discuss defense support. \
He met President Volodymyr Zelensky in the capital. \
“I am committed to maintaining the U.K.’s military support,” Mr. Shapps said. \
France has committed about 530 million euros in military aid to Ukraine. \
A forum of contractors will take place on Friday.";

const GOLD: &str = r#"{
  "id": "t1", "published": "2023-09-28", "outlet_country": "USA",
  "entities": [
    {"name": "Grant Shapps", "type": "PERSON", "country": "GBR", "aliases": ["Shapps", "Mr. Shapps"],
     "roles": [{"title": "defence secretary", "of": "GBR"}]},
    {"name": "Volodymyr Zelensky", "type": "PERSON", "country": "UKR", "aliases": [],
     "roles": [{"title": "President", "of": "UKR"}]},
    {"name": "Ukraine", "type": "GPE", "country": "UKR", "aliases": []},
    {"name": "Kyiv", "type": "GPE", "country": "UKR", "aliases": []},
    {"name": "France", "type": "GPE", "country": "FRA", "aliases": [], "future_field": 1},
    {"name": "contractors", "type": "ORG", "country": null, "aliases": [], "optional": true, "note": "generic"}
  ],
  "events": [
    {"type": "VISIT", "source": ["Grant Shapps"], "target": ["UKR"], "participants": [],
     "location": "Kyiv", "date": {"start": "2023-09-27", "end": "2023-09-27", "text": "on Wednesday"},
     "status": "asserted", "evidence": "traveled to Kyiv on Wednesday", "optional": false},
    {"type": "MEET", "source": ["Grant Shapps"], "target": ["Volodymyr Zelensky"], "participants": [],
     "location": "Kyiv", "date": {"start": null, "end": null}, "status": "asserted",
     "evidence": "He met President Volodymyr Zelensky", "optional": false},
    {"type": "AID_PLEDGE", "source": ["FRA"], "target": ["UKR"], "participants": [],
     "aid": {"kind": "military", "currency": "EUR", "value": 530000000, "min": null, "max": null,
             "cumulative": true, "items": [], "text": "about 530 million euros"},
     "date": {"start": null, "end": null}, "status": "asserted",
     "attribution": "French officials",
     "evidence": "France has committed about 530 million euros", "optional": false},
    {"type": "GATHERING", "source": ["contractors"], "target": [], "participants": [],
     "date": {"start": "2023-09-29", "end": "2023-09-29"}, "status": "planned", "count": null,
     "evidence": "A forum of contractors will take place on Friday", "optional": true}
  ],
  "quotes": [
    {"speaker": "Grant Shapps", "direct": true,
     "text_start": "I am committed to maintaining the U.K.", "optional": false},
    {"speaker": "Grant Shapps", "direct": false,
     "text_start": "defense support", "optional": true}
  ]
}"#;

fn gold() -> GoldDoc {
    serde_json::from_str(GOLD).expect("test gold parses")
}

fn span(needle: &str) -> (usize, usize) {
    let s = TEXT.find(needle).expect("needle in text");
    (s, s + needle.len())
}

fn entity(id: &str, kind: EntityType, name: &str, country: Option<&str>) -> Entity {
    let mentions = TEXT
        .match_indices(name)
        .map(|(s, m)| Mention {
            start: s,
            end: s + m.len(),
            text: m.to_string(),
        })
        .collect();
    Entity {
        id: id.into(),
        kind,
        name: name.into(),
        country: country.map(Into::into),
        roles: Vec::new(),
        mentions,
    }
}

fn role(title: &str, of: &str) -> Role {
    Role {
        title: title.into(),
        of: Some(of.into()),
        qualifier: None,
        start: 0,
        end: 0,
    }
}

fn day(d: &str) -> Option<Time> {
    Some(Time {
        text: String::new(),
        start: Some(d.into()),
        end: Some(d.into()),
        granularity: chronicle_records::Granularity::Day,
    })
}

fn event(id: &str, kind: EventType, src: &[&str], tgt: &[&str], evidence: &str) -> Event {
    let (start, end) = span(evidence);
    Event {
        id: id.into(),
        kind,
        plover: Plover {
            kind: "CONSULT".into(),
            mode: None,
        },
        cameo: "040".into(),
        source: src.iter().map(|s| s.to_string()).collect(),
        target: tgt.iter().map(|s| s.to_string()).collect(),
        participants: Vec::new(),
        location: None,
        time: None,
        status: Status::Asserted,
        attribution: None,
        aid: None,
        count: None,
        name: None,
        evidence: vec![Evidence { start, end }],
        confidence: 0.9,
    }
}

fn eur_aid(value: f64, cumulative: bool) -> Option<Aid> {
    Some(Aid {
        kind: AidKind::Military,
        amount: Some(Amount {
            value: Some(value),
            currency: Some("EUR".into()),
            approximate: true,
            min: None,
            max: None,
            text: "about 530 million euros".into(),
            stated: None,
        }),
        normalized: None,
        items: Vec::new(),
        cumulative,
    })
}

fn quote(id: &str, text: &str, speaker: Option<&str>, direct: bool) -> Quote {
    let (start, end) = TEXT.find(text).map_or((0, 0), |s| (s, s + text.len()));
    Quote {
        id: id.into(),
        text: text.into(),
        start,
        end,
        direct,
        speaker: speaker.map(Into::into),
        speaker_text: None,
        cue: Some("said".into()),
        channel: None,
        time: None,
    }
}

/// What a perfect extractor emits for `TEXT`.
fn perfect() -> Records {
    let mut r = Records::new(Document {
        id: "t1".into(),
        title: None,
        source: None,
        url: None,
        published: Some("2023-09-28".into()),
        language: "en".into(),
        text: None,
    });
    let mut shapps = entity("e1", EntityType::PERSON, "Grant Shapps", Some("GBR"));
    shapps.roles.push(role("defense secretary", "GBR"));
    let (s, e) = span("Mr. Shapps");
    shapps.mentions.push(Mention {
        start: s,
        end: e,
        text: "Mr. Shapps".into(),
    });
    let mut zel = entity("e2", EntityType::PERSON, "Volodymyr Zelensky", Some("UKR"));
    zel.roles.push(role("president", "UKR"));
    r.entities = vec![
        shapps,
        zel,
        entity("e3", EntityType::GPE, "Ukraine", Some("UKR")),
        entity("e4", EntityType::GPE, "Kyiv", Some("UKR")),
        entity("e5", EntityType::GPE, "France", Some("FRA")),
    ];
    let mut visit = event(
        "v1",
        EventType::VISIT,
        &["e1"],
        &["e3"],
        "Grant Shapps traveled to Kyiv on Wednesday to discuss defense support.",
    );
    visit.location = Some("e4".into());
    visit.time = day("2023-09-27");
    // MEET parties in the other order: MEET has no direction.
    let meet = event(
        "v2",
        EventType::MEET,
        &["e2"],
        &["e1"],
        "He met President Volodymyr Zelensky in the capital.",
    );
    let mut aid = event(
        "v3",
        EventType::AID_PLEDGE,
        &["e5"],
        &["e3"],
        "France has committed about 530 million euros in military aid to Ukraine.",
    );
    aid.aid = eur_aid(531_000_000.0, true);
    r.events = vec![visit, meet, aid];
    r.quotes = vec![quote(
        "q1",
        "I am committed to maintaining the U.K.’s military support,",
        Some("e1"),
        true,
    )];
    r
}

fn prf(tp: usize, fp: usize, fn_: usize) -> Prf {
    Prf { tp, fp, fn_ }
}

#[test]
fn perfect_system_scores_one_everywhere() {
    let d = score_doc(&gold(), &perfect(), TEXT);
    let c = &d.counts;
    assert_eq!(c.events_strict, prf(3, 0, 0));
    assert_eq!(c.events_relaxed, prf(3, 0, 0));
    assert_eq!(c.quotes_direct, prf(1, 0, 0));
    assert_eq!(c.quotes_all, prf(1, 0, 0));
    assert_eq!(c.quote_speakers, prf(1, 0, 0));
    assert_eq!(c.entities, prf(5, 0, 0));
    assert_eq!(c.entities_untyped, prf(5, 0, 0));
    assert_eq!((c.entity_country.hits, c.entity_country.total), (5, 5));
    assert_eq!((c.role_titles.hits, c.role_titles.total), (2, 2));
    for t in EventType::ALL {
        assert_eq!(c.by_type(t).strict.f1(), 1.0, "{t:?}");
    }
    assert_eq!(c.by_type(EventType::VISIT).strict, prf(1, 0, 0));
    assert!(d.mismatches.is_empty(), "{:?}", d.mismatches);
}

#[test]
fn extra_event_lowers_precision_only() {
    let mut r = perfect();
    r.events.push(event(
        "v9",
        EventType::VISIT,
        &["e2"],
        &["e5"],
        "He met President Volodymyr Zelensky in the capital.",
    ));
    let c = score_doc(&gold(), &r, TEXT).counts;
    assert_eq!(c.events_strict, prf(3, 1, 0));
    assert_eq!(c.events_relaxed, prf(3, 1, 0));
    assert_eq!(c.by_type(EventType::VISIT).strict, prf(1, 1, 0));
    assert_eq!(c.by_type(EventType::MEET).strict, prf(1, 0, 0));
    assert!((c.events_strict.precision() - 0.75).abs() < 1e-12);
    assert_eq!(c.events_strict.recall(), 1.0);
}

#[test]
fn missing_event_lowers_recall_and_is_listed() {
    let mut r = perfect();
    r.events.remove(0);
    let d = score_doc(&gold(), &r, TEXT);
    assert_eq!(d.counts.events_strict, prf(2, 0, 1));
    assert_eq!(d.counts.by_type(EventType::VISIT).relaxed, prf(0, 0, 1));
    assert!(d
        .mismatches
        .iter()
        .any(|m| m.kind == MismatchKind::MissedEvent && m.detail.starts_with("VISIT")));
}

#[test]
fn optional_gold_matched_changes_nothing() {
    let base = score_doc(&gold(), &perfect(), TEXT).counts;
    let mut r = perfect();
    r.entities
        .push(entity("e6", EntityType::ORG, "contractors", None));
    let mut g = event(
        "v4",
        EventType::GATHERING,
        &["e6"],
        &[],
        "A forum of contractors will take place on Friday.",
    );
    // Wrong status and no date: still neutral, optional records match relaxed.
    g.status = Status::Asserted;
    r.events.push(g);
    // The optional reported-speech quote, given as direct: neutral too.
    r.quotes
        .push(quote("q2", "defense support", Some("e1"), true));
    let c = score_doc(&gold(), &r, TEXT).counts;
    assert_eq!(c, base);
}

#[test]
fn country_code_actor_matches_a_place_of_that_country() {
    let mut r = perfect();
    // A name no gold entity has, but GPE with country UKR: matches "UKR".
    r.entities.push(entity(
        "e9",
        EntityType::GPE,
        "the Ukrainian state",
        Some("UKR"),
    ));
    r.events[2].target = vec!["e9".into()];
    let c = score_doc(&gold(), &r, TEXT).counts;
    assert_eq!(c.events_strict, prf(3, 0, 0));
    // The same entity typed ORG does not resolve to a country.
    r.entities.last_mut().unwrap().kind = EntityType::ORG;
    let c = score_doc(&gold(), &r, TEXT).counts;
    assert_eq!(c.events_strict, prf(2, 1, 1));
    assert_eq!(
        c.events_relaxed,
        prf(3, 0, 0),
        "the source FRA still matches"
    );
}

#[test]
fn person_with_country_does_not_match_a_country_actor() {
    let g: GoldDoc = serde_json::from_str(
        r#"{"id": "t2", "entities": [{"name": "Grant Shapps", "type": "PERSON", "country": "GBR"}],
            "events": [{"type": "AID_PLEDGE", "source": ["GBR"], "target": [], "status": "asserted",
                        "evidence": "France has committed about 530 million euros"}]}"#,
    )
    .unwrap();
    let mut r = perfect();
    r.events = vec![event(
        "v1",
        EventType::AID_PLEDGE,
        &["e1"],
        &[],
        "France has committed about 530 million euros",
    )];
    let c = score_doc(&g, &r, TEXT).counts;
    assert_eq!(c.events_relaxed, prf(0, 1, 1));
    // A GPE of that country does match.
    r.entities
        .push(entity("e7", EntityType::GPE, "Britain", Some("GBR")));
    r.events[0].source = vec!["e7".into()];
    let c = score_doc(&g, &r, TEXT).counts;
    assert_eq!(c.events_strict, prf(1, 0, 0));
}

#[test]
fn split_quote_matches_by_its_first_25_characters() {
    let mut r = perfect();
    r.quotes = vec![quote(
        "q1",
        "I am committed to maintaining",
        Some("e1"),
        true,
    )];
    let c = score_doc(&gold(), &r, TEXT).counts;
    assert_eq!(c.quotes_direct, prf(1, 0, 0));
    // Too short a piece matches nothing.
    r.quotes = vec![quote("q1", "I am committed", Some("e1"), true)];
    let c = score_doc(&gold(), &r, TEXT).counts;
    assert_eq!(c.quotes_direct, prf(0, 1, 1));
    assert_eq!(c.quote_speakers, prf(0, 1, 1));
}

#[test]
fn wrong_speaker_counts_for_speakers_only() {
    let mut r = perfect();
    r.quotes[0].speaker = Some("e2".into());
    let d = score_doc(&gold(), &r, TEXT);
    assert_eq!(d.counts.quotes_direct, prf(1, 0, 0));
    assert_eq!(d.counts.quote_speakers, prf(0, 1, 1));
    assert_eq!(
        (
            d.counts.speaker_accuracy.hits,
            d.counts.speaker_accuracy.total
        ),
        (0, 1)
    );
    assert!(d
        .mismatches
        .iter()
        .any(|m| m.kind == MismatchKind::WrongSpeaker));
}

#[test]
fn direct_gold_quote_given_as_indirect_is_a_miss_for_direct_only() {
    let mut r = perfect();
    r.quotes[0].direct = false;
    let c = score_doc(&gold(), &r, TEXT).counts;
    assert_eq!(c.quotes_direct, prf(0, 0, 1));
    assert_eq!(c.quotes_all, prf(1, 0, 0));
    assert_eq!((c.quote_directness.hits, c.quote_directness.total), (0, 1));
}

#[test]
fn strict_failures_keep_the_relaxed_match() {
    let mut r = perfect();
    r.events[0].time = day("2023-09-26");
    r.events[2].aid = eur_aid(560_000_000.0, false);
    let d = score_doc(&gold(), &r, TEXT);
    assert_eq!(d.counts.events_relaxed, prf(3, 0, 0));
    assert_eq!(d.counts.events_strict, prf(1, 2, 2));
    let loose: Vec<&str> = d
        .mismatches
        .iter()
        .filter(|m| m.kind == MismatchKind::LooseEvent)
        .map(|m| m.detail.as_str())
        .collect();
    assert_eq!(loose.len(), 2, "{loose:?}");
    assert!(loose.iter().any(|l| l.contains("date 2023-09-27")));
    assert!(loose
        .iter()
        .any(|l| l.contains("amount") && l.contains("cumulative")));
}

#[test]
fn evidence_elsewhere_is_no_match() {
    let mut r = perfect();
    r.events[1] = event(
        "v2",
        EventType::MEET,
        &["e2"],
        &["e1"],
        "A forum of contractors will take place on Friday.",
    );
    let c = score_doc(&gold(), &r, TEXT).counts;
    assert_eq!(c.events_relaxed, prf(2, 1, 1));
}

#[test]
fn wrong_entity_type_counts_untyped_only() {
    let mut r = perfect();
    r.entities[3].kind = EntityType::LOC;
    let d = score_doc(&gold(), &r, TEXT);
    assert_eq!(d.counts.entities, prf(4, 1, 1));
    assert_eq!(d.counts.entities_untyped, prf(5, 0, 0));
    assert!(d
        .mismatches
        .iter()
        .any(|m| m.kind == MismatchKind::EntityDetail && m.detail.contains("type LOC")));
}

#[test]
fn malformed_and_empty_input_does_not_panic() {
    let empty_gold: GoldDoc = serde_json::from_str(r#"{"id": "x"}"#).unwrap();
    let mut r = perfect();
    r.entities.clear();
    r.quotes.push(quote("q9", "", Some("nobody"), true));
    r.events.push(Event {
        evidence: vec![
            Evidence {
                start: 10_000,
                end: 20_000,
            },
            Evidence { start: 5, end: 2 },
        ],
        source: vec!["unknown-id".into()],
        ..event("v9", EventType::CALL, &[], &[], "He met")
    });
    for (g, text) in [(gold(), TEXT), (empty_gold.clone(), ""), (gold(), "")] {
        let rep = score(&[(g, r.clone(), text.to_string())]);
        let _ = rep.to_string();
        let _ = rep.mismatches().to_string();
        let _ = rep.to_json_line();
    }
    let mut nothing = perfect();
    nothing.entities.clear();
    nothing.events.clear();
    nothing.quotes.clear();
    let rep = score(&[(empty_gold, nothing, String::new())]);
    assert_eq!(rep.totals.events_strict.f1(), 1.0);
    assert_eq!(rep.totals.entities.f1(), 1.0);
    let rep = score(&[]);
    assert_eq!(rep.docs.len(), 0);
    let _ = rep.to_string();
}

#[test]
fn report_table_and_json_line() {
    let mut r = perfect();
    r.events.remove(1);
    let rep = score(&[
        (gold(), perfect(), TEXT.to_string()),
        (gold(), r, TEXT.to_string()),
    ]);
    assert_eq!(rep.totals.events_strict, prf(5, 0, 1));
    let line = rep.to_json_line();
    assert!(!line.contains('\n'));
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["documents"], 2);
    assert_eq!(v["events_strict"]["tp"], 5);
    assert_eq!(v["events_strict"]["fn"], 1);
    assert_eq!(v["events_by_type"]["MEET"]["relaxed"]["recall"], 0.5);
    assert_eq!(v["quote_speakers"]["f1"], 1.0);
    assert_eq!(v["entity_country"]["value"], 1.0);
    let table = rep.to_string();
    assert!(table.contains("MEET"), "{table}");
    assert!(table.contains("events strict"), "{table}");
    let mm = rep.mismatches().to_string();
    assert!(mm.contains("missed event: MEET"), "{mm}");
}
