//! A full name as one field → given and family name, as CRMs import them.
//!
//! LeadTrack keeps the name the way the rep or the badge wrote it. CRMs want two fields, so
//! the split has to be a guess, and a guess that keeps every character: given + family always
//! spell the whole name again. The rules, in order:
//! - `Family, Given` (a comma) is the badge's own split, unless a suffix follows it (`, PhD`).
//! - `约翰·史密斯` (a middle dot) is a Western name in East Asian script: given name first.
//! - Words separated by spaces: in Han, Hangul or Kana script the family name comes first
//!   (`王 伟`); otherwise it is the last word (`Jane van der Berg` keeps `van der` with Jane —
//!   particles cannot be told from middle names without a dictionary).
//! - One run of Han/Hangul/Kana with no space (`王伟`, `欧阳娜娜`, `김민수`): the family name is
//!   the known two-character surname at its start, else its first character; four characters
//!   with no known compound surname split 2 + 2 (Japanese `山田太郎`, joined double surnames).
//! - One word in any other script: a given name only.

/// Two-character family names common enough to matter (Chinese compound surnames, Korean
/// two-syllable ones).
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "尉迟", "尉遲", "公孙", "公孫",
    "慕容", "长孙", "長孫", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "獨孤", "南宫", "南宮", "西门", "西門",
    "轩辕", "軒轅", "呼延", "澹台", "公冶", "太史", "申屠", "闻人", "聞人", "万俟", "萬俟", "钟离", "鍾離", "宗政",
    "濮阳", "濮陽", "淳于", "单于", "單于", "赫连", "赫連", "第五", "남궁", "황보", "제갈", "선우", "독고", "사공",
    "서문", "동방",
];

/// What follows a comma in `Jane Doe, PhD`: not a given name.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq"];

/// `(given, family)`; either may be empty.
pub fn split_name(full: &str) -> (String, String) {
    let full = full.trim();
    if let Some((family, given)) = full.split_once(',') {
        let (family, given) = (family.trim(), given.trim());
        let suffix = SUFFIXES.iter().any(|s| given.trim_end_matches('.').eq_ignore_ascii_case(s));
        if !family.is_empty() && !given.is_empty() && !suffix {
            return (given.to_string(), family.to_string());
        }
    }
    // A Western name written in Chinese or Japanese script keeps its order, dot-separated.
    if let Some((given, family)) = full.rsplit_once(['·', '・']) {
        if !given.trim().is_empty() && !family.trim().is_empty() {
            return (given.trim().to_string(), family.trim().to_string());
        }
    }
    let words: Vec<&str> = full.split_whitespace().collect();
    match words.as_slice() {
        [] => (String::new(), String::new()),
        [one] if one.chars().all(is_east_asian) => split_east_asian(one),
        [one] => (one.to_string(), String::new()),
        [first, rest @ ..] if first.chars().all(is_east_asian) => (rest.join(" "), first.to_string()),
        [init @ .., last] => (init.join(" "), last.to_string()),
    }
}

fn split_east_asian(name: &str) -> (String, String) {
    let chars: Vec<char> = name.chars().collect();
    let family_len = match chars.len() {
        0 | 1 => return (String::new(), name.to_string()),
        n if n >= 3 && COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s)) => 2,
        4 => 2,
        _ => 1,
    };
    let family: String = chars[..family_len].iter().collect();
    let given: String = chars[family_len..].iter().collect();
    (given, family)
}

/// Scripts whose names put the family name first and are written without a space.
fn is_east_asian(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{20000}'..='\u{2EBEF}') // CJK extensions B–F
}
