//! The year of a date written without one: past tense takes the latest such
//! date on or before publication, future tense the next one, and an unclear
//! tense the nearest one (guidelines §4). Sentences written for these tests.

use chronicle_extract::{times, Ctx};
use chronicle_nlp::{tagger::PosTagger, Pipeline};

/// The first time expression of `text` published on `published`, resolved
/// as the extractor's callers do: text, start, end.
fn first(text: &str, published: &str) -> (String, String, String) {
    let doc = Pipeline::new(vec![Box::new(PosTagger::new())]).run(text);
    let published = chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
    let ctx = Ctx::new(&doc, published, None);
    let found = times::find(&ctx);
    let t = found.first().expect("a time expression");
    let r = t.resolve(&ctx, times::is_future(&ctx, t.start));
    (
        r.text,
        r.start.unwrap_or_default(),
        r.end.unwrap_or_default(),
    )
}

fn start(text: &str, published: &str) -> String {
    first(text, published).1
}

#[test]
fn a_day_range_names_the_coming_meeting() {
    let (text, s, e) = first(
        "Ministers reviewed plans for the July 8-9 Baltic Council meeting in Riga.",
        "2023-06-12",
    );
    assert_eq!(text, "July 8-9");
    assert_eq!((s.as_str(), e.as_str()), ("2023-07-08", "2023-07-09"));
}

#[test]
fn a_day_range_written_day_first() {
    let (_, s, e) = first(
        "The donors' forum took place on 3-4 April in Lisbon.",
        "2023-05-20",
    );
    assert_eq!((s.as_str(), e.as_str()), ("2023-04-03", "2023-04-04"));
}

#[test]
fn a_range_across_the_new_year_ends_the_next_year() {
    let (_, s, e) = first(
        "The envoys will hold talks December 30 - January 2 in Vienna.",
        "2023-12-01",
    );
    assert_eq!((s.as_str(), e.as_str()), ("2023-12-30", "2024-01-02"));
}

#[test]
fn on_a_date_in_future_past_and_neutral_clauses() {
    // Future: the next May 12.
    assert_eq!(
        start(
            "The two presidents will meet in Jakarta on May 12.",
            "2023-07-01"
        ),
        "2024-05-12"
    );
    // Past: the latest May 12 on or before publication.
    assert_eq!(
        start("The two presidents met in Jakarta on May 12.", "2023-04-20"),
        "2022-05-12"
    );
    // Unclear: the nearest May 12, here three weeks ahead.
    assert_eq!(
        start(
            "The agenda covers trade, including the regional summit on May 12 in Jakarta.",
            "2023-04-20"
        ),
        "2023-05-12"
    );
    // Unclear, and the nearest May 12 is behind.
    assert_eq!(
        start(
            "The agenda covers trade, including the regional summit on May 12 in Jakarta.",
            "2023-06-02"
        ),
        "2023-05-12"
    );
}

#[test]
fn a_past_participle_outweighs_a_future_verb_further_out() {
    assert_eq!(
        start(
            "We will build on the outcomes of the energy forum hosted in Oslo on 7 March and carry them forward.",
            "2023-06-14"
        ),
        "2023-03-07"
    );
}

#[test]
fn a_day_first_date_in_each_tense() {
    assert_eq!(
        start(
            "The accord was signed in Nairobi on 19 February.",
            "2023-01-10"
        ),
        "2022-02-19"
    );
    assert_eq!(
        start(
            "The accord will be signed in Nairobi on 19 February.",
            "2023-03-10"
        ),
        "2024-02-19"
    );
    assert_eq!(
        start("Delegates gather in Nairobi on 19 February.", "2023-01-10"),
        "2023-02-19"
    );
}

#[test]
fn a_month_alone_in_each_tense() {
    assert_eq!(
        start("The ministers will visit Kyiv in March.", "2023-05-02"),
        "2024-03-01"
    );
    assert_eq!(
        start("The ministers visited Kyiv in March.", "2023-02-02"),
        "2022-03-01"
    );
    assert_eq!(
        start(
            "A new round of talks in March is on the agenda.",
            "2023-02-02"
        ),
        "2023-03-01"
    );
    assert_eq!(
        start(
            "A new round of talks in March is on the agenda.",
            "2023-08-20"
        ),
        "2023-03-01"
    );
}

#[test]
fn around_the_turn_of_the_year() {
    // A December document looking ahead to January.
    assert_eq!(
        start(
            "The foreign ministers will convene in Geneva on January 5.",
            "2023-12-18"
        ),
        "2024-01-05"
    );
    // A January document looking back to December.
    assert_eq!(
        start(
            "The foreign ministers convened in Geneva on December 20.",
            "2024-01-08"
        ),
        "2023-12-20"
    );
    // Without a tense the nearest date wins on both sides of the new year.
    assert_eq!(
        start(
            "Talks in Geneva on January 5 are on the agenda.",
            "2023-12-18"
        ),
        "2024-01-05"
    );
    assert_eq!(
        start(
            "The December 20 talks in Geneva are the subject.",
            "2024-01-08"
        ),
        "2023-12-20"
    );
}

#[test]
fn last_and_next_month_names() {
    assert_eq!(
        start("Envoys met last March in Doha.", "2023-06-01"),
        "2023-03-01"
    );
    let (_, s, e) = first("Envoys meet next March in Doha.", "2023-06-01");
    assert_eq!((s.as_str(), e.as_str()), ("2024-03-01", "2024-03-31"));
}

#[test]
fn since_a_month_is_always_past() {
    assert_eq!(
        start("Fighting has continued since October.", "2023-07-10"),
        "2022-10-01"
    );
}

#[test]
fn later_and_earlier_this_period_are_cut_at_publication() {
    let (_, s, e) = first(
        "The forum is set to meet again later this year.",
        "2023-06-12",
    );
    assert_eq!((s.as_str(), e.as_str()), ("2023-06-12", "2023-12-31"));
    let (_, s, e) = first(
        "The envoy traveled to Ankara earlier this month.",
        "2023-06-12",
    );
    assert_eq!((s.as_str(), e.as_str()), ("2023-06-01", "2023-06-12"));
}
