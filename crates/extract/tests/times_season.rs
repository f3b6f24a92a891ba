//! Seasons resolve to their months (meteorological, northern: spring
//! March–May, summer June–August, fall September–November, winter
//! December–February): "this summer" is the publication year's, "last"
//! the latest ended, "next" the first to come, a plain "in the spring"
//! follows the clause's tense. A season word that is no time ("prices
//! fall", "the Arab Spring") resolves nothing. Sentences written for these
//! tests.

use chronicle_extract::{times, Ctx};
use chronicle_nlp::{tagger::PosTagger, Pipeline};

/// The time expressions of `text` published on `published`: text, start,
/// end.
fn times_of(text: &str, published: &str) -> Vec<(String, String, String)> {
    let doc = Pipeline::new(vec![Box::new(PosTagger::new())]).run(text);
    let published = chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
    let ctx = Ctx::new(&doc, published, None);
    times::find(&ctx)
        .iter()
        .map(|t| {
            let r = t.resolve(&ctx, times::is_future(&ctx, t.start));
            (
                r.text,
                r.start.unwrap_or_default(),
                r.end.unwrap_or_default(),
            )
        })
        .collect()
}

fn span(text: &str, published: &str) -> (String, String) {
    let found = times_of(text, published);
    let (_, s, e) = found.first().cloned().expect("a time expression");
    (s, e)
}

fn pair(s: &str, e: &str) -> (String, String) {
    (s.to_string(), e.to_string())
}

#[test]
fn this_season_is_the_publication_years() {
    // Told in October of a summer past.
    assert_eq!(
        span(
            "This summer, the ministers agreed to lend the fund $2 billion.",
            "2024-10-23"
        ),
        pair("2024-06-01", "2024-08-31")
    );
    // Told in January of a summer to come.
    assert_eq!(
        span("The envoys will return this summer.", "2024-01-15"),
        pair("2024-06-01", "2024-08-31")
    );
    // A winter runs into the next year; January is in the one that
    // started in December.
    assert_eq!(
        span("Heating aid arrived this winter.", "2023-01-20"),
        pair("2022-12-01", "2023-02-28")
    );
    assert_eq!(
        span("Heating aid will arrive this winter.", "2023-10-02"),
        pair("2023-12-01", "2024-02-29")
    );
}

#[test]
fn last_and_next_seasons() {
    assert_eq!(
        span("The talks collapsed last fall.", "2023-05-02"),
        pair("2022-09-01", "2022-11-30")
    );
    assert_eq!(
        span("The talks collapsed this past spring.", "2023-07-02"),
        pair("2023-03-01", "2023-05-31")
    );
    assert_eq!(
        span("The summit is expected next spring.", "2023-03-15"),
        pair("2024-03-01", "2024-05-31")
    );
}

#[test]
fn a_season_with_its_year_or_after_a_preposition() {
    assert_eq!(
        span("The loans were agreed in the summer of 2022.", "2024-02-01"),
        pair("2022-06-01", "2022-08-31")
    );
    assert_eq!(
        span("Deliveries began in autumn 2023 in the east.", "2024-02-01"),
        pair("2023-09-01", "2023-11-30")
    );
    // Past tense: the latest spring begun by publication.
    assert_eq!(
        span("The ministers met in the spring in Oslo.", "2023-02-01"),
        pair("2022-03-01", "2022-05-31")
    );
    // Future tense: the first one not over.
    assert_eq!(
        span(
            "The ministers will meet in the spring in Oslo.",
            "2023-02-01"
        ),
        pair("2023-03-01", "2023-05-31")
    );
}

#[test]
fn a_season_word_that_is_no_time() {
    assert!(times_of("Prices may fall as grain exports resume.", "2023-02-01").is_empty());
    assert!(times_of("The Arab Spring changed the region.", "2023-02-01").is_empty());
    assert!(times_of("Summer camps opened for refugee children.", "2023-02-01").is_empty());
}
