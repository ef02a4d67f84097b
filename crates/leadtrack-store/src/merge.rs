//! Two leads of one visitor become one, and both histories stay.
//!
//! A merge is one IMMEDIATE transaction that saves two versions: the absorbed lead's, which
//! sets `merged_into` (so sync carries the merge and the lead leaves lists and search), and the
//! survivor's, with the values the rep chose. Nothing is deleted: the absorbed lead keeps its
//! row, versions and attachments, and still opens by its id.
//!
//! The survivor's merge version records which lead it took in (a [`MergeNote`] frozen in its
//! payload). The lead's combined history and its attachment list find absorbed leads through
//! those notes — primary-key reads of the survivor's versions — rather than by scanning
//! `leads.merged_into`, which has no index. Attachments are listed through the survivor, not
//! re-pointed: their rows stay as written, so whatever syncs them never sees a row change.

use leadtrack_domain::{FieldError, Lead, LeadSummary, MergeChoice, MergeNote, ValidationErrors};
use rusqlite::{Connection, TransactionBehavior};

use crate::leads::{get, record, update};
use crate::{now_ms, search, users, Error, Result, Store};

/// Most possible duplicates suggested on a lead.
const MAX_DUPLICATES: i64 = 5;

/// A merge (or an edit of a merged lead) refused for a reason the rep can act on, as a
/// validation error on the field `merge` with a stable code the UI translates.
pub(crate) fn refusal(code: &str, message: &str) -> Error {
    Error::Invalid(ValidationErrors { fields: vec![FieldError::new("merge", code, message)] })
}

/// The ids of every lead merged into `id`, directly or through a lead it absorbed.
pub(crate) fn absorbed_into(c: &Connection, id: &str) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT json_extract(payload_json, '$.merge.other_id') FROM lead_versions
         WHERE lead_id = ?1 AND json_extract(payload_json, '$.merge.absorbed') = 0",
    )?;
    let mut out: Vec<String> = Vec::new();
    let mut todo = vec![id.to_string()];
    while let Some(next) = todo.pop() {
        for other in st.query_map([&next], |r| r.get::<_, String>(0))? {
            let other = other?;
            if other != id && !out.contains(&other) {
                out.push(other.clone());
                todo.push(other);
            }
        }
    }
    Ok(out)
}

/// The lead `id` ended up in: itself, or the lead it was merged into (followed along).
pub(crate) fn survivor(c: &Connection, id: &str) -> Result<Lead> {
    let mut lead = get(c, id)?;
    // Merges never form a cycle (a merged lead can neither absorb nor be absorbed again);
    // the bound only keeps a damaged file from looping.
    for _ in 0..64 {
        match lead.merged_into.clone() {
            Some(next) => lead = get(c, &next)?,
            None => break,
        }
    }
    Ok(lead)
}

/// What a lead is called in a merge note: its name, else its company, else its email.
fn label(lead: &Lead) -> String {
    [&lead.name, &lead.company, &lead.email].into_iter().find(|s| !s.is_empty()).cloned().unwrap_or_default()
}

/// Why these two leads cannot be merged as asked, if they cannot.
fn check(survivor: &Lead, absorbed: &Lead, choice: &MergeChoice) -> Result<()> {
    if absorbed.merged_into.is_some() {
        return Err(refusal("already_merged", "This lead was already merged into another lead."));
    }
    if survivor.merged_into.is_some() {
        return Err(refusal(
            "survivor_merged",
            "The lead to keep was itself merged into another lead; merge into that one instead.",
        ));
    }
    // A lead is one visitor met at one show: each show's lead count, report and follow-up
    // list stay its own, so the same person at two shows stays two leads.
    if survivor.event_id != absorbed.event_id {
        return Err(refusal("other_show", "Only leads of the same show can be merged."));
    }
    let stale = |seen: Option<u32>, lead: &Lead| seen.is_some_and(|v| v != lead.version);
    if stale(choice.survivor_version, survivor) || stale(choice.absorbed_version, absorbed) {
        return Err(refusal(
            "changed_since",
            "One of the leads was saved again since you compared them; compare them again.",
        ));
    }
    Ok(())
}

impl Store {
    /// Merges `absorbed_id` into `survivor_id` for `author`, with the values `choice` picks,
    /// and returns the survivor as saved. Refused (a validation error on `merge`) for a lead
    /// and itself, leads of two shows, a lead already merged, a survivor that was merged
    /// away, or leads saved since the versions `choice` names. The writer serializes a merge
    /// with edits: an edit saved first is merged (or refused by `choice`'s versions), an
    /// edit arriving after is refused on the absorbed lead and saved on top of the survivor.
    pub fn merge_leads(&self, survivor_id: &str, absorbed_id: &str, choice: MergeChoice, author: &str) -> Result<Lead> {
        if survivor_id == absorbed_id {
            return Err(refusal("merge_self", "A lead cannot be merged into itself."));
        }
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let survivor = get(&tx, survivor_id)?;
            let absorbed = get(&tx, absorbed_id)?;
            let author = users::get(&tx, author)?;
            let viewer = leadtrack_domain::Viewer::of(&author);
            crate::access::check(&viewer, &survivor)?;
            crate::access::check(&viewer, &absorbed)?;
            check(&survivor, &absorbed, &choice)?;

            // The absorbed lead first, so the survivor's version is the merge's newest stamp
            // and heads the combined history.
            let now = now_ms();
            let gone = Lead {
                merged_into: Some(survivor.id.clone()),
                version: absorbed.version + 1,
                hlc: self.clock.stamp(now).to_string(),
                updated_at: now,
                ..absorbed.clone()
            };
            tx.prepare_cached(
                "UPDATE leads SET merged_into = ?2, version = ?3, hlc = ?4, updated_at = ?5 WHERE id = ?1",
            )?
            .execute(rusqlite::params![
                gone.id,
                gone.merged_into,
                gone.version,
                gone.hlc,
                gone.updated_at
            ])?;
            // `record` writes the (unchanged) interests again with the version.
            tx.prepare_cached("DELETE FROM lead_interests WHERE lead_id = ?1")?.execute([&gone.id])?;
            // Queued, the indexer takes the merged lead out of the full-text index.
            tx.prepare_cached("INSERT OR IGNORE INTO search_queue (seq) SELECT seq FROM leads WHERE id = ?1")?
                .execute([&gone.id])?;
            let into = MergeNote { other_id: survivor.id.clone(), other_name: label(&survivor), absorbed: true };
            record(&tx, &gone, &author.id, now, Some(&into))?;

            let input = choice.apply(&survivor, &absorbed);
            let took = MergeNote { other_id: absorbed.id.clone(), other_name: label(&absorbed), absorbed: false };
            let merged = update(&tx, &self.clock, &survivor, input, &author, Some(&took))?;
            let detail = serde_json::json!({ "absorbed": absorbed.id });
            crate::access::audit(
                &tx,
                Some(&author.id),
                leadtrack_domain::AuditAction::Merged,
                Some(&merged.id),
                detail,
            )?;
            tx.commit()?;
            Ok(merged)
        })
    }

    /// Other leads of the same show that share this lead's email or phone: likely the same
    /// visitor captured twice. Candidates come from the full-text index (email and phone as
    /// typed) and the not-yet-indexed queue, then must match exactly: the same email
    /// (ignoring case), international number or typed phone. A phone typed two different
    /// ways is matched only when its email matches too.
    pub fn possible_duplicates(&self, id: &str) -> Result<Vec<LeadSummary>> {
        self.duplicates(id, None)
    }

    /// [`Store::possible_duplicates`], among the leads `viewer` may see when given.
    pub(crate) fn duplicates(&self, id: &str, viewer: Option<&leadtrack_domain::Viewer>) -> Result<Vec<LeadSummary>> {
        let only = viewer.and_then(|v| crate::access::condition(v, 8)).unwrap_or_default();
        let viewer_id = viewer.map(|v| v.user_id.clone()).unwrap_or_default();
        self.read(move |c| {
            let lead = get(c, id)?;
            if lead.merged_into.is_some() {
                return Ok(Vec::new());
            }
            let phrase = |column: &str, value: &str| {
                (value.chars().count() >= 3).then(|| format!("{column} : \"{}\"", value.replace('"', "\"\"")))
            };
            let terms: Vec<String> =
                [phrase("email", &lead.email), phrase("phone", &lead.phone)].into_iter().flatten().collect();
            if terms.is_empty() {
                return Ok(Vec::new());
            }
            let sql = format!(
                "{select} FROM leads l {joins}
                 WHERE l.seq IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?1
                                 UNION ALL SELECT seq FROM search_queue)
                   AND l.event_id = ?2 AND l.id <> ?3 AND l.merged_into IS NULL
                   AND ((?4 <> '' AND l.email = ?4 COLLATE NOCASE)
                        OR (?5 IS NOT NULL AND l.phone_e164 = ?5)
                        OR (?6 <> '' AND l.phone = ?6)){only}
                 ORDER BY l.created_at, l.seq LIMIT ?7",
                select = search::SELECT,
                joins = search::JOINS,
            );
            let mut st = c.prepare_cached(&sql)?;
            let mut args: Vec<rusqlite::types::Value> = vec![
                terms.join(" OR ").into(),
                lead.event_id.into(),
                lead.id.into(),
                lead.email.into(),
                lead.phone_e164.into(),
                lead.phone.into(),
                MAX_DUPLICATES.into(),
            ];
            if !only.is_empty() {
                args.push(viewer_id.into());
            }
            let rows = st.query_map(rusqlite::params_from_iter(args), search::summary)?;
            Ok(rows.map(|r| r.map(|(_, s)| s)).collect::<rusqlite::Result<_>>()?)
        })
    }
}
