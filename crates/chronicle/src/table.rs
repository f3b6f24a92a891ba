//! The `--format table` view: a readable terminal summary of records.

use std::fmt::Write;

use chronicle_records::{Amount, Records};

fn name_of(r: &Records, id: &str) -> String {
    r.entity(id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.to_string())
}

fn names(r: &Records, ids: &[String]) -> String {
    if ids.is_empty() {
        return "—".into();
    }
    ids.iter()
        .map(|i| name_of(r, i))
        .collect::<Vec<_>>()
        .join(", ")
}

fn short(s: &str, max: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

fn money(a: &Amount) -> String {
    let cur = a.currency.clone().unwrap_or_default();
    let fmt = |v: f64| {
        if v >= 1e9 {
            format!("{:.3} bn", v / 1e9)
        } else if v >= 1e6 {
            format!("{:.1} m", v / 1e6)
        } else {
            format!("{v}")
        }
    };
    let mut s = match (a.value, a.min, a.max) {
        (Some(v), _, _) => format!("{cur} {}", fmt(v)),
        (None, Some(lo), Some(hi)) => format!("{cur} {}–{}", fmt(lo), fmt(hi)),
        _ => cur,
    };
    if a.approximate {
        s = format!("≈{s}");
    }
    s
}

/// Renders records as aligned plain-text sections.
pub fn render(r: &Records) -> String {
    let mut o = String::new();
    let d = &r.document;
    let _ = writeln!(
        o,
        "document {}  published {}  {} entities, {} events, {} quotes",
        short(&d.id, 16),
        d.published.as_deref().unwrap_or("unknown"),
        r.entities.len(),
        r.events.len(),
        r.quotes.len()
    );
    let _ = writeln!(o, "\nENTITIES");
    for e in &r.entities {
        let roles: Vec<String> = e
            .roles
            .iter()
            .map(|x| {
                let mut s = x.title.clone();
                if let Some(of) = &x.of {
                    s.push_str(&format!(" of {of}"));
                }
                if let Some(q) = &x.qualifier {
                    s = format!("{q} {s}");
                }
                s
            })
            .collect();
        let _ = writeln!(
            o,
            "  {:<4} {:<7} {:<40} {:<4} {}",
            e.id,
            e.kind.as_str(),
            short(&e.name, 40),
            e.country.as_deref().unwrap_or("—"),
            roles.join("; ")
        );
    }
    let _ = writeln!(o, "\nEVENTS");
    for v in &r.events {
        let mut line = format!(
            "  {:<4} {:<12} {}",
            v.id,
            v.kind.as_str(),
            names(r, &v.source)
        );
        if !v.target.is_empty() {
            line.push_str(&format!(" → {}", names(r, &v.target)));
        }
        if !v.participants.is_empty() {
            line.push_str(&format!(" with {}", names(r, &v.participants)));
        }
        if let Some(n) = &v.name {
            line.push_str(&format!(" [{}]", name_of(r, n)));
        }
        if let Some(l) = &v.location {
            line.push_str(&format!(" in {}", name_of(r, l)));
        }
        if let Some(t) = &v.time {
            let when = match (&t.start, &t.end) {
                (Some(s), Some(e)) if s == e => s.clone(),
                (Some(s), Some(e)) => format!("{s}..{e}"),
                _ => t.text.clone(),
            };
            line.push_str(&format!(", {when}"));
        }
        if v.status.as_str() != "asserted" {
            line.push_str(&format!(" ({})", v.status.as_str()));
        }
        if let Some(a) = &v.aid {
            line.push_str(&format!(" | {} aid", a.kind.as_str()));
            if let Some(m) = &a.amount {
                line.push_str(&format!(" {}", money(m)));
            }
            if a.cumulative {
                line.push_str(" cumulative");
            }
            if !a.items.is_empty() {
                line.push_str(&format!(": {}", a.items.join(", ")));
            }
        }
        if let Some(c) = &v.count {
            line.push_str(&format!(" | {} {}", c.value, c.of));
        }
        if let Some(a) = &v.attribution {
            line.push_str(&format!(" | per {}", short(&a.text, 40)));
        }
        let _ = writeln!(o, "{line}");
    }
    let _ = writeln!(o, "\nQUOTES");
    for q in &r.quotes {
        let who = q
            .speaker
            .as_deref()
            .map(|s| name_of(r, s))
            .or(q.speaker_text.clone())
            .unwrap_or_else(|| "?".into());
        let mark = if q.direct { "“" } else { "~" };
        let _ = writeln!(
            o,
            "  {:<4} {:<24} {}{}",
            q.id,
            short(&who, 24),
            mark,
            short(&q.text, 90)
        );
    }
    o
}
