//! Output formats shared by the reports: aligned plain-text tables, CSV and
//! JSON, plus the small formatting helpers (amounts, dates, date bounds).

use std::io::Write;

use serde_json::Value;

use crate::error::{ReportError, Result};

/// How a report is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Aligned plain-text columns for a terminal; amounts human-readable.
    #[default]
    Table,
    /// One header line, then one line per row; raw numbers.
    Csv,
    /// A JSON array of objects with stable field names (the actor report:
    /// one object); raw numbers.
    Json,
}

impl Format {
    /// `table`, `csv` or `json`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "table" => Some(Format::Table),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// One block of a terminal table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// A heading printed above the block.
    pub title: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Indexes of the columns aligned to the right (numbers).
    pub right: Vec<usize>,
}

impl Section {
    pub fn new(headers: &[&str]) -> Section {
        Section {
            title: None,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            right: Vec::new(),
        }
    }

    pub fn titled(mut self, title: impl Into<String>) -> Section {
        self.title = Some(title.into());
        self
    }

    pub fn right(mut self, cols: &[usize]) -> Section {
        self.right = cols.to_vec();
        self
    }
}

/// A table as CSV writes it: headers and rows of raw values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsvTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    pub fn new(headers: &[&str]) -> CsvTable {
        CsvTable {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }
}

/// A report that can be written in every [`Format`].
pub trait Render {
    /// The terminal view: blocks and notes printed under them.
    fn sections(&self) -> (Vec<Section>, Vec<String>);
    /// The CSV view.
    fn csv(&self) -> CsvTable;
    /// The JSON view.
    fn json(&self) -> Result<Value>;
}

/// Writes `report` to `out` in `format`.
pub fn render(report: &dyn Render, format: Format, out: &mut dyn Write) -> Result<()> {
    let io = |e| ReportError::io("standard output", e);
    match format {
        Format::Table => {
            let (sections, notes) = report.sections();
            let mut first = true;
            for s in &sections {
                if !first {
                    writeln!(out).map_err(io)?;
                }
                first = false;
                out.write_all(render_section(s).as_bytes()).map_err(io)?;
            }
            for n in notes {
                writeln!(out, "{n}").map_err(io)?;
            }
        }
        Format::Csv => {
            let t = report.csv();
            write_csv(&t, out)?;
        }
        Format::Json => {
            let v = report.json()?;
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out).map_err(io)?;
        }
    }
    out.flush().map_err(io)
}

/// Writes a CSV table (headers first).
pub fn write_csv(t: &CsvTable, out: &mut dyn Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&t.headers)?;
    for r in &t.rows {
        w.write_record(r)?;
    }
    w.flush()
        .map_err(|e| ReportError::io("standard output", e))?;
    Ok(())
}

/// Widest a table cell is shown; longer text is cut with an ellipsis.
const MAX_CELL: usize = 60;

fn cell_text(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let t = one_line.trim();
    if t.is_empty() {
        return "-".into();
    }
    if t.chars().count() > MAX_CELL {
        let mut cut: String = t.chars().take(MAX_CELL - 1).collect();
        cut.push('…');
        cut
    } else {
        t.to_string()
    }
}

/// One block as aligned plain text: a heading, the header line, a rule and
/// the rows; columns two spaces apart, widths computed from the content.
pub fn render_section(s: &Section) -> String {
    let mut out = String::new();
    if let Some(t) = &s.title {
        out.push_str(t);
        out.push('\n');
    }
    let cols = s.headers.len();
    let rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|r| {
            (0..cols)
                .map(|i| cell_text(r.get(i).map(String::as_str).unwrap_or("")))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = s.headers.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(c.chars().count());
            let last = i + 1 == cells.len();
            if i > 0 {
                l.push_str("  ");
            }
            if s.right.contains(&i) {
                l.push_str(&" ".repeat(pad));
                l.push_str(c);
            } else {
                l.push_str(c);
                if !last {
                    l.push_str(&" ".repeat(pad));
                }
            }
        }
        l.trim_end().to_string()
    };
    out.push_str(&line(&s.headers));
    out.push('\n');
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(&rule));
    out.push('\n');
    if rows.is_empty() {
        out.push_str("(none)\n");
    }
    for r in &rows {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}

/// An amount for people: "EUR 1.23 bn", "EUR 530 m", "USD 12.5 k".
pub fn human_amount(currency: &str, value: f64) -> String {
    let a = value.abs();
    let (scaled, unit, decimals) = if a >= 1e9 {
        (value / 1e9, " bn", 2)
    } else if a >= 1e6 {
        (value / 1e6, " m", 1)
    } else if a >= 1e3 {
        (value / 1e3, " k", 1)
    } else {
        (value, "", 0)
    };
    let mut n = format!("{scaled:.decimals$}");
    if n.contains('.') {
        while n.ends_with('0') {
            n.pop();
        }
        if n.ends_with('.') {
            n.pop();
        }
    }
    format!("{currency} {n}{unit}")
}

/// An optional amount for a table cell ("" when absent).
pub fn human_opt(currency: &str, value: Option<f64>) -> String {
    value.map(|v| human_amount(currency, v)).unwrap_or_default()
}

/// A raw number for CSV: integers without a fraction, "" when absent.
pub fn raw_num(v: Option<f64>) -> String {
    match v {
        None => String::new(),
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
        Some(x) => format!("{x}"),
    }
}

/// The date part of a stored date or datetime ("" when absent).
pub fn day(d: Option<&str>) -> String {
    d.map(|s| s.chars().take(10).collect()).unwrap_or_default()
}

/// Checks a `--since`/`--until` bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
/// Bounds compare as text against ISO dates, so a shorter bound covers the
/// whole year or month (`--until 2023` includes 31 December 2023).
pub fn check_date_bound(flag: &str, s: &str) -> Result<String> {
    let s = s.trim();
    let bad = || {
        ReportError::Invalid(format!(
            "{flag} {s:?}: expected a date as YYYY-MM-DD (or YYYY-MM, YYYY)"
        ))
    };
    let parts: Vec<&str> = s.split('-').collect();
    if parts.is_empty() || parts.len() > 3 {
        return Err(bad());
    }
    let widths = [4, 2, 2];
    for (p, w) in parts.iter().zip(widths) {
        if p.len() != w || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
    }
    if let Some(m) = parts.get(1) {
        let m: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&m) {
            return Err(bad());
        }
    }
    if let Some(d) = parts.get(2) {
        let d: u32 = d.parse().map_err(|_| bad())?;
        if !(1..=31).contains(&d) {
            return Err(bad());
        }
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_like_the_tracker() {
        assert_eq!(human_amount("EUR", 1.234e9), "EUR 1.23 bn");
        assert_eq!(human_amount("EUR", 530e6), "EUR 530 m");
        assert_eq!(human_amount("USD", 12_500.0), "USD 12.5 k");
        assert_eq!(human_amount("USD", 900.0), "USD 900");
        assert_eq!(human_amount("EUR", 2e9), "EUR 2 bn");
    }

    #[test]
    fn raw_numbers_keep_their_precision() {
        assert_eq!(raw_num(Some(530_000_000.0)), "530000000");
        assert_eq!(raw_num(Some(1.5)), "1.5");
        assert_eq!(raw_num(None), "");
    }

    #[test]
    fn date_bounds_are_checked() {
        assert!(check_date_bound("--since", "2023-09-28").is_ok());
        assert!(check_date_bound("--since", "2023-09").is_ok());
        assert!(check_date_bound("--since", "2023").is_ok());
        for bad in ["28/09/2023", "2023-13", "2023-09-32", "yesterday", ""] {
            assert!(check_date_bound("--since", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sections_align_and_cut_long_cells() {
        let mut s = Section::new(&["name", "n"]).right(&[1]);
        s.rows.push(vec!["a".into(), "10".into()]);
        s.rows.push(vec!["longer name".into(), "7".into()]);
        s.rows.push(vec!["x".repeat(100), "".into()]);
        let t = render_section(&s);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines[0].trim_end(),
            format!("{:<60}   n", "name").trim_end()
        );
        assert!(lines[2].ends_with("10"));
        assert!(lines[3].ends_with(" 7"));
        assert!(lines[4].contains('…'));
        assert!(lines[4].ends_with(" -"));
    }
}
