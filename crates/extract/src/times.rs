//! Time expressions and their resolution against the publication date.
//!
//! Recognized: weekdays ("on Wednesday", "last Friday"), relative days
//! ("today", "yesterday", "tomorrow"), relative periods ("this week", "last
//! month", "next year"), calendar dates ("May 5", "5 May 2022", "September
//! 28, 2023", "2023-09-28"), months and years ("in February 2022", "in
//! 2014", "since 2014"). A weekday resolves to the latest such day on or
//! before publication in past tense and the next one on or after it in
//! future tense (guidelines §4); "this week" is the Monday–Sunday week of
//! publication. Without a publication date the text is kept and the dates
//! stay null.

use chronicle_records::{Granularity, Time};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::ctx::Ctx;

#[derive(Debug, Clone)]
pub struct TimeExpr {
    /// Tokens of the expression, its leading preposition included.
    pub start: usize,
    pub end: usize,
    kind: Kind,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Weekday(Weekday, Rel),
    DayOffset(i64),
    Period(Unit, i32),
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    Month {
        year: Option<i32>,
        month: u32,
        since: bool,
    },
    Year {
        year: i32,
        since: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Rel {
    Plain,
    Last,
    Next,
    This,
}

#[derive(Debug, Clone, Copy)]
enum Unit {
    Week,
    Month,
    Year,
}

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| i as u32 + 1)
}

fn year_of(w: &str) -> Option<i32> {
    if w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        (1900..=2100).contains(&y).then_some(y)
    } else {
        None
    }
}

fn day_of(w: &str) -> Option<u32> {
    let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if d.is_empty() || d.len() > 2 || !d.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: u32 = d.parse().ok()?;
    (1..=31).contains(&v).then_some(v)
}

/// Finds the time expressions of the document, in text order.
pub fn find(ctx: &Ctx) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    let n = ctx.len();
    let mut i = 0;
    while i < n {
        if let Some((end, kind)) = match_at(ctx, i) {
            // Take in a leading preposition.
            let mut start = i;
            if i > 0
                && matches!(
                    ctx.low(i - 1),
                    "on" | "in" | "since" | "by" | "until" | "from" | "during" | "before" | "after"
                )
            {
                start = i - 1;
            }
            let kind = match kind {
                Kind::Month { year, month, .. } if ctx.low(start) == "since" => Kind::Month {
                    year,
                    month,
                    since: true,
                },
                Kind::Year { year, .. } if ctx.low(start) == "since" => {
                    Kind::Year { year, since: true }
                }
                k => k,
            };
            out.push(TimeExpr { start, end, kind });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

fn match_at(ctx: &Ctx, i: usize) -> Option<(usize, Kind)> {
    let w = ctx.low(i);
    let rel = match w {
        "last" => Some(Rel::Last),
        "next" | "coming" => Some(Rel::Next),
        "this" => Some(Rel::This),
        _ => None,
    };
    if let Some(rel) = rel {
        let nx = ctx.low(i + 1);
        if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(d, _)| *d == nx) {
            return Some((i + 2, Kind::Weekday(wd, rel)));
        }
        let unit = match nx {
            "week" => Some(Unit::Week),
            "month" => Some(Unit::Month),
            "year" => Some(Unit::Year),
            _ => None,
        };
        if let Some(u) = unit {
            let off = match rel {
                Rel::Last => -1,
                Rel::Next => 1,
                _ => 0,
            };
            return Some((i + 2, Kind::Period(u, off)));
        }
        if let Some(m) = month_of(nx) {
            if ctx
                .tok(i + 1)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
                && rel != Rel::This
            {
                return Some((
                    i + 2,
                    Kind::Month {
                        year: None,
                        month: m,
                        since: rel == Rel::Next,
                    },
                ));
            }
        }
        return None;
    }
    match w {
        "today" => return Some((i + 1, Kind::DayOffset(0))),
        "yesterday" => return Some((i + 1, Kind::DayOffset(-1))),
        "tomorrow" => return Some((i + 1, Kind::DayOffset(1))),
        "tonight" => return Some((i + 1, Kind::DayOffset(0))),
        _ => {}
    }
    if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(d, _)| *d == w) {
        // "Wednesday's meeting" and "Wednesday night" are still the day.
        let mut end = i + 1;
        if matches!(ctx.low(end), "morning" | "afternoon" | "evening" | "night") {
            end += 1;
        }
        // "Friday, May 5" is a date.
        if ctx.tok_is(end, ",") {
            if let Some((e2, k)) = match_at(ctx, end + 1) {
                if matches!(k, Kind::Date { .. }) {
                    return Some((e2, k));
                }
            }
        }
        return Some((end, Kind::Weekday(wd, Rel::Plain)));
    }
    let cap = ctx.tok(i).chars().next().is_some_and(char::is_uppercase);
    if let Some(m) = month_of(w).filter(|_| cap) {
        // "May" alone is too ambiguous (modal verb) unless a day or year follows.
        if let Some(d) = day_of(ctx.low(i + 1)) {
            let mut end = i + 2;
            let mut year = None;
            if ctx.tok_is(end, ",") && year_of(ctx.low(end + 1)).is_some() {
                year = year_of(ctx.low(end + 1));
                end += 2;
            } else if let Some(y) = year_of(ctx.low(end)) {
                year = Some(y);
                end += 1;
            }
            return Some((
                end,
                Kind::Date {
                    year,
                    month: m,
                    day: d,
                },
            ));
        }
        if let Some(y) = year_of(ctx.low(i + 1)) {
            return Some((
                i + 2,
                Kind::Month {
                    year: Some(y),
                    month: m,
                    since: false,
                },
            ));
        }
        if m != 5 && ctx.tok(i).len() > 3 && !ctx.tok(i).ends_with('.') {
            return Some((
                i + 1,
                Kind::Month {
                    year: None,
                    month: m,
                    since: false,
                },
            ));
        }
        return None;
    }
    if let Some(d) = day_of(w) {
        if ctx.low(i + 1) != "," {
            if let Some(m) = month_of(ctx.low(i + 1)).filter(|_| {
                ctx.tok(i + 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            }) {
                let mut end = i + 2;
                let mut year = None;
                if let Some(y) = year_of(ctx.low(end)) {
                    year = Some(y);
                    end += 1;
                }
                return Some((
                    end,
                    Kind::Date {
                        year,
                        month: m,
                        day: d,
                    },
                ));
            }
        }
    }
    if let Some(y) = year_of(w) {
        let prev = if i > 0 { ctx.low(i - 1) } else { "" };
        if matches!(
            prev,
            "in" | "since" | "by" | "until" | "of" | "early" | "late" | "mid"
        ) {
            return Some((
                i + 1,
                Kind::Year {
                    year: y,
                    since: false,
                },
            ));
        }
    }
    // ISO date
    if w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-' {
        if let Ok(d) = NaiveDate::parse_from_str(w, "%Y-%m-%d") {
            return Some((
                i + 1,
                Kind::Date {
                    year: Some(d.year()),
                    month: d.month(),
                    day: d.day(),
                },
            ));
        }
    }
    None
}

/// Is the clause around token `at` about the future? Looks back to the
/// start of the clause for "will", "would", "to be", "is to", "scheduled",
/// "expected to", "plans to".
pub fn is_future(ctx: &Ctx, at: usize) -> bool {
    let sent = ctx.sent_range(at);
    let from = sent.start.max(at.saturating_sub(12));
    for k in (from..at).rev() {
        let w = ctx.low(k);
        if matches!(
            w,
            "will"
                | "'ll"
                | "would"
                | "shall"
                | "scheduled"
                | "planned"
                | "plans"
                | "plan"
                | "upcoming"
                | "due"
                | "set"
                | "expected"
                | "going"
        ) {
            return true;
        }
        if matches!(w, "is" | "are") && ctx.low(k + 1) == "to" {
            return true;
        }
        if matches!(
            w,
            "said" | "says" | "had" | "has" | "have" | "was" | "were" | "did"
        ) && k + 1 < at
        {
            // a past auxiliary before the time ends the search
            if matches!(w, "had" | "has" | "have" | "was" | "were" | "did") {
                return false;
            }
        }
        if matches!(w, ";" | "that" | "who" | "which" | "“" | "”" | "\"") && k != at {
            break;
        }
    }
    // "... would take place on Friday": the verb may follow.
    false
}

impl TimeExpr {
    pub fn text<'a>(&self, ctx: &'a Ctx) -> &'a str {
        ctx.text(self.start..self.end)
    }

    /// Resolves against `published`; `future` is the tense of the clause.
    pub fn resolve(&self, ctx: &Ctx, future: bool) -> Time {
        let text = self.text(ctx).to_string();
        let Some(pub_date) = ctx.published else {
            return Time {
                text,
                start: None,
                end: None,
                granularity: self.granularity(),
            };
        };
        let (s, e) = match self.kind {
            Kind::Weekday(wd, rel) => {
                let d = match rel {
                    Rel::Next => next_weekday(pub_date + Duration::days(1), wd),
                    Rel::Last => last_weekday(pub_date - Duration::days(1), wd),
                    Rel::This => {
                        let monday = pub_date
                            - Duration::days(pub_date.weekday().num_days_from_monday() as i64);
                        monday + Duration::days(wd.num_days_from_monday() as i64)
                    }
                    Rel::Plain if future => next_weekday(pub_date, wd),
                    Rel::Plain => last_weekday(pub_date, wd),
                };
                (Some(d), Some(d))
            }
            Kind::DayOffset(o) => {
                let d = pub_date + Duration::days(o);
                (Some(d), Some(d))
            }
            Kind::Period(Unit::Week, off) => {
                let monday = pub_date
                    - Duration::days(pub_date.weekday().num_days_from_monday() as i64)
                    + Duration::weeks(off as i64);
                (Some(monday), Some(monday + Duration::days(6)))
            }
            Kind::Period(Unit::Month, off) => {
                let (y, m) = add_months(pub_date.year(), pub_date.month(), off);
                month_range(y, m)
            }
            Kind::Period(Unit::Year, off) => year_range(pub_date.year() + off),
            Kind::Date { year, month, day } => {
                let y = year.unwrap_or_else(|| infer_year(pub_date, month, Some(day), future));
                let d = NaiveDate::from_ymd_opt(y, month, day);
                (d, d)
            }
            Kind::Month { year, month, since } => {
                let y = year.unwrap_or_else(|| infer_year(pub_date, month, None, future));
                let (s, e) = month_range(y, month);
                if since {
                    (s, Some(pub_date))
                } else {
                    (s, e)
                }
            }
            Kind::Year { year, since } => {
                let (s, e) = year_range(year);
                if since {
                    (s, Some(pub_date))
                } else {
                    (s, e)
                }
            }
        };
        Time {
            text,
            start: s.map(|d| d.to_string()),
            end: e.map(|d| d.to_string()),
            granularity: self.granularity(),
        }
    }

    pub fn granularity(&self) -> Granularity {
        match self.kind {
            Kind::Weekday(..) | Kind::DayOffset(_) | Kind::Date { .. } => Granularity::Day,
            Kind::Period(Unit::Week, _) => Granularity::Week,
            Kind::Period(Unit::Month, _) => Granularity::Month,
            Kind::Month { since: false, .. } => Granularity::Month,
            Kind::Period(Unit::Year, _) | Kind::Year { since: false, .. } => Granularity::Year,
            Kind::Month { since: true, .. } | Kind::Year { since: true, .. } => {
                Granularity::Unknown
            }
        }
    }

    /// True for a point or period an event can happen in ("since 2014" is not).
    pub fn is_event_time(&self) -> bool {
        !matches!(
            self.kind,
            Kind::Month { since: true, .. } | Kind::Year { since: true, .. }
        )
    }
}

fn last_weekday(on_or_before: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (on_or_before.weekday().num_days_from_monday() as i64
        - wd.num_days_from_monday() as i64)
        .rem_euclid(7);
    on_or_before - Duration::days(back)
}

fn next_weekday(on_or_after: NaiveDate, wd: Weekday) -> NaiveDate {
    let fwd = (wd.num_days_from_monday() as i64
        - on_or_after.weekday().num_days_from_monday() as i64)
        .rem_euclid(7);
    on_or_after + Duration::days(fwd)
}

fn add_months(y: i32, m: u32, off: i32) -> (i32, u32) {
    let total = y * 12 + (m as i32 - 1) + off;
    (total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
}

fn month_range(y: i32, m: u32) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let s = NaiveDate::from_ymd_opt(y, m, 1);
    let (ny, nm) = add_months(y, m, 1);
    let e = NaiveDate::from_ymd_opt(ny, nm, 1).map(|d| d - Duration::days(1));
    (s, e)
}

fn year_range(y: i32) -> (Option<NaiveDate>, Option<NaiveDate>) {
    (
        NaiveDate::from_ymd_opt(y, 1, 1),
        NaiveDate::from_ymd_opt(y, 12, 31),
    )
}

/// The year of a month (and day) given without one: the latest on or
/// before publication in past tense, the next in future tense.
fn infer_year(pub_date: NaiveDate, month: u32, day: Option<u32>, future: bool) -> i32 {
    let y = pub_date.year();
    let this = NaiveDate::from_ymd_opt(y, month, day.unwrap_or(1));
    match this {
        Some(d) if future && d < pub_date && day.is_some() => y + 1,
        Some(d) if future && day.is_none() && d.month() < pub_date.month() => y + 1,
        Some(d) if !future && d > pub_date => y - 1,
        _ => y,
    }
}
