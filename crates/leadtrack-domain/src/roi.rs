//! Show ROI: what a show cost against what it brought in, in integer minor units.
//!
//! ROI = (gross profit − cost) / cost, as basis points (1 % = 100) so it stays an integer.
//! Sums and differences are checked (an overflow is an error, never a wrap) and the
//! intermediate product is `i128`; amounts in different currencies are never added.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a show's money went on (seed 004's evaluation lists the same five).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CostCategory {
    Booth,
    Build,
    Travel,
    Materials,
    Other,
}

impl CostCategory {
    pub const ALL: [CostCategory; 5] =
        [CostCategory::Booth, CostCategory::Build, CostCategory::Travel, CostCategory::Materials, CostCategory::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            CostCategory::Booth => "booth",
            CostCategory::Build => "build",
            CostCategory::Travel => "travel",
            CostCategory::Materials => "materials",
            CostCategory::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<CostCategory> {
        CostCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// An amount in minor units (cents, fen) of an ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Money {
    #[ts(type = "number")]
    pub minor: i64,
    pub currency: String,
}

impl Money {
    pub fn new(minor: i64, currency: &str) -> Money {
        Money { minor, currency: currency.trim().to_ascii_uppercase() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoiError {
    #[error("amounts in {0} and {1} cannot be added; enter costs and orders in one currency")]
    CurrencyMismatch(String, String),
    #[error("the amounts are too large to add up")]
    Overflow,
}

/// The sum of `amounts`, all in one currency; `None` for no amounts.
pub fn sum<'a>(amounts: impl IntoIterator<Item = &'a Money>) -> Result<Option<Money>, RoiError> {
    let mut total: Option<Money> = None;
    for m in amounts {
        total = Some(match total {
            None => m.clone(),
            Some(t) => {
                same_currency(&t, m)?;
                Money { minor: t.minor.checked_add(m.minor).ok_or(RoiError::Overflow)?, currency: t.currency }
            }
        });
    }
    Ok(total)
}

fn same_currency(a: &Money, b: &Money) -> Result<(), RoiError> {
    if a.currency == b.currency {
        Ok(())
    } else {
        Err(RoiError::CurrencyMismatch(a.currency.clone(), b.currency.clone()))
    }
}

/// ROI in basis points, rounded half away from zero: `None` when nothing was spent (a ratio
/// to zero means nothing).
pub fn roi_basis_points(gross_profit: &Money, cost: &Money) -> Result<Option<i64>, RoiError> {
    same_currency(gross_profit, cost)?;
    if cost.minor == 0 {
        return Ok(None);
    }
    let net = i128::from(gross_profit.minor) - i128::from(cost.minor);
    let bp = div_round(net * 10_000, i128::from(cost.minor));
    i64::try_from(bp).map(Some).map_err(|_| RoiError::Overflow)
}

/// `total / count` in minor units, rounded half away from zero; `None` for a count of zero.
pub fn per_unit(total: &Money, count: u64) -> Option<Money> {
    if count == 0 {
        return None;
    }
    let each = div_round(i128::from(total.minor), i128::from(count));
    Some(Money { minor: i64::try_from(each).ok()?, currency: total.currency.clone() })
}

fn div_round(n: i128, d: i128) -> i128 {
    let (q, r) = (n / d, n % d);
    if 2 * r.abs() >= d.abs() {
        q + if (n < 0) == (d < 0) { 1 } else { -1 }
    } else {
        q
    }
}

/// A lead's outcome for grade calibration: won, lost, or still open.
pub fn outcome(status: crate::LeadStatus) -> &'static str {
    match status {
        crate::LeadStatus::Won => "won",
        crate::LeadStatus::Lost => "lost",
        _ => "open",
    }
}

/// Which column of an order file holds what; found from the header (English, Chinese, Persian).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderColumns {
    pub order_ref: Option<usize>,
    pub date: Option<usize>,
    pub value: Option<usize>,
    pub gross_profit: Option<usize>,
    pub currency: Option<usize>,
    pub promo_code: Option<usize>,
    pub lead_id: Option<usize>,
}

impl OrderColumns {
    pub fn guess(headers: &[String]) -> OrderColumns {
        let find = |names: &[&str]| {
            headers.iter().position(|h| {
                let h = h.trim().to_lowercase().replace(['_', '-'], " ");
                names.iter().any(|n| h == *n)
            })
        };
        OrderColumns {
            order_ref: find(&["order id", "order", "order no", "order number", "订单号", "订单编号", "شماره سفارش"]),
            date: find(&["date", "order date", "日期", "下单日期", "تاریخ"]),
            value: find(&["value", "amount", "total", "order value", "金额", "订单金额", "مبلغ"]),
            gross_profit: find(&["gross profit", "profit", "margin", "毛利", "毛利润", "سود ناخالص", "سود"]),
            currency: find(&["currency", "币种", "货币", "ارز"]),
            promo_code: find(&["promo code", "promo", "coupon", "优惠码", "促销码", "کد تخفیف"]),
            lead_id: find(&["lead id", "lead", "线索id", "线索编号", "شناسه سرنخ"]),
        }
    }
}

/// An amount as people type it ("1,234.50", "1.234,50", "€ 99", "-12") in minor units
/// (two decimals); None when it is not a number or has more than two decimals.
pub fn parse_minor(text: &str) -> Option<i64> {
    let t: String = text.chars().filter(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-')).collect();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, t),
    };
    if t.is_empty() || t.contains('-') {
        return None;
    }
    // The last separator is the decimal point when two or fewer digits follow it.
    let (int, frac) = match t.rfind(['.', ',']) {
        Some(i) if t.len() - i - 1 <= 2 => (&t[..i], &t[i + 1..]),
        _ => (t.as_str(), ""),
    };
    let int: String = int.chars().filter(char::is_ascii_digit).collect();
    let whole: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    let minor = whole.checked_mul(100)?.checked_add(cents)?;
    Some(if neg { -minor } else { minor })
}

/// Order rows from a sheet's rows (number as the person sees it, cells); rows that cannot
/// be read are left out with one line each saying why. `default_currency` fills an empty cell.
pub fn orders_from_rows(
    headers: &[String],
    rows: &[(usize, Vec<String>)],
    default_currency: &str,
) -> (Vec<crate::dashboard::OrderRow>, Vec<String>) {
    let cols = OrderColumns::guess(headers);
    let mut out = Vec::new();
    let mut problems = Vec::new();
    if cols.order_ref.is_none() || cols.value.is_none() {
        problems.push("the file needs an order id column and a value column".to_string());
        return (out, problems);
    }
    if cols.promo_code.is_none() && cols.lead_id.is_none() {
        problems.push("the file needs a promo code or lead id column to match orders to the show".to_string());
        return (out, problems);
    }
    let cell = |cells: &[String], i: Option<usize>| {
        i.and_then(|i| cells.get(i)).map(|s| s.trim().to_string()).unwrap_or_default()
    };
    for (number, cells) in rows {
        let order_ref = cell(cells, cols.order_ref);
        if order_ref.is_empty() {
            problems.push(format!("row {number}: no order id"));
            continue;
        }
        let Some(value) = parse_minor(&cell(cells, cols.value)) else {
            problems.push(format!("row {number}: the value is not an amount"));
            continue;
        };
        let profit_text = cell(cells, cols.gross_profit);
        let gross_profit = if profit_text.is_empty() {
            0
        } else if let Some(p) = parse_minor(&profit_text) {
            p
        } else {
            problems.push(format!("row {number}: the gross profit is not an amount"));
            continue;
        };
        let currency = cell(cells, cols.currency);
        let currency = if currency.is_empty() { default_currency.to_string() } else { currency };
        out.push(crate::dashboard::OrderRow {
            order_ref,
            ordered_on: cell(cells, cols.date),
            value_minor: value,
            gross_profit_minor: gross_profit,
            currency: currency.trim().to_ascii_uppercase(),
            promo_code: cell(cells, cols.promo_code),
            lead_id: cell(cells, cols.lead_id),
        });
    }
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(minor: i64) -> Money {
        Money::new(minor, "eur")
    }

    #[test]
    fn roi_is_profit_less_cost_over_cost_in_basis_points() {
        let cases = [
            // (gross profit, cost, ROI bp)
            (30_000, 10_000, Some(20_000)), // 3× back: +200 %
            (10_000, 10_000, Some(0)),
            (0, 10_000, Some(-10_000)),
            (5_000, 10_000, Some(-5_000)),
            (1, 3, Some(-6_667)), // −66.666… % rounds away from zero
            (2, 3, Some(-3_333)),
            (12_345, 0, None), // nothing spent: no ratio
        ];
        for (gp, cost, want) in cases {
            assert_eq!(roi_basis_points(&eur(gp), &eur(cost)), Ok(want), "gp {gp} cost {cost}");
        }
    }

    #[test]
    fn amounts_in_different_currencies_are_refused_with_both_named() {
        let err = roi_basis_points(&Money::new(100, "CNY"), &eur(50)).unwrap_err();
        assert_eq!(err, RoiError::CurrencyMismatch("CNY".into(), "EUR".into()));
        assert!(err.to_string().contains("CNY") && err.to_string().contains("EUR"));
        assert!(sum([&eur(1), &Money::new(1, "USD")]).is_err());
    }

    #[test]
    fn huge_amounts_do_not_wrap() {
        assert_eq!(sum([&eur(i64::MAX), &eur(1)]), Err(RoiError::Overflow));
        // The product is i128: a large profit over a cost of one minor unit overflows i64 bp.
        assert_eq!(roi_basis_points(&eur(i64::MAX), &eur(1)), Err(RoiError::Overflow));
        assert_eq!(roi_basis_points(&eur(i64::MAX / 2), &eur(i64::MAX / 4)), Ok(Some(10_000)));
        assert_eq!(roi_basis_points(&eur(i64::MIN + 1), &eur(i64::MAX)), Ok(Some(-20_000)));
    }

    #[test]
    fn costs_add_up_per_currency_and_divide_per_lead() {
        let total = sum([&eur(1_000), &eur(2_500)]).unwrap().unwrap();
        assert_eq!(total, eur(3_500));
        assert_eq!(sum(std::iter::empty()), Ok(None));
        assert_eq!(per_unit(&total, 3), Some(eur(1_167)));
        assert_eq!(per_unit(&total, 0), None);
        assert_eq!(per_unit(&eur(-5), 2), Some(eur(-3)));
    }

    #[test]
    fn amounts_are_read_as_people_type_them() {
        let cases = [
            ("1,234.50", Some(123_450)),
            ("1.234,50", Some(123_450)),
            ("€ 99", Some(9_900)),
            ("-12.5", Some(-1_250)),
            ("1,000", Some(100_000)),
            ("0.05", Some(5)),
            ("", None),
            ("abc", None),
            ("1-2", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_minor(text), want, "{text}");
        }
    }

    #[test]
    fn order_rows_are_read_by_chinese_headers_and_bad_rows_are_named() {
        let headers: Vec<String> = ["订单号", "日期", "金额", "毛利", "币种", "优惠码"].map(String::from).to_vec();
        let rows = vec![
            (2, ["SO-1", "2026-04-01", "12,000.00", "3,000", "cny", "HM26"].map(String::from).to_vec()),
            (3, ["SO-2", "2026-04-02", "many", "1", "", "HM26"].map(String::from).to_vec()),
            (4, ["SO-3", "", "500", "", "", ""].map(String::from).to_vec()),
        ];
        let (orders, problems) = orders_from_rows(&headers, &rows, "EUR");
        assert_eq!(orders.len(), 2);
        assert_eq!((orders[0].value_minor, orders[0].gross_profit_minor), (1_200_000, 300_000));
        assert_eq!(orders[0].currency, "CNY");
        assert_eq!(orders[1].currency, "EUR");
        assert_eq!(problems, vec!["row 3: the value is not an amount".to_string()]);
    }

    #[test]
    fn an_order_file_without_a_way_to_match_is_refused() {
        let headers: Vec<String> = ["Order ID", "Value"].map(String::from).to_vec();
        let (orders, problems) = orders_from_rows(&headers, &[(2, vec!["1".into(), "2".into()])], "EUR");
        assert!(orders.is_empty());
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn categories_round_trip_through_their_names() {
        for c in CostCategory::ALL {
            assert_eq!(CostCategory::parse(c.as_str()), Some(c));
        }
        assert_eq!(CostCategory::parse("food"), None);
    }
}
