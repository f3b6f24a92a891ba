//! Events read through the sentence's structure: who spoke with whom, who
//! held a meeting, who called whom, on sentences written for these tests.

use chronicle_extract::{Extractor, Meta};
use chronicle_records::{EventType, Records};

fn run(text: &str) -> Records {
    let meta = Meta {
        published: chrono::NaiveDate::from_ymd_opt(2024, 5, 16),
        ..Default::default()
    };
    Extractor::new().extract(text, &meta)
}

/// The (type, parties) of every event, parties as sorted names.
fn events(r: &Records) -> Vec<(EventType, Vec<String>)> {
    r.events
        .iter()
        .map(|e| {
            let mut p: Vec<String> = e
                .source
                .iter()
                .chain(&e.target)
                .chain(&e.participants)
                .filter_map(|id| r.entity(id).map(|x| x.name.clone()))
                .collect();
            p.sort();
            p.dedup();
            (e.kind, p)
        })
        .collect()
}

fn has(r: &Records, kind: EventType, a: &str, b: &str) -> bool {
    events(r).iter().any(|(k, p)| {
        *k == kind && p.iter().any(|x| x.contains(a)) && p.iter().any(|x| x.contains(b))
    })
}

#[test]
fn leaders_who_speak_with_each_other_hold_a_call() {
    let r = run("Chancellor Olaf Scholz spoke today with President Emmanuel Macron of France.");
    assert!(
        has(&r, EventType::CALL, "Scholz", "Macron"),
        "{:?}",
        events(&r)
    );
    let r = run(
        "President Emmanuel Macron and Chancellor Olaf Scholz spoke today about energy prices.",
    );
    assert!(
        has(&r, EventType::CALL, "Scholz", "Macron"),
        "{:?}",
        events(&r)
    );
}

#[test]
fn calling_a_person_is_a_call_but_calling_for_something_is_not() {
    let r =
        run("Prime Minister Fumio Kishida called President Joe Biden on Monday to discuss trade.");
    assert!(
        has(&r, EventType::CALL, "Kishida", "Biden"),
        "{:?}",
        events(&r)
    );
    let r = run("Chancellor Olaf Scholz called for a ceasefire on Monday.");
    assert!(
        !events(&r).iter().any(|(k, _)| *k == EventType::CALL),
        "{:?}",
        events(&r)
    );
}

#[test]
fn a_meeting_held_by_two_leaders_and_a_virtual_one() {
    let r = run("Chancellor Olaf Scholz and President Emmanuel Macron held a meeting in Berlin.");
    assert!(
        has(&r, EventType::MEET, "Scholz", "Macron"),
        "{:?}",
        events(&r)
    );
    let r = run("President Emmanuel Macron met virtually with Chancellor Olaf Scholz on Monday.");
    assert!(
        has(&r, EventType::CALL, "Scholz", "Macron"),
        "{:?}",
        events(&r)
    );
}

#[test]
fn speaking_with_reporters_is_no_call() {
    let r = run("Chancellor Olaf Scholz spoke with reporters in Berlin on Monday.");
    assert!(
        !events(&r).iter().any(|(k, _)| *k == EventType::CALL),
        "{:?}",
        events(&r)
    );
}

#[test]
fn titles_between_the_preposition_and_the_name() {
    let r = run("President Joe Biden spoke today with His Majesty King Abdullah II of Jordan.");
    assert!(
        has(&r, EventType::CALL, "Biden", "Abdullah"),
        "{:?}",
        events(&r)
    );
    let r = run("Vice President Kamala Harris spoke yesterday with Prime Minister of Canada Justin Trudeau.");
    assert!(
        has(&r, EventType::CALL, "Harris", "Trudeau"),
        "{:?}",
        events(&r)
    );
}

#[test]
fn a_host_receives_the_visitor() {
    let r = run("Chancellor Olaf Scholz hosted President Emmanuel Macron in Berlin on Monday.");
    let meet = r
        .events
        .iter()
        .find(|e| e.kind == EventType::MEET)
        .unwrap_or_else(|| panic!("{:?}", events(&r)));
    let name = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .filter_map(|i| r.entity(i).map(|e| e.name.clone()))
            .collect()
    };
    assert_eq!(name(&meet.source), ["Emmanuel Macron"]);
    assert_eq!(name(&meet.target), ["Olaf Scholz"]);
    assert_eq!(meet.cameo, "043");
    assert_eq!(meet.plover.kind, "CONSULT");
}

#[test]
fn hyphenated_titles_and_split_subjects_still_make_a_call() {
    let r =
        run("Chancellor Gerhard Weber spoke with President-elect Ana Rivera of Chile on Tuesday.");
    assert!(
        has(&r, EventType::CALL, "Weber", "Rivera"),
        "{:?}",
        events(&r)
    );
    let r = run("Prime Minister Laura Finch and President Tomas Varga of Hungary talked today about energy prices.");
    assert!(
        has(&r, EventType::CALL, "Finch", "Varga"),
        "{:?}",
        events(&r)
    );
}

#[test]
fn welcoming_a_titled_visitor_is_a_meeting() {
    let r = run(
        "President Ana Rivera welcomed Czech Prime Minister Pavel Novak to Santiago on Monday.",
    );
    assert!(
        has(&r, EventType::MEET, "Rivera", "Novak"),
        "{:?}",
        events(&r)
    );
    let r = run("Chancellor Gerhard Weber called Governor Maria Lopez to offer federal help after the floods.");
    assert!(
        has(&r, EventType::CALL, "Weber", "Lopez"),
        "{:?}",
        events(&r)
    );
}

#[test]
fn troops_and_aircraft_deploy_rather_than_visit() {
    let r = run("Soldiers of the 82nd Airborne Division will go to Poland, and American fighters landed in Lask.");
    assert!(
        !events(&r).iter().any(|(k, _)| *k == EventType::VISIT),
        "{:?}",
        events(&r)
    );
    let r = run("Chancellor Olaf Scholz arrived in Kyiv on Monday.");
    assert!(
        events(&r)
            .iter()
            .any(|(k, p)| *k == EventType::VISIT && p.iter().any(|x| x.contains("Scholz"))),
        "{:?}",
        events(&r)
    );
}

#[test]
fn receiving_a_call_is_a_call() {
    let r = run("On Saturday, President Joe Biden received a call from Chancellor Olaf Scholz.");
    assert!(
        has(&r, EventType::CALL, "Biden", "Scholz"),
        "{:?}",
        events(&r)
    );
}

#[test]
fn an_organization_naming_a_persons_office_is_the_person() {
    let r = run(
        "Vice President Kamala Harris spoke by phone today with World Health Organization (WHO) \
         Director-General Dr. Tedros Adhanom Ghebreyesus.",
    );
    assert!(
        has(&r, EventType::CALL, "Harris", "Ghebreyesus"),
        "{:?}",
        events(&r)
    );
    assert!(
        !events(&r)
            .iter()
            .any(|(_, p)| p.iter().any(|x| x.contains("World Health"))),
        "{:?}",
        events(&r)
    );
}
