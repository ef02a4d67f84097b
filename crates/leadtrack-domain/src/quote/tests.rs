use super::*;
use crate::pricebook::{Formulation, Ingredient, ProductOption, ShippingLane, Tier};

fn tier(min_qty: u32, unit_low: u64, unit_high: u64) -> Tier {
    Tier { min_qty, unit_low, unit_high }
}

fn mug(below_moq: BelowMoq) -> Product {
    Product {
        sku: "MUG".into(),
        name: "Ceramic mug".into(),
        category: "Drinkware".into(),
        unit: "pcs".into(),
        moq: 100,
        below_moq,
        // 100+: 2.00–2.60, 500+: 1.70–2.10, 1000+: 1.40–1.80
        tiers: vec![tier(100, 200, 260), tier(500, 170, 210), tier(1000, 140, 180)],
        options: vec![
            ProductOption {
                code: "PRINT".into(),
                name: "Logo print".into(),
                widen: Widen::Absolute { low: 10, high: 35 },
            },
            ProductOption {
                code: "BOX".into(),
                name: "Gift box".into(),
                widen: Widen::Percent { low_bp: 500, high_bp: 1250 },
            },
        ],
        capacity_per_day: 400,
        processing_days: 3,
        formulation: None,
    }
}

fn serum() -> Product {
    Product {
        sku: "SERUM".into(),
        name: "Face serum 30 ml (ODM)".into(),
        category: "ODM".into(),
        unit: "bottle".into(),
        moq: 0,
        below_moq: BelowMoq::PriceAtMoq,
        tiers: vec![],
        options: vec![],
        capacity_per_day: 1000,
        processing_days: 10,
        formulation: Some(Formulation {
            ingredients: vec![
                // 0.03 l of base at 40.00 per litre = 1.20
                Ingredient { name: "Base".into(), cost_per_unit_minor: 4000, qty_per_unit_micro: 30_000 },
                // one bottle at 0.35
                Ingredient { name: "Bottle".into(), cost_per_unit_minor: 35, qty_per_unit_micro: 1_000_000 },
                // 0.0001 kg of actives at 1 234.57 per kg = 0.123457
                Ingredient { name: "Actives".into(), cost_per_unit_minor: 123_457, qty_per_unit_micro: 100 },
            ],
            margin_low_bp: 3000,
            margin_high_bp: 4500,
        }),
    }
}

fn book(currency: &str, products: Vec<Product>) -> Pricebook {
    Pricebook {
        id: "pb".into(),
        version: 1,
        name: "Test".into(),
        currency: currency.into(),
        products,
        shipping: vec![
            ShippingLane { method: "Sea".into(), destination: "DE".into(), min_days: 28, max_days: 40 },
            ShippingLane { method: "Air".into(), destination: "DE".into(), min_days: 4, max_days: 7 },
        ],
    }
}

fn one(sku: &str, qty: u32, options: &[&str]) -> EstimateRequest {
    EstimateRequest {
        lines: vec![LineRequest {
            sku: sku.into(),
            qty,
            options: options.iter().map(|o| o.to_string()).collect(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[test]
fn the_tier_is_the_one_with_the_largest_min_qty_at_or_below_the_quantity() {
    let pb = book("USD", vec![mug(BelowMoq::PriceAtMoq)]);
    // (qty, unit_low, unit_high)
    for (qty, low, high) in
        [(100, 200, 260), (499, 200, 260), (500, 170, 210), (999, 170, 210), (1000, 140, 180), (1_000_000, 140, 180)]
    {
        let e = estimate(&pb, &one("MUG", qty, &[])).unwrap();
        let l = &e.lines[0];
        assert_eq!((l.unit_low, l.unit_high), (low, high), "qty {qty}");
        assert_eq!((l.total_low, l.total_high), (low * u64::from(qty), high * u64::from(qty)), "qty {qty}");
        assert_eq!((e.total_low, e.total_high), (l.total_low, l.total_high));
    }
}

#[test]
fn below_moq_is_priced_at_the_moq_with_a_warning_or_refused_by_the_products_rule() {
    let pb = book("USD", vec![mug(BelowMoq::PriceAtMoq)]);
    for qty in [1, 99] {
        let e = estimate(&pb, &one("MUG", qty, &[])).unwrap();
        assert_eq!(e.lines[0].billed_qty, 100);
        assert_eq!((e.total_low, e.total_high), (20_000, 26_000));
        assert!(e.warnings.contains(&Warning::BelowMoq { sku: "MUG".into(), qty, moq: 100 }));
    }
    let at_moq = estimate(&pb, &one("MUG", 100, &[])).unwrap();
    assert!(!at_moq.warnings.iter().any(|w| matches!(w, Warning::BelowMoq { .. })));

    let pb = book("USD", vec![mug(BelowMoq::Refuse)]);
    assert_eq!(
        estimate(&pb, &one("MUG", 99, &[])),
        Err(EstimateError::BelowMoqRefused { sku: "MUG".into(), qty: 99, moq: 100 })
    );
    assert!(estimate(&pb, &one("MUG", 100, &[])).is_ok());
}

#[test]
fn options_widen_the_unit_range_absolutely_or_by_a_share_of_the_base_range_rounded_outward() {
    let pb = book("USD", vec![mug(BelowMoq::PriceAtMoq)]);
    // At 500+: base 170–210.
    // PRINT: +10 / +35.  BOX: +5 % of 170 = 8.5 → 8 (down); +12.5 % of 210 = 26.25 → 27 (up).
    for (options, low, high) in [
        (&[][..], 170, 210),
        (&["PRINT"][..], 180, 245),
        (&["BOX"][..], 178, 237),
        (&["PRINT", "BOX"][..], 188, 272),
        (&["BOX", "PRINT"][..], 188, 272),
        (&["BOX", "BOX"][..], 178, 237),
    ] {
        let l = &estimate(&pb, &one("MUG", 500, options)).unwrap().lines[0];
        assert_eq!((l.unit_low, l.unit_high), (low, high), "{options:?}");
    }
    assert_eq!(
        estimate(&pb, &one("MUG", 500, &["GOLD"])),
        Err(EstimateError::UnknownOption { sku: "MUG".into(), option: "GOLD".into() })
    );
}

#[test]
fn amounts_are_minor_units_of_each_currency_whatever_its_digits() {
    // The same tier table read as JPY (¥200), USD ($2.00) and KWD (0.200 KD): arithmetic is on
    // minor units, so totals are identical numbers and `decimals` tells the UI where the point goes.
    for (currency, decimals) in [("JPY", 0), ("USD", 2), ("KWD", 3)] {
        let pb = book(currency, vec![mug(BelowMoq::PriceAtMoq)]);
        let e = estimate(&pb, &one("MUG", 250, &["BOX"])).unwrap();
        assert_eq!(e.decimals, decimals, "{currency}");
        assert_eq!(e.currency, currency);
        // 200 + 5 % = 210; 260 + 12.5 % = 292.5 → 293
        assert_eq!((e.lines[0].unit_low, e.lines[0].unit_high), (210, 293), "{currency}");
        assert_eq!((e.total_low, e.total_high), (52_500, 73_250), "{currency}");
    }
}

#[test]
fn extreme_quantities_give_an_error_or_an_exact_total_never_a_wrapped_one() {
    let pb = book("USD", vec![mug(BelowMoq::PriceAtMoq)]);
    assert_eq!(estimate(&pb, &one("MUG", 0, &[])), Err(EstimateError::ZeroQuantity { sku: "MUG".into() }));
    let e = estimate(&pb, &one("MUG", u32::MAX, &["PRINT", "BOX"])).unwrap();
    let l = &e.lines[0];
    assert_eq!(l.total_high, l.unit_high * u64::from(u32::MAX));
    assert_eq!(l.production_days, u32::MAX.div_ceil(400));

    // A unit price large enough that u32::MAX units pass 2^53.
    let mut dear = mug(BelowMoq::PriceAtMoq);
    dear.tiers = vec![tier(1, 3_000_000, 3_000_000)];
    let pb = book("USD", vec![dear]);
    assert!(estimate(&pb, &one("MUG", 1, &[])).is_ok());
    assert!(matches!(estimate(&pb, &one("MUG", u32::MAX, &[])), Err(EstimateError::Overflow { .. })));

    // Two lines that fit alone but not together.
    let mut big = mug(BelowMoq::PriceAtMoq);
    big.moq = 1;
    big.tiers = vec![tier(1, MAX_AMOUNT / 2 + 1, MAX_AMOUNT / 2 + 1)];
    let pb = book("USD", vec![big]);
    let mut req = one("MUG", 1, &[]);
    assert!(estimate(&pb, &req).is_ok());
    req.lines.push(req.lines[0].clone());
    assert_eq!(estimate(&pb, &req), Err(EstimateError::Overflow { what: "quote total".into() }));

    // Days that would pass u32.
    let pb = book("USD", vec![mug(BelowMoq::PriceAtMoq)]);
    let mut req = one("MUG", 1, &[]);
    req.lines[0].production_days = Some(u32::MAX);
    assert!(matches!(estimate(&pb, &req), Err(EstimateError::Overflow { .. })));
}

#[test]
fn a_formulation_is_priced_from_its_material_cost_at_the_margin_band_rounded_outward() {
    let pb = book("USD", vec![serum()]);
    let l = &estimate(&pb, &one("SERUM", 1, &[])).unwrap().lines[0];
    // cost = 1.20 + 0.35 + 0.123457 = 1.673457
    // low  = 1.673457 / 0.70 = 2.390652… → 239 (down)
    // high = 1.673457 / 0.55 = 3.042649… → 305 (up)
    assert_eq!((l.unit_low, l.unit_high), (239, 305));
    assert_eq!(l.production_days, 1);
    assert_eq!(l.processing_days, 10);

    let mut zero_margin = serum();
    if let Some(f) = zero_margin.formulation.as_mut() {
        f.margin_low_bp = 0;
        f.margin_high_bp = 0;
    }
    let l = &estimate(&book("USD", vec![zero_margin]), &one("SERUM", 1, &[])).unwrap().lines[0];
    assert_eq!((l.unit_low, l.unit_high), (167, 168), "cost 1.673457 rounded outward");
}

#[test]
fn lead_time_adds_production_processing_and_shipping_and_the_rep_can_override_each() {
    let pb = book("USD", vec![mug(BelowMoq::PriceAtMoq), serum()]);
    // 1000 mugs at 400/day = 3 days + 3 processing; sea to DE 28–40.
    let mut req = one("MUG", 1000, &[]);
    req.shipping_method = Some("sea".into());
    req.destination = Some("de".into());
    let e = estimate(&pb, &req).unwrap();
    assert_eq!(e.lead_days, DaysRange { min: 34, max: 46 });
    assert_eq!(e.shipping_days, Some(DaysRange { min: 28, max: 40 }));
    assert!(e.warnings.is_empty());

    req.lines[0].production_days = Some(10);
    req.lines[0].processing_days = Some(0);
    req.shipping_days = Some(DaysRange { min: 5, max: 9 });
    assert_eq!(estimate(&pb, &req).unwrap().lead_days, DaysRange { min: 15, max: 19 });

    req.shipping_days = Some(DaysRange { min: 9, max: 5 });
    assert_eq!(estimate(&pb, &req), Err(EstimateError::InvertedShipping));

    // Ex-works when no lane is chosen; a lane the pricebook lacks is an error.
    let e = estimate(&pb, &one("MUG", 1000, &[])).unwrap();
    assert_eq!(e.lead_days, DaysRange { min: 6, max: 6 });
    assert!(e.warnings.contains(&Warning::NoShipping));
    let mut req = one("MUG", 1000, &[]);
    req.shipping_method = Some("Rail".into());
    req.destination = Some("DE".into());
    assert!(matches!(estimate(&pb, &req), Err(EstimateError::UnknownShipping { .. })));
}

#[test]
fn a_quote_totals_its_lines_and_takes_the_longest_lead_time() {
    let pb = book("USD", vec![mug(BelowMoq::PriceAtMoq), serum()]);
    let mut req = one("MUG", 1000, &[]);
    req.lines.push(LineRequest { sku: "SERUM".into(), qty: 5000, ..Default::default() });
    req.shipping_method = Some("Air".into());
    req.destination = Some("DE".into());
    let e = estimate(&pb, &req).unwrap();
    assert_eq!(e.total_low, 1000 * 140 + 5000 * 239);
    assert_eq!(e.total_high, 1000 * 180 + 5000 * 305);
    // mug: 3 + 3 + 4..7; serum: 5 + 10 + 4..7
    assert_eq!(e.lines[0].lead_days, DaysRange { min: 10, max: 13 });
    assert_eq!(e.lead_days, DaysRange { min: 19, max: 22 });

    assert_eq!(estimate(&pb, &EstimateRequest::default()), Err(EstimateError::NoLines));
    assert_eq!(estimate(&pb, &one("NOPE", 1, &[])), Err(EstimateError::UnknownProduct { sku: "NOPE".into() }));
}

#[test]
fn a_pricebook_names_each_inconsistency_by_its_place() {
    let mut bad = mug(BelowMoq::PriceAtMoq);
    bad.tiers[1].unit_high = 100; // below its low of 170
    bad.tiers[2].min_qty = 500; // not ascending
    bad.capacity_per_day = 0;
    let mut pb = book("usd", vec![bad, mug(BelowMoq::Refuse)]);
    pb.shipping[0].max_days = 1;
    let fields: Vec<String> = pb.validate().into_iter().map(|e| e.field).collect();
    for want in [
        "currency",
        "products[0].tiers[1].unit_high",
        "products[0].tiers[2].min_qty",
        "products[0].capacity_per_day",
        "products[1].sku",
        "shipping[0].max_days",
    ] {
        assert!(fields.iter().any(|f| f == want), "{want} missing from {fields:?}");
    }
    assert!(book("USD", vec![mug(BelowMoq::PriceAtMoq), serum()]).validate().is_empty());
}

#[test]
fn valid_until_must_be_a_real_calendar_date() {
    for (s, ok) in [
        ("2026-12-31", true),
        ("2028-02-29", true),
        ("2026-02-29", false),
        ("2026-13-01", false),
        ("2026-1-01", false),
        ("31/12/2026", false),
        ("", false),
    ] {
        assert_eq!(is_iso_date(s), ok, "{s}");
    }
}

#[test]
fn display_text_groups_thousands_with_each_currencys_decimals() {
    for (minor, decimals, text) in [
        (457_500, 2, "4,575.00"),
        (5, 2, "0.05"),
        (1_234_567, 0, "1,234,567"),
        (1_234_567, 3, "1,234.567"),
        (100, 0, "100"),
        (MAX_AMOUNT, 0, "9,007,199,254,740,991"),
    ] {
        assert_eq!(group_amount(minor, decimals), text);
    }
    let pb = book("USD", vec![mug(BelowMoq::PriceAtMoq)]);
    let text = estimate(&pb, &one("MUG", 2500, &["PRINT"])).unwrap().text();
    assert_eq!(text.total_range, "USD 3,750.00–5,375.00");
    assert_eq!(text.lines[0].qty, "2500 pcs");
    assert_eq!(text.lines[0].unit_range, "USD 1.50–2.15");
    assert_eq!(text.lead_time, "10 days");
    assert_eq!(days_text(DaysRange { min: 1, max: 1 }), "1 day");
}

#[test]
fn the_reps_vcard_escapes_separators_and_drops_control_characters() {
    let card = rep_vcard("Li, Na;\u{7}", "na@example.com");
    assert!(card.contains("FN:Li\\, Na\\;\r\n"), "{card}");
    assert!(card.contains("EMAIL:na@example.com\r\n"));
    assert!(!rep_vcard("Li", " ").contains("EMAIL"));
}
