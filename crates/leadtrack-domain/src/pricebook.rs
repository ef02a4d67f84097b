//! The pricebook a rep quotes from: products with quantity tiers, customisation options that
//! widen the range, formulation (ODM) products priced from their ingredients and a margin
//! band, and shipping lanes. One currency per pricebook.
//!
//! Money is always an integer count of the currency's minor unit (cents, fils, yen), never a
//! float. Amounts are capped at [`MAX_AMOUNT`] (2^53 − 1) so the UI's JavaScript numbers hold
//! every value exactly; a computation that would pass it is an error, never a wrapped value.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::FieldError;

/// The largest amount (in minor units) or intermediate total kept: JavaScript's
/// `Number.MAX_SAFE_INTEGER`.
pub const MAX_AMOUNT: u64 = (1 << 53) - 1;
/// 100 % in basis points.
pub const BP: u64 = 10_000;
/// Ingredient quantities are millionths of the ingredient's unit per product unit.
pub const MICRO: u64 = 1_000_000;

/// A versioned pricebook. A new import or an edit saves a new `version`; a quote keeps the
/// version it was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Pricebook {
    pub id: String,
    pub version: u32,
    pub name: String,
    /// ISO 4217 code, `USD`, `JPY`, `KWD`…
    pub currency: String,
    pub products: Vec<Product>,
    #[serde(default)]
    pub shipping: Vec<ShippingLane>,
}

/// What happens to a quantity under the product's minimum order quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BelowMoq {
    /// Quote the MOQ (the customer pays for `moq` units) and warn.
    PriceAtMoq,
    /// No price below the MOQ.
    Refuse,
}

impl BelowMoq {
    pub fn as_str(self) -> &'static str {
        match self {
            BelowMoq::PriceAtMoq => "price_at_moq",
            BelowMoq::Refuse => "refuse",
        }
    }

    pub fn parse(s: &str) -> Option<BelowMoq> {
        match s.trim().to_ascii_lowercase().replace([' ', '-'], "_").as_str() {
            "price_at_moq" | "moq" | "" => Some(BelowMoq::PriceAtMoq),
            "refuse" | "no" => Some(BelowMoq::Refuse),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Product {
    pub sku: String,
    pub name: String,
    pub category: String,
    /// What one unit is (`pcs`, `kg`, `carton`).
    pub unit: String,
    /// Minimum order quantity (0 or 1 = none).
    pub moq: u32,
    pub below_moq: BelowMoq,
    /// Unit price ranges by quantity, ascending `min_qty`; empty for formulation products.
    #[serde(default)]
    pub tiers: Vec<Tier>,
    #[serde(default)]
    pub options: Vec<ProductOption>,
    /// Units made per working day (≥ 1).
    pub capacity_per_day: u32,
    /// Days added to production for everything else (QC, packing, paperwork).
    pub processing_days: u32,
    #[serde(default)]
    pub formulation: Option<Formulation>,
}

/// From `min_qty` units on (up to the next tier), each unit costs `unit_low`–`unit_high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Tier {
    pub min_qty: u32,
    #[ts(type = "number")]
    pub unit_low: u64,
    #[ts(type = "number")]
    pub unit_high: u64,
}

/// A customisation (custom print, gift box) that widens the unit price range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProductOption {
    pub code: String,
    pub name: String,
    pub widen: Widen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Widen {
    /// Adds `low` to the unit low and `high` to the unit high (minor units).
    Absolute {
        #[ts(type = "number")]
        low: u64,
        #[ts(type = "number")]
        high: u64,
    },
    /// Adds `low_bp` of the base unit low to the low and `high_bp` of the base unit high to
    /// the high (basis points: 1 250 = 12.5 %).
    Percent { low_bp: u32, high_bp: u32 },
}

/// An ODM product's recipe: the unit price range is the material cost at a gross margin
/// between `margin_low_bp` and `margin_high_bp` (price = cost ÷ (1 − margin)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Formulation {
    pub ingredients: Vec<Ingredient>,
    pub margin_low_bp: u32,
    pub margin_high_bp: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Ingredient {
    pub name: String,
    /// Cost of one unit of the ingredient (one kg, one litre), minor units.
    #[ts(type = "number")]
    pub cost_per_unit_minor: u64,
    /// How much of the ingredient one product unit takes, in millionths (0.25 kg = 250 000).
    #[ts(type = "number")]
    pub qty_per_unit_micro: u64,
}

/// Door-to-door days by a shipping method to a destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ShippingLane {
    pub method: String,
    pub destination: String,
    pub min_days: u32,
    pub max_days: u32,
}

/// Digits after the decimal point of an ISO 4217 currency, or `None` when `code` is not three
/// capital letters. Codes not listed here (most of them) have 2.
pub fn currency_decimals(code: &str) -> Option<u8> {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    const ZERO: &[&str] = &[
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF",
        "XPF",
    ];
    const THREE: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    const FOUR: &[&str] = &["CLF", "UYW"];
    Some(if ZERO.contains(&code) {
        0
    } else if THREE.contains(&code) {
        3
    } else if FOUR.contains(&code) {
        4
    } else {
        2
    })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("is empty")]
    Empty,
    #[error("is not a number (use digits and one point, no thousands separators)")]
    NotANumber,
    #[error("has more than {0} digits after the point")]
    TooPrecise(u8),
    #[error("is too large")]
    TooLarge,
}

/// Parses a non-negative decimal (`12`, `12.5`, `0.125`) into an integer count of
/// 10^-`decimals`: `parse_fixed("12.5", 2)` = 1250. Exact; refuses more digits than `decimals`
/// rather than rounding, and anything over [`MAX_AMOUNT`].
pub fn parse_fixed(text: &str, decimals: u8) -> Result<u64, AmountError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AmountError::Empty);
    }
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if (whole.is_empty() && frac.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(AmountError::NotANumber);
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > decimals as usize {
        return Err(AmountError::TooPrecise(decimals));
    }
    let mut value: u64 = 0;
    let padded = format!("{whole}{frac:0<width$}", width = decimals as usize);
    for b in padded.bytes() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
            .filter(|v| *v <= MAX_AMOUNT)
            .ok_or(AmountError::TooLarge)?;
    }
    Ok(value)
}

/// An integer count of 10^-`decimals` as plain decimal text: `format_fixed(1250, 2)` = `12.50`.
pub fn format_fixed(value: u64, decimals: u8) -> String {
    if decimals == 0 {
        return value.to_string();
    }
    let scale = 10u64.pow(u32::from(decimals));
    format!("{}.{:0width$}", value / scale, value % scale, width = decimals as usize)
}

impl Pricebook {
    pub fn product(&self, sku: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.sku == sku)
    }

    /// The currency's minor-unit digits (2 when the code is malformed; `validate` reports it).
    pub fn decimals(&self) -> u8 {
        currency_decimals(&self.currency).unwrap_or(2)
    }

    /// Everything wrong with the pricebook, each as `field` = `products[3].tiers[1].unit_high`
    /// (or `currency`, `shipping[0]`) with a stable code and an English message.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if currency_decimals(&self.currency).is_none() {
            errors.push(FieldError::new(
                "currency",
                "invalid_currency",
                "The currency must be an ISO code such as USD.",
            ));
        }
        if self.products.is_empty() {
            errors.push(FieldError::new("products", "required", "The pricebook has no products."));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, p) in self.products.iter().enumerate() {
            if !seen.insert(p.sku.as_str()) {
                errors.push(FieldError::new(
                    &format!("products[{i}].sku"),
                    "duplicate",
                    &format!("SKU {} appears twice.", p.sku),
                ));
            }
            for e in p.validate() {
                errors.push(FieldError { field: format!("products[{i}].{}", e.field), ..e });
            }
        }
        for (i, s) in self.shipping.iter().enumerate() {
            if s.method.trim().is_empty() || s.destination.trim().is_empty() {
                errors.push(FieldError::new(
                    &format!("shipping[{i}]"),
                    "required",
                    "A shipping lane needs a method and a destination.",
                ));
            }
            if s.max_days < s.min_days {
                errors.push(FieldError::new(
                    &format!("shipping[{i}].max_days"),
                    "range_inverted",
                    "max_days is below min_days.",
                ));
            }
        }
        errors
    }
}

impl Product {
    /// Checks one product on its own (the pricebook edit screen saves one at a time).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if self.sku.trim().is_empty() {
            e.push(FieldError::required("sku"));
        }
        if self.name.trim().is_empty() {
            e.push(FieldError::required("name"));
        }
        if self.capacity_per_day == 0 {
            e.push(FieldError::new("capacity_per_day", "too_small", "capacity_per_day must be at least 1."));
        }
        match &self.formulation {
            None if self.tiers.is_empty() => {
                e.push(FieldError::new("tiers", "required", "A product needs price tiers or a formulation."))
            }
            Some(f) => {
                if f.ingredients.is_empty() {
                    e.push(FieldError::new("formulation.ingredients", "required", "A formulation needs ingredients."));
                }
                if u64::from(f.margin_high_bp) >= BP {
                    e.push(FieldError::new(
                        "formulation.margin_high_bp",
                        "too_large",
                        "A gross margin must be below 100 %.",
                    ));
                }
                if f.margin_high_bp < f.margin_low_bp {
                    e.push(FieldError::new(
                        "formulation.margin_high_bp",
                        "range_inverted",
                        "The high margin is below the low margin.",
                    ));
                }
                for (i, ing) in f.ingredients.iter().enumerate() {
                    if ing.cost_per_unit_minor > MAX_AMOUNT {
                        e.push(FieldError::new(
                            &format!("formulation.ingredients[{i}].cost_per_unit_minor"),
                            "too_large",
                            "The ingredient cost is too large.",
                        ));
                    }
                }
            }
            None => {}
        }
        for (i, t) in self.tiers.iter().enumerate() {
            if t.unit_high < t.unit_low {
                e.push(FieldError::new(
                    &format!("tiers[{i}].unit_high"),
                    "range_inverted",
                    "unit_high is below unit_low.",
                ));
            }
            if t.unit_high > MAX_AMOUNT {
                e.push(FieldError::new(&format!("tiers[{i}].unit_high"), "too_large", "unit_high is too large."));
            }
            if i > 0 && t.min_qty <= self.tiers[i - 1].min_qty {
                e.push(FieldError::new(
                    &format!("tiers[{i}].min_qty"),
                    "not_ascending",
                    "Tiers must have increasing min_qty.",
                ));
            }
        }
        let mut codes = std::collections::HashSet::new();
        for (i, o) in self.options.iter().enumerate() {
            if o.code.trim().is_empty() {
                e.push(FieldError::new(&format!("options[{i}].code"), "required", "An option needs a code."));
            } else if !codes.insert(o.code.as_str()) {
                e.push(FieldError::new(
                    &format!("options[{i}].code"),
                    "duplicate",
                    &format!("Option {} appears twice.", o.code),
                ));
            }
            let inverted = match o.widen {
                Widen::Absolute { low, high } => high < low || high > MAX_AMOUNT,
                Widen::Percent { low_bp, high_bp } => high_bp < low_bp,
            };
            if inverted {
                e.push(FieldError::new(
                    &format!("options[{i}].widen"),
                    "range_inverted",
                    "The option's high is below its low (or too large).",
                ));
            }
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_have_their_iso_minor_digits() {
        for (code, want) in [("JPY", Some(0)), ("USD", Some(2)), ("CNY", Some(2)), ("KWD", Some(3)), ("CLF", Some(4))] {
            assert_eq!(currency_decimals(code), want, "{code}");
        }
        for bad in ["usd", "US", "USDX", "", "U$D"] {
            assert_eq!(currency_decimals(bad), None, "{bad}");
        }
    }

    #[test]
    fn amounts_parse_exactly_per_currency_digits_and_refuse_extra_precision() {
        let cases: &[(&str, u8, Result<u64, AmountError>)] = &[
            ("1200", 0, Ok(1200)),
            ("1200.", 0, Ok(1200)),
            ("1200.0", 0, Ok(1200)),
            ("1200.5", 0, Err(AmountError::TooPrecise(0))),
            ("12.5", 2, Ok(1250)),
            ("12.50", 2, Ok(1250)),
            (".5", 2, Ok(50)),
            ("0.005", 2, Err(AmountError::TooPrecise(2))),
            ("1.234", 3, Ok(1234)),
            ("0.001", 3, Ok(1)),
            ("1.2345", 3, Err(AmountError::TooPrecise(3))),
            ("", 2, Err(AmountError::Empty)),
            (".", 2, Err(AmountError::NotANumber)),
            ("1,200.00", 2, Err(AmountError::NotANumber)),
            ("-5", 2, Err(AmountError::NotANumber)),
            ("1e3", 2, Err(AmountError::NotANumber)),
            ("9007199254740991", 0, Ok(MAX_AMOUNT)),
            ("9007199254740992", 0, Err(AmountError::TooLarge)),
            ("90071992547409.92", 2, Err(AmountError::TooLarge)),
            ("99999999999999999999999", 2, Err(AmountError::TooLarge)),
        ];
        for (text, decimals, want) in cases {
            assert_eq!(&parse_fixed(text, *decimals), want, "{text:?} with {decimals} decimals");
        }
    }

    #[test]
    fn amounts_format_back_to_the_text_they_were_parsed_from() {
        for (value, decimals, text) in [(1250, 2, "12.50"), (5, 2, "0.05"), (1200, 0, "1200"), (1234, 3, "1.234")] {
            assert_eq!(format_fixed(value, decimals), text);
            assert_eq!(parse_fixed(text, decimals), Ok(value));
        }
    }

    #[test]
    fn below_moq_rules_parse_from_spreadsheet_spellings() {
        assert_eq!(BelowMoq::parse("Price at MOQ"), Some(BelowMoq::PriceAtMoq));
        assert_eq!(BelowMoq::parse("refuse"), Some(BelowMoq::Refuse));
        assert_eq!(BelowMoq::parse("maybe"), None);
    }
}
