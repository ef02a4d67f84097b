//! A rep's open follow-up tasks as an iCalendar file (RFC 5545), for their own calendar.
//!
//! Written by hand (it is small): CRLF line ends, content lines folded at 75 octets without
//! splitting a UTF-8 character, TEXT values escaped (`\\`, `;`, `,`, newlines), times in UTC
//! (`…Z`), and a UID per task that never changes, so importing again updates the events
//! instead of doubling them.

use jiff::Timestamp;

use crate::UnixMs;

/// One task as a calendar event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsTask {
    pub id: String,
    pub summary: String,
    pub description: String,
    pub due_at: UnixMs,
    /// The task's last change: calendars keep the newer SEQUENCE of one UID.
    pub sequence: u32,
}

fn utc(ms: UnixMs) -> String {
    Timestamp::from_millisecond(ms).map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string()).unwrap_or_default()
}

/// TEXT value escaping (RFC 5545 §3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line folded at 75 octets (continuations start with a space), ending CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// The calendar; `now` stamps DTSTAMP.
pub fn calendar(tasks: &[IcsTask], now: UnixMs) -> String {
    let mut out = String::new();
    for line in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//LeadTrack//Follow-up//EN", "CALSCALE:GREGORIAN"] {
        fold(line, &mut out);
    }
    let stamp = utc(now);
    for t in tasks {
        fold("BEGIN:VEVENT", &mut out);
        fold(&format!("UID:task-{}@leadtrack", escape_text(&t.id)), &mut out);
        fold(&format!("DTSTAMP:{stamp}"), &mut out);
        fold(&format!("DTSTART:{}", utc(t.due_at)), &mut out);
        fold("DURATION:PT15M", &mut out);
        fold(&format!("SEQUENCE:{}", t.sequence), &mut out);
        fold(&format!("SUMMARY:{}", escape_text(&t.summary)), &mut out);
        if !t.description.is_empty() {
            fold(&format!("DESCRIPTION:{}", escape_text(&t.description)), &mut out);
        }
        for line in ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:PT0M"] {
            fold(line, &mut out);
        }
        fold(&format!("DESCRIPTION:{}", escape_text(&t.summary)), &mut out);
        fold("END:VALARM", &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A strict reader: unfolds, checks every physical line, and returns (name, value) pairs.
    fn parse(ics: &str) -> Vec<(String, String)> {
        assert!(ics.ends_with("\r\n"));
        let physical: Vec<&str> = ics[..ics.len() - 2].split("\r\n").collect();
        let mut logical: Vec<String> = Vec::new();
        for l in physical {
            assert!(!l.contains('\n') && !l.contains('\r'), "bare line break in {l:?}");
            assert!(l.len() <= 75, "{} octets: {l:?}", l.len());
            if let Some(rest) = l.strip_prefix(' ') {
                logical.last_mut().expect("continuation after a line").push_str(rest);
            } else {
                logical.push(l.to_string());
            }
        }
        logical
            .into_iter()
            .map(|l| {
                let (n, v) = l.split_once(':').expect("name:value");
                (n.to_string(), v.to_string())
            })
            .collect()
    }

    fn unescape(v: &str) -> String {
        let mut out = String::new();
        let mut it = v.chars();
        while let Some(c) = it.next() {
            if c == '\\' {
                match it.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(o) => out.push(o),
                    None => panic!("dangling backslash"),
                }
            } else {
                assert!(c != ',' && c != ';', "unescaped {c} in {v}");
                out.push(c);
            }
        }
        out
    }

    fn task() -> IcsTask {
        IcsTask {
            id: "019a-task".into(),
            summary: "Call 王伟, Acme; re: valves\\pumps".into(),
            description: "A lead (Canton Fair)\nKey needs: 5,000 units; DN50 — 需要在年底前交付大批量的不锈钢阀门和配件,请尽快报价".into(),
            due_at: 1_776_301_200_000, // 2026-04-16T01:00:00Z
            sequence: 2,
        }
    }

    #[test]
    fn a_task_becomes_an_event_with_utc_start_escaped_text_and_folded_lines() {
        let ics = calendar(&[task()], 1_776_000_000_000);
        let props = parse(&ics);
        let get = |n: &str| props.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap();
        assert_eq!(props.first().unwrap(), &("BEGIN".to_string(), "VCALENDAR".to_string()));
        assert_eq!(props.last().unwrap(), &("END".to_string(), "VCALENDAR".to_string()));
        assert_eq!(get("VERSION"), "2.0");
        assert_eq!(get("DTSTART"), "20260416T010000Z");
        assert_eq!(get("UID"), "task-019a-task@leadtrack");
        assert_eq!(unescape(&get("SUMMARY")), task().summary);
        assert_eq!(unescape(&get("DESCRIPTION")), task().description);
        assert!(ics.split("\r\n").any(|l| l.starts_with(' ')), "the long description was folded");
    }

    #[test]
    fn the_uid_is_stable_across_exports_so_a_reimport_updates_the_event() {
        let a = parse(&calendar(&[task()], 1));
        let b = parse(&calendar(&[IcsTask { due_at: 2_000_000_000_000, ..task() }], 2));
        let uid = |p: &[(String, String)]| p.iter().find(|(k, _)| k == "UID").unwrap().1.clone();
        assert_eq!(uid(&a), uid(&b));
    }

    #[test]
    fn folding_never_splits_a_utf8_character() {
        let long = IcsTask { summary: "展".repeat(100), ..task() };
        let ics = calendar(&[long], 0);
        // Every physical line is valid UTF-8 on its own (a split character would not be).
        for l in ics.as_bytes().split(|&b| b == b'\n') {
            assert!(std::str::from_utf8(l).is_ok());
        }
        let props = parse(&ics);
        assert_eq!(props.iter().find(|(k, _)| k == "SUMMARY").unwrap().1, "展".repeat(100));
    }
}
