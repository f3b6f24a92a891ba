//! The extractor never panics and every offset it gives points into the
//! text, on documents assembled at random from the pieces news is made of
//! (names, titles, quotes, amounts, dates, punctuation, line breaks) —
//! including ones cut mid-phrase at the document's end.

use chronicle_extract::{Extractor, Meta};

const PIECES: &[&str] = &[
    "Mr.",
    "Zelensky",
    "’s",
    "office",
    "said",
    "“",
    "”",
    "\"",
    "'s",
    ",",
    ".",
    ":",
    ";",
    "—",
    "-",
    "(",
    ")",
    "\n",
    "President",
    "Volodymyr",
    "of",
    "Ukraine",
    "the",
    "defense",
    "minister",
    "Britain",
    "and",
    "France",
    "met",
    "with",
    "in",
    "Kyiv",
    "on",
    "Wednesday",
    "this",
    "week",
    "visited",
    "traveled",
    "to",
    "pledged",
    "$",
    "560",
    "million",
    "euros",
    "several",
    "billion",
    "dollars",
    "about",
    "military",
    "aid",
    "including",
    "tanks",
    "he",
    "she",
    "it",
    "they",
    "who",
    "which",
    "NATO",
    "summit",
    "forum",
    "Forum",
    "International",
    "Defense",
    "will",
    "would",
    "not",
    "Neither",
    "nor",
    "attend",
    "according",
    "Institute",
    "called",
    "phone",
    "signed",
    "agreement",
    "May",
    "5",
    "2023",
    "last",
    "month",
    "since",
    "February",
    "2022",
    "a",
    "senior",
    "official",
    "told",
    "reporters",
    "that",
    "Sébastien",
    "Lecornu",
    "Grant",
    "Shapps",
    "secretary",
    "general",
    "as",
    "did",
    "between",
    "Moscow",
    "Beijing",
    "sidelines",
    "by",
    "from",
    "host",
    "led",
    "Czech",
    "—",
    "…",
    "🙂",
    "U.S.",
    "U.K.",
    "EU",
    "G7",
    "€",
    "5bn",
    "£",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn random_documents_never_break_the_extractor() {
    let ex = Extractor::new();
    let mut rng = Lcg(20230928);
    for n in 0..250usize {
        let len = 1 + rng.next() % 120;
        let mut text = String::new();
        for _ in 0..len {
            text.push_str(PIECES[rng.next() % PIECES.len()]);
            if !rng.next().is_multiple_of(4) {
                text.push(' ');
            }
        }
        let meta = Meta {
            published: if n.is_multiple_of(3) {
                None
            } else {
                chrono::NaiveDate::from_ymd_opt(2023, 9, 28)
            },
            outlet_country: n.is_multiple_of(5).then(|| "AUS".to_string()),
            ..Default::default()
        };
        let r = ex.extract(&text, &meta);
        let ok = |s: usize, e: usize| {
            s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
        };
        for e in &r.entities {
            for m in &e.mentions {
                assert!(
                    ok(m.start, m.end) && text[m.start..m.end] == m.text,
                    "{text:?}"
                );
            }
        }
        for q in &r.quotes {
            assert!(
                ok(q.start, q.end) && text[q.start..q.end] == q.text,
                "{text:?}"
            );
            if let Some(s) = &q.speaker {
                assert!(r.entity(s).is_some(), "{text:?}");
            }
        }
        for v in &r.events {
            for ev in &v.evidence {
                assert!(ok(ev.start, ev.end), "{text:?}");
            }
            for id in v
                .source
                .iter()
                .chain(&v.target)
                .chain(&v.participants)
                .chain(v.location.iter())
            {
                assert!(r.entity(id).is_some(), "dangling {id} in {text:?}");
            }
        }
    }
}

#[test]
fn one_huge_sentence_and_one_huge_token() {
    let ex = Extractor::new();
    let sentence = "Ukraine and Poland and France met with NATO ".repeat(700);
    let r = ex.extract(&sentence, &Meta::default());
    assert!(!r.entities.is_empty());
    let token = format!("Kyiv {} said.", "x".repeat(10_000));
    let r = ex.extract(&token, &Meta::default());
    assert!(r
        .entities
        .iter()
        .any(|e| e.country.as_deref() == Some("UKR")));
}
