//! HTTP `Range: bytes=…` for the webview's content protocol: a video seeks by asking for a
//! slice, and a large file is answered in slices of at most `cap` bytes (a `206` may be shorter
//! than asked; the player asks again from where it ends).

/// What to send for a request's `Range` header against a file of `len` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// No (usable) range: the whole file, `200`.
    Whole,
    /// `206` with bytes `start..=end`.
    Part { start: u64, end: u64 },
    /// `416`: the range starts past the end.
    Unsatisfiable,
}

/// Understands one range (`a-b`, `a-`, `-n`); several ranges or a malformed header mean the
/// whole file, as RFC 9110 allows.
pub fn byte_range(header: Option<&str>, len: u64, cap: u64) -> ByteRange {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else { return ByteRange::Whole };
    if spec.contains(',') {
        return ByteRange::Whole;
    }
    let Some((a, b)) = spec.split_once('-') else { return ByteRange::Whole };
    let (a, b) = (a.trim(), b.trim());
    let (start, end) = match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(start), Ok(end)) if end >= start => (start, end.min(len.saturating_sub(1))),
        (Ok(start), Err(_)) if b.is_empty() => (start, len.saturating_sub(1)),
        (Err(_), Ok(suffix)) if a.is_empty() && suffix > 0 => (len.saturating_sub(suffix), len.saturating_sub(1)),
        _ => return ByteRange::Whole,
    };
    if start >= len {
        return ByteRange::Unsatisfiable;
    }
    ByteRange::Part { start, end: end.min(start + cap.max(1) - 1) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ByteRange::*;

    #[test]
    fn ranges_are_read_as_rfc_9110_says_and_capped() {
        let cases: &[(Option<&str>, ByteRange)] = &[
            (None, Whole),
            (Some("bytes=0-"), Part { start: 0, end: 99 }),
            (Some("bytes=10-19"), Part { start: 10, end: 19 }),
            (Some("bytes=90-500"), Part { start: 90, end: 99 }),
            (Some("bytes=-10"), Part { start: 90, end: 99 }),
            (Some("bytes=-500"), Part { start: 0, end: 99 }),
            (Some("bytes=100-"), Unsatisfiable),
            (Some("bytes=5-1"), Whole),
            (Some("bytes=0-1,5-6"), Whole),
            (Some("items=0-1"), Whole),
            (Some("bytes=x-"), Whole),
        ];
        for (header, expected) in cases {
            assert_eq!(byte_range(*header, 100, 1000), *expected, "{header:?}");
        }
        assert_eq!(byte_range(Some("bytes=0-"), 100, 30), Part { start: 0, end: 29 });
        assert_eq!(byte_range(Some("bytes=50-"), 100, 30), Part { start: 50, end: 79 });
    }
}
