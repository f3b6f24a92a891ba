//! The dev gold set (`shared/gold/dev`, next to the repository): every file
//! parses, every evidence and quote start is found in its text, and gold
//! scored against records built from the gold itself is perfect — an
//! end-to-end check of the loader, the conversion and the matcher. Skipped,
//! with a message, when the shared folder is absent.

use std::path::PathBuf;

use chronicle_eval::gold::{load_gold_dir, load_gold_with_texts};
use chronicle_eval::score::fold::find_spans;
use chronicle_eval::score::{score, Prf};

fn dev_dir() -> Option<PathBuf> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if !shared.is_dir() {
        eprintln!("skipping: ../shared not found");
        return None;
    }
    Some(shared.join("gold/dev"))
}

#[test]
fn dev_gold_files_parse_and_point_into_their_texts() {
    let Some(dir) = dev_dir() else { return };
    let docs = load_gold_dir(&dir).expect("dev gold loads");
    assert_eq!(docs.len(), 14);
    assert!(docs.windows(2).all(|w| w[0].id < w[1].id), "sorted by id");
    let with_texts = load_gold_with_texts(&dir, &dir.join("texts")).expect("texts load");
    for (g, text) in &with_texts {
        assert!(!g.entities.is_empty(), "{}", g.id);
        for e in &g.events {
            assert!(
                !find_spans(text, &e.evidence).is_empty(),
                "{}: evidence not found: {}",
                g.id,
                e.evidence
            );
        }
        for q in &g.quotes {
            assert!(
                !find_spans(text, &q.text_start).is_empty(),
                "{}: quote not found: {}",
                g.id,
                q.text_start
            );
        }
    }
}

#[test]
fn gold_scored_against_itself_is_perfect() {
    let Some(dir) = dev_dir() else { return };
    let with_texts = load_gold_with_texts(&dir, &dir.join("texts")).expect("dev gold loads");
    let mut extra_entities = 0;
    let triples: Vec<_> = with_texts
        .into_iter()
        .map(|(g, text)| {
            let records = g.to_records(&text);
            // Actors and speakers that are no gold entity become entities:
            // these are the only false positives allowed.
            extra_entities += records.entities.len() - g.entities.len();
            (g, records, text)
        })
        .collect();
    let rep = score(&triples);
    let t = &rep.totals;
    let perfect = |name: &str, p: &Prf| {
        assert_eq!((p.fp, p.fn_), (0, 0), "{name}: {p:?}\n{}", rep.mismatches());
        assert!(p.tp > 0, "{name}");
    };
    perfect("events strict", &t.events_strict);
    perfect("events relaxed", &t.events_relaxed);
    perfect("quotes direct", &t.quotes_direct);
    perfect("quotes all", &t.quotes_all);
    perfect("quote speakers", &t.quote_speakers);
    assert_eq!(t.events_strict.f1(), 1.0);
    assert_eq!(t.quotes_direct.f1(), 1.0);
    assert_eq!(t.entities.fn_, 0, "{}", rep.mismatches());
    assert_eq!(t.entities.fp, extra_entities, "{}", rep.mismatches());
    assert_eq!(t.entities_untyped.fp, extra_entities);
    assert_eq!(t.entity_country.hits, t.entity_country.total);
    assert_eq!(t.role_titles.hits, t.role_titles.total);
    assert_eq!(t.speaker_accuracy.hits, t.speaker_accuracy.total);
    assert_eq!(t.quote_directness.hits, t.quote_directness.total);
    for d in &rep.docs {
        assert_eq!(d.counts.events_strict.f1(), 1.0, "{}", d.id);
        assert!(
            d.mismatches
                .iter()
                .all(|m| matches!(m.kind, chronicle_eval::score::MismatchKind::SpuriousEntity)),
            "{}",
            rep.mismatches()
        );
    }
    eprintln!("{rep}");
    eprintln!("{}", rep.to_json_line());
}
