//! The headline example (guidelines §6), record by record: the seed article
//! published Thursday 2023-09-28, bundled as `demo/seed.txt`.

use chronicle_extract::{Extractor, Meta};
use chronicle_records::{AidKind, EntityType, Event, EventType, Records, Status};

fn records() -> Records {
    let text = include_str!("../../../demo/seed.txt");
    let meta = Meta {
        published: chrono::NaiveDate::from_ymd_opt(2023, 9, 28),
        ..Default::default()
    };
    Extractor::new().extract(text, &meta)
}

fn id_of(r: &Records, name: &str) -> String {
    r.entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name:?}"))
        .id
        .clone()
}

fn country_id(r: &Records, iso: &str) -> String {
    r.entities
        .iter()
        .find(|e| {
            matches!(e.kind, EntityType::GPE | EntityType::NORP)
                && e.country.as_deref() == Some(iso)
                && e.name != "Kyiv"
        })
        .unwrap_or_else(|| panic!("no country entity {iso}"))
        .id
        .clone()
}

fn events(r: &Records, kind: EventType) -> Vec<&Event> {
    r.events.iter().filter(|e| e.kind == kind).collect()
}

fn day(e: &Event) -> (Option<&str>, Option<&str>) {
    let t = e.time.as_ref().expect("event has a time");
    (t.start.as_deref(), t.end.as_deref())
}

#[test]
fn people_have_roles_and_countries() {
    let r = records();
    let expect = [
        ("Volodymyr Zelensky", "president", Some("UKR"), "UKR", None),
        ("Jens Stoltenberg", "secretary general", None, "NATO", None),
        (
            "Dmytro Kuleba",
            "minister of foreign affairs",
            Some("UKR"),
            "UKR",
            None,
        ),
        (
            "Sébastien Lecornu",
            "defense minister",
            Some("FRA"),
            "FRA",
            None,
        ),
        (
            "Grant Shapps",
            "defense secretary",
            Some("GBR"),
            "GBR",
            Some("new"),
        ),
    ];
    for (name, title, country, of, qualifier) in expect {
        let e = r
            .entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no {name}"));
        assert_eq!(e.kind, EntityType::PERSON, "{name}");
        assert_eq!(e.country.as_deref(), country, "{name} country");
        let role = e
            .roles
            .iter()
            .find(|x| x.title.to_lowercase() == title)
            .unwrap_or_else(|| panic!("{name}: no role {title}: {:?}", e.roles));
        assert_eq!(role.of.as_deref(), Some(of), "{name} role of");
        assert_eq!(role.qualifier.as_deref(), qualifier, "{name} qualifier");
    }
    // Short forms are mentions of the full name, not entities of their own.
    let shapps = r
        .entities
        .iter()
        .find(|e| e.name == "Grant Shapps")
        .unwrap();
    assert!(shapps.mentions.len() >= 3, "{:?}", shapps.mentions);
    assert!(!r
        .entities
        .iter()
        .any(|e| e.name == "Shapps" || e.name == "Mr. Shapps"));
    // Every mention's offsets point at its text.
    let text = r.document.text.as_deref().unwrap();
    for e in &r.entities {
        for m in &e.mentions {
            assert_eq!(&text[m.start..m.end], m.text);
        }
    }
}

#[test]
fn organizations_are_found() {
    let r = records();
    for name in [
        "NATO",
        "Kiel Institute for the World Economy",
        "Republican Party",
        "Mr. Zelensky's office",
    ] {
        let e = r
            .entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no ORG {name}"));
        assert_eq!(e.kind, EntityType::ORG, "{name}");
    }
    let forum = r
        .entities
        .iter()
        .find(|e| e.name == "International Defense Industries Forum")
        .unwrap();
    assert_eq!(forum.kind, EntityType::EVENT);
}

#[test]
fn three_visits_to_ukraine() {
    let r = records();
    let ukr = country_id(&r, "UKR");
    let kyiv = id_of(&r, "Kyiv");
    let visits = events(&r, EventType::VISIT);
    assert_eq!(visits.len(), 3, "{visits:#?}");
    let find = |who: &str| {
        let id = id_of(&r, who);
        visits
            .iter()
            .find(|v| v.source == [id.clone()])
            .copied()
            .unwrap_or_else(|| panic!("no visit by {who}"))
    };
    let s = find("Jens Stoltenberg");
    assert_eq!(s.target, std::slice::from_ref(&ukr));
    assert_eq!(s.location.as_deref(), Some(kyiv.as_str()));
    assert_eq!(day(s), (Some("2023-09-28"), Some("2023-09-28")));
    let g = find("Grant Shapps");
    assert_eq!(g.target, std::slice::from_ref(&ukr));
    assert_eq!(g.location.as_deref(), Some(kyiv.as_str()));
    assert_eq!(day(g), (Some("2023-09-27"), Some("2023-09-27")));
    assert!(
        g.attribution
            .as_ref()
            .is_some_and(|a| a.text.contains("British officials")),
        "{:?}",
        g.attribution
    );
    let l = find("Sébastien Lecornu");
    assert_eq!(l.target, [ukr]);
    assert_eq!(day(l), (Some("2023-09-25"), Some("2023-10-01")));
    assert_eq!(l.time.as_ref().unwrap().text, "this week");
    for v in visits {
        assert_eq!(v.status, Status::Asserted);
        assert_eq!(v.cameo, "042");
    }
}

#[test]
fn three_meetings_with_zelensky_in_kyiv() {
    let r = records();
    let zelensky = id_of(&r, "Volodymyr Zelensky");
    let kyiv = id_of(&r, "Kyiv");
    let meets = events(&r, EventType::MEET);
    assert_eq!(meets.len(), 3, "{meets:#?}");
    for who in ["Jens Stoltenberg", "Grant Shapps", "Sébastien Lecornu"] {
        let id = id_of(&r, who);
        let m = meets
            .iter()
            .find(|m| m.source.iter().chain(&m.target).any(|x| *x == id))
            .unwrap_or_else(|| panic!("no meeting of {who}"));
        assert!(
            m.source.iter().chain(&m.target).any(|x| *x == zelensky),
            "{who} meets Zelensky"
        );
        assert_eq!(m.location.as_deref(), Some(kyiv.as_str()), "{who} in Kyiv");
        assert_eq!(m.status, Status::Asserted);
    }
}

#[test]
fn the_forum_is_planned_and_attendance_negated() {
    let r = records();
    let forum = id_of(&r, "International Defense Industries Forum");
    let gatherings = events(&r, EventType::GATHERING);
    let main: Vec<_> = gatherings
        .iter()
        .filter(|g| g.participants.is_empty())
        .collect();
    assert_eq!(main.len(), 1, "{gatherings:#?}");
    let g = main[0];
    assert_eq!(g.name.as_deref(), Some(forum.as_str()));
    assert_eq!(g.status, Status::Planned);
    assert_eq!(day(g), (Some("2023-09-29"), Some("2023-09-29")));
    let count = g.count.as_ref().expect("forum size");
    assert_eq!(count.value, 165.0);
    assert_eq!(count.of, "military contractors");
    assert_eq!(
        g.source,
        [country_id(&r, "UKR")],
        "organized by the Ukrainian government"
    );
    let kuleba = id_of(&r, "Dmytro Kuleba");
    assert_eq!(
        g.attribution.as_ref().and_then(|a| a.entity.as_deref()),
        Some(kuleba.as_str())
    );
    let negated: Vec<_> = gatherings
        .iter()
        .filter(|g| g.status == Status::Negated)
        .collect();
    let mut who: Vec<String> = negated
        .iter()
        .flat_map(|g| g.participants.clone())
        .collect();
    who.sort();
    let mut expect = vec![id_of(&r, "Grant Shapps"), id_of(&r, "Sébastien Lecornu")];
    expect.sort();
    assert_eq!(who, expect);
    for n in negated {
        assert_eq!(n.name.as_deref(), Some(forum.as_str()));
    }
}

#[test]
fn two_cumulative_military_pledges() {
    let r = records();
    let pledges = events(&r, EventType::AID_PLEDGE);
    assert_eq!(pledges.len(), 2, "{pledges:#?}");
    let ukr = country_id(&r, "UKR");
    let gbr = pledges
        .iter()
        .find(|p| p.source == [country_id(&r, "GBR")])
        .expect("British pledge");
    let aid = gbr.aid.as_ref().unwrap();
    assert_eq!(gbr.target, std::slice::from_ref(&ukr));
    assert_eq!(aid.kind, AidKind::Military);
    assert!(aid.cumulative);
    let amount = aid.amount.as_ref().unwrap();
    assert_eq!(amount.currency.as_deref(), Some("USD"));
    assert_eq!(
        (amount.value, amount.min, amount.max),
        (None, Some(3e9), Some(9e9))
    );
    assert_eq!(amount.text, "several billion dollars");
    let kiel = id_of(&r, "Kiel Institute for the World Economy");
    assert_eq!(
        gbr.attribution.as_ref().and_then(|a| a.entity.as_deref()),
        Some(kiel.as_str())
    );
    let norm = aid.normalized.as_ref().unwrap();
    assert_eq!(norm.rate_date.as_deref(), Some("2023-09-28"));
    assert_eq!(norm.min.as_ref().unwrap().usd, 3e9);

    let fra = pledges
        .iter()
        .find(|p| p.source == [country_id(&r, "FRA")])
        .expect("French pledge");
    let aid = fra.aid.as_ref().unwrap();
    assert_eq!(fra.target, [ukr]);
    assert_eq!(aid.kind, AidKind::Military);
    assert!(aid.cumulative);
    let amount = aid.amount.as_ref().unwrap();
    assert_eq!(amount.currency.as_deref(), Some("EUR"));
    assert_eq!(amount.value, Some(530e6));
    assert!(amount.approximate);
    let stated = amount.stated.as_ref().expect("stated USD conversion");
    assert_eq!((stated.value, stated.currency.as_str()), (560e6, "USD"));
    assert_eq!(
        aid.items,
        [
            "long-range cannons",
            "armored combat vehicles",
            "rocket launchers"
        ]
    );
    let norm = aid.normalized.as_ref().unwrap();
    assert_eq!(norm.eur, Some(530e6));
    // ECB reference rate of 2023-09-28: 1 EUR = 1.0539 USD.
    assert!((norm.usd.unwrap() - 530e6 * 1.0539).abs() < 1e3, "{norm:?}");
    assert_eq!(norm.rate_date.as_deref(), Some("2023-09-28"));
}

#[test]
fn five_direct_quotes_with_speakers() {
    let r = records();
    let direct: Vec<_> = r.quotes.iter().filter(|q| q.direct).collect();
    assert_eq!(direct.len(), 5, "{direct:#?}");
    let expect = [
        (
            "It will be an important opportunity for Ukrainian companies",
            "Jens Stoltenberg",
            Some("a news conference"),
        ),
        ("The stronger Ukraine becomes", "Jens Stoltenberg", None),
        (
            "The Secretary General has committed to make personal efforts",
            "Mr. Zelensky's office",
            Some("a statement"),
        ),
        (
            "We need to come through this winter together",
            "Mr. Zelensky's office",
            None,
        ),
        (
            "I am committed to maintaining the U.K.’s military support",
            "Grant Shapps",
            Some("a British government statement"),
        ),
    ];
    let text = r.document.text.as_deref().unwrap();
    for (start, speaker, channel) in expect {
        let q = direct
            .iter()
            .find(|q| q.text.starts_with(start))
            .unwrap_or_else(|| panic!("no quote {start:?}"));
        assert_eq!(
            q.speaker.as_deref(),
            Some(id_of(&r, speaker).as_str()),
            "speaker of {start:?}"
        );
        if let Some(c) = channel {
            assert_eq!(q.channel.as_deref(), Some(c), "channel of {start:?}");
        }
        assert_eq!(&text[q.start..q.end], q.text);
    }
    let first = direct
        .iter()
        .find(|q| q.text.starts_with("It will be"))
        .unwrap();
    let t = first.time.as_ref().expect("quote time");
    assert_eq!(t.start.as_deref(), Some("2023-09-28"));
    let shapps = direct
        .iter()
        .find(|q| q.text.starts_with("I am committed"))
        .unwrap();
    assert_eq!(
        shapps.time.as_ref().and_then(|t| t.start.as_deref()),
        Some("2023-09-28")
    );
}

#[test]
fn evidence_points_at_sentences() {
    let r = records();
    let text = r.document.text.as_deref().unwrap();
    for e in &r.events {
        assert!(!e.evidence.is_empty());
        for ev in &e.evidence {
            assert!(ev.start < ev.end && ev.end <= text.len());
            assert!(text.is_char_boundary(ev.start) && text.is_char_boundary(ev.end));
        }
    }
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["schema"], "chronicle.records/v1");
    assert_eq!(json["events"][0]["plover"]["type"], "CONSULT");
}
