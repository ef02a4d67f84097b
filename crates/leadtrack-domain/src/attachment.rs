//! Photos (business card, person, drawings) and voice memos attached to a lead.
//!
//! The file's first bytes must match the type it claims, so a renamed or broken file gets a
//! clear message at the booth instead of an image that never shows.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::{FieldError, ValidationErrors};

/// Largest attachment kept: a phone photo or a few minutes of voice.
pub const MAX_BYTES: usize = 25 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    Card,
    Person,
    Drawing,
    Voice,
}

impl AttachmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentKind::Card => "card",
            AttachmentKind::Person => "person",
            AttachmentKind::Drawing => "drawing",
            AttachmentKind::Voice => "voice",
        }
    }

    pub fn parse(s: &str) -> Option<AttachmentKind> {
        [AttachmentKind::Card, AttachmentKind::Person, AttachmentKind::Drawing, AttachmentKind::Voice]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Attachment {
    pub id: String,
    pub lead_id: String,
    pub kind: AttachmentKind,
    pub mime: String,
    /// Hex SHA-256 of the bytes: also the file's name in the attachment folder.
    pub sha256: String,
    #[ts(type = "number")]
    pub bytes: i64,
    #[ts(type = "number")]
    pub created_at: i64,
}

/// The types we keep, with the magic bytes that identify each.
fn sniff(data: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| data.starts_with(magic);
    let at = |offset: usize, magic: &[u8]| data.get(offset..offset + magic.len()) == Some(magic);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if starts(b"RIFF") && at(8, b"WEBP") {
        Some("image/webp")
    } else if starts(b"RIFF") && at(8, b"WAVE") {
        Some("audio/wav")
    } else if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some("audio/webm")
    } else if starts(b"OggS") {
        Some("audio/ogg")
    } else if at(4, b"ftyp") && !["heic", "heix", "mif1", "avif"].iter().any(|b| at(8, b.as_bytes())) {
        Some("audio/mp4") // an ISO media file that is not a HEIF/AVIF still image
    } else {
        None
    }
}

/// Checks an attachment before anything is written, and returns the type its bytes really
/// are (a browser may report `video/webm` for a voice recording; the bytes decide).
pub fn check(kind: AttachmentKind, data: &[u8]) -> Result<&'static str, ValidationErrors> {
    let fail = |code: &str, message: &str| {
        Err(ValidationErrors { fields: vec![FieldError::new("attachment", code, message)] })
    };
    if data.is_empty() {
        return fail("empty_file", "The file is empty.");
    }
    if data.len() > MAX_BYTES {
        return fail("file_too_large", &format!("The file is larger than {} MB.", MAX_BYTES / (1024 * 1024)));
    }
    let Some(mime) = sniff(data) else {
        return fail(
            "unsupported_file",
            "This file is not a JPEG, PNG or WebP photo or a WebM, Ogg, MP4 or WAV recording.",
        );
    };
    let is_audio = mime.starts_with("audio/");
    match (kind == AttachmentKind::Voice, is_audio) {
        (true, false) => fail("not_audio", "A voice memo must be a sound recording."),
        (false, true) => fail("not_image", "A photo must be an image."),
        _ => Ok(mime),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_their_bytes_not_their_names() {
        let png = b"\x89PNG\r\n\x1a\n rest".to_vec();
        assert_eq!(check(AttachmentKind::Card, &png), Ok("image/png"));
        assert_eq!(check(AttachmentKind::Person, &[0xFF, 0xD8, 0xFF, 0xE0]), Ok("image/jpeg"));
        assert_eq!(check(AttachmentKind::Voice, &[0x1A, 0x45, 0xDF, 0xA3, 1]), Ok("audio/webm"));
        let code = |r: Result<&str, ValidationErrors>| r.unwrap_err().fields[0].code.clone();
        assert_eq!(code(check(AttachmentKind::Card, b"")), "empty_file");
        assert_eq!(code(check(AttachmentKind::Card, b"<svg onload=alert(1)>")), "unsupported_file");
        assert_eq!(code(check(AttachmentKind::Voice, &png)), "not_audio");
        assert_eq!(code(check(AttachmentKind::Drawing, b"OggS....")), "not_image");
        assert_eq!(code(check(AttachmentKind::Card, &vec![0xFF; MAX_BYTES + 1])), "file_too_large");
    }
}
