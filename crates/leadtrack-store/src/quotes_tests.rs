use leadtrack_domain::pricebook::Pricebook;
use leadtrack_domain::quote::{EstimateRequest, LineRequest, QuoteInput};
use leadtrack_domain::{CaptureForm, Event, EventInput, InteractionKind, LeadInput, Role, User};

use crate::{Error, Store};

const SAMPLE: &str = include_str!("../../../assets/pricebooks/sample-pricebook.csv");

/// The shipped sample (it has no quoted cells, so splitting on commas reads it).
fn sample() -> Pricebook {
    let rows: Vec<Vec<String>> = SAMPLE.lines().map(|l| l.split(',').map(str::to_string).collect()).collect();
    let (pb, errors) = leadtrack_domain::pricebook_import::from_rows(
        &rows[0],
        rows[1..].iter().enumerate().map(|(i, r)| (i as u32 + 2, r.as_slice())),
    );
    assert_eq!(errors, vec![]);
    pb.unwrap()
}

struct Booth {
    _dir: tempfile::TempDir,
    store: Store,
    event: Event,
    rep: User,
    manager: User,
}

fn booth() -> Booth {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let event = store
        .create_event(EventInput {
            tag: "q-1".into(),
            name: "Quote Show".into(),
            starts_on: "2026-11-23".into(),
            ends_on: "2026-11-25".into(),
            booth: "B2".into(),
            country: "DE".into(),
            form: CaptureForm::default(),
        })
        .unwrap();
    let rep = store.create_user("Rosa", "", Role::Rep).unwrap();
    let manager = store.create_user("Mina", "", Role::Manager).unwrap();
    Booth { _dir: dir, store, event, rep, manager }
}

fn mugs(b: &Booth, lead_id: &str, pb: &Pricebook, qty: u32) -> QuoteInput {
    QuoteInput {
        lead_id: lead_id.into(),
        pricebook_id: pb.id.clone(),
        pricebook_version: pb.version,
        request: EstimateRequest {
            lines: vec![LineRequest {
                sku: "MUG-350".into(),
                qty,
                options: vec!["PRINT1".into()],
                ..Default::default()
            }],
            shipping_method: Some("Sea".into()),
            destination: Some("EU".into()),
            ..Default::default()
        },
        valid_until: Some("2026-12-31".into()),
        notes: "Wants samples first".into(),
        promo_code: b.store.promo_code_for(&b.event.id, &b.rep.id).unwrap(),
    }
}

fn is_forbidden(e: Error) -> bool {
    matches!(e, Error::Invalid(v) if v.fields[0].code == "forbidden")
}

#[test]
fn only_managers_and_marketing_save_pricebooks_and_each_save_is_a_new_version() {
    let b = booth();
    assert!(is_forbidden(b.store.save_pricebook(None, sample(), &b.rep.id).unwrap_err()));
    let v1 = b.store.save_pricebook(None, sample(), &b.manager.id).unwrap();
    assert_eq!(v1.version, 1);
    let mut mug = v1.product("MUG-350").unwrap().clone();
    mug.tiers[0].unit_high = 299;
    assert!(is_forbidden(b.store.update_pricebook_product(&v1.id, mug.clone(), &b.rep.id).unwrap_err()));
    let v2 = b.store.update_pricebook_product(&v1.id, mug, &b.manager.id).unwrap();
    assert_eq!((v2.id.as_str(), v2.version), (v1.id.as_str(), 2));
    assert_eq!(b.store.pricebook(&v1.id, Some(1)).unwrap(), v1, "the old version is unchanged");
    assert_eq!(b.store.pricebook(&v1.id, None).unwrap(), v2);
    let versions = b.store.pricebook_versions(&v1.id).unwrap();
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), vec![2, 1]);
    assert_eq!((versions[0].created_by.as_str(), versions[0].products), ("Mina", v1.products.len() as u32));
    assert_eq!(b.store.pricebooks().unwrap().len(), 1, "one pricebook, listed at its newest version");
}

#[test]
fn a_pricebook_with_errors_is_refused_whole() {
    let b = booth();
    let mut pb = sample();
    pb.products[0].tiers[0].unit_high = 1;
    let Err(Error::Invalid(v)) = b.store.save_pricebook(None, pb, &b.manager.id) else { panic!("saved") };
    assert_eq!(v.fields[0].field, "products[0].tiers[0].unit_high");
    assert!(b.store.pricebooks().unwrap().is_empty());
}

#[test]
fn a_saved_quote_keeps_its_pricebook_version_and_is_recorded_as_an_interaction_with_it() {
    let b = booth();
    let lead = b
        .store
        .create_lead(
            LeadInput {
                event_id: b.event.id.clone(),
                name: "Lukas".into(),
                company: "Kaffee GmbH".into(),
                ..LeadInput::default()
            },
            &b.rep.id,
        )
        .unwrap();
    b.store.set_promo_code(&b.event.id, None, "BOOTH26", &b.manager.id).unwrap();
    let v1 = b.store.save_pricebook(None, sample(), &b.manager.id).unwrap();
    let q1 = b.store.save_quote(mugs(&b, &lead.id, &v1, 2000), &b.rep.id).unwrap();
    // 2000+: 1.75–2.30 + print 0.08–0.15 → 1.83–2.45 a mug
    assert_eq!((q1.estimate.total_low, q1.estimate.total_high), (2000 * 183, 2000 * 245));
    assert_eq!(q1.promo_code, "BOOTH26");
    assert_eq!(q1.author_name, "Rosa");

    let mut mug = v1.product("MUG-350").unwrap().clone();
    mug.tiers[1].unit_low = 100;
    let v2 = b.store.update_pricebook_product(&v1.id, mug, &b.manager.id).unwrap();
    let q2 = b.store.save_quote(mugs(&b, &lead.id, &v2, 2000), &b.rep.id).unwrap();
    assert_eq!(q2.estimate.total_low, 2000 * 108);

    let history = b.store.lead_quotes(&lead.id).unwrap();
    assert_eq!(
        history.iter().map(|q| (q.id.as_str(), q.pricebook_version)).collect::<Vec<_>>(),
        vec![(q2.id.as_str(), 2), (q1.id.as_str(), 1)]
    );
    assert_eq!(history[1], q1, "an old quote still shows the prices it was made with");

    let its = b.store.lead_interactions(&lead.id).unwrap();
    let quotes: Vec<_> = its.iter().filter(|i| i.kind == InteractionKind::Quote).collect();
    assert_eq!(quotes.len(), 2);
    assert_eq!(quotes.iter().filter(|i| i.detail["quote_id"] == q1.id.as_str()).count(), 1);
    assert_eq!(quotes[0].by_user.as_deref(), Some(b.rep.id.as_str()));

    let ctx = b.store.quote_context(&q1.id).unwrap();
    assert_eq!(
        (ctx.visitor_name.as_str(), ctx.visitor_company.as_str(), ctx.show_name.as_str(), ctx.rep.name.as_str()),
        ("Lukas", "Kaffee GmbH", "Quote Show", "Rosa")
    );
    assert_eq!(ctx.quote, q1);
}

#[test]
fn a_quote_the_estimator_refuses_saves_nothing() {
    let b = booth();
    let lead = b
        .store
        .create_lead(
            LeadInput {
                event_id: b.event.id.clone(),
                name: "Ana".into(),
                company: "Casa".into(),
                ..LeadInput::default()
            },
            &b.rep.id,
        )
        .unwrap();
    let pb = b.store.save_pricebook(None, sample(), &b.manager.id).unwrap();
    let mut input = mugs(&b, &lead.id, &pb, 10);
    input.request.lines[0].sku = "BTL-500".into(); // refuse below 1000
    input.request.lines[0].options.clear();
    let Err(Error::Invalid(v)) = b.store.save_quote(input, &b.rep.id) else { panic!("saved") };
    assert_eq!(v.fields[0].code, "below_moq_refused");
    let mut input = mugs(&b, &lead.id, &pb, 1000);
    input.valid_until = Some("31.12.2026".into());
    let Err(Error::Invalid(v)) = b.store.save_quote(input, &b.rep.id) else { panic!("saved") };
    assert_eq!(v.fields[0].field, "valid_until");
    assert!(b.store.lead_quotes(&lead.id).unwrap().is_empty());
    assert!(b.store.lead_interactions(&lead.id).unwrap().iter().all(|i| i.kind != InteractionKind::Quote));
}

#[test]
fn a_reps_own_promo_code_wins_over_the_shows_and_only_editors_set_them() {
    let b = booth();
    assert_eq!(b.store.promo_code_for(&b.event.id, &b.rep.id).unwrap(), "");
    assert!(is_forbidden(b.store.set_promo_code(&b.event.id, None, "X", &b.rep.id).unwrap_err()));
    b.store.set_promo_code(&b.event.id, None, "SHOW26", &b.manager.id).unwrap();
    assert_eq!(b.store.promo_code_for(&b.event.id, &b.rep.id).unwrap(), "SHOW26");
    let codes = b.store.set_promo_code(&b.event.id, Some(&b.rep.id), "ROSA26", &b.manager.id).unwrap();
    assert_eq!(codes.len(), 2);
    assert_eq!(b.store.promo_code_for(&b.event.id, &b.rep.id).unwrap(), "ROSA26");
    assert_eq!(b.store.promo_code_for(&b.event.id, &b.manager.id).unwrap(), "SHOW26");
    b.store.set_promo_code(&b.event.id, Some(&b.rep.id), " ", &b.manager.id).unwrap();
    assert_eq!(b.store.promo_code_for(&b.event.id, &b.rep.id).unwrap(), "SHOW26");
}

#[test]
fn a_rep_quotes_and_sees_quotes_only_on_leads_they_may_see() {
    let b = booth();
    let other = b.store.create_user("Omar", "", Role::Rep).unwrap();
    let lead = b
        .store
        .create_lead(
            LeadInput {
                event_id: b.event.id.clone(),
                name: "Ana".into(),
                company: "Casa".into(),
                ..LeadInput::default()
            },
            &b.rep.id,
        )
        .unwrap();
    let pb = b.store.save_pricebook(None, sample(), &b.manager.id).unwrap();
    let rosa = leadtrack_domain::Viewer::of(&b.rep);
    let omar = leadtrack_domain::Viewer::of(&other);
    assert!(b.store.save_quote_as(&omar, mugs(&b, &lead.id, &pb, 600)).is_err());
    let q = b.store.save_quote_as(&rosa, mugs(&b, &lead.id, &pb, 600)).unwrap();
    assert_eq!(q.author_id, b.rep.id);
    assert!(b.store.lead_quotes_as(&omar, &lead.id).is_err());
    assert_eq!(b.store.lead_quotes_as(&rosa, &lead.id).unwrap().len(), 1);
    assert_eq!(b.store.lead_quotes_as(&leadtrack_domain::Viewer::of(&b.manager), &lead.id).unwrap().len(), 1);
}
