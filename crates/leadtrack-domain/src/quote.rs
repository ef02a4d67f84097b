//! The ballpark estimator: pricebook + what the visitor wants → unit and total price ranges
//! and a lead-time range, and the quote a rep saves from it.
//!
//! Rules (each tested below):
//! - **Tier**: the tier with the largest `min_qty` ≤ the billed quantity; a quantity under the
//!   first tier is priced at the first tier.
//! - **MOQ**: under the product's MOQ, `price_at_moq` bills `moq` units (and their production
//!   time) with a [`Warning::BelowMoq`]; `refuse` gives [`EstimateError::BelowMoqRefused`].
//! - **Options** widen the unit range: absolute amounts add to low and high; percentages are
//!   of the *base* unit range (tier or formulation), so the order options are picked in does
//!   not matter.
//! - **Formulation**: material cost per unit = Σ cost × quantity; price = cost ÷ (1 − margin),
//!   the low margin for the low end, the high margin for the high end.
//! - **Rounding**: exact integer arithmetic throughout; only the final division of a
//!   percentage or a formulation rounds, **low ends down and high ends up** to the minor unit,
//!   so the range always contains the exact value.
//! - **Lead time** per line = production (⌈billed qty ÷ capacity per day⌉) + processing +
//!   shipping (min..max days for the method and destination); the rep may override each.
//!   A quote's lead time is the longest line's (lines are made in parallel and ship together).
//! - **Overflow**: every step is checked; an amount over [`MAX_AMOUNT`] or days over `u32`
//!   is [`EstimateError::Overflow`], never a wrapped or saturated number.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::pricebook::{currency_decimals, BelowMoq, Pricebook, Product, Widen, BP, MAX_AMOUNT, MICRO};
use crate::UnixMs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DaysRange {
    pub min: u32,
    pub max: u32,
}

/// One product line as the rep entered it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineRequest {
    pub sku: String,
    pub qty: u32,
    /// Option codes picked.
    #[serde(default)]
    pub options: Vec<String>,
    /// The rep's production days instead of qty ÷ capacity.
    #[serde(default)]
    pub production_days: Option<u32>,
    /// The rep's processing days instead of the product's.
    #[serde(default)]
    pub processing_days: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateRequest {
    pub lines: Vec<LineRequest>,
    /// With `shipping_method`, picks a shipping lane; both empty = shipping not included.
    #[serde(default)]
    pub destination: Option<String>,
    #[serde(default)]
    pub shipping_method: Option<String>,
    /// The rep's shipping days instead of the lane's.
    #[serde(default)]
    pub shipping_days: Option<DaysRange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Warning {
    /// `qty` is under the MOQ: priced (and produced) as `moq` units.
    BelowMoq { sku: String, qty: u32, moq: u32 },
    /// No shipping lane chosen: the lead time is ex-works.
    NoShipping,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineEstimate {
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub qty: u32,
    /// The quantity priced: `qty`, or the MOQ under `price_at_moq`.
    pub billed_qty: u32,
    #[ts(type = "number")]
    pub unit_low: u64,
    #[ts(type = "number")]
    pub unit_high: u64,
    #[ts(type = "number")]
    pub total_low: u64,
    #[ts(type = "number")]
    pub total_high: u64,
    pub production_days: u32,
    pub processing_days: u32,
    pub lead_days: DaysRange,
    pub options: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Estimate {
    pub currency: String,
    /// Minor-unit digits of `currency` (JPY 0, USD 2, KWD 3).
    pub decimals: u8,
    pub lines: Vec<LineEstimate>,
    #[ts(type = "number")]
    pub total_low: u64,
    #[ts(type = "number")]
    pub total_high: u64,
    pub shipping_days: Option<DaysRange>,
    pub lead_days: DaysRange,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, TS)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum EstimateError {
    #[error("Add at least one product.")]
    NoLines,
    #[error("No product {sku} in this pricebook.")]
    UnknownProduct { sku: String },
    #[error("Product {sku} has no option {option}.")]
    UnknownOption { sku: String, option: String },
    #[error("The quantity of {sku} must be at least 1.")]
    ZeroQuantity { sku: String },
    #[error("{sku} is not sold below its minimum order of {moq} (asked: {qty}).")]
    BelowMoqRefused { sku: String, qty: u32, moq: u32 },
    #[error("No shipping by {method} to {destination} in this pricebook.")]
    UnknownShipping { method: String, destination: String },
    #[error("The shipping days range is inverted (max below min).")]
    InvertedShipping,
    #[error("The {what} is too large to compute exactly; lower the quantity or check the pricebook.")]
    Overflow { what: String },
    #[error("Product {sku} has no prices (no tiers and no formulation).")]
    NoPrice { sku: String },
}

fn overflow(what: &str) -> EstimateError {
    EstimateError::Overflow { what: what.to_string() }
}

/// `value` as an amount, or `Overflow` when it passes [`MAX_AMOUNT`].
fn amount(value: u128, what: &str) -> Result<u64, EstimateError> {
    u64::try_from(value).ok().filter(|v| *v <= MAX_AMOUNT).ok_or_else(|| overflow(what))
}

fn div_up(n: u128, d: u128) -> u128 {
    n.div_ceil(d)
}

/// The product's base unit range (before options) at `billed_qty`.
fn base_unit(product: &Product, billed_qty: u32) -> Result<(u64, u64), EstimateError> {
    if let Some(f) = &product.formulation {
        let mut cost_micro: u128 = 0;
        for i in &f.ingredients {
            cost_micro = u128::from(i.cost_per_unit_minor)
                .checked_mul(u128::from(i.qty_per_unit_micro))
                .and_then(|c| cost_micro.checked_add(c))
                .ok_or_else(|| overflow("material cost"))?;
        }
        // price = cost / (1 - margin) = cost_micro * BP / ((BP - margin_bp) * MICRO)
        let price = |margin_bp: u32, up: bool| -> Result<u64, EstimateError> {
            let keep =
                u128::from(BP.checked_sub(u64::from(margin_bp)).filter(|k| *k > 0).ok_or_else(|| overflow("margin"))?);
            let n = cost_micro.checked_mul(u128::from(BP)).ok_or_else(|| overflow("material cost"))?;
            let d = keep * u128::from(MICRO);
            amount(if up { div_up(n, d) } else { n / d }, "unit price")
        };
        return Ok((price(f.margin_low_bp, false)?, price(f.margin_high_bp, true)?));
    }
    let tier = product
        .tiers
        .iter()
        .rev()
        .find(|t| t.min_qty <= billed_qty)
        .or(product.tiers.first())
        .ok_or_else(|| EstimateError::NoPrice { sku: product.sku.clone() })?;
    Ok((tier.unit_low, tier.unit_high))
}

/// Estimates one line (shipping days are added by [`estimate`]).
fn estimate_line(
    pb: &Pricebook,
    line: &LineRequest,
    warnings: &mut Vec<Warning>,
) -> Result<LineEstimate, EstimateError> {
    let product = pb.product(&line.sku).ok_or_else(|| EstimateError::UnknownProduct { sku: line.sku.clone() })?;
    if line.qty == 0 {
        return Err(EstimateError::ZeroQuantity { sku: line.sku.clone() });
    }
    let billed_qty = if line.qty < product.moq {
        match product.below_moq {
            BelowMoq::Refuse => {
                return Err(EstimateError::BelowMoqRefused { sku: line.sku.clone(), qty: line.qty, moq: product.moq })
            }
            BelowMoq::PriceAtMoq => {
                warnings.push(Warning::BelowMoq { sku: line.sku.clone(), qty: line.qty, moq: product.moq });
                product.moq
            }
        }
    } else {
        line.qty
    };
    let (base_low, base_high) = base_unit(product, billed_qty)?;
    let (mut low, mut high) = (u128::from(base_low), u128::from(base_high));
    let mut picked: Vec<String> = Vec::new();
    for code in &line.options {
        if picked.contains(code) {
            continue; // an option picked twice counts once
        }
        let option = product
            .options
            .iter()
            .find(|o| &o.code == code)
            .ok_or_else(|| EstimateError::UnknownOption { sku: line.sku.clone(), option: code.clone() })?;
        let (add_low, add_high) = match option.widen {
            Widen::Absolute { low, high } => (u128::from(low), u128::from(high)),
            Widen::Percent { low_bp, high_bp } => (
                u128::from(base_low) * u128::from(low_bp) / u128::from(BP),
                div_up(u128::from(base_high) * u128::from(high_bp), u128::from(BP)),
            ),
        };
        low += add_low;
        high += add_high;
        picked.push(code.clone());
    }
    let unit_low = amount(low, "unit price")?;
    let unit_high = amount(high, "unit price")?;
    let total_low = amount(low * u128::from(billed_qty), "line total")?;
    let total_high = amount(high * u128::from(billed_qty), "line total")?;
    let production_days = match line.production_days {
        Some(d) => d,
        // capacity 0 is refused by validation; treat it as 1 rather than dividing by zero.
        None => billed_qty.div_ceil(product.capacity_per_day.max(1)),
    };
    let processing_days = line.processing_days.unwrap_or(product.processing_days);
    let make = production_days.checked_add(processing_days).ok_or_else(|| overflow("lead time"))?;
    Ok(LineEstimate {
        sku: product.sku.clone(),
        name: product.name.clone(),
        unit: product.unit.clone(),
        qty: line.qty,
        billed_qty,
        unit_low,
        unit_high,
        total_low,
        total_high,
        production_days,
        processing_days,
        lead_days: DaysRange { min: make, max: make },
        options: picked,
    })
}

/// Prices and schedules every line of `request` from `pb`. Pure and total: any input gives an
/// estimate or an error a rep can read.
pub fn estimate(pb: &Pricebook, request: &EstimateRequest) -> Result<Estimate, EstimateError> {
    if request.lines.is_empty() {
        return Err(EstimateError::NoLines);
    }
    let mut warnings = Vec::new();
    let method = request.shipping_method.as_deref().map(str::trim).unwrap_or("");
    let destination = request.destination.as_deref().map(str::trim).unwrap_or("");
    let shipping = match request.shipping_days {
        Some(d) if d.max < d.min => return Err(EstimateError::InvertedShipping),
        Some(d) => Some(d),
        None if method.is_empty() && destination.is_empty() => None,
        None => {
            let lane = pb
                .shipping
                .iter()
                .find(|s| s.method.eq_ignore_ascii_case(method) && s.destination.eq_ignore_ascii_case(destination))
                .ok_or_else(|| EstimateError::UnknownShipping {
                    method: method.to_string(),
                    destination: destination.to_string(),
                })?;
            Some(DaysRange { min: lane.min_days, max: lane.max_days })
        }
    };
    if shipping.is_none() {
        warnings.push(Warning::NoShipping);
    }
    let ship = shipping.unwrap_or(DaysRange { min: 0, max: 0 });
    let mut lines = Vec::with_capacity(request.lines.len());
    let (mut total_low, mut total_high) = (0u128, 0u128);
    let mut lead = DaysRange { min: 0, max: 0 };
    for line in &request.lines {
        let mut est = estimate_line(pb, line, &mut warnings)?;
        let make = est.lead_days.min;
        est.lead_days = DaysRange {
            min: make.checked_add(ship.min).ok_or_else(|| overflow("lead time"))?,
            max: make.checked_add(ship.max).ok_or_else(|| overflow("lead time"))?,
        };
        lead.min = lead.min.max(est.lead_days.min);
        lead.max = lead.max.max(est.lead_days.max);
        total_low += u128::from(est.total_low);
        total_high += u128::from(est.total_high);
        lines.push(est);
    }
    Ok(Estimate {
        currency: pb.currency.clone(),
        decimals: currency_decimals(&pb.currency).unwrap_or(2),
        lines,
        total_low: amount(total_low, "quote total")?,
        total_high: amount(total_high, "quote total")?,
        shipping_days: shipping,
        lead_days: lead,
        warnings,
    })
}

/// A quote as the rep saves it from a lead; the store re-estimates it from the pricebook
/// version named, so a saved quote's numbers are always the pricebook's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuoteInput {
    pub lead_id: String,
    pub pricebook_id: String,
    pub pricebook_version: u32,
    pub request: EstimateRequest,
    /// ISO date (`2026-12-31`) the prices hold until, if said.
    #[serde(default)]
    pub valid_until: Option<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub promo_code: String,
}

/// A saved quote: what was asked, what the pricebook version gave, who and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Quote {
    pub id: String,
    pub lead_id: String,
    pub author_id: String,
    /// The author's display name at read time.
    #[serde(default)]
    pub author_name: String,
    #[ts(type = "number")]
    pub created_at: UnixMs,
    pub pricebook_id: String,
    pub pricebook_version: u32,
    pub pricebook_name: String,
    pub request: EstimateRequest,
    pub estimate: Estimate,
    pub valid_until: Option<String>,
    pub notes: String,
    pub promo_code: String,
}

/// Checks a `valid_until` date: `YYYY-MM-DD` with a real month and day.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num =
        |r: std::ops::Range<usize>| s.get(r).filter(|p| p.bytes().all(|c| c.is_ascii_digit()))?.parse::<u32>().ok();
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else { return false };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// An estimate as display text for a printed handout or a terminal: money as
/// `USD 4,575.00–6,125.00` (the code, digits grouped by three, the currency's decimals),
/// days as `35–47 days`. The app's screens format with the reader's locale instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EstimateText {
    pub lines: Vec<LineText>,
    pub total_range: String,
    pub lead_time: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineText {
    pub product: String,
    pub qty: String,
    pub unit_range: String,
    pub total_range: String,
    pub lead_time: String,
}

/// `minor` as `4,575.00` with the currency's `decimals`.
pub fn group_amount(minor: u64, decimals: u8) -> String {
    let plain = crate::pricebook::format_fixed(minor, decimals);
    let (whole, frac) = plain.split_once('.').map_or((plain.as_str(), None), |(w, f)| (w, Some(f)));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

fn money_range(currency: &str, low: u64, high: u64, decimals: u8) -> String {
    if low == high {
        format!("{currency} {}", group_amount(low, decimals))
    } else {
        format!("{currency} {}–{}", group_amount(low, decimals), group_amount(high, decimals))
    }
}

/// `35–47 days`, or `6 days` when both ends agree (`1 day` for one).
pub fn days_text(d: DaysRange) -> String {
    match (d.min, d.max) {
        (1, 1) => "1 day".into(),
        (a, b) if a == b => format!("{a} days"),
        (a, b) => format!("{a}–{b} days"),
    }
}

impl Estimate {
    /// The estimate as English display text (see [`EstimateText`]).
    pub fn text(&self) -> EstimateText {
        let (c, d) = (self.currency.as_str(), self.decimals);
        EstimateText {
            lines: self
                .lines
                .iter()
                .map(|l| LineText {
                    product: l.name.clone(),
                    qty: format!("{} {}", l.qty, l.unit).trim().to_string(),
                    unit_range: money_range(c, l.unit_low, l.unit_high, d),
                    total_range: money_range(c, l.total_low, l.total_high, d),
                    lead_time: days_text(l.lead_days),
                })
                .collect(),
            total_range: money_range(c, self.total_low, self.total_high, d),
            lead_time: days_text(self.lead_days),
        }
    }
}

/// The rep's contact as a vCard 3.0 (what a handout's QR code carries), values escaped.
pub fn rep_vcard(name: &str, email: &str) -> String {
    let esc = |s: &str| {
        s.chars()
            .filter(|c| !c.is_control())
            .flat_map(|c| match c {
                '\\' | ',' | ';' => vec!['\\', c],
                c => vec![c],
            })
            .collect::<String>()
    };
    let mut card = format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nN:{};;;;\r\n", esc(name), esc(name));
    if !email.trim().is_empty() {
        card.push_str(&format!("EMAIL:{}\r\n", esc(email.trim())));
    }
    card.push_str("END:VCARD\r\n");
    card
}

/// A promo code for a show, optionally one rep's own (`user_id`), printed on handouts so
/// later orders can be attributed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PromoCode {
    pub event_id: String,
    pub user_id: Option<String>,
    pub code: String,
}

#[cfg(test)]
mod tests;
