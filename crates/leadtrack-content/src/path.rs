//! The one rule for a path inside a pack, applied to manifest entries, folder files and every
//! zip entry alike: relative, forward slashes, no way out of the pack's folder.

use crate::ContentError;

/// Accepts `brochures/en/catalogue.pdf`; refuses anything that could name a file outside the
/// pack on any OS the app runs on: `..`, `.` and empty segments, a leading `/`, backslashes
/// (a separator on Windows), `:` (drive letters such as `C:`, NTFS streams), control
/// characters, and names longer than 255 bytes.
pub fn check_path(path: &str) -> Result<(), ContentError> {
    let bad = |why: &'static str| Err(ContentError::UnsafePath { path: path.escape_debug().to_string(), why });
    if path.is_empty() {
        return bad("it is empty");
    }
    if path.len() > 255 {
        return bad("it is longer than 255 bytes");
    }
    if path.starts_with('/') {
        return bad("it is absolute");
    }
    if path.contains('\\') {
        return bad("it contains a backslash");
    }
    if path.contains(':') {
        return bad("it contains a colon (a drive letter?)");
    }
    if path.chars().any(char::is_control) {
        return bad("it contains a control character");
    }
    for segment in path.split('/') {
        match segment {
            "" => return bad("it has an empty segment"),
            "." | ".." => return bad("it has a '.' or '..' segment"),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_relative_paths_are_accepted() {
        for ok in ["a.pdf", "brochures/en/catalogue.pdf", "图片/展台.png", "فارسی/صفحه.md", "a..b.pdf", ".hidden"]
        {
            assert!(check_path(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn paths_that_could_leave_the_pack_are_refused() {
        for hostile in [
            "",
            "../etc/passwd",
            "a/../../b",
            "a/./b",
            "/etc/passwd",
            "C:/Windows/win.ini",
            "C:evil",
            "..\\evil.exe",
            "a\\b",
            "a//b",
            "a/",
            "a\0b",
            "a\nb",
            "file.txt:stream",
        ] {
            assert!(matches!(check_path(hostile), Err(ContentError::UnsafePath { .. })), "{hostile:?} was accepted");
        }
        assert!(check_path(&"a".repeat(256)).is_err());
    }
}
