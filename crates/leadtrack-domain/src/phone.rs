//! Phone numbers: what reps type on a noisy floor ("138 0013 8000", "+49 (0)30 1234567")
//! becomes E.164 when the country is known, so CRMs and dialers accept it.

use phonenumber::{country, Mode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneCheck {
    /// Valid for its country; the E.164 form.
    E164(String),
    /// Looks like a phone number, but no country is known to normalise it.
    Unchecked,
    /// Not a phone number, or not a valid one for the country.
    Invalid,
}

/// Checks `raw` against `country` (ISO alpha-2, may be blank). A leading `+` or `00`
/// carries its own country.
pub fn check(raw: &str, country: &str) -> PhoneCheck {
    let raw = raw.trim();
    let digits = raw.chars().filter(|c| c.is_ascii_digit()).count();
    let allowed = |c: char| c.is_ascii_digit() || " +-().x/".contains(c) || c.is_ascii_whitespace();
    if !(6..=20).contains(&digits) || !raw.chars().all(allowed) {
        return PhoneCheck::Invalid;
    }
    let international = raw.starts_with('+') || raw.starts_with("00");
    let id: Option<country::Id> = country.trim().to_uppercase().parse().ok();
    if !international && id.is_none() {
        return PhoneCheck::Unchecked;
    }
    let text = match raw.strip_prefix("00") {
        Some(rest) => format!("+{rest}"),
        None => raw.to_string(),
    };
    match phonenumber::parse(id, &text) {
        Ok(n) if phonenumber::is_valid(&n) => PhoneCheck::E164(n.format().mode(Mode::E164).to_string()),
        _ => PhoneCheck::Invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_normalise_to_e164_when_the_country_is_known() {
        let cases = [
            ("138 0013 8000", "CN", PhoneCheck::E164("+8613800138000".into())),
            ("+49 30 901820", "", PhoneCheck::E164("+4930901820".into())),
            ("0049 30 901820", "CN", PhoneCheck::E164("+4930901820".into())),
            ("(415) 555-2671", "US", PhoneCheck::E164("+14155552671".into())),
            ("0912 345 6789", "IR", PhoneCheck::E164("+989123456789".into())),
            ("415 555 2671", "", PhoneCheck::Unchecked),
            ("12", "US", PhoneCheck::Invalid),
            ("call me maybe", "US", PhoneCheck::Invalid),
            ("<script>1234567</script>", "US", PhoneCheck::Invalid),
            ("000 000 0000", "US", PhoneCheck::Invalid),
        ];
        for (raw, country, want) in cases {
            assert_eq!(check(raw, country), want, "{raw} / {country}");
        }
    }
}
