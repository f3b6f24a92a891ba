//! The tantivy schema, its text analyzers and the folding of filter keys.

use chrono::NaiveDate;
use tantivy::schema::{
    DateOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, TokenizerManager,
};
use tantivy::DateTime;

/// The analyzer of the full-text fields: words, lowercased, accents folded,
/// English stems ("pledged" finds "pledges").
pub(crate) const TEXT_ANALYZER: &str = "chronicle_en";

/// Field handles of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub kind: Field,
    pub doc_id: Field,
    pub id: Field,
    pub quote_index: Field,
    pub title: Field,
    pub title_display: Field,
    pub text: Field,
    pub speaker: Field,
    pub event_type: Field,
    pub status: Field,
    pub actors: Field,
    pub outlet: Field,
    pub outlet_display: Field,
    pub date: Field,
}

/// Builds the schema and its field handles.
pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let full_text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        doc_id: b.add_text_field("doc_id", STRING | STORED),
        id: b.add_text_field("id", STRING | STORED),
        quote_index: b.add_u64_field("quote_index", STORED),
        title: b.add_text_field("title", full_text.clone()),
        title_display: b.add_text_field("title_display", STORED),
        text: b.add_text_field("text", full_text.clone() | STORED),
        speaker: b.add_text_field("speaker", full_text | STORED),
        event_type: b.add_text_field("event_type", STRING | STORED),
        status: b.add_text_field("status", STRING | STORED),
        actors: b.add_text_field("actor", STRING),
        outlet: b.add_text_field("outlet", STRING),
        outlet_display: b.add_text_field("outlet_display", STORED),
        date: b.add_date_field(
            "date",
            DateOptions::default().set_indexed().set_stored().set_fast(),
        ),
    };
    (b.build(), fields)
}

/// The tokenizers the index needs; tantivy does not persist them, so they
/// are registered on every open.
pub(crate) fn tokenizers() -> TokenizerManager {
    let m = TokenizerManager::default();
    m.register(
        TEXT_ANALYZER,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build(),
    );
    m
}

/// Folds an actor or outlet key for exact matching: whitespace collapsed,
/// dots dropped, lowercased, accents folded ("U.K." → "uk",
/// "Zelenskyy" → "zelenskyy", "Guterres" → "guterres").
pub fn fold_key(s: &str) -> String {
    let cleaned = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('.', "");
    let mut analyzer = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut out = String::new();
    let mut stream = analyzer.token_stream(&cleaned);
    while let Some(tok) = stream.next() {
        out.push_str(&tok.text);
    }
    out.trim().to_string()
}

const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("the epoch is a valid date"),
};

/// A calendar day as tantivy's date (midnight UTC).
pub(crate) fn to_datetime(d: NaiveDate) -> DateTime {
    DateTime::from_timestamp_secs(d.signed_duration_since(EPOCH).num_days() * 86_400)
}

/// The calendar day of a tantivy date.
pub(crate) fn from_datetime(d: DateTime) -> Option<NaiveDate> {
    let days = d.into_timestamp_secs().div_euclid(86_400);
    EPOCH.checked_add_signed(chrono::TimeDelta::try_days(days)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_dots_and_accents() {
        assert_eq!(fold_key("GBR"), "gbr");
        assert_eq!(fold_key(" U.K. "), "uk");
        assert_eq!(fold_key("Grant   Shapps"), "grant shapps");
        assert_eq!(fold_key("Žilina"), "zilina");
        assert_eq!(fold_key(""), "");
    }

    #[test]
    fn dates_round_trip() {
        for (y, m, d) in [(2023, 9, 28), (1969, 12, 31), (2000, 2, 29)] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(from_datetime(to_datetime(day)), Some(day));
        }
    }
}
