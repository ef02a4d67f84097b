//! A pricebook from spreadsheet rows (one sheet, one row per fact, told apart by `type`).
//! The columns are described in `docs/pricebooks.md`; the sample is
//! `assets/pricebooks/sample-pricebook.csv`.
//!
//! Every problem is reported against the row a person sees in their spreadsheet
//! (`row 7: unit_high is below unit_low`), all at once, so one round of fixes is enough.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::pricebook::{
    currency_decimals, parse_fixed, AmountError, BelowMoq, Formulation, Ingredient, Pricebook, Product, ProductOption,
    ShippingLane, Tier, Widen,
};

/// The columns read, by their header (case and spaces ignored). Others are ignored.
pub const COLUMNS: &[&str] = &[
    "type",
    "sku",
    "name",
    "category",
    "unit",
    "currency",
    "moq",
    "below_moq",
    "capacity_per_day",
    "processing_days",
    "min_qty",
    "code",
    "widen",
    "cost",
    "qty_per_unit",
    "method",
    "destination",
    "low",
    "high",
];

/// One problem in the file. `row` 0 is the file as a whole (a missing column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RowError {
    pub row: u32,
    pub column: String,
    pub code: String,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.row == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "row {}: {}", self.row, self.message)
        }
    }
}

fn err(row: u32, column: &str, code: &str, message: impl Into<String>) -> RowError {
    RowError { row, column: column.into(), code: code.into(), message: message.into() }
}

fn header_key(h: &str) -> String {
    h.trim().to_lowercase().replace([' ', '-'], "_")
}

struct Cells<'a> {
    row: u32,
    cells: &'a [String],
    at: &'a HashMap<&'static str, usize>,
}

impl Cells<'_> {
    fn text(&self, column: &str) -> String {
        self.at.get(column).and_then(|i| self.cells.get(*i)).map(|s| s.trim().to_string()).unwrap_or_default()
    }

    fn required(&self, column: &str, errors: &mut Vec<RowError>) -> Option<String> {
        let t = self.text(column);
        if t.is_empty() {
            errors.push(err(self.row, column, "required", format!("{column} is empty")));
            return None;
        }
        Some(t)
    }

    /// A decimal with up to `decimals` digits, as an integer count of 10^-decimals.
    fn fixed(&self, column: &str, decimals: u8, default: Option<u64>, errors: &mut Vec<RowError>) -> Option<u64> {
        let t = self.text(column);
        if t.is_empty() {
            if default.is_none() {
                errors.push(err(self.row, column, "required", format!("{column} is empty")));
            }
            return default;
        }
        match parse_fixed(&t, decimals) {
            Ok(v) => Some(v),
            Err(e) => {
                let code = match e {
                    AmountError::Empty => "required",
                    AmountError::NotANumber => "not_a_number",
                    AmountError::TooPrecise(_) => "too_precise",
                    AmountError::TooLarge => "too_large",
                };
                errors.push(err(self.row, column, code, format!("{column} \"{t}\" {e}")));
                None
            }
        }
    }

    fn count(&self, column: &str, default: Option<u32>, errors: &mut Vec<RowError>) -> Option<u32> {
        let v = self.fixed(column, 0, default.map(u64::from), errors)?;
        match u32::try_from(v) {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(err(self.row, column, "too_large", format!("{column} is too large")));
                None
            }
        }
    }

    /// `low` and `high` as a range, `high` defaulting to `low`.
    fn range(&self, decimals: u8, errors: &mut Vec<RowError>) -> Option<(u64, u64)> {
        let low = self.fixed("low", decimals, None, errors)?;
        let high = if self.text("high").is_empty() { low } else { self.fixed("high", decimals, None, errors)? };
        if high < low {
            errors.push(err(
                self.row,
                "high",
                "range_inverted",
                format!("{} is below {}", self.high_name(), self.low_name()),
            ));
            return None;
        }
        Some((low, high))
    }

    fn low_name(&self) -> &'static str {
        if self.text("type").eq_ignore_ascii_case("tier") {
            "unit_low"
        } else {
            "low"
        }
    }

    fn high_name(&self) -> &'static str {
        if self.text("type").eq_ignore_ascii_case("tier") {
            "unit_high"
        } else {
            "high"
        }
    }
}

/// Reads a pricebook from a sheet's `headers` and `(row number, cells)`. Returns the
/// pricebook (id empty, version 0: the store assigns them) when the file has no errors,
/// and every error found.
pub fn from_rows<'a>(
    headers: &[String],
    rows: impl IntoIterator<Item = (u32, &'a [String])>,
) -> (Option<Pricebook>, Vec<RowError>) {
    let mut errors = Vec::new();
    let mut at: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if let Some(c) = COLUMNS.iter().find(|c| **c == header_key(h)) {
            at.entry(c).or_insert(i);
        }
    }
    for needed in ["type", "sku", "low"] {
        if !at.contains_key(needed) {
            errors.push(err(0, needed, "missing_column", format!("The file has no \"{needed}\" column.")));
        }
    }
    if !errors.is_empty() {
        return (None, errors);
    }
    let rows: Vec<Cells> = rows.into_iter().map(|(row, cells)| Cells { row, cells, at: &at }).collect();
    let kind = |c: &Cells| c.text("type").to_ascii_lowercase();

    // The pricebook row first: its currency decides how every amount is read.
    let mut name = String::new();
    let mut currency = None;
    for c in rows.iter().filter(|c| kind(c) == "pricebook") {
        name = c.text("name");
        let code = c.text("currency").to_ascii_uppercase();
        match currency_decimals(&code) {
            Some(d) => currency = Some((code, d)),
            None => errors.push(err(
                c.row,
                "currency",
                "invalid_currency",
                format!("currency \"{code}\" is not an ISO code such as USD"),
            )),
        }
    }
    let Some((currency, decimals)) = currency else {
        if errors.is_empty() {
            errors.push(err(
                0,
                "type",
                "no_pricebook_row",
                "The file needs a row of type \"pricebook\" with its currency.",
            ));
        }
        return (None, errors);
    };

    let mut products: Vec<Product> = Vec::new();
    let mut product_rows: Vec<u32> = Vec::new();
    let mut margins: Vec<Option<(u32, u32)>> = Vec::new();
    let mut shipping = Vec::new();
    let mut shipping_rows = Vec::new();
    for c in rows.iter().filter(|c| kind(c) == "product") {
        let before = errors.len();
        let sku = c.required("sku", &mut errors);
        let name = c.required("name", &mut errors);
        let moq = c.count("moq", Some(0), &mut errors);
        let rule = c.text("below_moq");
        let below_moq = BelowMoq::parse(&rule);
        if below_moq.is_none() {
            errors.push(err(
                c.row,
                "below_moq",
                "unknown_rule",
                format!("below_moq \"{rule}\" is not price_at_moq or refuse"),
            ));
        }
        let capacity = c.count("capacity_per_day", None, &mut errors);
        if capacity == Some(0) {
            errors.push(err(c.row, "capacity_per_day", "too_small", "capacity_per_day must be at least 1"));
        }
        let processing = c.count("processing_days", Some(0), &mut errors);
        // A margin band (percent, two decimals = basis points) makes it a formulation product.
        let margin = if c.text("low").is_empty() {
            None
        } else {
            c.range(2, &mut errors).and_then(|(l, h)| {
                if h >= 10_000 {
                    errors.push(err(c.row, "high", "too_large", "a gross margin must be below 100 %"));
                    None
                } else {
                    Some((l as u32, h as u32))
                }
            })
        };
        if let Some(sku) = &sku {
            if products.iter().any(|p| &p.sku == sku) {
                errors.push(err(c.row, "sku", "duplicate", format!("SKU {sku} is defined twice")));
                continue;
            }
        }
        if errors.len() > before {
            continue;
        }
        let (Some(sku), Some(name), Some(moq), Some(below_moq), Some(capacity), Some(processing)) =
            (sku, name, moq, below_moq, capacity, processing)
        else {
            continue;
        };
        products.push(Product {
            sku,
            name,
            category: c.text("category"),
            unit: c.text("unit"),
            moq,
            below_moq,
            tiers: Vec::new(),
            options: Vec::new(),
            capacity_per_day: capacity,
            processing_days: processing,
            formulation: None,
        });
        product_rows.push(c.row);
        margins.push(margin);
    }
    let mut ingredients: Vec<Vec<Ingredient>> = vec![Vec::new(); products.len()];
    for c in &rows {
        let k = kind(c);
        if k.is_empty() && c.cells.iter().all(|s| s.trim().is_empty()) {
            continue;
        }
        if matches!(k.as_str(), "pricebook" | "product") {
            continue;
        }
        if k == "shipping" {
            let method = c.required("method", &mut errors);
            let destination = c.required("destination", &mut errors);
            let days = c.range(0, &mut errors);
            if let (Some(method), Some(destination), Some((min, max))) = (method, destination, days) {
                match (u32::try_from(min), u32::try_from(max)) {
                    (Ok(min_days), Ok(max_days)) => {
                        shipping.push(ShippingLane { method, destination, min_days, max_days });
                        shipping_rows.push(c.row);
                    }
                    _ => errors.push(err(c.row, "high", "too_large", "shipping days are too large")),
                }
            }
            continue;
        }
        if !matches!(k.as_str(), "tier" | "option" | "ingredient") {
            errors.push(err(
                c.row,
                "type",
                "unknown_type",
                format!("type \"{}\" is not pricebook, product, tier, option, ingredient or shipping", c.text("type")),
            ));
            continue;
        }
        let Some(sku) = c.required("sku", &mut errors) else { continue };
        let Some(i) = products.iter().position(|p| p.sku == sku) else {
            errors.push(err(c.row, "sku", "unknown_sku", format!("no product row defines SKU {sku}")));
            continue;
        };
        match k.as_str() {
            "tier" => {
                let min_qty = c.count("min_qty", Some(1), &mut errors);
                let prices = c.range(decimals, &mut errors);
                if let (Some(min_qty), Some((unit_low, unit_high))) = (min_qty, prices) {
                    if products[i].tiers.iter().any(|t| t.min_qty == min_qty) {
                        errors.push(err(
                            c.row,
                            "min_qty",
                            "duplicate",
                            format!("{sku} already has a tier from {min_qty}"),
                        ));
                    } else {
                        products[i].tiers.push(Tier { min_qty, unit_low, unit_high });
                    }
                }
            }
            "option" => {
                let code = c.required("code", &mut errors);
                let widen = c.text("widen").to_ascii_lowercase();
                let widen = match widen.as_str() {
                    "" | "amount" | "absolute" => {
                        c.range(decimals, &mut errors).map(|(low, high)| Widen::Absolute { low, high })
                    }
                    "percent" | "%" => c.range(2, &mut errors).map(|(l, h)| Widen::Percent {
                        low_bp: l.min(u64::from(u32::MAX)) as u32,
                        high_bp: h.min(u64::from(u32::MAX)) as u32,
                    }),
                    other => {
                        errors.push(err(
                            c.row,
                            "widen",
                            "unknown_widen",
                            format!("widen \"{other}\" is not amount or percent"),
                        ));
                        None
                    }
                };
                if let (Some(code), Some(widen)) = (code, widen) {
                    if products[i].options.iter().any(|o| o.code == code) {
                        errors.push(err(c.row, "code", "duplicate", format!("{sku} already has option {code}")));
                    } else {
                        let name = match c.text("name") {
                            n if n.is_empty() => code.clone(),
                            n => n,
                        };
                        products[i].options.push(ProductOption { code, name, widen });
                    }
                }
            }
            _ => {
                let name = c.required("name", &mut errors);
                let cost = c.fixed("cost", decimals, None, &mut errors);
                let qty = c.fixed("qty_per_unit", 6, None, &mut errors);
                if margins[i].is_none() {
                    errors.push(err(
                        c.row,
                        "sku",
                        "no_margin",
                        format!("{sku} has ingredients but its product row has no margin band (low/high %)"),
                    ));
                }
                if let (Some(name), Some(cost_per_unit_minor), Some(qty_per_unit_micro)) = (name, cost, qty) {
                    ingredients[i].push(Ingredient { name, cost_per_unit_minor, qty_per_unit_micro });
                }
            }
        }
    }
    for (i, p) in products.iter_mut().enumerate() {
        p.tiers.sort_by_key(|t| t.min_qty);
        if let Some((margin_low_bp, margin_high_bp)) = margins[i] {
            p.formulation =
                Some(Formulation { ingredients: std::mem::take(&mut ingredients[i]), margin_low_bp, margin_high_bp });
        }
    }
    let pricebook = Pricebook { id: String::new(), version: 0, name, currency, products, shipping };
    // Whatever the rows did not catch (a product without prices, say), on its product's row.
    for e in pricebook.validate() {
        let row = index_after(&e.field, "products[").map(|i| product_rows.get(i).copied().unwrap_or(0));
        let row =
            row.or_else(|| index_after(&e.field, "shipping[").map(|i| shipping_rows.get(i).copied().unwrap_or(0)));
        let column = e.field.rsplit('.').next().unwrap_or("").to_string();
        errors.push(err(row.unwrap_or(0), &column, &e.code, e.message.trim_end_matches('.').to_string()));
    }
    errors.sort_by_key(|e| e.row);
    if errors.is_empty() {
        (Some(pricebook), errors)
    } else {
        (None, errors)
    }
}

fn index_after(field: &str, prefix: &str) -> Option<usize> {
    field.strip_prefix(prefix)?.split(']').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(text: &str) -> (Vec<String>, Vec<(u32, Vec<String>)>) {
        let mut lines = text.lines().map(|l| l.split(',').map(|c| c.trim().to_string()).collect::<Vec<_>>());
        let headers = lines.next().unwrap_or_default();
        (headers, lines.enumerate().map(|(i, cells)| (i as u32 + 2, cells)).collect())
    }

    fn read(text: &str) -> (Option<Pricebook>, Vec<RowError>) {
        let (headers, rows) = sheet(text);
        from_rows(&headers, rows.iter().map(|(n, c)| (*n, c.as_slice())))
    }

    const HEAD: &str = "type,sku,name,category,unit,currency,moq,below_moq,capacity_per_day,processing_days,min_qty,code,widen,cost,qty_per_unit,method,destination,low,high";

    #[test]
    fn a_well_formed_sheet_reads_into_products_tiers_options_formulations_and_lanes() {
        let (pb, errors) = read(&format!(
            "{HEAD}
pricebook,,Spring,,,KWD,,,,,,,,,,,,,
product,MUG,Mug,Drinkware,pcs,,100,refuse,400,3,,,,,,,,,
tier,MUG,,,,,,,,,500,,,,,,,1.7,2.1
tier,MUG,,,,,,,,,100,,,,,,,2,2.600
option,MUG,Logo print,,,,,,,,,PRINT,amount,,,,,0.01,0.035
option,MUG,Gift box,,,,,,,,,BOX,percent,,,,,5,12.5
product,SERUM,Serum,ODM,bottle,,,,1000,10,,,,,,,,30,45
ingredient,SERUM,Base,,,,,,,,,,,40,0.03,,,,
shipping,,,,,,,,,,,,,,,Sea,DE,28,40
,,,,,,,,,,,,,,,,,,"
        ));
        assert_eq!(errors, vec![]);
        let pb = pb.unwrap();
        assert_eq!((pb.name.as_str(), pb.currency.as_str()), ("Spring", "KWD"));
        let mug = pb.product("MUG").unwrap();
        assert_eq!(
            (mug.moq, mug.below_moq, mug.capacity_per_day, mug.processing_days),
            (100, BelowMoq::Refuse, 400, 3)
        );
        assert_eq!(
            mug.tiers,
            vec![
                Tier { min_qty: 100, unit_low: 2000, unit_high: 2600 },
                Tier { min_qty: 500, unit_low: 1700, unit_high: 2100 }
            ]
        );
        assert_eq!(mug.options[0].widen, Widen::Absolute { low: 10, high: 35 });
        assert_eq!(mug.options[1].widen, Widen::Percent { low_bp: 500, high_bp: 1250 });
        let f = pb.product("SERUM").unwrap().formulation.clone().unwrap();
        assert_eq!((f.margin_low_bp, f.margin_high_bp), (3000, 4500));
        assert_eq!(
            f.ingredients[0],
            Ingredient { name: "Base".into(), cost_per_unit_minor: 40_000, qty_per_unit_micro: 30_000 }
        );
        assert_eq!(
            pb.shipping,
            vec![ShippingLane { method: "Sea".into(), destination: "DE".into(), min_days: 28, max_days: 40 }]
        );
    }

    #[test]
    fn every_bad_row_is_reported_with_the_row_number_the_spreadsheet_shows() {
        let (pb, errors) = read(&format!(
            "{HEAD}
pricebook,,Spring,,,JPY,,,,,,,,,,,,,
product,MUG,Mug,,,,,,400,,,,,,,,,,
tier,MUG,,,,,,,,,1,,,,,,,200,180
tier,MUG,,,,,,,,,10,,,,,,,12.5,13
tier,CUP,,,,,,,,,1,,,,,,,1,2
product,BAD,,,,,,sometimes,0,,,,,,,,,,
widget,MUG,,,,,,,,,,,,,,,,,
option,MUG,,,,,,,,,,X,bogus,,,,,1,2"
        ));
        assert!(pb.is_none());
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        for want in [
            "row 4: unit_high is below unit_low",
            "row 5: low \"12.5\" has more than 0 digits after the point",
            "row 6: no product row defines SKU CUP",
            "row 7: name is empty",
            "row 7: below_moq \"sometimes\" is not price_at_moq or refuse",
            "row 7: capacity_per_day must be at least 1",
            "row 8: type \"widget\" is not pricebook, product, tier, option, ingredient or shipping",
            "row 9: widen \"bogus\" is not amount or percent",
        ] {
            assert!(shown.iter().any(|s| s == want), "{want:?} not in {shown:#?}");
        }
        let rows: Vec<u32> = errors.iter().map(|e| e.row).collect();
        assert!(rows.windows(2).all(|w| w[0] <= w[1]), "errors are in row order");
    }

    #[test]
    fn a_sheet_without_the_needed_columns_or_currency_says_so() {
        let (pb, errors) = read("sku,name\nMUG,Mug");
        assert!(pb.is_none());
        assert!(errors.iter().any(|e| e.code == "missing_column" && e.column == "type"));
        let (_, errors) = read(&format!("{HEAD}\nproduct,MUG,Mug,,,,,,1,,,,,,,,,,"));
        assert_eq!(errors[0].code, "no_pricebook_row");
        let (_, errors) = read(&format!("{HEAD}\npricebook,,X,,,dollars,,,,,,,,,,,,,"));
        assert_eq!(errors[0].to_string(), "row 2: currency \"DOLLARS\" is not an ISO code such as USD");
    }

    #[test]
    fn a_product_with_neither_tiers_nor_ingredients_is_reported_on_its_row() {
        let (_, errors) = read(&format!("{HEAD}\npricebook,,X,,,USD,,,,,,,,,,,,,\nproduct,MUG,Mug,,,,,,1,,,,,,,,,,"));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].row, errors[0].code.as_str()), (3, "required"));
    }
}
