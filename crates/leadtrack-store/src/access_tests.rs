//! The viewer rule, sign-in, assignment and the audit log, on real files.

use std::collections::BTreeSet;

use leadtrack_domain::kiosk::PinCheck;
use leadtrack_domain::{
    AttachmentKind, AuditAction, AuditQuery, CaptureForm, Event, EventInput, Grade, InteractionKind, LeadInput,
    LeadQuery, MergeChoice, Role, User, Viewer,
};

use crate::{Assignment, Error, Store};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a tiny stand-in for a business card photo";

struct Team {
    _dir: tempfile::TempDir,
    store: Store,
    event: Event,
    dylan: User,
    mina: User,
    lisa: User,
}

fn team() -> Team {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let event = store
        .create_event(EventInput {
            tag: "t-1".into(),
            name: "Test Show".into(),
            starts_on: "2026-11-23".into(),
            ends_on: "2026-11-25".into(),
            booth: "A1".into(),
            country: "CN".into(),
            form: CaptureForm { required: vec!["name".into()], ..CaptureForm::default() },
        })
        .unwrap();
    let dylan = store.create_user("Dylan", "", Role::Rep).unwrap();
    let mina = store.create_user("Mina", "", Role::Rep).unwrap();
    let lisa = store.create_user("Lisa", "", Role::Manager).unwrap();
    Team { _dir: dir, store, event, dylan, mina, lisa }
}

fn input(t: &Team, name: &str, email: &str) -> LeadInput {
    LeadInput {
        event_id: t.event.id.clone(),
        name: name.into(),
        company: "Lumen Co".into(),
        email: email.into(),
        grade: Some(Grade::B),
        ..LeadInput::default()
    }
}

fn v(u: &User) -> Viewer {
    Viewer::of(u)
}

fn ids(rows: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    rows.into_iter().collect()
}

fn not_found<T: std::fmt::Debug>(r: crate::Result<T>) -> bool {
    matches!(r, Err(Error::NotFound { .. }))
}

#[test]
fn a_rep_never_reads_another_reps_lead_and_a_manager_reads_every_one() {
    let t = team();
    let s = &t.store;
    let mine = s.create_lead(input(&t, "Wang Wei", "same@x.cn"), &t.dylan.id).unwrap();
    let theirs = s.create_lead(input(&t, "Wang Fang", "same@x.cn"), &t.mina.id).unwrap();
    s.add_attachment(&theirs.id, AttachmentKind::Card, PNG, &t.mina.id).unwrap();
    s.record_interaction(&theirs.id, InteractionKind::Note, "called", serde_json::json!({}), &t.mina.id).unwrap();
    let dylan = v(&t.dylan);
    let everyone = LeadQuery::default();

    for text in ["", "Wang", "Lumen", "x.cn", "王"] {
        let q = LeadQuery { text: text.into(), ..everyone.clone() };
        let seen = ids(s.search_leads_as(&dylan, &q).unwrap().into_iter().map(|l| l.id));
        assert!(!seen.contains(&theirs.id), "search {text:?} leaked Mina's lead");
    }
    let filtered = LeadQuery { captured_by: Some(t.mina.id.clone()), grade: Some(Grade::B), ..everyone.clone() };
    assert!(s.search_leads_as(&dylan, &filtered).unwrap().is_empty(), "a filter on Mina shows Dylan nothing");
    assert!(not_found(s.lead_as(&dylan, &theirs.id)));
    assert!(not_found(s.lead_versions_as(&dylan, &theirs.id)));
    assert!(not_found(s.attachments_as(&dylan, &theirs.id)));
    assert!(not_found(s.lead_interactions_as(&dylan, &theirs.id)));
    assert!(not_found(s.possible_duplicates_as(&dylan, &theirs.id)));
    assert!(s.possible_duplicates_as(&dylan, &mine.id).unwrap().is_empty(), "a duplicate he cannot see stays hidden");
    assert_eq!(ids(s.export_leads_as(&dylan, &everyone).unwrap().into_iter().map(|l| l.id)), ids([mine.id.clone()]));
    // Writes through the author are held to the same rule.
    assert!(not_found(s.update_lead(&theirs.id, input(&t, "Hijacked", ""), &t.dylan.id)));
    assert!(not_found(s.add_attachment(&theirs.id, AttachmentKind::Card, PNG, &t.dylan.id)));
    let choice = MergeChoice {
        survivor_version: Some(mine.version),
        absorbed_version: Some(theirs.version),
        ..Default::default()
    };
    assert!(not_found(s.merge_leads(&mine.id, &theirs.id, choice, &t.dylan.id)));

    for role_user in [&t.lisa, &s.create_user("Mo", "", Role::Marketing).unwrap()] {
        let all = v(role_user);
        assert_eq!(
            ids(s.search_leads_as(&all, &everyone).unwrap().into_iter().map(|l| l.id)),
            ids([mine.id.clone(), theirs.id.clone()])
        );
        assert_eq!(s.lead_as(&all, &theirs.id).unwrap().id, theirs.id);
        assert_eq!(s.possible_duplicates_as(&all, &mine.id).unwrap().len(), 1);
        assert_eq!(s.export_leads_as(&all, &everyone).unwrap().len(), 2);
        assert_eq!(s.attachments_as(&all, &theirs.id).unwrap().len(), 1);
    }
}

/// A tiny deterministic generator: the property test is reproducible from its seed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn over_random_leads_and_assignments_each_rep_sees_exactly_their_captures_and_assignments() {
    let t = team();
    let s = &t.store;
    let mut reps = vec![t.dylan.clone(), t.mina.clone()];
    for i in 0..3 {
        reps.push(s.create_user(&format!("Rep {i}"), "", Role::Rep).unwrap());
    }
    let words = ["Alpha", "Beta", "Gamma", "王伟", "رضا"];
    let mut rng = Lcg(0x5eed);
    let mut leads = Vec::new();
    for i in 0..120 {
        let by = &reps[rng.next(reps.len())];
        let name = format!("{} {i}", words[rng.next(words.len())]);
        leads.push(s.create_lead(input(&t, &name, ""), &by.id).unwrap());
    }
    let manager = v(&t.lisa);
    let assignments: Vec<Assignment> = (0..40)
        .map(|_| Assignment {
            lead_id: leads[rng.next(leads.len())].id.clone(),
            user_id: reps[rng.next(reps.len())].id.clone(),
        })
        .collect();
    s.assign_leads(&manager, &assignments).unwrap();
    s.index_pending().unwrap();
    let all: Vec<_> = leads.iter().map(|l| s.lead(&l.id).unwrap()).collect();
    for rep in &reps {
        let viewer = v(rep);
        let expected: BTreeSet<String> = all
            .iter()
            .filter(|l| l.captured_by == rep.id || l.assigned_to.as_deref() == Some(rep.id.as_str()))
            .map(|l| l.id.clone())
            .collect();
        for text in ["", "Alpha", "王伟", "رضا", "a"] {
            let q = LeadQuery { text: text.into(), limit: Some(5_000), ..LeadQuery::default() };
            let seen = ids(s.search_leads_as(&viewer, &q).unwrap().into_iter().map(|l| l.id));
            assert!(seen.is_subset(&expected), "{} searching {text:?} saw others' leads", rep.name);
            let unscoped = ids(s.search_leads(&q).unwrap().into_iter().map(|l| l.id));
            assert_eq!(seen, &unscoped & &expected, "{} searching {text:?} missed their own", rep.name);
        }
        let exported = ids(s.export_leads_as(&viewer, &LeadQuery::default()).unwrap().into_iter().map(|l| l.id));
        assert_eq!(exported, expected);
        let probe = &all[rng.next(all.len())];
        assert_eq!(s.lead_as(&viewer, &probe.id).is_ok(), expected.contains(&probe.id));
    }
    assert_eq!(
        s.search_leads_as(&manager, &LeadQuery { limit: Some(5_000), ..LeadQuery::default() }).unwrap().len(),
        120
    );
}

#[test]
fn an_assignment_is_a_new_version_with_an_interaction_and_shows_the_lead_to_the_assignee() {
    let t = team();
    let s = &t.store;
    let lead = s.create_lead(input(&t, "Anna", ""), &t.dylan.id).unwrap();
    let mina = v(&t.mina);
    assert!(not_found(s.lead_as(&mina, &lead.id)));
    let to_mina = [Assignment { lead_id: lead.id.clone(), user_id: t.mina.id.clone() }];
    assert!(matches!(s.assign_leads(&v(&t.dylan), &to_mina), Err(Error::Forbidden(_))), "a rep cannot assign");

    let changed = s.assign_leads(&v(&t.lisa), &to_mina).unwrap();
    assert_eq!(changed.len(), 1);
    let now = s.lead_as(&mina, &lead.id).unwrap();
    assert_eq!((now.assigned_to.as_deref(), now.version), (Some(t.mina.id.as_str()), 2));
    assert_eq!(s.lead_versions(&lead.id).unwrap()[0].lead.assigned_to.as_deref(), Some(t.mina.id.as_str()));
    let kinds: Vec<_> = s.lead_interactions(&lead.id).unwrap().into_iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [InteractionKind::Assigned]);
    let row = &s.search_leads_as(&mina, &LeadQuery::default()).unwrap()[0];
    assert_eq!(row.assigned_to_name.as_deref(), Some("Mina"));
    // The capturing rep keeps their capture; assigning again to the same person saves nothing.
    assert!(s.lead_as(&v(&t.dylan), &lead.id).is_ok());
    assert!(s.assign_leads(&v(&t.lisa), &to_mina).unwrap().is_empty());
    assert_eq!(s.lead(&lead.id).unwrap().version, 2);
    let audit = s.audit_log(&v(&t.lisa), &AuditQuery { action: Some(AuditAction::Assigned), ..Default::default() });
    assert_eq!(audit.unwrap().len(), 1);
}

#[test]
fn the_proposal_spreads_unassigned_leads_by_coverage_and_saves_nothing_until_applied() {
    let t = team();
    let s = &t.store;
    let lisa = v(&t.lisa);
    let profile = |regions: &[&str], languages: &[&str]| leadtrack_domain::assign::AssignProfile {
        regions: regions.iter().map(|x| x.to_string()).collect(),
        languages: languages.iter().map(|x| x.to_string()).collect(),
        interests: vec![],
    };
    s.set_assign_profile(&lisa, &t.dylan.id, &profile(&["CN"], &["zh"])).unwrap();
    s.set_assign_profile(&lisa, &t.mina.id, &profile(&["IR"], &["fa"])).unwrap();
    let kiosk = s.kiosk_user().unwrap();
    let zh = s.create_lead(input(&t, "王伟", ""), &kiosk.id).unwrap();
    let fa = s.create_lead(input(&t, "رضا احمدی", ""), &kiosk.id).unwrap();
    assert!(matches!(s.propose_assignments(&v(&t.dylan), None), Err(Error::Forbidden(_))));
    let proposal = s.propose_assignments(&lisa, Some(&t.event.id)).unwrap();
    let pairs: BTreeSet<_> = proposal.iter().map(|p| (p.lead_id.clone(), p.user_name.clone())).collect();
    assert_eq!(pairs, BTreeSet::from([(zh.id.clone(), "Dylan".to_string()), (fa.id.clone(), "Mina".to_string())]));
    assert!(s.lead(&zh.id).unwrap().assigned_to.is_none(), "a proposal saves nothing");
    let apply: Vec<_> =
        proposal.iter().map(|p| Assignment { lead_id: p.lead_id.clone(), user_id: p.user_id.clone() }).collect();
    s.assign_leads(&lisa, &apply).unwrap();
    assert!(s.propose_assignments(&lisa, None).unwrap().is_empty(), "nothing left unassigned");
}

#[test]
fn sign_in_takes_the_pin_in_any_digits_locks_out_after_five_wrong_and_is_audited() {
    let t = team();
    let s = &t.store;
    let now = 1_000_000;
    assert_eq!(s.sign_in(&t.dylan.id, "2580", now).unwrap(), PinCheck::NotSet);
    assert!(matches!(s.choose_secret(&t.dylan.id, "1234"), Err(Error::Invalid(_))), "a weak PIN is refused");
    assert_eq!(s.choose_secret(&t.dylan.id, "۲۵۸۰").unwrap(), PinCheck::Accepted);
    assert_eq!(s.viewer().unwrap(), v(&t.dylan));
    assert!(matches!(s.choose_secret(&t.dylan.id, "3690"), Err(Error::Invalid(_))), "only a manager changes it");
    s.sign_out().unwrap();
    assert!(matches!(s.viewer(), Err(Error::Forbidden(_))));

    for left in (1..5).rev() {
        assert_eq!(s.sign_in(&t.dylan.id, "0000", now).unwrap(), PinCheck::Wrong { attempts_left: left });
    }
    let until = now + 5 * 60 * 1000;
    assert_eq!(s.sign_in(&t.dylan.id, "0000", now).unwrap(), PinCheck::LockedOut { until });
    assert_eq!(s.sign_in(&t.dylan.id, "2580", now + 1).unwrap(), PinCheck::LockedOut { until }, "locked means locked");
    assert!(s.signed_in().unwrap().is_none());
    assert_eq!(s.sign_in(&t.dylan.id, "2580", until).unwrap(), PinCheck::Accepted);
    assert_eq!(s.signed_in().unwrap().map(|u| u.id), Some(t.dylan.id.clone()));

    // A manager resets it; the person chooses a new one at the next sign-in.
    assert!(matches!(s.reset_secret(&v(&t.mina), &t.dylan.id, None), Err(Error::Forbidden(_))));
    s.reset_secret(&v(&t.lisa), &t.dylan.id, None).unwrap();
    assert_eq!(s.sign_in(&t.dylan.id, "2580", until).unwrap(), PinCheck::NotSet);

    let actions: Vec<_> = s
        .audit_log(&v(&t.lisa), &AuditQuery { user_id: Some(t.dylan.id.clone()), ..Default::default() })
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions.iter().filter(|a| **a == AuditAction::SignInFailed).count(), 5);
    assert_eq!(actions.iter().filter(|a| **a == AuditAction::SignedIn).count(), 2);
    assert!(actions.contains(&AuditAction::SignedOut));
}

#[test]
fn views_exports_and_edits_are_audited_and_the_log_cannot_be_rewritten() {
    let t = team();
    let s = &t.store;
    let dylan = v(&t.dylan);
    let lead = s.create_lead(input(&t, "Anna", ""), &t.dylan.id).unwrap();
    s.lead_as(&dylan, &lead.id).unwrap();
    s.lead_as(&dylan, &lead.id).unwrap();
    s.update_lead(&lead.id, input(&t, "Anna Müller", ""), &t.dylan.id).unwrap();
    s.export_leads_as(&dylan, &LeadQuery { grade: Some(Grade::B), ..Default::default() }).unwrap();
    assert!(matches!(s.audit_log(&dylan, &AuditQuery::default()), Err(Error::Forbidden(_))), "managers only");
    let log = s.audit_log(&v(&t.lisa), &AuditQuery::default()).unwrap();
    let actions: Vec<_> = log.iter().map(|e| e.action).collect();
    assert_eq!(actions, [AuditAction::Exported, AuditAction::Edited, AuditAction::Viewed], "newest first, one view");
    assert_eq!(log[0].detail["count"], 1);
    assert_eq!(log[0].detail["query"]["grade"], "B");
    assert_eq!(log[1].detail["changed"], serde_json::json!(["name"]));
    assert_eq!(log[2].user_name, "Dylan");

    let conn = rusqlite::Connection::open(s.path()).unwrap();
    assert!(conn.execute("UPDATE audit_log SET user_id = 'nobody'", []).is_err());
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
}

#[test]
fn the_last_manager_stays_a_manager_and_only_managers_change_the_team() {
    let t = team();
    let s = &t.store;
    let lisa = v(&t.lisa);
    assert!(matches!(s.set_role(&lisa, &t.lisa.id, Role::Rep), Err(Error::Invalid(_))));
    assert!(matches!(s.add_team_member(&v(&t.dylan), "Eve", "", Role::Manager), Err(Error::Forbidden(_))));
    let eve = s.add_team_member(&lisa, "Eve", "", Role::Marketing).unwrap();
    s.set_role(&lisa, &eve.id, Role::Manager).unwrap();
    s.set_role(&lisa, &t.lisa.id, Role::Rep).unwrap();
    let team = s.team(&Viewer { role: Role::Manager, ..v(&eve) }).unwrap();
    let roles: Vec<_> = team.iter().map(|m| (m.name.as_str(), m.role)).collect();
    assert_eq!(roles, [("Dylan", Role::Rep), ("Eve", Role::Manager), ("Lisa", Role::Rep), ("Mina", Role::Rep)]);
    assert!(team.iter().all(|m| !m.has_secret));
}
