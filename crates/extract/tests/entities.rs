//! Entity rules on sentences written for these tests: names with
//! particles, hyphenated titles, newspaper names, short forms of
//! organizations, saint-named towns, and sentence-initial words that are
//! no names.

use chronicle_extract::{Extractor, Meta};
use chronicle_records::{Entity, EntityType, Records};

fn run(text: &str) -> Records {
    Extractor::new().extract(text, &Meta::default())
}

fn find<'a>(r: &'a Records, name: &str) -> Option<&'a Entity> {
    r.entities.iter().find(|e| e.name == name)
}

fn has_mention(r: &Records, text: &str) -> bool {
    r.entities
        .iter()
        .any(|e| e.mentions.iter().any(|m| m.text == text))
}

#[test]
fn particles_stay_inside_a_name() {
    let r = run("The talks were led by Maria van der Berg, who met Pedro de la Fuente in Madrid.");
    assert!(find(&r, "Maria van der Berg").is_some(), "{:?}", r.entities);
    assert!(find(&r, "Pedro de la Fuente").is_some(), "{:?}", r.entities);
    assert!(find(&r, "Berg").is_none());
}

#[test]
fn hyphenated_title_is_one_title() {
    let r = run("UN Secretary-General Antonio Guterres arrived in Nairobi on Monday.");
    let g = find(&r, "Antonio Guterres").expect("Guterres found");
    assert!(
        g.roles.iter().any(|x| x.title == "Secretary-General"),
        "{:?}",
        g.roles
    );
}

#[test]
fn newspapers_are_organizations() {
    let r = run(
        "The plan was first reported by the Sunday Telegraph. Later, Der Spiegel and the \
         Morning Herald confirmed it.",
    );
    for n in ["Sunday Telegraph", "Der Spiegel", "Morning Herald"] {
        let e = find(&r, n).unwrap_or_else(|| panic!("{n} missing: {:?}", r.entities));
        assert_eq!(e.kind, EntityType::ORG, "{n}");
    }
    assert!(find(&r, "Telegraph").is_none());
}

#[test]
fn short_form_joins_its_organization() {
    let r = run(
        "Fighters of the Vostok Group crossed the river. Officials said Vostok had \
         lost dozens of men.",
    );
    let g = find(&r, "Vostok Group").expect("Vostok Group found");
    assert_eq!(g.kind, EntityType::ORG);
    assert!(
        g.mentions.iter().any(|m| m.text == "Vostok"),
        "{:?}",
        g.mentions
    );
    assert!(!r
        .entities
        .iter()
        .any(|e| e.kind == EntityType::PERSON && e.name == "Vostok"));
}

#[test]
fn saint_named_towns_are_places() {
    let r = run("The delegation flew from St. Louis to Geneva.");
    let e = find(&r, "St. Louis").expect("St. Louis found");
    assert_eq!(e.kind, EntityType::GPE);
}

#[test]
fn sentence_initial_interjection_is_no_name() {
    let r = run("Alright, the ministers said they would meet again. Nobody objected.");
    assert!(!has_mention(&r, "Alright"), "{:?}", r.entities);
}

#[test]
fn transliterated_spellings_are_one_person() {
    let r = run(
        "President Volodymyr Zelensky spoke on Monday. Later, Volodymyr Zelenskyy met \
         Andrzej Duda. Zelenskyy thanked Duda.",
    );
    let people: Vec<&str> = r
        .entities
        .iter()
        .filter(|e| e.kind == EntityType::PERSON)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(people.len(), 2, "{people:?}");
    // Case and a final letter: "ZELENSKY", "Zelenskyy".
    let r = run("ZELENSKY SPEAKS. Volodymyr Zelensky spoke; Zelenskyy and ZELENSKY agreed.");
    assert!(r.entities.iter().all(|e| !e.name.is_empty()));
    // Short surnames one letter apart are different people.
    let r = run("Anna Berg met Anna Borg in Oslo.");
    assert!(find(&r, "Anna Berg").is_some() && find(&r, "Anna Borg").is_some());
}

#[test]
fn headline_words_and_time_zones_are_no_names() {
    let r = run(
        "Ukraine Minister Visits Serbia For First Time Since The War\n\
         The talks began at 10:00 BST and were shown on TV.",
    );
    for bad in ["For First Time Since", "First Time Since", "BST", "TV"] {
        assert!(find(&r, bad).is_none(), "{bad}: {:?}", r.entities);
    }
    assert!(find(&r, "Serbia").is_some(), "{:?}", r.entities);
}

#[test]
fn modifiers_and_collectives_are_no_names() {
    let r = run("He asked who would stop Moscow from adding this land to Greater Russia.");
    assert!(find(&r, "Greater").is_none(), "{:?}", r.entities);
    let r = run(
        "Grain is now held by Russia's allies in the self-declared Donetsk and Luhansk People's Republics.",
    );
    assert!(
        r.entities.iter().all(|e| e.kind != EntityType::PERSON),
        "{:?}",
        r.entities
    );
}

#[test]
fn a_dateline_is_no_mention() {
    let r =
        run("Nairobi CNN —\n\nKenyan President William Ruto met Olaf Scholz in Berlin on Monday.");
    assert!(!has_mention(&r, "CNN"), "{:?}", r.entities);
    assert!(!has_mention(&r, "Nairobi"), "{:?}", r.entities);
    assert!(find(&r, "William Ruto").is_some(), "{:?}", r.entities);
    let r = run("LAGOS (AP) - Nigeria's president traveled to Ghana on Friday.");
    assert!(!has_mention(&r, "AP"), "{:?}", r.entities);
    // a name set off by dashes opens no dateline
    let r = run("Olaf Scholz – the German chancellor – met William Ruto in Berlin.");
    assert!(find(&r, "Olaf Scholz").is_some(), "{:?}", r.entities);
}

#[test]
fn a_collective_noun_ends_no_persons_name() {
    let r = run("Some Member States said the fund should be larger.");
    assert!(
        !r.entities
            .iter()
            .any(|e| e.kind == EntityType::PERSON && e.name.contains("States")),
        "{:?}",
        r.entities
    );
}

#[test]
fn an_organization_for_a_country_is_not_that_countrys() {
    let r = run(
        "The Air Force Capability Coalition for Ukraine met in Brussels, and the Ukrainian Ministry of Defense welcomed it.",
    );
    let coalition = find(&r, "Air Force Capability Coalition for Ukraine").expect("the coalition");
    assert_eq!(coalition.country, None, "{coalition:?}");
    let ministry = r
        .entities
        .iter()
        .find(|e| e.name.contains("Ministry of Defense"))
        .expect("the ministry");
    assert_eq!(ministry.country.as_deref(), Some("UKR"), "{ministry:?}");
}
