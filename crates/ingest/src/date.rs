//! Publication dates in the forms pages and feeds write them, normalized to
//! ISO `YYYY-MM-DD`.

/// Normalizes a date string to `YYYY-MM-DD`, or `None` when it is not a
/// recognizable calendar date. Accepted: ISO 8601 dates and timestamps
/// (`2025-02-10`, `2025-02-10T09:30:00-05:00`, `2025/02/10`), compact
/// `20250210`, and dates with a month name (`Mon, 10 Feb 2025 09:00:00
/// GMT`, `February 10, 2025`, `10th February 2025`). A timestamp keeps the
/// date as written, in the writer's own time zone.
pub fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 10
        && digits(&b[0..4])
        && matches!(b[4], b'-' | b'/' | b'.')
        && digits(&b[5..7])
        && b[7] == b[4]
        && digits(&b[8..10])
        && (b.len() == 10 || !b[10].is_ascii_digit())
    {
        return ymd(num(&b[0..4]), num(&b[5..7]), num(&b[8..10]));
    }
    if b.len() == 8 && digits(b) {
        return ymd(num(&b[0..4]), num(&b[4..6]), num(&b[6..8]));
    }
    let (mut month, mut day, mut year) = (None, None, None);
    for tok in s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        if month.is_some() && day.is_some() && year.is_some() {
            break;
        }
        if let Some(m) = month_number(tok) {
            month.get_or_insert(m);
            continue;
        }
        let numeric = tok.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &tok[numeric.len()..];
        if numeric.is_empty()
            || !digits(numeric.as_bytes())
            || !matches!(
                suffix.to_ascii_lowercase().as_str(),
                "" | "st" | "nd" | "rd" | "th"
            )
        {
            continue;
        }
        if numeric.len() == 4 && suffix.is_empty() {
            year.get_or_insert(num(numeric.as_bytes()));
        } else if numeric.len() <= 2 && day.is_none() {
            day = Some(num(numeric.as_bytes()));
        }
    }
    ymd(year?, month?, day?)
}

fn digits(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(u8::is_ascii_digit)
}

fn num(b: &[u8]) -> u32 {
    b.iter().fold(0u32, |n, d| {
        n.saturating_mul(10).saturating_add(u32::from(d - b'0'))
    })
}

fn month_number(tok: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
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
    let t = tok.to_ascii_lowercase();
    if t.len() < 3 {
        return None;
    }
    let t = if t == "sept" { "sep".to_string() } else { t };
    MONTHS
        .iter()
        .position(|m| *m == t || (t.len() == 3 && m.starts_with(&t)))
        .map(|i| i as u32 + 1)
}

fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    if !(1800..=2200).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let leap = matches!((y % 4, y % 100, y % 400), (0, 1.., _) | (_, _, 0));
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (d <= days).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::iso_date;

    #[test]
    fn common_forms_are_normalized() {
        for (s, want) in [
            ("2025-02-10", "2025-02-10"),
            ("2025-02-10T23:30:00-05:00", "2025-02-10"),
            (" 2025/02/10 ", "2025-02-10"),
            ("20250210", "2025-02-10"),
            ("Mon, 10 Feb 2025 09:00:00 GMT", "2025-02-10"),
            ("February 10, 2025", "2025-02-10"),
            ("10th February 2025, 9:00", "2025-02-10"),
            ("Sept. 3, 2024", "2024-09-03"),
            ("2024-02-29", "2024-02-29"),
        ] {
            assert_eq!(iso_date(s).as_deref(), Some(want), "{s}");
        }
    }

    #[test]
    fn non_dates_are_refused() {
        for s in [
            "",
            "yesterday",
            "2025-13-01",
            "2023-02-29",
            "May",
            "12345678901",
            "99999999",
            "March 2025",
        ] {
            assert_eq!(iso_date(s), None, "{s}");
        }
    }
}
