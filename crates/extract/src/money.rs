//! Money amounts: value, scale, currency, hedges and ranges (guidelines §5).
//!
//! "$560 million", "530 million euros", "€5bn", "EUR 200 billion", "two
//! billion dollars", "about 530 million euros, or about $560 million" (the
//! second figure is kept as the stated conversion), and vague amounts that
//! give a range: "several billion dollars" (3–9 × 10⁹), "a few million"
//! (2–5), "tens of millions" (20–90), "hundreds of millions" (200–900),
//! "billions of dollars" (2–9). A bare `$` is USD unless the outlet's
//! country has its own dollar and the sentence does not point to the U.S.
//! Every amount is normalized to EUR and USD at the ECB rate of the
//! publication date.

use chronicle_lexicon::{CurrencyForm, Fx};
use chronicle_records::{Amount, MoneyPair, Normalized, StatedAmount};
use chronicle_text::TokenKind;
use chrono::NaiveDate;

use crate::ctx::Ctx;

#[derive(Debug, Clone)]
pub struct MoneyExpr {
    pub start: usize,
    pub end: usize,
    pub amount: Amount,
}

const HEDGES: &[&str] = &[
    "about",
    "some",
    "nearly",
    "almost",
    "around",
    "roughly",
    "approximately",
    "over",
    "under",
    "estimated",
    "up",
    "least",
    "than",
    "close",
    "just",
    "approx.",
    "circa",
    "reportedly",
];

fn word_number(w: &str) -> Option<f64> {
    const W: &[(&str, f64)] = &[
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("eleven", 11.0),
        ("twelve", 12.0),
        ("fifteen", 15.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("hundred", 100.0),
        ("a", 1.0),
        ("an", 1.0),
        ("half", 0.5),
        ("dozen", 12.0),
    ];
    W.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}

/// Vague quantity words and their (min, max) multipliers.
fn vague(w: &str) -> Option<(f64, f64)> {
    match w {
        "several" => Some((3.0, 9.0)),
        "few" => Some((2.0, 5.0)),
        "tens" => Some((20.0, 90.0)),
        "hundreds" => Some((200.0, 900.0)),
        "thousands" => Some((2000.0, 9000.0)),
        "dozens" => Some((24.0, 99.0)),
        "millions" => Some((2e6, 9e6)),
        "billions" => Some((2e9, 9e9)),
        "trillions" => Some((2e12, 9e12)),
        _ => None,
    }
}

fn parse_number(s: &str) -> Option<f64> {
    let t: String = s.chars().filter(|c| *c != ',').collect();
    if t.is_empty() || !t.chars().next()?.is_ascii_digit() {
        return None;
    }
    t.parse().ok()
}

/// Splits "5bn" / "1.2m" into number and scale word.
fn number_with_scale(s: &str) -> Option<(f64, Option<f64>)> {
    if let Some(v) = parse_number(s) {
        return Some((v, None));
    }
    let pos = s.find(|c: char| c.is_ascii_alphabetic())?;
    let (num, suffix) = s.split_at(pos);
    let v = parse_number(num)?;
    let scale = chronicle_lexicon::Lexicon::scale(suffix)?;
    Some((v, Some(scale)))
}

/// Finds money amounts in the document.
pub fn find(ctx: &Ctx) -> Vec<MoneyExpr> {
    let mut out: Vec<MoneyExpr> = Vec::new();
    let n = ctx.len();
    let mut i = 0;
    while i < n {
        if let Some(m) = match_at(ctx, i) {
            i = m.end;
            // "530 million euros, or about $560 million": a stated conversion.
            if let Some(prev) = out.last_mut() {
                let gap: Vec<&str> = (prev.end..m.start).map(|k| ctx.low(k)).collect();
                let joined = gap.iter().all(|w| {
                    matches!(
                        *w,
                        "," | "or"
                            | "("
                            | "about"
                            | "some"
                            | "roughly"
                            | "around"
                            | "approximately"
                            | "nearly"
                            | "almost"
                            | "–"
                            | "—"
                            | "-"
                    )
                });
                if joined && gap.contains(&"or") || gap.first() == Some(&"(") {
                    if let (Some(v), Some(c)) = (m.amount.value, m.amount.currency.clone()) {
                        if prev.amount.stated.is_none()
                            && prev.amount.currency.as_deref() != Some(&c)
                        {
                            prev.amount.stated = Some(StatedAmount {
                                value: v,
                                currency: c,
                                text: m.amount.text.clone(),
                            });
                            prev.end = m.end;
                            continue;
                        }
                    }
                }
            }
            out.push(m);
        } else {
            i += 1;
        }
    }
    out
}

fn match_at(ctx: &Ctx, i: usize) -> Option<MoneyExpr> {
    let n = ctx.len();
    // Optional currency before the number: symbol or code.
    let mut k = i;
    let mut currency: Option<String> = None;
    let mut ambiguous_dollar = false;
    let mut code_before = false;
    if let Some(hit) = ctx.lex.currency(ctx.tok(k)) {
        if matches!(hit.form, CurrencyForm::Symbol | CurrencyForm::Code)
            && k + 1 < n
            && starts_number(ctx, k + 1)
        {
            code_before = hit.form == CurrencyForm::Code;
            currency = Some(hit.code.to_string());
            ambiguous_dollar = hit.ambiguous_dollar;
            k += 1;
        }
    }
    let num_start = k;
    let (mut min, mut max, mut value) = (None, None, None);
    let mut scale = 1.0;
    if let Some((v, sc)) = number_with_scale(ctx.tok(k))
        .filter(|_| ctx.kind(k) == TokenKind::Number || ctx.kind(k) == TokenKind::Word)
    {
        value = Some(v);
        if let Some(s) = sc {
            scale = s;
        }
        k += 1;
    } else if let Some((lo, hi)) = vague(ctx.low(k)) {
        // "several billion", "tens of millions", "a few million"
        if ctx.low(k + 1) == "of" {
            k += 2;
        } else {
            k += 1;
        }
        min = Some(lo);
        max = Some(hi);
        if matches!(ctx.low(k - 1), "millions" | "billions" | "trillions")
            || matches!(ctx.low(i), "millions" | "billions" | "trillions")
        {
            // the vague word is itself the scale
            if currency.is_none() && !matches!(ctx.low(k), "of") {
                // "billions of dollars" handled below via currency word
            }
        }
    } else if ctx.low(k) == "a" && ctx.low(k + 1) == "few" {
        min = Some(2.0);
        max = Some(5.0);
        k += 2;
    } else if let Some(v) = word_number(ctx.low(k)) {
        if matches!(ctx.low(k), "a" | "an")
            && chronicle_lexicon::Lexicon::scale(ctx.low(k + 1)).is_none()
        {
            return None;
        }
        value = Some(v);
        k += 1;
    } else if matches!(ctx.low(k), "additional" | "extra" | "another" | "further")
        && matches!(ctx.low(k.saturating_sub(1)), "a" | "an")
        && matches!(ctx.low(k + 1), "million" | "billion" | "trillion")
    {
        // "an additional billion dollars"
        value = Some(1.0);
        k += 1;
    } else {
        return None;
    }
    if k == num_start {
        return None;
    }
    // Scale words: "million", "bn", "billion" (possibly "of").
    if let Some(s) = chronicle_lexicon::Lexicon::scale(ctx.low(k)).filter(|_| k < n) {
        let single_letter = ctx.low(k).len() == 1;
        if !single_letter || ctx.doc.tokens[k].span.start == ctx.doc.tokens[k - 1].span.end {
            scale *= s;
            k += 1;
        }
    } else if matches!(ctx.low(k), "millions" | "billions") && ctx.low(k + 1) == "of" {
        scale *= if ctx.low(k) == "millions" { 1e6 } else { 1e9 };
        k += 2;
    }
    if ctx.low(k) == "of"
        && min.is_some()
        && matches!(ctx.low(k.saturating_sub(1)), "millions" | "billions")
    {
        k += 1;
    }
    // A code before a small whole number with no scale is a name with its
    // edition ("COP 27", the climate conference), not Colombian pesos.
    if code_before && scale == 1.0 && value.is_some_and(|v| v < 1000.0 && v.fract() == 0.0) {
        return None;
    }
    // Currency after: "euros", "dollars", "USD", "US dollars", "pounds sterling".
    if currency.is_none() {
        for len in (1..=3).rev() {
            if k + len > n {
                continue;
            }
            let phrase = ctx.text(k..k + len).to_string();
            if let Some(hit) = ctx
                .lex
                .currency(&phrase)
                .or_else(|| ctx.lex.currency(&phrase.to_lowercase()))
            {
                if hit.form != CurrencyForm::Symbol || len == 1 && phrase != "$" {
                    currency = Some(hit.code.to_string());
                    ambiguous_dollar = hit.ambiguous_dollar;
                    k += len;
                    break;
                }
            }
        }
    }
    let currency = currency?;
    if ambiguous_dollar && currency == "USD" {
        // An Australian outlet's "$" is AUD, unless the sentence says U.S.
        if let Some(local) = ctx
            .outlet_country
            .as_deref()
            .and_then(|c| ctx.lex.local_dollar(c))
        {
            let sent = ctx.sent_range(i);
            let us = sent.clone().any(|t| {
                matches!(
                    ctx.tok(t),
                    "U.S." | "US" | "American" | "Washington" | "USD" | "US$"
                )
            });
            if !us {
                return expr(
                    ctx,
                    i,
                    num_start,
                    k,
                    value,
                    min,
                    max,
                    scale,
                    local.to_string(),
                );
            }
        }
    }
    expr(ctx, i, num_start, k, value, min, max, scale, currency)
}

fn starts_number(ctx: &Ctx, k: usize) -> bool {
    ctx.tok(k)
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit())
}

#[allow(clippy::too_many_arguments)]
fn expr(
    ctx: &Ctx,
    i: usize,
    num_start: usize,
    end: usize,
    value: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    scale: f64,
    currency: String,
) -> Option<MoneyExpr> {
    // Hedges before the amount.
    let mut start = i;
    let mut approximate = false;
    let mut b = i;
    while b > 0 && HEDGES.contains(&ctx.low(b - 1)) && i - b < 3 {
        b -= 1;
        approximate = true;
    }
    if approximate {
        // keep "more than", "up to", "at least" whole
        if b > 0 && matches!(ctx.low(b - 1), "more" | "less" | "at" | "an") {
            b -= 1;
        }
        start = b;
    }
    let _ = num_start;
    let (value, min, max) = match (value, min, max) {
        (Some(v), _, _) => (Some(v * scale), None, None),
        (None, Some(lo), Some(hi)) => {
            let sc = if scale == 1.0 && lo >= 1e6 {
                1.0
            } else {
                scale
            };
            (None, Some(lo * sc), Some(hi * sc))
        }
        _ => return None,
    };
    if value.is_some_and(|v| !(v.is_finite() && v > 0.0)) {
        return None;
    }
    let text = ctx.text(start..end).to_string();
    Some(MoneyExpr {
        start,
        end,
        amount: Amount {
            value,
            currency: Some(currency),
            approximate: approximate || min.is_some(),
            min,
            max,
            text,
            stated: None,
        },
    })
}

/// EUR and USD values of an amount at the ECB rate of `date`.
pub fn normalize(amount: &Amount, date: Option<NaiveDate>) -> Option<Normalized> {
    let date = date?;
    let cur = amount.currency.as_deref()?;
    let fx = Fx::get();
    let conv = |v: f64| -> Option<(f64, f64, NaiveDate)> {
        let eur = fx.convert(v, cur, "EUR", date)?;
        let usd = fx.convert(v, cur, "USD", date)?;
        Some((eur.value, usd.value, eur.rate_date.max(usd.rate_date)))
    };
    if let Some(v) = amount.value {
        let (eur, usd, rd) = conv(v)?;
        return Some(Normalized {
            eur: Some(eur.round()),
            usd: Some(usd.round()),
            rate_date: Some(rd.to_string()),
            min: None,
            max: None,
        });
    }
    let (lo, hi) = (amount.min?, amount.max?);
    let (le, lu, rd) = conv(lo)?;
    let (he, hu, _) = conv(hi)?;
    Some(Normalized {
        eur: None,
        usd: None,
        rate_date: Some(rd.to_string()),
        min: Some(MoneyPair {
            eur: le.round(),
            usd: lu.round(),
        }),
        max: Some(MoneyPair {
            eur: he.round(),
            usd: hu.round(),
        }),
    })
}
