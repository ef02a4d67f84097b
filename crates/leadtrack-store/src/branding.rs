//! Branding: the company name, two colours and the logo that handouts print (issue 6).
//!
//! One setting for the whole app; managers and marketing change it (the pricebook rule) and
//! each change is audit-logged. The logo is checked here — PNG or JPEG, at most
//! [`MAX_LOGO_BYTES`] and [`MAX_LOGO_SIDE`] pixels a side, and it must decode — so a broken
//! file is refused when it is chosen, not when a rep prints a handout at the booth. It is
//! stored as given; the PDF scales it down when it embeds it.

use std::io::Cursor;

use leadtrack_domain::{AuditAction, FieldError, ValidationErrors};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::access::audit;
use crate::export::ReadOnlyStore;
use crate::quotes::require_editor;
use crate::{now_ms, Error, Result, Store};

/// Largest logo file kept (1 MiB).
pub const MAX_LOGO_BYTES: usize = 1 << 20;
/// Largest logo width or height, in pixels.
pub const MAX_LOGO_SIDE: u32 = 2000;
/// Longest company name kept.
pub const MAX_COMPANY_NAME: usize = 120;

/// A checked logo file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// `image/png` or `image/jpeg`.
    pub mime: String,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// What a manager saves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrandingInput {
    pub company_name: String,
    /// `#rrggbb` (upper case accepted; stored lower case).
    pub primary_color: String,
    pub accent_color: String,
    /// The whole logo file; `None` removes the logo.
    pub logo: Option<Vec<u8>>,
}

/// The saved branding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branding {
    pub company_name: String,
    /// `#rrggbb`, lower case.
    pub primary_color: String,
    pub accent_color: String,
    pub logo: Option<Logo>,
    pub updated_at: i64,
    /// Who saved it ("" when unknown).
    pub updated_by: String,
}

impl Branding {
    /// The primary colour as sRGB bytes.
    pub fn primary_rgb(&self) -> [u8; 3] {
        parse_color(&self.primary_color).unwrap_or([0, 0, 0])
    }

    /// The accent colour as sRGB bytes.
    pub fn accent_rgb(&self) -> [u8; 3] {
        parse_color(&self.accent_color).unwrap_or([0, 0, 0])
    }
}

fn invalid(field: &str, code: &str, message: &str) -> FieldError {
    FieldError::new(field, code, message)
}

/// `#rrggbb` (either case) as sRGB bytes; anything else is `None`.
pub fn parse_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// Checks a logo file: PNG or JPEG, at most 1 MiB and 2000 × 2000 px, and decodable. The
/// size is read from the header before decoding, so a tiny file claiming huge dimensions is
/// refused without allocating them.
pub fn check_logo(bytes: &[u8]) -> std::result::Result<Logo, FieldError> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(invalid(
            "logo",
            "too_large",
            &format!("The logo is {} KiB; at most 1024 KiB (1 MiB) is accepted.", bytes.len().div_ceil(1024)),
        ));
    }
    let mime = match image::guess_format(bytes) {
        Ok(image::ImageFormat::Png) => "image/png",
        Ok(image::ImageFormat::Jpeg) => "image/jpeg",
        _ => return Err(invalid("logo", "unsupported_format", "The logo must be a PNG or JPEG image.")),
    };
    let corrupt = |e: image::ImageError| {
        invalid("logo", "corrupt", &format!("The logo file is damaged and cannot be read ({e})."))
    };
    let reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| corrupt(e.into()))?;
    let (width, height) = reader.into_dimensions().map_err(corrupt)?;
    if width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE {
        return Err(invalid(
            "logo",
            "too_many_pixels",
            &format!("The logo is {width} × {height} pixels; at most {MAX_LOGO_SIDE} × {MAX_LOGO_SIDE} is accepted."),
        ));
    }
    image::load_from_memory(bytes).map_err(corrupt)?;
    Ok(Logo { mime: mime.into(), bytes: bytes.to_vec(), width, height })
}

/// Every problem with `input`, or the values to store (trimmed name, lower-case colours, the
/// checked logo).
fn check(input: &BrandingInput) -> Result<(String, String, String, Option<Logo>)> {
    let mut errors = Vec::new();
    let name = input.company_name.trim().to_string();
    if name.chars().count() > MAX_COMPANY_NAME {
        errors.push(invalid("company_name", "too_long", "The company name is too long (at most 120 characters)."));
    }
    let mut color = |field: &str, text: &str| {
        let text = text.trim().to_ascii_lowercase();
        if parse_color(&text).is_none() {
            errors.push(invalid(field, "invalid_color", "A colour is written #rrggbb, for example #1c64b4."));
        }
        text
    };
    let primary = color("primary_color", &input.primary_color);
    let accent = color("accent_color", &input.accent_color);
    let logo = match &input.logo {
        Some(bytes) => match check_logo(bytes) {
            Ok(l) => Some(l),
            Err(e) => {
                errors.push(e);
                None
            }
        },
        None => None,
    };
    ValidationErrors::result(errors)?;
    Ok((name, primary, accent, logo))
}

fn get(c: &Connection) -> Result<Option<Branding>> {
    let row = c
        .prepare_cached(
            "SELECT b.company_name, b.primary_color, b.accent_color, b.logo, b.logo_mime, b.updated_at,
                    COALESCE(u.name, '')
             FROM branding b LEFT JOIN users u ON u.id = b.updated_by WHERE b.id = 1",
        )?
        .query_row([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<Vec<u8>>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
            ))
        })
        .optional()?;
    Ok(row.map(|(company_name, primary_color, accent_color, logo, mime, updated_at, updated_by)| {
        let logo = logo.zip(mime).map(|(bytes, mime)| {
            // Checked when saved; the size is only for display, so a header that no longer reads is 0 × 0.
            let (width, height) = image::ImageReader::new(Cursor::new(&bytes))
                .with_guessed_format()
                .ok()
                .and_then(|r| r.into_dimensions().ok())
                .unwrap_or((0, 0));
            Logo { mime, bytes, width, height }
        });
        Branding { company_name, primary_color, accent_color, logo, updated_at, updated_by }
    }))
}

impl Store {
    /// The saved branding, `None` until someone sets it.
    pub fn branding(&self) -> Result<Option<Branding>> {
        self.read(get)
    }

    /// Replaces the branding. Managers and marketing only; audit-logged (without the logo's
    /// bytes: its type, size and pixels).
    pub fn set_branding(&self, input: BrandingInput, author: &str) -> Result<Branding> {
        let (name, primary, accent, logo) = check(&input)?;
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            require_editor(&tx, author)?;
            tx.execute(
                "INSERT INTO branding (id, company_name, primary_color, accent_color, logo, logo_mime, updated_at, updated_by)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET company_name = excluded.company_name,
                     primary_color = excluded.primary_color, accent_color = excluded.accent_color,
                     logo = excluded.logo, logo_mime = excluded.logo_mime,
                     updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                params![
                    name,
                    primary,
                    accent,
                    logo.as_ref().map(|l| l.bytes.as_slice()),
                    logo.as_ref().map(|l| l.mime.as_str()),
                    now_ms(),
                    author
                ],
            )?;
            let detail = serde_json::json!({
                "branding": {
                    "company_name": name,
                    "primary_color": primary,
                    "accent_color": accent,
                    "logo": logo.as_ref().map(|l| serde_json::json!({
                        "mime": l.mime, "bytes": l.bytes.len(), "width": l.width, "height": l.height
                    })),
                }
            });
            audit(&tx, Some(author), AuditAction::Edited, None, detail)?;
            let saved = get(&tx)?.ok_or_else(|| Error::NotFound { what: "branding", id: "1".into() })?;
            tx.commit()?;
            Ok(saved)
        })
    }
}

impl ReadOnlyStore {
    /// See `Store::branding`.
    pub fn branding(&self) -> Result<Option<Branding>> {
        get(&self.conn)
    }
}

#[cfg(test)]
mod tests {
    use leadtrack_domain::{AuditQuery, Role, Viewer};

    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([(x % 256) as u8, 0x40, 0x80, 255]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    /// The PNG chunk checksum (CRC-32, ISO 3309), so a rewritten header still reads.
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    fn input(logo: Option<Vec<u8>>) -> BrandingInput {
        BrandingInput {
            company_name: "  Acme Packaging GmbH ".into(),
            primary_color: "#0B5CAD".into(),
            accent_color: "#e8590c".into(),
            logo,
        }
    }

    fn codes(e: Error) -> Vec<(String, String)> {
        match e {
            Error::Invalid(v) => v.fields.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn a_manager_saves_branding_and_it_reads_back_normalised_with_its_logo() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.branding().unwrap(), None);
        let mina = store.create_user("Mina", "", Role::Manager).unwrap();
        let logo = png(300, 100);
        let saved = store.set_branding(input(Some(logo.clone())), &mina.id).unwrap();
        assert_eq!(saved.company_name, "Acme Packaging GmbH");
        assert_eq!((saved.primary_color.as_str(), saved.accent_color.as_str()), ("#0b5cad", "#e8590c"));
        assert_eq!(saved.primary_rgb(), [0x0b, 0x5c, 0xad]);
        assert_eq!(saved.updated_by, "Mina");
        let read = store.branding().unwrap().unwrap();
        let l = read.logo.unwrap();
        assert_eq!((l.mime.as_str(), l.width, l.height, l.bytes), ("image/png", 300, 100, logo));

        // Saving without a logo removes it.
        store.set_branding(input(None), &mina.id).unwrap();
        assert_eq!(store.branding().unwrap().unwrap().logo, None);
    }

    #[test]
    fn marketing_may_change_branding_but_a_rep_may_not() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let rosa = store.create_user("Rosa", "", Role::Rep).unwrap();
        let mo = store.create_user("Mo", "", Role::Marketing).unwrap();
        let refused = store.set_branding(input(None), &rosa.id).unwrap_err();
        assert_eq!(codes(refused), vec![("role".to_string(), "forbidden".to_string())]);
        assert_eq!(store.branding().unwrap(), None);
        store.set_branding(input(None), &mo.id).unwrap();
        assert_eq!(store.branding().unwrap().unwrap().updated_by, "Mo");
    }

    #[test]
    fn a_branding_change_is_in_the_audit_log_without_the_logo_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mina = store.create_user("Mina", "", Role::Manager).unwrap();
        store.set_branding(input(Some(png(40, 20))), &mina.id).unwrap();
        let viewer = Viewer { user_id: mina.id.clone(), role: Role::Manager };
        let log = store.audit_log(&viewer, &AuditQuery::default()).unwrap();
        let entry = log.iter().find(|e| e.detail.get("branding").is_some()).expect("a branding audit row");
        assert_eq!(entry.action, AuditAction::Edited);
        assert_eq!(entry.user_id.as_deref(), Some(mina.id.as_str()));
        assert_eq!(entry.detail["branding"]["logo"]["width"], 40);
        assert_eq!(entry.detail["branding"]["primary_color"], "#0b5cad");
        assert!(entry.detail.to_string().len() < 500, "{}", entry.detail);
    }

    #[test]
    fn colours_that_are_not_rrggbb_are_refused_field_by_field() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mina = store.create_user("Mina", "", Role::Manager).unwrap();
        for bad in ["0b5cad", "#0b5ca", "#0b5cadd", "#gg0000", "blue", "", "#0b 5ca"] {
            let e =
                store.set_branding(BrandingInput { accent_color: bad.into(), ..input(None) }, &mina.id).unwrap_err();
            assert_eq!(codes(e), vec![("accent_color".to_string(), "invalid_color".to_string())], "{bad:?}");
        }
        let e = store
            .set_branding(
                BrandingInput { primary_color: "red".into(), accent_color: "#12".into(), ..input(None) },
                &mina.id,
            )
            .unwrap_err();
        assert_eq!(codes(e).len(), 2);
        assert_eq!(store.branding().unwrap(), None);
    }

    #[test]
    fn a_logo_that_is_corrupt_too_big_or_not_png_or_jpeg_is_refused_with_its_reason() {
        let good = png(64, 32);
        let mut truncated = good.clone();
        truncated.truncate(good.len() / 2);
        let mut gif = b"GIF89a".to_vec();
        gif.extend_from_slice(&[1, 0, 1, 0, 0, 0, 0]);
        let mut huge_file = png(8, 8);
        huge_file.resize(MAX_LOGO_BYTES + 1, 0);
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("truncated png", truncated, "corrupt"),
            ("text", b"not an image at all".to_vec(), "unsupported_format"),
            ("gif", gif, "unsupported_format"),
            ("over 1 MiB", huge_file, "too_large"),
            ("too wide", png(2001, 10), "too_many_pixels"),
            ("too tall", png(10, 2001), "too_many_pixels"),
        ];
        for (what, bytes, code) in cases {
            let e = check_logo(&bytes).unwrap_err();
            assert_eq!((e.field.as_str(), e.code.as_str()), ("logo", code), "{what}: {}", e.message);
            assert!(!e.message.is_empty());
        }
        assert_eq!(check_logo(&png(2000, 2000)).unwrap().width, 2000);
        let mut jpeg = Cursor::new(Vec::new());
        image::RgbImage::from_pixel(30, 20, image::Rgb([200, 10, 10]))
            .write_to(&mut jpeg, image::ImageFormat::Jpeg)
            .unwrap();
        assert_eq!(check_logo(jpeg.get_ref()).unwrap().mime, "image/jpeg");
    }

    #[test]
    fn a_png_header_claiming_huge_dimensions_is_refused_before_decoding() {
        // A valid 1 × 1 PNG whose IHDR is rewritten to 60000 × 60000: decoding it would need
        // gigabytes; the header check refuses it first.
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        let e = check_logo(&bytes).unwrap_err();
        assert_eq!(e.code, "too_many_pixels", "{}", e.message);
    }

    #[test]
    fn a_refused_logo_keeps_the_saved_branding() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mina = store.create_user("Mina", "", Role::Manager).unwrap();
        let before = store.set_branding(input(Some(png(10, 10))), &mina.id).unwrap();
        let e = store.set_branding(input(Some(b"\x89PNG\r\n\x1a\nbroken".to_vec())), &mina.id).unwrap_err();
        assert_eq!(codes(e), vec![("logo".to_string(), "corrupt".to_string())]);
        assert_eq!(store.branding().unwrap(), Some(before));
    }
}
