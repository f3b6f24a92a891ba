//! Time expressions and their resolution against the publication date.
//!
//! Recognized: weekdays ("on Wednesday", "last Friday"), relative days
//! ("today", "yesterday", "tomorrow"), relative periods ("this week", "last
//! month", "next year"), calendar dates ("May 5", "5 May 2022", "September
//! 28, 2023", "2023-09-28"), months and years ("in February 2022", "in
//! 2014", "since 2014"), day ranges ("June 29-30", "11-12 June"), seasons
//! ("this summer", "last fall", "in the spring of 2022"). A weekday
//! resolves to the latest such day on or before publication in past tense
//! and the next one on or after it in future tense (guidelines §4); a date
//! or month without a year does the same, and takes the occurrence nearest
//! to publication when its clause has no clear tense ([`tense`]). "This
//! week" is the Monday–Sunday week of publication. Without a publication
//! date the text is kept and the dates stay null.

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
        /// The last day of a range ("June 29-30", "11-12 June"): month, day.
        until: Option<(u32, u32)>,
    },
    Month {
        year: Option<i32>,
        month: u32,
        since: bool,
        /// "last March" is past, "next March" future, whatever the clause.
        rel: Option<Tense>,
    },
    Year {
        year: i32,
        since: bool,
    },
    /// A season of the northern year (meteorological: spring March–May,
    /// summer June–August, fall September–November, winter December to
    /// February, named by the year it starts in): "this summer", "last
    /// fall", "in the spring of 2022", "winter 2023".
    Season {
        season: Season,
        year: Option<i32>,
        rel: Rel,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    fn of(w: &str) -> Option<Season> {
        match w {
            "spring" => Some(Season::Spring),
            "summer" => Some(Season::Summer),
            "fall" | "autumn" => Some(Season::Fall),
            "winter" => Some(Season::Winter),
            _ => None,
        }
    }

    /// The season's first month.
    fn first_month(self) -> u32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        }
    }

    /// The first and last day of the season starting in `year`.
    fn range(self, year: i32) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let m = self.first_month();
        let (ey, em) = add_months(year, m, 2);
        (month_range(year, m).0, month_range(ey, em).1)
    }
}

/// The tense a date without a year is read in: past (the latest such date
/// on or before publication), future (the next one), or unclear (the
/// nearest one to publication).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
    Unclear,
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
                Kind::Month {
                    year, month, rel, ..
                } if ctx.low(start) == "since" => Kind::Month {
                    year,
                    month,
                    since: true,
                    rel,
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

fn is_dash(w: &str) -> bool {
    matches!(w, "-" | "–" | "—")
}

fn is_cap(ctx: &Ctx, i: usize) -> bool {
    ctx.tok(i).chars().next().is_some_and(char::is_uppercase)
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
        // "this past summer" is the last one.
        let (rel, at) = if rel == Rel::This && ctx.low(i + 1) == "past" {
            (Rel::Last, i + 2)
        } else {
            (rel, i + 1)
        };
        if let Some(season) = Season::of(ctx.low(at)) {
            return Some((
                at + 1,
                Kind::Season {
                    season,
                    year: None,
                    rel,
                },
            ));
        }
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
                        since: false,
                        rel: Some(if rel == Rel::Next {
                            Tense::Future
                        } else {
                            Tense::Past
                        }),
                    },
                ));
            }
        }
        return None;
    }
    if let Some(found) = season_at(ctx, i) {
        return Some(found);
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
            let mut until = None;
            // "June 29-30", "June 29 - July 1"
            if is_dash(ctx.low(end)) {
                if let Some(d2) = day_of(ctx.low(end + 1)).filter(|&d2| d2 > d) {
                    until = Some((m, d2));
                    end += 2;
                } else if let Some(m2) = month_of(ctx.low(end + 1)).filter(|_| is_cap(ctx, end + 1))
                {
                    if let Some(d2) = day_of(ctx.low(end + 2)) {
                        until = Some((m2, d2));
                        end += 3;
                    }
                }
            }
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
                    until,
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
                    rel: None,
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
                    rel: None,
                },
            ));
        }
        return None;
    }
    if let Some(d) = day_of(w) {
        // "11-12 June"
        let (mi, d2) = match day_of(ctx.low(i + 2)) {
            Some(d2) if is_dash(ctx.low(i + 1)) && d2 > d => (i + 3, Some(d2)),
            _ => (i + 1, None),
        };
        if ctx.low(mi) != "," {
            if let Some(m) = month_of(ctx.low(mi)).filter(|_| is_cap(ctx, mi)) {
                let until = d2.map(|d2| (m, d2));
                let mut end = mi + 1;
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
                        until,
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
                    until: None,
                },
            ));
        }
    }
    None
}

/// A season without "this", "last" or "next": "the summer" after a
/// preposition of time ("in the spring", "over the summer of 2022"), or
/// a season with its year ("summer 2024", "in the fall of 2023"). A
/// season word elsewhere ("fall" the verb, "Spring" a name) is no time.
fn season_at(ctx: &Ctx, i: usize) -> Option<(usize, Kind)> {
    let season = Season::of(ctx.low(i))?;
    let year_after = |k: usize| -> Option<(usize, i32)> {
        if ctx.low(k) == "of" {
            year_of(ctx.low(k + 1)).map(|y| (k + 2, y))
        } else {
            year_of(ctx.low(k)).map(|y| (k + 1, y))
        }
    };
    let after_the = i >= 2
        && ctx.low(i - 1) == "the"
        && matches!(
            ctx.low(i - 2),
            "in" | "during" | "over" | "by" | "until" | "through" | "throughout" | "since"
        );
    match year_after(i + 1) {
        // "fall 2023" needs no article; "the fall of 2023" is a time too.
        Some((end, y)) => Some((
            end,
            Kind::Season {
                season,
                year: Some(y),
                rel: Rel::Plain,
            },
        )),
        None if after_the => Some((
            i + 1,
            Kind::Season {
                season,
                year: None,
                rel: Rel::Plain,
            },
        )),
        None => None,
    }
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
            Kind::Date {
                year,
                month,
                day,
                until,
            } => {
                let y = year.unwrap_or_else(|| {
                    infer_year(pub_date, month, Some(day), self.tense(ctx, future))
                });
                let d = NaiveDate::from_ymd_opt(y, month, day);
                let e = match until {
                    // "December 30 - January 2" ends the next year.
                    Some((m2, d2)) => NaiveDate::from_ymd_opt(y, m2, d2)
                        .filter(|e| d.is_some_and(|d| *e >= d))
                        .or_else(|| NaiveDate::from_ymd_opt(y + 1, m2, d2)),
                    None => d,
                };
                (d, e)
            }
            Kind::Month {
                year,
                month,
                since,
                rel,
            } => {
                let tense = match rel {
                    _ if since => Tense::Past,
                    Some(t) => t,
                    None => self.tense(ctx, future),
                };
                let y = year.unwrap_or_else(|| infer_year(pub_date, month, None, tense));
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
            Kind::Season { season, year, rel } => {
                let y = year
                    .unwrap_or_else(|| season_year(pub_date, season, rel, self.tense(ctx, future)));
                season.range(y)
            }
        };
        // "later this year" runs from publication to the period's end,
        // "earlier this month" from its start to publication
        let (s, e) = match (self.kind, ctx.low(self.start.saturating_sub(1))) {
            (Kind::Period(_, 0), "later") if self.start > 0 => (Some(pub_date), e),
            (Kind::Period(_, 0), "earlier") if self.start > 0 => (s, Some(pub_date)),
            _ => (s, e),
        };
        Time {
            text,
            start: s.map(|d| d.to_string()),
            end: e.map(|d| d.to_string()),
            granularity: self.granularity(),
        }
    }

    /// The tense a date without a year is read in: the time's own clause
    /// decides when it says (a past verb right before it — "held in Tokyo
    /// on 19 February" — outweighs a future verb further out); otherwise
    /// the caller's `future`; otherwise unclear (the nearest occurrence).
    fn tense(&self, ctx: &Ctx, future: bool) -> Tense {
        match tense(ctx, self.start, self.end) {
            Tense::Unclear if future => Tense::Future,
            t => t,
        }
    }

    pub fn granularity(&self) -> Granularity {
        match self.kind {
            Kind::Weekday(..) | Kind::DayOffset(_) | Kind::Date { .. } => Granularity::Day,
            Kind::Period(Unit::Week, _) => Granularity::Week,
            Kind::Period(Unit::Month, _) => Granularity::Month,
            Kind::Month { since: false, .. } => Granularity::Month,
            Kind::Period(Unit::Year, _) | Kind::Year { since: false, .. } => Granularity::Year,
            Kind::Month { since: true, .. }
            | Kind::Year { since: true, .. }
            | Kind::Season { .. } => Granularity::Unknown,
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
/// before publication in past tense, the next on or after it in future
/// tense, the nearest to it (never more than about six months away; the
/// earlier on a tie) when the tense is unclear.
fn infer_year(pub_date: NaiveDate, month: u32, day: Option<u32>, tense: Tense) -> i32 {
    let y = pub_date.year();
    // Distance of each candidate year from publication, in days or months.
    let dist = |cy: i32| -> Option<i64> {
        match day {
            Some(d) => NaiveDate::from_ymd_opt(cy, month, d).map(|c| (c - pub_date).num_days()),
            None => {
                Some((cy as i64 * 12 + month as i64) - (y as i64 * 12 + pub_date.month() as i64))
            }
        }
    };
    let cands: Vec<(i32, i64)> = [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|cy| dist(cy).map(|d| (cy, d)))
        .collect();
    let pick = match tense {
        Tense::Past => cands.iter().rev().find(|(_, d)| *d <= 0),
        Tense::Future => cands.iter().find(|(_, d)| *d >= 0),
        Tense::Unclear => cands.iter().min_by_key(|(_, d)| d.abs()),
    };
    pick.map_or(y, |(cy, _)| *cy)
}

/// The year a season without one starts in: "this summer" is the one of
/// the publication's year, "last" the latest
/// that has ended by publication, "next" the first that starts after it;
/// a plain "in the summer" reads the clause's tense as a month does
/// (past: the latest that has started by publication; future: the first
/// that has not ended; unclear: the one nearest to publication).
fn season_year(pub_date: NaiveDate, season: Season, rel: Rel, tense: Tense) -> i32 {
    let y = pub_date.year();
    let cands: Vec<(i32, NaiveDate, NaiveDate)> = (y - 2..=y + 1)
        .filter_map(|cy| match season.range(cy) {
            (Some(s), Some(e)) => Some((cy, s, e)),
            _ => None,
        })
        .collect();
    let pick = match (rel, tense) {
        // A winter's January and February belong to the winter that
        // started the December before; otherwise "this" is the season of
        // the publication's year.
        (Rel::This, _) => {
            let this = if season == Season::Winter && pub_date.month() <= 2 {
                y - 1
            } else {
                y
            };
            cands.iter().find(|c| c.0 == this)
        }
        (Rel::Last, _) => cands.iter().rev().find(|c| c.2 < pub_date),
        (Rel::Next, _) => cands.iter().find(|c| c.1 > pub_date),
        (_, Tense::Past) => cands.iter().rev().find(|c| c.1 <= pub_date),
        (_, Tense::Future) => cands.iter().find(|c| c.2 >= pub_date),
        (_, Tense::Unclear) => cands.iter().min_by_key(|c| {
            if c.1 > pub_date {
                (c.1 - pub_date).num_days()
            } else if c.2 < pub_date {
                (pub_date - c.2).num_days()
            } else {
                0
            }
        }),
    };
    pick.map_or(y, |c| c.0)
}

/// The Penn tag of token `k` ("" without the tagger's layer).
fn xpos<'a>(ctx: &'a Ctx, k: usize) -> &'a str {
    ctx.doc.morph.get(k).map_or("", |m| m.xpos)
}

const FUTURE_CUES: &[&str] = &[
    "will",
    "'ll",
    "would",
    "shall",
    "scheduled",
    "planned",
    "plans",
    "plan",
    "upcoming",
    "due",
    "set",
    "expected",
    "going",
];

/// Verbs of saying: "said on Monday" is past, but in "said the summit on
/// June 29 ..." the date belongs to what was said.
const REPORTING: &[&str] = &["said", "told", "added", "noted", "stated", "wrote"];

fn is_clause_break(w: &str) -> bool {
    matches!(w, ";" | "that" | "who" | "which" | "“" | "”" | "\"")
}

/// The tense of the time expression at tokens `start..end`, read off the
/// nearest verb of its clause (before it, else after it):
/// - "will", "would", "scheduled", "is to", ... make it future;
/// - a past verb or participle ("met", "held in Tokyo", "was", "had") past,
///   unless an infinitive stands between ("agreed to meet on");
/// - a present verb, another modal, a participle in "-ing" ("including the
///   summit on") or no verb at all leave it unclear.
///
/// A date naming a thing ("the June 29-30 summit") has no tense of its own:
/// it is future with a future cue nearby and unclear otherwise.
pub fn tense(ctx: &Ctx, start: usize, end: usize) -> Tense {
    let sent = ctx.sent_range(start);
    let before = if start > sent.start {
        ctx.low(start - 1)
    } else {
        ""
    };
    let attributive = matches!(
        before,
        "the" | "a" | "an" | "this" | "its" | "their" | "his" | "her" | "our" | "'s" | "’s"
    ) && end < sent.end
        && (is_cap(ctx, end) || xpos(ctx, end).starts_with("NN"));
    let from = sent.start.max(start.saturating_sub(12));
    let mut prospective = false;
    for k in (from..start).rev() {
        let w = ctx.low(k);
        if FUTURE_CUES.contains(&w) || (matches!(w, "is" | "are") && ctx.low(k + 1) == "to") {
            return Tense::Future;
        }
        if is_clause_break(w) {
            break;
        }
        if attributive {
            continue;
        }
        let prev = if k > sent.start { ctx.low(k - 1) } else { "" };
        let aux_before = matches!(
            prev,
            "be" | "been" | "being" | "is" | "are" | "was" | "were" | "has" | "have" | "had"
        );
        if matches!(w, "was" | "were" | "had" | "did" | "has" | "have") {
            return if prospective {
                Tense::Unclear
            } else {
                Tense::Past
            };
        }
        if matches!(w, "is" | "are" | "am") {
            return Tense::Unclear;
        }
        match xpos(ctx, k) {
            "MD" => return Tense::Unclear,
            "VBD" | "VBN" if aux_before => {}
            "VBD" | "VBN" => {
                if prospective || (REPORTING.contains(&w) && k + 2 < start) {
                    return Tense::Unclear;
                }
                return Tense::Past;
            }
            "VBG" if aux_before => {}
            "VBG" | "VBZ" | "VBP" => return Tense::Unclear,
            "VB" if prev == "to" => prospective = true,
            _ => {}
        }
    }
    if attributive || prospective {
        return Tense::Unclear;
    }
    // "On May 12, the ministers met in Paris."
    for k in end..sent.end.min(end + 10) {
        let w = ctx.low(k);
        if matches!(w, "will" | "'ll" | "would" | "shall")
            || (matches!(w, "is" | "are") && ctx.low(k + 1) == "to")
        {
            return Tense::Future;
        }
        if is_clause_break(w) {
            break;
        }
        if matches!(w, "was" | "were" | "had" | "did") {
            return Tense::Past;
        }
        match xpos(ctx, k) {
            "VBD" => return Tense::Past,
            "VBZ" | "VBP" | "MD" => return Tense::Unclear,
            _ => {}
        }
    }
    Tense::Unclear
}
