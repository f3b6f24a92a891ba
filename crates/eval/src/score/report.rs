//! Presenting an [`EvalReport`]: the table (`Display`), the one-line JSON
//! summary ([`EvalReport::to_json_line`]) and the per-document mismatch
//! list ([`EvalReport::mismatches`]).

use std::fmt;

use chronicle_records::EventType;
use serde_json::{json, Value};

use super::{Counts, EvalReport, Prf, Ratio};

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn prf_json(p: &Prf) -> Value {
    json!({
        "precision": round4(p.precision()),
        "recall": round4(p.recall()),
        "f1": round4(p.f1()),
        "tp": p.tp,
        "fp": p.fp,
        "fn": p.fn_,
    })
}

fn ratio_json(r: &Ratio) -> Value {
    json!({
        "value": r.value().map(round4),
        "hits": r.hits,
        "total": r.total,
    })
}

fn counts_json(c: &Counts) -> Value {
    let by_type: serde_json::Map<String, Value> = EventType::ALL
        .iter()
        .map(|&t| {
            let tc = c.by_type(t);
            (
                t.as_str().to_string(),
                json!({"strict": prf_json(&tc.strict), "relaxed": prf_json(&tc.relaxed)}),
            )
        })
        .collect();
    json!({
        "events_strict": prf_json(&c.events_strict),
        "events_relaxed": prf_json(&c.events_relaxed),
        "events_by_type": by_type,
        "quotes_direct": prf_json(&c.quotes_direct),
        "quotes_all": prf_json(&c.quotes_all),
        "quote_directness": ratio_json(&c.quote_directness),
        "quote_speakers": prf_json(&c.quote_speakers),
        "speaker_accuracy": ratio_json(&c.speaker_accuracy),
        "entities": prf_json(&c.entities),
        "entities_untyped": prf_json(&c.entities_untyped),
        "entity_country": ratio_json(&c.entity_country),
        "role_titles": ratio_json(&c.role_titles),
    })
}

impl EvalReport {
    /// The micro-averaged figures as one line of JSON (no newline): an
    /// object with `documents` (how many) and, for each score,
    /// `precision`/`recall`/`f1`/`tp`/`fp`/`fn` (or `value`/`hits`/`total`
    /// for accuracies and recalls, `value` null when there was nothing to
    /// count). Keys: `events_strict`, `events_relaxed`, `events_by_type`
    /// (`{TYPE: {strict, relaxed}}`), `quotes_direct`, `quotes_all`,
    /// `quote_directness`, `quote_speakers`, `speaker_accuracy`, `entities`,
    /// `entities_untyped`, `entity_country`, `role_titles`.
    pub fn to_json_line(&self) -> String {
        let mut v = counts_json(&self.totals);
        if let Value::Object(m) = &mut v {
            m.insert("documents".to_string(), json!(self.docs.len()));
        }
        v.to_string()
    }

    /// One document's figures as JSON (same keys as [`to_json_line`](Self::to_json_line), plus `id`).
    pub fn doc_json(&self, index: usize) -> Option<Value> {
        let d = self.docs.get(index)?;
        let mut v = counts_json(&d.counts);
        if let Value::Object(m) = &mut v {
            m.insert("id".to_string(), json!(d.id));
        }
        Some(v)
    }

    /// The disagreements per document, for reading: missed and spurious
    /// events, quotes and entities, events matched only relaxed (with the
    /// reason), wrong speakers, entity details. `Display` it.
    pub fn mismatches(&self) -> MismatchList<'_> {
        MismatchList(self)
    }
}

/// Displays the mismatches of an [`EvalReport`], grouped by document.
pub struct MismatchList<'a>(&'a EvalReport);

impl fmt::Display for MismatchList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0.docs {
            if d.mismatches.is_empty() {
                continue;
            }
            writeln!(f, "== {} ({} mismatches)", d.id, d.mismatches.len())?;
            for m in &d.mismatches {
                writeln!(f, "  {}: {}", m.kind.as_str(), m.detail)?;
            }
        }
        Ok(())
    }
}

fn prf_cells(p: &Prf) -> String {
    format!(
        "{:>5} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3}",
        p.gold(),
        p.system(),
        p.tp,
        p.precision(),
        p.recall(),
        p.f1()
    )
}

fn ratio_cell(r: &Ratio) -> String {
    match r.value() {
        Some(v) => format!("{v:.3} ({}/{})", r.hits, r.total),
        None => "n/a (0/0)".to_string(),
    }
}

const HEAD: &str = " gold   sys    tp      P      R     F1";

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.totals;
        writeln!(f, "gold evaluation: {} documents", self.docs.len())?;
        writeln!(f)?;
        writeln!(f, "{:<14}{:<39}   relaxed", "events", "strict")?;
        writeln!(f, "{:<14}{HEAD}   {HEAD}", "type")?;
        for ty in EventType::ALL {
            let c = t.by_type(ty);
            writeln!(
                f,
                "{:<14}{}   {}",
                ty.as_str(),
                prf_cells(&c.strict),
                prf_cells(&c.relaxed)
            )?;
        }
        writeln!(f)?;
        writeln!(f, "{:<18}{HEAD}", "totals")?;
        let rows: [(&str, &Prf, String); 7] = [
            ("events strict", &t.events_strict, String::new()),
            ("events relaxed", &t.events_relaxed, String::new()),
            ("quotes direct", &t.quotes_direct, String::new()),
            (
                "quotes all",
                &t.quotes_all,
                format!("  directness {}", ratio_cell(&t.quote_directness)),
            ),
            (
                "quote speakers",
                &t.quote_speakers,
                format!("  accuracy {}", ratio_cell(&t.speaker_accuracy)),
            ),
            ("entities typed", &t.entities, String::new()),
            ("entities untyped", &t.entities_untyped, String::new()),
        ];
        for (name, p, extra) in rows {
            writeln!(f, "{name:<18}{}{extra}", prf_cells(p))?;
        }
        writeln!(
            f,
            "{:<18}{}",
            "entity country",
            ratio_cell(&t.entity_country)
        )?;
        writeln!(f, "{:<18}{}", "role titles", ratio_cell(&t.role_titles))?;
        writeln!(f)?;
        writeln!(
            f,
            "per document (gold/system/true positives): events strict | events relaxed | direct quotes | speakers ok | entities"
        )?;
        for d in &self.docs {
            let c = &d.counts;
            let gst = |p: &Prf| format!("{}/{}/{}", p.gold(), p.system(), p.tp);
            writeln!(
                f,
                "  {:<36} {:>9} | {:>9} | {:>9} | {:>5} | {:>10}",
                d.id,
                gst(&c.events_strict),
                gst(&c.events_relaxed),
                gst(&c.quotes_direct),
                format!("{}/{}", c.speaker_accuracy.hits, c.speaker_accuracy.total),
                gst(&c.entities)
            )?;
        }
        Ok(())
    }
}
