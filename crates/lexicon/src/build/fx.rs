//! Compiles the ECB reference rates (eurofxref-hist.csv: newest first,
//! `N/A` gaps, a trailing comma) into `fx.tsv.gz`: one line of dates
//! (oldest first), then one line per currency with a rate per date (empty
//! where the ECB gives none). Source: European Central Bank.

use anyhow::{bail, Context, Result};

use super::Report;

pub(crate) fn compile(csv_text: &str, report: &mut Report) -> Result<String> {
    let mut lines = csv_text.lines();
    let header = lines.next().context("eurofxref-hist.csv: empty")?;
    let cols: Vec<&str> = header
        .trim_end_matches(',')
        .split(',')
        .map(str::trim)
        .collect();
    if cols.first() != Some(&"Date") {
        bail!("eurofxref-hist.csv: first column must be Date");
    }
    let currencies = &cols[1..];
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for (i, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line
            .trim_end_matches(',')
            .split(',')
            .map(str::trim)
            .collect();
        if f.len() != cols.len() {
            bail!(
                "eurofxref-hist.csv: line {} has {} fields, expected {}",
                i + 2,
                f.len(),
                cols.len()
            );
        }
        chrono::NaiveDate::parse_from_str(f[0], "%Y-%m-%d")
            .with_context(|| format!("eurofxref-hist.csv: line {}: bad date {:?}", i + 2, f[0]))?;
        let vals = f[1..]
            .iter()
            .map(|v| {
                if *v == "N/A" || v.is_empty() {
                    Ok(String::new())
                } else if v
                    .parse::<f64>()
                    .map(|x| x > 0.0 && x.is_finite())
                    .unwrap_or(false)
                {
                    Ok(v.to_string())
                } else {
                    bail!("eurofxref-hist.csv: line {}: bad rate {v:?}", i + 2)
                }
            })
            .collect::<Result<Vec<_>>>()?;
        rows.push((f[0].to_string(), vals));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows.dedup_by(|a, b| a.0 == b.0);
    report.count("ECB business days", rows.len());

    let mut out = String::from(
        "# ECB euro foreign exchange reference rates, units per euro. Source: European Central Bank. See ATTRIBUTION.md.\n",
    );
    out.push_str("dates");
    for (d, _) in &rows {
        out.push('\t');
        out.push_str(d);
    }
    out.push('\n');
    let mut order: Vec<(usize, &str)> = currencies.iter().copied().enumerate().collect();
    order.sort_by(|a, b| a.1.cmp(b.1));
    let mut n = 0;
    for (j, code) in order {
        if rows.iter().all(|(_, v)| v[j].is_empty()) {
            continue;
        }
        n += 1;
        out.push_str(code);
        for (_, v) in &rows {
            out.push('\t');
            out.push_str(&v[j]);
        }
        out.push('\n');
    }
    report.count("ECB currencies", n);
    Ok(out)
}
