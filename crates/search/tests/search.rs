//! The index end to end over a few hand-written articles.

use chronicle_search::{Error, Hit, IndexDoc, IndexEvent, IndexQuote, Kind, Query, SearchIndex};
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn strings(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

fn event(
    id: &str,
    kind: &str,
    status: &str,
    actors: &[&str],
    date: Option<NaiveDate>,
    evidence: &str,
) -> IndexEvent {
    IndexEvent {
        id: id.into(),
        kind: kind.into(),
        status: status.into(),
        actors: strings(actors),
        date,
        evidence: evidence.into(),
    }
}

fn britain() -> IndexDoc {
    IndexDoc {
        doc_id: "d1".into(),
        title: Some("Britain pledges air defense to Ukraine".into()),
        published: Some(day(2023, 9, 28)),
        outlet: Some("Example News".into()),
        text: "Britain pledged air defense systems to Ukraine on Thursday.\n\nBritain's Defense Secretary \
               Grant Shapps said the package would arrive before winter. \"We will not waver,\" \
               Shapps said."
            .into(),
        actors: strings(&[
            "Britain",
            "GBR",
            "U.K.",
            "Ukraine",
            "UKR",
            "Grant Shapps",
            "Shapps",
        ]),
        events: vec![event(
            "v1",
            "AID_PLEDGE",
            "asserted",
            &["Britain", "GBR", "U.K.", "Ukraine", "UKR"],
            None,
            "Britain pledged air defense systems to Ukraine on Thursday.",
        )],
        quotes: vec![IndexQuote {
            id: "q1".into(),
            speaker: Some("Grant Shapps".into()),
            actors: strings(&["Grant Shapps", "Shapps", "GBR"]),
            date: Some(day(2023, 9, 27)),
            text: "We will not waver,".into(),
        }],
    }
}

fn germany() -> IndexDoc {
    IndexDoc {
        doc_id: "d2".into(),
        title: Some("Germany delivers IRIS-T".into()),
        published: Some(day(2022, 11, 2)),
        outlet: Some("Daily Wire Service".into()),
        text: "Germany delivered the IRIS-T air defense system to Ukraine. The defense of the \
               sky is a priority, officials said."
            .into(),
        actors: strings(&["Germany", "DEU", "Ukraine", "UKR"]),
        events: vec![event(
            "v1",
            "AID_DELIVERY",
            "asserted",
            &["Germany", "DEU", "Ukraine", "UKR"],
            Some(day(2022, 10, 12)),
            "Germany delivered the IRIS-T air defense system to Ukraine.",
        )],
        quotes: vec![],
    }
}

fn paris() -> IndexDoc {
    IndexDoc {
        doc_id: "d3".into(),
        title: Some("Sunak meets Macron in Paris".into()),
        published: Some(day(2023, 3, 15)),
        outlet: Some("Example News".into()),
        text: "British Prime Minister Rishi Sunak met French President Emmanuel Macron in Paris. \
               They discussed defense cooperation and air patrols. France will send radars \
               to Ukraine next month."
            .into(),
        actors: strings(&[
            "Rishi Sunak",
            "Sunak",
            "GBR",
            "Emmanuel Macron",
            "Macron",
            "FRA",
        ]),
        events: vec![
            event(
                "v1",
                "MEET",
                "asserted",
                &[
                    "Rishi Sunak",
                    "Sunak",
                    "GBR",
                    "Emmanuel Macron",
                    "Macron",
                    "FRA",
                ],
                Some(day(2023, 3, 10)),
                "They discussed defense cooperation and air patrols.",
            ),
            event(
                "v2",
                "AID_PLEDGE",
                "planned",
                &["France", "FRA", "Ukraine", "UKR"],
                None,
                "France will send radars to Ukraine next month.",
            ),
        ],
        quotes: vec![],
    }
}

fn corpus() -> SearchIndex {
    let mut idx = SearchIndex::in_memory().unwrap();
    for d in [britain(), germany(), paris()] {
        idx.add(&d).unwrap();
    }
    idx.commit().unwrap();
    idx
}

/// `doc_id/kind/id` of each hit, sorted, for order-free comparisons.
fn keys(hits: &[Hit]) -> Vec<String> {
    let mut k: Vec<String> = hits
        .iter()
        .map(|h| format!("{}/{}/{}", h.doc_id, h.kind, h.id.as_deref().unwrap_or("-")))
        .collect();
    k.sort();
    k
}

fn search(idx: &SearchIndex, q: Query) -> Vec<String> {
    keys(&idx.search(&q).unwrap())
}

#[test]
fn counts_one_entry_per_document_quote_and_event() {
    let idx = corpus();
    // 3 documents, 1 quote, 4 events.
    assert_eq!(idx.num_entries(), 8);
}

#[test]
fn phrase_needs_adjacent_words() {
    let idx = corpus();
    let loose = search(&idx, Query::new("air defense"));
    assert!(loose.contains(&"d3/event/v1".to_string()), "{loose:?}");
    let phrase = search(&idx, Query::new("\"air defense\""));
    assert_eq!(
        phrase,
        [
            "d1/document/-",
            "d1/event/v1",
            "d2/document/-",
            "d2/event/v1"
        ]
    );
}

#[test]
fn words_are_stemmed_and_case_folded() {
    let idx = corpus();
    assert_eq!(
        search(
            &idx,
            Query {
                kind: Some(Kind::Event),
                ..Query::new("PLEDGES")
            }
        ),
        ["d1/event/v1"]
    );
}

#[test]
fn filters_by_type_actor_and_date() {
    let idx = corpus();
    let q = Query {
        event_type: Some("AID_PLEDGE".into()),
        actor: Some("GBR".into()),
        since: Some(day(2023, 1, 1)),
        ..Query::new("\"air defense\"")
    };
    let hits = idx.search(&q).unwrap();
    assert_eq!(keys(&hits), ["d1/event/v1"]);
    let h = &hits[0];
    assert_eq!(h.event_type.as_deref(), Some("AID_PLEDGE"));
    assert_eq!(h.status.as_deref(), Some("asserted"));
    assert_eq!(
        h.title.as_deref(),
        Some("Britain pledges air defense to Ukraine")
    );
    assert_eq!(h.outlet.as_deref(), Some("Example News"));
    // No date of its own: the publication date.
    assert_eq!(h.date, Some(day(2023, 9, 28)));
    assert!(h.score > 0.0);

    // The type filter alone; lower case and dashes are accepted.
    let pledges = Query {
        event_type: Some("aid-pledge".into()),
        ..Query::new("")
    };
    assert_eq!(search(&idx, pledges), ["d1/event/v1", "d3/event/v2"]);

    // The event's own date counts, not the publication date (2022-11-02).
    let delivered = |since| Query {
        event_type: Some("AID_DELIVERY".into()),
        since: Some(since),
        until: Some(day(2022, 12, 31)),
        ..Query::new("ukraine")
    };
    assert_eq!(search(&idx, delivered(day(2022, 10, 1))), ["d2/event/v1"]);
    assert_eq!(
        search(&idx, delivered(day(2022, 10, 13))),
        Vec::<String>::new()
    );
    // Both bounds are inclusive.
    let exact = Query {
        since: Some(day(2022, 10, 12)),
        until: Some(day(2022, 10, 12)),
        ..Query::new("")
    };
    assert_eq!(search(&idx, exact), ["d2/event/v1"]);

    // Status.
    let planned = Query {
        status: Some("Planned".into()),
        ..Query::new("")
    };
    assert_eq!(search(&idx, planned), ["d3/event/v2"]);
}

#[test]
fn actors_match_codes_names_surnames_and_acronyms() {
    let idx = corpus();
    let by = |actor: &str, kind| Query {
        actor: Some(actor.into()),
        kind,
        ..Query::new("")
    };
    assert_eq!(search(&idx, by("uk", Some(Kind::Event))), ["d1/event/v1"]);
    assert_eq!(search(&idx, by("U.K.", Some(Kind::Event))), ["d1/event/v1"]);
    assert_eq!(
        search(&idx, by("MACRON", None)),
        ["d3/document/-", "d3/event/v1"]
    );
    assert_eq!(
        search(&idx, by("emmanuel  macron", Some(Kind::Event))),
        ["d3/event/v1"]
    );
    assert_eq!(
        search(&idx, by("UKR", Some(Kind::Event))),
        ["d1/event/v1", "d2/event/v1", "d3/event/v2"]
    );
    assert_eq!(search(&idx, by("Atlantis", None)), Vec::<String>::new());
}

#[test]
fn quotes_carry_speaker_and_index() {
    let idx = corpus();
    let q = Query {
        kind: Some(Kind::Quote),
        actor: Some("Shapps".into()),
        ..Query::new("waver")
    };
    let hits = idx.search(&q).unwrap();
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(h.kind, Kind::Quote);
    assert_eq!(h.id.as_deref(), Some("q1"));
    assert_eq!(h.quote_index, Some(0));
    assert_eq!(h.speaker.as_deref(), Some("Grant Shapps"));
    assert_eq!(h.date, Some(day(2023, 9, 27)));
    assert_eq!(h.snippet.marked("[", "]"), "We will not [waver],");

    // The speaker is searchable text too.
    let by_speaker = Query {
        kind: Some(Kind::Quote),
        ..Query::new("shapps")
    };
    let hits = idx.search(&by_speaker).unwrap();
    assert_eq!(keys(&hits), ["d1/quote/q1"]);
    assert_eq!(hits[0].snippet.marked("[", "]"), "Grant [Shapps]");
}

#[test]
fn snippets_mark_matches_in_plain_text() {
    let idx = corpus();
    let q = Query {
        kind: Some(Kind::Document),
        ..Query::new("\"air defense\" britain")
    };
    let hits = idx.search(&q).unwrap();
    assert_eq!(keys(&hits), ["d1/document/-"]);
    let s = &hits[0].snippet;
    let marked = s.marked("[", "]");
    assert!(
        marked.contains("[Britain] pledged [air] [defense]"),
        "{marked}"
    );
    assert!(!s.text.contains('\n'), "{:?}", s.text);
    assert_eq!(s.to_string(), s.marked("«", "»"));

    let stemmed = Query {
        kind: Some(Kind::Document),
        ..Query::new("pledges")
    };
    let hits = idx.search(&stemmed).unwrap();
    assert_eq!(keys(&hits), ["d1/document/-"]);
    // "pledges" stems like "pledged": the text matches first.
    assert!(hits[0].snippet.marked("[", "]").contains("[pledged]"));

    // "meets" is in the title only (the text says "met").
    let title_only = Query {
        kind: Some(Kind::Document),
        ..Query::new("meets")
    };
    let hits = idx.search(&title_only).unwrap();
    assert_eq!(keys(&hits), ["d3/document/-"]);
    assert_eq!(
        hits[0].snippet.marked("[", "]"),
        "Sunak [meets] Macron in Paris"
    );
}

#[test]
fn empty_text_lists_newest_first_and_pages() {
    let idx = corpus();
    let q = Query {
        kind: Some(Kind::Event),
        actor: Some("UKR".into()),
        ..Query::new("  ")
    };
    let hits = idx.search(&q).unwrap();
    let order: Vec<_> = hits.iter().map(|h| (h.doc_id.as_str(), h.date)).collect();
    assert_eq!(
        order,
        [
            ("d1", Some(day(2023, 9, 28))),
            ("d3", Some(day(2023, 3, 15))),
            ("d2", Some(day(2022, 10, 12)))
        ]
    );
    assert!(hits.iter().all(|h| h.score == 0.0));
    // Without a match the snippet is the start of the text.
    assert_eq!(
        hits[0].snippet.text,
        "Britain pledged air defense systems to Ukraine on Thursday."
    );
    assert!(hits[0].snippet.highlights.is_empty());

    let page = idx
        .search(&Query {
            limit: 1,
            offset: 1,
            ..q.clone()
        })
        .unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].doc_id, "d3");
    assert!(idx
        .search(&Query {
            limit: 0,
            ..q.clone()
        })
        .unwrap()
        .is_empty());
    assert!(idx
        .search(&Query {
            offset: 99,
            ..q.clone()
        })
        .unwrap()
        .is_empty());
    let all = idx
        .search(&Query {
            limit: usize::MAX,
            offset: 0,
            ..Query::new("")
        })
        .unwrap();
    assert_eq!(all.len(), 8);
}

#[test]
fn re_adding_a_document_replaces_its_entries() {
    let mut idx = corpus();
    let mut revised = britain();
    revised.title = Some("Britain sends tanks".into());
    revised.text = "Britain sent tanks to Ukraine.".into();
    revised.events = vec![event(
        "v1",
        "AID_DELIVERY",
        "asserted",
        &["GBR", "UKR"],
        None,
        "Britain sent tanks to Ukraine.",
    )];
    revised.quotes.clear();
    // Twice in one batch: still one copy.
    idx.add(&revised).unwrap();
    idx.add(&revised).unwrap();
    idx.commit().unwrap();
    assert_eq!(idx.num_entries(), 8 - 3 + 2);
    assert_eq!(
        search(&idx, Query::new("\"air defense\"")),
        ["d2/document/-", "d2/event/v1"]
    );
    assert_eq!(
        search(&idx, Query::new("tanks")),
        ["d1/document/-", "d1/event/v1"]
    );

    idx.delete_doc("d1").unwrap();
    idx.delete_doc("no-such-doc").unwrap();
    // Not visible before the commit.
    assert_eq!(idx.num_entries(), 7);
    idx.commit().unwrap();
    assert_eq!(idx.num_entries(), 5);
    assert!(search(&idx, Query::new("tanks")).is_empty());

    idx.clear().unwrap();
    idx.commit().unwrap();
    assert_eq!(idx.num_entries(), 0);
}

#[test]
fn bad_queries_are_errors_not_panics() {
    let idx = corpus();
    // News text that trips the raw grammar is eased, not refused.
    assert_eq!(
        search(
            &idx,
            Query {
                kind: Some(Kind::Document),
                ..Query::new("Britain's secretary")
            }
        ),
        ["d1/document/-"]
    );
    assert_eq!(
        search(
            &idx,
            Query {
                kind: Some(Kind::Quote),
                ..Query::new("Shapps: waver")
            }
        ),
        ["d1/quote/q1"]
    );
    match idx.search(&Query::new("(tanks")) {
        Err(e @ Error::Query { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("(tanks"), "{msg}");
            assert!(!msg.contains('\n'));
        }
        other => panic!("expected a query error, got {other:?}"),
    }
    for text in [
        "\"air defense",
        "(air",
        "air)",
        "AND",
        "OR OR",
        "-ukraine",
        "title:",
        ":",
        "date:[2023 TO",
        "*",
        "air~",
        "\u{0}",
        "\"\"",
        "+",
        "kyiv^",
        "ñ ü é — “air”",
    ] {
        // Either answer is fine; a panic is not.
        let _ = idx.search(&Query::new(text));
    }
    assert!(matches!(
        idx.search(&Query {
            event_type: Some("AID".into()),
            ..Query::new("")
        }),
        Err(Error::UnknownEventType(_))
    ));
    assert!(matches!(
        idx.search(&Query {
            since: Some(day(2024, 1, 1)),
            until: Some(day(2023, 1, 1)),
            ..Query::new("")
        }),
        Err(Error::DateRange { .. })
    ));
    assert!(matches!(
        "sentence".parse::<Kind>(),
        Err(Error::UnknownKind(_))
    ));
    assert_eq!("Events".parse::<Kind>().unwrap(), Kind::Event);
}

#[test]
fn empty_index_answers_nothing() {
    let idx = SearchIndex::in_memory().unwrap();
    assert_eq!(idx.num_entries(), 0);
    assert!(idx.search(&Query::new("air defense")).unwrap().is_empty());
    assert!(idx.search(&Query::new("")).unwrap().is_empty());
    let filtered = Query {
        event_type: Some("VISIT".into()),
        since: Some(day(2020, 1, 1)),
        ..Query::new("\"air defense\"")
    };
    assert!(idx.search(&filtered).unwrap().is_empty());
    // A bad query is reported even with nothing to search.
    assert!(matches!(
        idx.search(&Query::new("air)")),
        Err(Error::Query { .. })
    ));
    // Committing without writes is fine.
    let mut idx = idx;
    idx.commit().unwrap();
}

#[test]
fn empty_doc_id_is_refused() {
    let mut idx = SearchIndex::in_memory().unwrap();
    let doc = IndexDoc {
        doc_id: " ".into(),
        ..IndexDoc::default()
    };
    assert!(matches!(idx.add(&doc), Err(Error::EmptyDocId)));
}

#[test]
fn index_persists_in_its_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = SearchIndex::dir_for_db(tmp.path().join("news.db"));
    assert!(dir.ends_with("news.db.search"));
    {
        let mut idx = SearchIndex::open_or_create(&dir).unwrap();
        idx.add(&britain()).unwrap();
        idx.add(&germany()).unwrap();
        idx.commit().unwrap();
    }
    let idx = SearchIndex::open(&dir).unwrap();
    assert_eq!(idx.num_entries(), 5);
    assert_eq!(
        search(
            &idx,
            Query {
                kind: Some(Kind::Event),
                ..Query::new("\"air defense\"")
            }
        ),
        ["d1/event/v1", "d2/event/v1"]
    );
    // Reopening for writing keeps what is there.
    let mut idx = SearchIndex::open_or_create(&dir).unwrap();
    assert_eq!(idx.num_entries(), 5);

    // A second writer on the same directory is refused with a clear error.
    let mut other = SearchIndex::open_or_create(&dir).unwrap();
    idx.add(&paris()).unwrap();
    match other.add(&paris()) {
        Err(e @ Error::Write { .. }) => assert!(e.to_string().contains("lock"), "{e}"),
        other => panic!("expected a write error, got {other:?}"),
    }
    idx.commit().unwrap();
    // The other handle sees the commit after a reload.
    assert_eq!(other.num_entries(), 5);
    other.reload().unwrap();
    assert_eq!(other.num_entries(), 8);
}

#[test]
fn missing_or_corrupt_directories_are_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    match SearchIndex::open(tmp.path().join("absent")) {
        Err(e @ Error::Open { .. }) => assert!(e.to_string().contains("no such directory"), "{e}"),
        other => panic!("expected an open error, got {other:?}"),
    }
    match SearchIndex::open(tmp.path()) {
        Err(e @ Error::Open { .. }) => assert!(e.to_string().contains("no search index"), "{e}"),
        other => panic!("expected an open error, got {other:?}"),
    }

    let corrupt = tmp.path().join("corrupt");
    std::fs::create_dir(&corrupt).unwrap();
    std::fs::write(corrupt.join("meta.json"), "{ not json").unwrap();
    for result in [
        SearchIndex::open_or_create(&corrupt),
        SearchIndex::open(&corrupt),
    ] {
        match result {
            Err(e @ Error::Open { .. }) => {
                let msg = e.to_string();
                assert!(msg.contains("corrupt"), "{msg}");
                assert!(!msg.contains('\n'), "{msg}");
            }
            other => panic!("expected an open error, got {other:?}"),
        }
    }

    // A file where the directory should be.
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert!(matches!(
        SearchIndex::open_or_create(&file),
        Err(Error::Open { .. })
    ));
}

#[cfg(unix)]
#[test]
fn read_only_directory_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("idx");
    {
        let mut idx = SearchIndex::open_or_create(&dir).unwrap();
        idx.add(&britain()).unwrap();
        idx.commit().unwrap();
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let restore =
        || std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Permissions do not bind root: nothing to check then.
    if std::fs::write(dir.join("probe"), "x").is_ok() {
        restore();
        return;
    }
    let mut idx = SearchIndex::open(&dir).unwrap();
    assert_eq!(idx.num_entries(), 4);
    assert_eq!(search(&idx, Query::new("waver")), ["d1/quote/q1"]);
    let err = idx.add(&germany()).unwrap_err();
    restore();
    assert!(matches!(err, Error::Write { .. }), "{err:?}");
}

#[test]
fn from_records_round_trip() {
    use chronicle_records::{
        Document, Entity, EntityType, Event, EventType, Evidence, Plover, Records, Status,
    };
    let text = "Canada pledged humanitarian aid to Sudan.";
    let mut r = Records::new(Document {
        id: "doc-ca".into(),
        title: Some("Canada and Sudan".into()),
        source: Some("Wire".into()),
        url: None,
        published: Some("2024-02-01".into()),
        language: "en".into(),
        text: Some(text.into()),
    });
    for (id, name, code) in [("e1", "Canada", "CAN"), ("e2", "Sudan", "SDN")] {
        r.entities.push(Entity {
            id: id.into(),
            kind: EntityType::GPE,
            name: name.into(),
            country: Some(code.into()),
            roles: vec![],
            mentions: vec![],
        });
    }
    r.events.push(Event {
        id: "v1".into(),
        kind: EventType::AID_PLEDGE,
        plover: Plover {
            kind: "AID".into(),
            mode: None,
        },
        cameo: "033".into(),
        source: vec!["e1".into()],
        target: vec!["e2".into()],
        participants: vec![],
        location: None,
        time: None,
        status: Status::Asserted,
        attribution: None,
        aid: None,
        count: None,
        name: None,
        evidence: vec![Evidence {
            start: 0,
            end: text.len(),
        }],
        confidence: 0.8,
    });
    let mut idx = SearchIndex::in_memory().unwrap();
    idx.add(&IndexDoc::from_records(&r, None)).unwrap();
    idx.commit().unwrap();
    let q = Query {
        event_type: Some("AID_PLEDGE".into()),
        actor: Some("SDN".into()),
        since: Some(day(2024, 1, 1)),
        ..Query::new("humanitarian")
    };
    let hits = idx.search(&q).unwrap();
    assert_eq!(keys(&hits), ["doc-ca/event/v1"]);
    assert_eq!(
        hits[0].snippet.marked("[", "]"),
        "Canada pledged [humanitarian] aid to Sudan."
    );
    assert_eq!(hits[0].date, Some(day(2024, 2, 1)));
}
