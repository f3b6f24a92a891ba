//! ECB euro reference rates (Source: European Central Bank): the rate of a
//! currency on a date, and conversions between currencies through the euro.
//!
//! Rules, following guidelines §5: the rate used for a date is the one of
//! the latest ECB business day on or before it that has a value for the
//! currency (weekends and holidays fall back to the previous business day;
//! a currency the ECB stopped quoting keeps its last value, whose date the
//! [`Rate`] reports). Dates before the first ECB fixing (1999-01-04) have
//! no rate. Dates after the last day in the compiled file use the last
//! available rate: callers can see how stale it is through `rate_date`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;

/// The compiled rates embedded in the binary.
static EMBEDDED: &[u8] = include_bytes!("../data/fx.tsv.gz");

/// The file name of the compiled rates.
pub const FX_FILE: &str = "fx.tsv.gz";

/// A reference rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Units of the currency per euro (USD 1.0539 on 2023-09-28).
    pub per_eur: f64,
    /// The ECB business day the rate is from.
    pub date: NaiveDate,
}

/// An amount converted between currencies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conversion {
    /// The amount in the target currency.
    pub value: f64,
    /// The ECB business day of the rates used (the later of the two when
    /// they differ).
    pub rate_date: NaiveDate,
}

/// The ECB reference-rate table.
#[derive(Debug, Clone)]
pub struct Fx {
    dates: Vec<NaiveDate>,
    /// Per currency, one value per date; NaN where the ECB gives none.
    rates: HashMap<String, Vec<f64>>,
}

impl Fx {
    /// The embedded table, parsed once on first use.
    pub fn get() -> &'static Fx {
        static FX: OnceLock<Fx> = OnceLock::new();
        FX.get_or_init(|| {
            Fx::from_bytes(EMBEDDED, FX_FILE)
                .expect("embedded fx table is valid (checked by tests)")
        })
    }

    /// Loads `fx.tsv.gz` from a directory of compiled files.
    pub fn from_dir(dir: &Path) -> Result<Fx> {
        let path = dir.join(FX_FILE);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        Fx::from_bytes(&bytes, &path.display().to_string())
    }

    /// Parses the gzip-compressed table; `name` names it in errors.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Fx> {
        let text = crate::util::gz_decode(bytes, name)?;
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        let head = lines
            .next()
            .with_context(|| format!("{name}: empty file"))?;
        let mut f = head.split('\t');
        if f.next() != Some("dates") {
            bail!("{name}: first data line must start with \"dates\"");
        }
        let dates = f
            .map(|d| {
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .with_context(|| format!("{name}: bad date {d:?}"))
            })
            .collect::<Result<Vec<_>>>()?;
        if dates.is_empty() || dates.windows(2).any(|w| w[0] >= w[1]) {
            bail!("{name}: dates must be non-empty and strictly increasing");
        }
        let mut rates = HashMap::new();
        for (i, line) in lines.enumerate() {
            let mut f = line.split('\t');
            let code = f.next().unwrap_or_default().to_string();
            let vals = f
                .map(|v| {
                    if v.is_empty() {
                        Ok(f64::NAN)
                    } else {
                        v.parse::<f64>()
                            .ok()
                            .filter(|x| x.is_finite() && *x > 0.0)
                            .with_context(|| format!("{name}: bad rate {v:?} for {code}"))
                    }
                })
                .collect::<Result<Vec<_>>>()?;
            if vals.len() != dates.len() || code.len() != 3 {
                bail!(
                    "{name}: line {} ({code:?}) has {} rates for {} dates",
                    i + 2,
                    vals.len(),
                    dates.len()
                );
            }
            rates.insert(code, vals);
        }
        Ok(Fx { dates, rates })
    }

    /// The first and last ECB business days in the table.
    pub fn date_range(&self) -> (NaiveDate, NaiveDate) {
        (self.dates[0], self.dates[self.dates.len() - 1])
    }

    /// The currencies with rates (EUR included), sorted.
    pub fn currencies(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.rates.keys().map(String::as_str).collect();
        v.push("EUR");
        v.sort_unstable();
        v
    }

    /// The rate of `currency` (ISO 4217, case-insensitive) per euro on the
    /// latest business day on or before `date` that has one. EUR is 1.0,
    /// dated the latest ECB business day on or before `date`. `None` for an
    /// unknown currency or a date before 1999-01-04.
    pub fn rate(&self, currency: &str, date: NaiveDate) -> Option<Rate> {
        let n = self.dates.partition_point(|d| *d <= date);
        if n == 0 {
            return None;
        }
        let idx = n - 1;
        let code = currency.trim().to_ascii_uppercase();
        if code == "EUR" {
            return Some(Rate {
                per_eur: 1.0,
                date: self.dates[idx],
            });
        }
        let col = self.rates.get(&code)?;
        (0..=idx).rev().find(|&i| !col[i].is_nan()).map(|i| Rate {
            per_eur: col[i],
            date: self.dates[i],
        })
    }

    /// Converts `amount` from one currency to another through the euro with
    /// the rates of [`Fx::rate`] for `date`. `rate_date` is the later of the
    /// two ECB days used.
    pub fn convert(
        &self,
        amount: f64,
        from: &str,
        to: &str,
        date: NaiveDate,
    ) -> Option<Conversion> {
        let rf = self.rate(from, date)?;
        let rt = self.rate(to, date)?;
        Some(Conversion {
            value: amount / rf.per_eur * rt.per_eur,
            rate_date: rf.date.max(rt.date),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn usd_on_seed_date() {
        let fx = Fx::get();
        let r = fx.rate("USD", d("2023-09-28")).unwrap();
        assert_eq!(r.per_eur, 1.0539);
        assert_eq!(r.date, d("2023-09-28"));
        let c = fx.convert(530e6, "EUR", "USD", d("2023-09-28")).unwrap();
        assert!((c.value - 558.567e6).abs() < 1e3, "{}", c.value);
        assert_eq!(c.rate_date, d("2023-09-28"));
        // About $560 million, as the article says.
        assert!((c.value / 1e6 - 560.0).abs() < 2.0);
    }

    #[test]
    fn weekend_falls_back_to_friday() {
        let fx = Fx::get();
        // 2023-09-30 is a Saturday, 2023-10-01 a Sunday.
        for day in ["2023-09-30", "2023-10-01"] {
            let r = fx.rate("USD", d(day)).unwrap();
            assert_eq!(r.date, d("2023-09-29"));
            assert_eq!(fx.rate("EUR", d(day)).unwrap().date, d("2023-09-29"));
            let c = fx.convert(100.0, "GBP", "USD", d(day)).unwrap();
            assert_eq!(c.rate_date, d("2023-09-29"));
        }
    }

    #[test]
    fn edges() {
        let fx = Fx::get();
        assert!(fx.rate("USD", d("1998-12-31")).is_none());
        assert!(fx.convert(1.0, "EUR", "USD", d("1999-01-03")).is_none());
        assert!(fx.rate("USD", d("1999-01-04")).is_some());
        assert!(fx.rate("XYZ", d("2020-01-01")).is_none());
        let (_, last) = fx.date_range();
        let far = d("2100-01-01");
        assert_eq!(fx.rate("USD", far).unwrap().date, last);
        // Same currency: identity, dated like EUR.
        let c = fx.convert(5.0, "usd", "USD", d("2023-09-28")).unwrap();
        assert!((c.value - 5.0).abs() < 1e-9);
        // RUB stopped in 2022: the last value is kept, with its date.
        let r = fx.rate("RUB", d("2023-09-28")).unwrap();
        assert!(r.date < d("2022-12-31"));
    }

    #[test]
    fn corrupt_file_is_named() {
        let err = Fx::from_bytes(b"not gzip", "fx.tsv.gz").unwrap_err();
        assert!(format!("{err:#}").contains("fx.tsv.gz"));
    }
}
