//! Unix milliseconds as ISO 8601 UTC text, without a date library for one conversion.

/// `1767225600000` → `2026-01-01T00:00:00Z`. Seconds precision: CRMs and spreadsheets parse
/// that form, and a capture time is not meaningful to the millisecond.
pub fn iso_utc(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// `1767225600000` → `2026-01-01`: the UTC date alone (handouts, reports).
pub fn iso_date(unix_ms: i64) -> String {
    let (y, m, d) = civil_from_days(unix_ms.div_euclid(86_400_000));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn unix_ms_become_utc_calendar_dates() {
        for (ms, date) in [
            (0, "1970-01-01"),
            (951_782_400_000, "2000-02-29"),
            (1_795_392_000_000, "2026-11-23"),
            (-1, "1969-12-31"),
            (-86_400_000, "1969-12-31"),
        ] {
            assert_eq!(super::iso_date(ms), date);
        }
        assert_eq!(super::iso_utc(1_767_225_600_000), "2026-01-01T00:00:00Z");
    }
}
