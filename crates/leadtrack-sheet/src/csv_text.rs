//! CSV: decode the bytes to text whatever the encoding, find the delimiter, split into rows.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::{assemble, Error, Format, Result, Sheet};

/// Delimiters organisers' exports use; the one that splits the first lines most evenly wins.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

pub(crate) fn read(bytes: &[u8]) -> Result<Sheet> {
    let (text, encoding) = decode(bytes)?;
    // One line ending, so the row numbers below count lines the way an editor does.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let delimiter = sniff(&text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut lines = LineCounter { text: text.as_bytes(), at: 0, line: 1 };
    let rows = reader.records().map(move |record| {
        let record = record.map_err(|e| Error::Csv {
            row: e.position().map_or(0, |p| lines.line_at(p.byte() as usize)),
            message: e.to_string(),
        })?;
        let number = record.position().map_or(0, |p| lines.line_at(p.byte() as usize));
        Ok((number, record.iter().map(str::to_string).collect()))
    });
    assemble(Format::Csv, encoding.name().to_string(), rows)
}

/// The text and the encoding it was read in: a BOM decides; then UTF-8 if the bytes are valid
/// UTF-8; otherwise the legacy encoding the bytes look most like (GBK and Windows-1252 are the
/// common ones in organisers' exports).
fn decode(bytes: &[u8]) -> Result<(String, &'static Encoding)> {
    if bytes.iter().all(|b| *b == 0) && !bytes.is_empty() {
        return Err(Error::NotASpreadsheet);
    }
    let encoding = match Encoding::for_bom(bytes) {
        Some((enc, _)) => enc,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => looks_like_utf16(bytes).unwrap_or_else(|| {
            let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Deny)
        }),
    };
    let (text, _, _) = encoding.decode(bytes);
    // Binary that happens to decode (an image renamed .csv) is full of NULs and controls.
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')).count();
    if controls * 20 > text.chars().count().max(1) {
        return Err(Error::NotASpreadsheet);
    }
    Ok((text.into_owned(), encoding))
}

/// UTF-16 without a BOM: every other byte of ASCII text is zero.
fn looks_like_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(400) & !1];
    if sample.len() < 4 {
        return None;
    }
    let zeros_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
    let half = sample.len() / 2;
    match (zeros_at(0) * 10 > half * 8, zeros_at(1) * 10 > half * 8) {
        (false, true) => Some(UTF_16LE),
        (true, false) => Some(UTF_16BE),
        _ => None,
    }
}

/// Picks the delimiter from the first non-blank lines: it must appear on the header line, and
/// the winner is the one whose count per line varies least (ties: the most frequent).
/// Quoted text is skipped so `"Acme, Inc."` does not vote for the comma.
fn sniff(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    let Some(header) = lines.first() else { return b',' };
    let mut best = (b',', usize::MAX, 0usize);
    for d in DELIMITERS {
        let counts: Vec<usize> = lines.iter().map(|l| count_unquoted(l, d)).collect();
        let first = counts[0];
        if first == 0 || count_unquoted(header, d) == 0 {
            continue;
        }
        let uneven = counts.iter().filter(|&&c| c != first).count();
        if uneven < best.1 || (uneven == best.1 && first > best.2) {
            best = (d, uneven, first);
        }
    }
    best.0
}

fn count_unquoted(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            n += 1;
        }
    }
    n
}

/// The line a record starts on. The csv crate's own line numbers skip blank lines, and its
/// byte offset points at the blank lines before a record, so both are corrected here.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn line_at(&mut self, mut byte: usize) -> usize {
        while self.text.get(byte) == Some(&b'\n') {
            byte += 1;
        }
        if byte >= self.at {
            self.line += self.text[self.at..byte.min(self.text.len())].iter().filter(|b| **b == b'\n').count();
            self.at = byte.min(self.text.len());
        }
        self.line
    }
}
