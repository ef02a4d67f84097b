//! Dashboard, ROI and evaluation figures on real files.

use leadtrack_domain::dashboard::{EventCost, OrderRow, ShowEvaluation};
use leadtrack_domain::roi::CostCategory;
use leadtrack_domain::{CaptureForm, Event, EventInput, Grade, InteractionKind, LeadInput, Role, User, Viewer};

use crate::{Error, Store};

struct Booth {
    _dir: tempfile::TempDir,
    store: Store,
    event: Event,
    other: Event,
    dylan: User,
    mina: User,
    lisa: User,
}

fn show(store: &Store, tag: &str) -> Event {
    store
        .create_event(EventInput {
            tag: tag.into(),
            name: format!("Show {tag}"),
            starts_on: "2026-03-18".into(),
            ends_on: "2026-03-20".into(),
            booth: "A1".into(),
            country: "IR".into(),
            form: CaptureForm::default(),
        })
        .unwrap()
}

fn booth() -> Booth {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let event = show(&store, "a");
    let other = show(&store, "b");
    let dylan = store.create_user("Dylan", "", Role::Rep).unwrap();
    let mina = store.create_user("Mina", "", Role::Rep).unwrap();
    let lisa = store.create_user("Lisa", "", Role::Manager).unwrap();
    Booth { _dir: dir, store, event, other, dylan, mina, lisa }
}

fn lead(b: &Booth, event: &Event, by: &User, name: &str, grade: Option<Grade>, interests: &[&str]) -> String {
    let input = LeadInput {
        event_id: event.id.clone(),
        name: name.into(),
        company: "Lumen".into(),
        title: "Buyer".into(),
        country: "DE".into(),
        grade,
        interests: interests.iter().map(|s| s.to_string()).collect(),
        ..LeadInput::default()
    };
    b.store.create_lead(input, &by.id).unwrap().id
}

/// Sets what the store's SQL reads directly: status and capture time.
fn set(b: &Booth, id: &str, status: &str, created_at: i64) {
    b.store
        .write(|c| {
            c.execute("UPDATE leads SET status = ?2, created_at = ?3 WHERE id = ?1", (id, status, created_at))?;
            Ok(())
        })
        .unwrap();
}

const T0: i64 = 1_773_812_400_000; // 2026-03-18 05:40 UTC, 09:10 in Tehran

#[test]
fn a_rep_sees_only_their_own_figures_and_a_manager_sees_the_whole_show() {
    let b = booth();
    lead(&b, &b.event, &b.dylan, "One", Some(Grade::A), &["LED"]);
    lead(&b, &b.event, &b.dylan, "Two", Some(Grade::B), &[]);
    lead(&b, &b.event, &b.mina, "Three", Some(Grade::A), &["LED", "Solar"]);
    lead(&b, &b.other, &b.mina, "Elsewhere", None, &[]);

    let mgr = b.store.dashboard_as(&Viewer::of(&b.lisa), Some(&b.event.id), T0).unwrap();
    assert_eq!(mgr.total_leads, 3);
    assert!(!mgr.own_leads_only);
    let reps: Vec<(&str, i64)> = mgr.by_rep.iter().map(|c| (c.label.as_str(), c.count)).collect();
    assert_eq!(reps, vec![("Dylan", 2), ("Mina", 1)]);
    let grades: Vec<i64> = mgr.by_grade.iter().map(|c| c.count).collect();
    assert_eq!(grades, vec![2, 1, 0, 0, 0]);
    let led = mgr.interests.iter().find(|h| h.interest == "LED").unwrap();
    assert_eq!(led.by_grade, [2, 0, 0, 0, 0]);

    let rep = b.store.dashboard_as(&Viewer::of(&b.dylan), Some(&b.event.id), T0).unwrap();
    assert_eq!(rep.total_leads, 2);
    assert!(rep.own_leads_only);
    assert_eq!(rep.by_rep.len(), 1);
    assert!(rep.interests.iter().all(|h| h.interest != "Solar"));

    let all = b.store.dashboard_as(&Viewer::of(&b.lisa), None, T0).unwrap();
    assert_eq!(all.total_leads, 4);
    assert_eq!(all.time_zone, "UTC");
}

#[test]
fn hours_are_the_show_zone_hours_and_the_funnel_counts_later_stages() {
    let b = booth();
    let ids: Vec<String> =
        (0..5).map(|i| lead(&b, &b.event, &b.dylan, &format!("L{i}"), Some(Grade::B), &[])).collect();
    set(&b, &ids[0], "won", T0);
    set(&b, &ids[1], "quoted", T0 + 30 * 60_000); // 09:40 Tehran
    set(&b, &ids[2], "opportunity", T0 + 60 * 60_000); // 10:10
    set(&b, &ids[3], "lost", T0 + 61 * 60_000);
    set(&b, &ids[4], "new", T0 + 62 * 60_000);
    let d = b.store.dashboard_as(&Viewer::of(&b.lisa), Some(&b.event.id), T0).unwrap();
    assert_eq!(d.time_zone, "Asia/Tehran");
    let hours: Vec<(&str, i64)> = d.by_hour.iter().map(|h| (h.hour.as_str(), h.count)).collect();
    assert_eq!(hours, vec![("2026-03-18T09:00", 2), ("2026-03-18T10:00", 3)]);
    let f = &d.funnel;
    assert_eq!((f.leads, f.opportunities, f.quoted, f.won, f.lost), (5, 3, 2, 1, 1));
    assert_eq!(f.opportunity_rate_bp, Some(6_000));
    assert_eq!(f.quote_rate_bp, Some(6_666));
    assert_eq!(f.win_rate_bp, Some(5_000));
}

#[test]
fn follow_up_counts_due_overdue_done_and_the_time_to_first_touch() {
    let b = booth();
    let a = lead(&b, &b.event, &b.dylan, "A lead", Some(Grade::A), &[]);
    let c = lead(&b, &b.event, &b.dylan, "C lead", None, &[]);
    set(&b, &a, "new", T0);
    set(&b, &c, "new", T0);
    b.store
        .write(|conn| {
            for (id, status, due) in [("t1", "open", T0 - 1), ("t2", "open", T0 + 10), ("t3", "done", T0), ("t4", "cancelled", T0)] {
                conn.execute(
                    "INSERT INTO tasks (id, lead_id, kind, due_at, status, created_at) VALUES (?1, ?2, 'call', ?3, ?4, 0)",
                    (id, &a, due, status),
                )?;
            }
            Ok(())
        })
        .unwrap();
    // Grading A made the rule's own tasks too; count them from the table so the test
    // checks the classification, not the playbook.
    let (open_past, open_future, done): (i64, i64, i64) = b
        .store
        .read(|conn| {
            Ok(conn.query_row(
                "SELECT SUM(status = 'open' AND COALESCE(snoozed_until, due_at) < ?1),
                        SUM(status = 'open' AND COALESCE(snoozed_until, due_at) >= ?1), SUM(status = 'done')
                 FROM tasks",
                [T0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    b.store.record_interaction(&a, InteractionKind::Note, "note", serde_json::json!({}), &b.dylan.id).unwrap();
    b.store.record_interaction(&a, InteractionKind::Call, "call", serde_json::json!({}), &b.dylan.id).unwrap();
    let d = b.store.dashboard_as(&Viewer::of(&b.lisa), Some(&b.event.id), T0).unwrap();
    assert_eq!((d.follow_up.overdue, d.follow_up.due, d.follow_up.done), (open_past, open_future, done));
    assert!(d.follow_up.overdue >= 1 && d.follow_up.done >= 1);
    assert_eq!(d.follow_up.touched, 1, "a note is not a touch; only the call is");
    let wait = d.follow_up.first_touch_median_ms.unwrap();
    assert!(wait >= crate::now_ms() - T0 - 60_000, "measured from capture: {wait}");
    assert_eq!(d.follow_up.first_touch_p90_ms, Some(wait));
}

#[test]
fn percentiles_use_the_nearest_rank() {
    let v: Vec<i64> = (1..=10).collect();
    assert_eq!(crate::dashboard::percentile(&v, 50), Some(5));
    assert_eq!(crate::dashboard::percentile(&v, 90), Some(9));
    assert_eq!(crate::dashboard::percentile(&[7], 90), Some(7));
    assert_eq!(crate::dashboard::percentile(&[], 50), None);
}

fn order(r: &str, lead: &str, promo: &str, value: i64, profit: i64) -> OrderRow {
    OrderRow {
        order_ref: r.into(),
        ordered_on: "2026-04-01".into(),
        value_minor: value,
        gross_profit_minor: profit,
        currency: "EUR".into(),
        promo_code: promo.into(),
        lead_id: lead.into(),
    }
}

#[test]
fn orders_match_by_lead_or_promo_code_and_roi_is_worked_out_per_show_and_channel() {
    let b = booth();
    let won = lead(&b, &b.event, &b.dylan, "Won", Some(Grade::A), &[]);
    let lost = lead(&b, &b.event, &b.dylan, "Lost", Some(Grade::A), &[]);
    let elsewhere = lead(&b, &b.other, &b.dylan, "Other show", Some(Grade::B), &[]);
    set(&b, &won, "won", T0);
    set(&b, &lost, "lost", T0);
    b.store.set_promo_code(&b.event.id, None, "HM26", &b.lisa.id).unwrap();
    let lisa = Viewer::of(&b.lisa);
    let costs = vec![
        EventCost { category: CostCategory::Booth, amount_minor: 600_000, currency: "eur".into(), note: "".into() },
        EventCost { category: CostCategory::Travel, amount_minor: 400_000, currency: "EUR".into(), note: "".into() },
    ];
    b.store.set_event_costs(&lisa, &b.event.id, &costs).unwrap();

    let report = b
        .store
        .import_orders(
            &lisa,
            &b.event.id,
            &[
                order("SO-1", &won, "", 2_000_000, 800_000),
                order("SO-2", "", "hm26", 1_000_000, 700_000),
                order("SO-3", &elsewhere, "", 5_000_000, 1_000_000),
                order("SO-4", "", "OTHER", 1, 1),
            ],
        )
        .unwrap();
    assert_eq!((report.matched_by_lead, report.matched_by_promo, report.unmatched), (1, 1, 2));

    let roi = b.store.show_roi(&lisa, &b.event.id).unwrap();
    assert_eq!(roi.total_cost.as_ref().map(|m| (m.minor, m.currency.as_str())), Some((1_000_000, "EUR")));
    assert_eq!(roi.show.leads, 2);
    assert_eq!(roi.show.orders, 2);
    assert_eq!(roi.show.gross_profit.as_ref().map(|m| m.minor), Some(1_500_000));
    assert_eq!(roi.show.won_value.as_ref().map(|m| m.minor), Some(3_000_000));
    assert_eq!(roi.roi_bp, Some(5_000), "(1.5M − 1M) / 1M = 50 %");
    assert_eq!(roi.cost_per_lead.map(|m| m.minor), Some(500_000));
    assert_eq!(roi.cost_per_opportunity.map(|m| m.minor), Some(1_000_000));
    let channels: Vec<(&str, i64)> = roi.channels.iter().map(|c| (c.channel.as_str(), c.orders)).collect();
    assert_eq!(channels, vec![("manual", 1), ("promo", 1)]);
    assert_eq!(roi.calibration[0], [1, 1, 0], "grade A: one won, one lost");

    // Importing the same order again replaces it.
    b.store.import_orders(&lisa, &b.event.id, &[order("SO-1", &won, "", 2_000_000, 900_000)]).unwrap();
    let again = b.store.show_roi(&lisa, &b.event.id).unwrap();
    assert_eq!(again.show.gross_profit.map(|m| m.minor), Some(1_600_000));
}

#[test]
fn orders_in_another_currency_than_the_costs_explain_instead_of_adding() {
    let b = booth();
    let won = lead(&b, &b.event, &b.dylan, "Won", Some(Grade::A), &[]);
    let lisa = Viewer::of(&b.lisa);
    let cost = EventCost { category: CostCategory::Booth, amount_minor: 100, currency: "EUR".into(), note: "".into() };
    b.store.set_event_costs(&lisa, &b.event.id, &[cost]).unwrap();
    let mut o = order("SO-1", &won, "", 500, 300);
    o.currency = "CNY".into();
    b.store.import_orders(&lisa, &b.event.id, &[o]).unwrap();
    let roi = b.store.show_roi(&lisa, &b.event.id).unwrap();
    assert_eq!(roi.roi_bp, None);
    assert!(roi.problem.unwrap().contains("CNY"));
}

#[test]
fn only_managers_and_marketing_see_or_change_money_and_costs_need_one_currency() {
    let b = booth();
    let dylan = Viewer::of(&b.dylan);
    assert!(matches!(b.store.show_roi(&dylan, &b.event.id), Err(Error::Forbidden(_))));
    assert!(matches!(b.store.set_event_costs(&dylan, &b.event.id, &[]), Err(Error::Forbidden(_))));
    let marketing = Viewer::of(&b.store.create_user("Mo", "", Role::Marketing).unwrap());
    let mixed = vec![
        EventCost { category: CostCategory::Booth, amount_minor: 1, currency: "EUR".into(), note: "".into() },
        EventCost { category: CostCategory::Build, amount_minor: 1, currency: "USD".into(), note: "".into() },
    ];
    assert!(matches!(b.store.set_event_costs(&marketing, &b.event.id, &mixed), Err(Error::Invalid(_))));
    let neg =
        vec![EventCost { category: CostCategory::Booth, amount_minor: -1, currency: "EUR".into(), note: "".into() }];
    assert!(matches!(b.store.set_event_costs(&marketing, &b.event.id, &neg), Err(Error::Invalid(_))));
    let roi = b.store.show_roi(&marketing, &b.event.id).unwrap();
    assert_eq!((roi.total_cost, roi.roi_bp), (None, None));
}

#[test]
fn the_evaluation_form_is_kept_per_show() {
    let b = booth();
    let lisa = Viewer::of(&b.lisa);
    assert_eq!(b.store.show_evaluation(&lisa, &b.event.id).unwrap(), ShowEvaluation::default());
    let e = ShowEvaluation {
        goals: "300 leads".into(),
        booth_notes: "展位靠近入口".into(),
        lead_goal: Some(300),
        ..ShowEvaluation::default()
    };
    b.store.set_show_evaluation(&lisa, &b.event.id, &e).unwrap();
    assert_eq!(b.store.show_evaluation(&lisa, &b.event.id).unwrap(), e);
    assert_eq!(b.store.show_evaluation(&lisa, &b.other.id).unwrap(), ShowEvaluation::default());
    let data = b.store.show_report_data(&lisa, &b.event.id, T0).unwrap();
    assert_eq!(data.evaluation, e);
    assert_eq!(data.event.id, b.event.id);
}
