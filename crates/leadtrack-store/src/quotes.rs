//! Pricebooks (whole, as JSON, one row per version), quotes and promo codes.
//!
//! A quote is re-estimated here from the pricebook version it names, so what is saved is
//! always what that pricebook gives, whatever the screen showed; its interaction (kind
//! `quote`, carrying the whole quote) commits in the same transaction.

use leadtrack_domain::pricebook::{Pricebook, Product};
use leadtrack_domain::quote::{estimate, is_iso_date, EstimateError, PromoCode, Quote, QuoteInput};
use leadtrack_domain::{FieldError, InteractionKind, Role, ValidationErrors};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::export::ReadOnlyStore;
use crate::{interactions, new_id, now_ms, users, Error, Result, Store};

/// Longest note or promo code kept.
const MAX_NOTES: usize = 4_000;
const MAX_PROMO: usize = 64;

/// One saved version of a pricebook, for the version list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PricebookVersion {
    pub id: String,
    pub version: u32,
    pub name: String,
    pub currency: String,
    pub products: u32,
    #[ts(type = "number")]
    pub created_at: i64,
    /// Who saved it ("" when unknown).
    pub created_by: String,
}

fn invalid(field: &str, code: &str, message: &str) -> Error {
    Error::Invalid(ValidationErrors { fields: vec![FieldError::new(field, code, message)] })
}

/// Pricebooks and promo codes are set by managers and marketing, not reps.
pub(crate) fn require_editor(conn: &Connection, user_id: &str) -> Result<()> {
    let user = users::get(conn, user_id)?;
    match user.role {
        Role::Manager | Role::Marketing => Ok(()),
        _ => Err(invalid(
            "role",
            "forbidden",
            &format!(
                "Only a manager or marketing can change pricebooks and promo codes ({} is a {}).",
                user.name,
                user.role.as_str()
            ),
        )),
    }
}

/// The estimator's refusal as a validation error the quote screen shows.
pub fn estimate_error(e: EstimateError) -> Error {
    let code = serde_json::to_value(&e)
        .ok()
        .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_string))
        .unwrap_or_else(|| "invalid".into());
    invalid("request", &code, &e.to_string())
}

fn get_pricebook(c: &Connection, id: &str, version: Option<u32>) -> Result<Pricebook> {
    let json: Option<String> = match version {
        Some(v) => c
            .prepare_cached("SELECT json FROM pricebooks WHERE id = ?1 AND version = ?2")?
            .query_row(params![id, v], |r| r.get(0))
            .optional()?,
        None => c
            .prepare_cached("SELECT json FROM pricebooks WHERE id = ?1 ORDER BY version DESC LIMIT 1")?
            .query_row([id], |r| r.get(0))
            .optional()?,
    };
    let json = json.ok_or_else(|| Error::NotFound {
        what: "pricebook",
        id: version.map_or_else(|| id.to_string(), |v| format!("{id} v{v}")),
    })?;
    Ok(serde_json::from_str(&json)?)
}

fn versions(c: &Connection, id: Option<&str>) -> Result<Vec<PricebookVersion>> {
    // Without an id: each pricebook's newest version.
    let sql = "SELECT p.id, p.version, p.name, p.currency, json_array_length(p.json, '$.products'),
                      p.created_at, COALESCE(u.name, '')
               FROM pricebooks p LEFT JOIN users u ON u.id = p.created_by
               WHERE (?1 IS NULL AND p.version = (SELECT MAX(version) FROM pricebooks q WHERE q.id = p.id))
                  OR p.id = ?1
               ORDER BY p.name, p.id, p.version DESC";
    let mut st = c.prepare_cached(sql)?;
    let rows = st
        .query_map([id], |r| {
            Ok(PricebookVersion {
                id: r.get(0)?,
                version: r.get(1)?,
                name: r.get(2)?,
                currency: r.get(3)?,
                products: r.get(4)?,
                created_at: r.get(5)?,
                created_by: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn get_quote(c: &Connection, id: &str) -> Result<Quote> {
    let row: Option<(String, String)> = c
        .prepare_cached(
            "SELECT q.json, COALESCE(u.name, '') FROM quotes q LEFT JOIN users u ON u.id = q.author_id WHERE q.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (json, name) = row.ok_or_else(|| Error::NotFound { what: "quote", id: id.to_string() })?;
    let mut q: Quote = serde_json::from_str(&json)?;
    q.author_name = name;
    Ok(q)
}

/// A saved quote with what a handout prints around it: the visitor, the show, the rep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteContext {
    pub quote: Quote,
    pub visitor_name: String,
    pub visitor_company: String,
    pub show_name: String,
    pub rep: leadtrack_domain::User,
}

fn context(c: &Connection, id: &str) -> Result<QuoteContext> {
    let quote = get_quote(c, id)?;
    let (visitor_name, visitor_company, show_name): (String, String, String) = c
        .prepare_cached(
            "SELECT l.name, l.company, e.name FROM leads l JOIN events e ON e.id = l.event_id WHERE l.id = ?1",
        )?
        .query_row([&quote.lead_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "lead", id: quote.lead_id.clone() })?;
    let rep = users::get(c, &quote.author_id)?;
    Ok(QuoteContext { quote, visitor_name, visitor_company, show_name, rep })
}

impl Store {
    /// Saves `pricebook` as the next version of pricebook `id` (a new pricebook when `id` is
    /// `None`), checked whole first. Managers and marketing only.
    pub fn save_pricebook(&self, id: Option<&str>, mut pricebook: Pricebook, author: &str) -> Result<Pricebook> {
        ValidationErrors::result(pricebook.validate())?;
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            require_editor(&tx, author)?;
            pricebook.id = id.map_or_else(new_id, str::to_string);
            let latest: Option<u32> =
                tx.query_row("SELECT MAX(version) FROM pricebooks WHERE id = ?1", [&pricebook.id], |r| r.get(0))?;
            if id.is_some() && latest.is_none() {
                return Err(Error::NotFound { what: "pricebook", id: pricebook.id.clone() });
            }
            pricebook.version = latest.unwrap_or(0) + 1;
            tx.execute(
                "INSERT INTO pricebooks (id, version, name, currency, json, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    pricebook.id,
                    pricebook.version,
                    pricebook.name,
                    pricebook.currency,
                    serde_json::to_string(&pricebook)?,
                    now_ms(),
                    author
                ],
            )?;
            tx.commit()?;
            Ok(pricebook)
        })
    }

    /// Replaces the product with `product.sku` (or adds it) in pricebook `id`'s newest
    /// version, saved as a new version.
    pub fn update_pricebook_product(&self, id: &str, product: Product, author: &str) -> Result<Pricebook> {
        let mut pb = self.pricebook(id, None)?;
        match pb.products.iter_mut().find(|p| p.sku == product.sku) {
            Some(p) => *p = product,
            None => pb.products.push(product),
        }
        self.save_pricebook(Some(id), pb, author)
    }

    /// Pricebook `id` at `version` (the newest when `None`).
    pub fn pricebook(&self, id: &str, version: Option<u32>) -> Result<Pricebook> {
        self.read(|c| get_pricebook(c, id, version))
    }

    /// Each pricebook's newest version.
    pub fn pricebooks(&self) -> Result<Vec<PricebookVersion>> {
        self.read(|c| versions(c, None))
    }

    /// Every version of pricebook `id`, newest first.
    pub fn pricebook_versions(&self, id: &str) -> Result<Vec<PricebookVersion>> {
        self.read(|c| versions(c, Some(id)))
    }

    /// Estimates `input` from its pricebook version and saves it, with its `quote`
    /// interaction, in one transaction. A quote on a merged lead lands on the survivor.
    pub fn save_quote(&self, input: QuoteInput, author: &str) -> Result<Quote> {
        let mut errors = Vec::new();
        let valid_until = input.valid_until.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        if valid_until.as_deref().is_some_and(|d| !is_iso_date(d)) {
            errors.push(FieldError::new("valid_until", "invalid_date", "valid until must be a date (YYYY-MM-DD)."));
        }
        let notes = input.notes.trim().to_string();
        if notes.chars().count() > MAX_NOTES {
            errors.push(FieldError::new("notes", "too_long", "The notes are too long."));
        }
        let promo_code = input.promo_code.trim().to_string();
        if promo_code.chars().count() > MAX_PROMO {
            errors.push(FieldError::new("promo_code", "too_long", "The promo code is too long."));
        }
        ValidationErrors::result(errors)?;
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let pb = get_pricebook(&tx, &input.pricebook_id, Some(input.pricebook_version))?;
            let est = estimate(&pb, &input.request).map_err(estimate_error)?;
            let author_user = users::get(&tx, author)?;
            let mut quote = Quote {
                id: new_id(),
                lead_id: input.lead_id.clone(),
                author_id: author_user.id.clone(),
                author_name: String::new(),
                created_at: now_ms(),
                pricebook_id: pb.id.clone(),
                pricebook_version: pb.version,
                pricebook_name: pb.name.clone(),
                request: input.request.clone(),
                estimate: est,
                valid_until,
                notes,
                promo_code,
            };
            let summary = format!(
                "Quote {} {}–{} ({} line{})",
                quote.estimate.currency,
                leadtrack_domain::pricebook::format_fixed(quote.estimate.total_low, quote.estimate.decimals),
                leadtrack_domain::pricebook::format_fixed(quote.estimate.total_high, quote.estimate.decimals),
                quote.estimate.lines.len(),
                if quote.estimate.lines.len() == 1 { "" } else { "s" },
            );
            let it = interactions::record(
                &tx,
                &self.clock,
                &input.lead_id,
                InteractionKind::Quote,
                &summary,
                serde_json::json!({ "quote_id": quote.id, "quote": &quote }),
                author,
            )?;
            quote.lead_id = it.lead_id.clone();
            tx.execute(
                "INSERT INTO quotes (id, lead_id, author_id, created_at, pricebook_id, pricebook_version, currency,
                                     total_low, total_high, valid_until, notes, promo_code, interaction_id, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    quote.id,
                    quote.lead_id,
                    quote.author_id,
                    quote.created_at,
                    quote.pricebook_id,
                    quote.pricebook_version,
                    quote.estimate.currency,
                    quote.estimate.total_low as i64,
                    quote.estimate.total_high as i64,
                    quote.valid_until,
                    quote.notes,
                    quote.promo_code,
                    it.id,
                    serde_json::to_string(&quote)?,
                ],
            )?;
            tx.commit()?;
            quote.author_name = author_user.name;
            Ok(quote)
        })
    }

    /// The quotes of a lead `viewer` may see (a rep: their own and assigned leads).
    pub fn lead_quotes_as(&self, viewer: &leadtrack_domain::Viewer, lead_id: &str) -> Result<Vec<Quote>> {
        self.read(|c| crate::access::visible_lead(c, viewer, lead_id).map(|_| ()))?;
        self.lead_quotes(lead_id)
    }

    /// `save_quote` by `viewer`, on a lead they may see.
    pub fn save_quote_as(&self, viewer: &leadtrack_domain::Viewer, input: QuoteInput) -> Result<Quote> {
        self.read(|c| crate::access::visible_lead(c, viewer, &input.lead_id).map(|_| ()))?;
        self.save_quote(input, &viewer.user_id)
    }

    /// One saved quote.
    pub fn quote(&self, id: &str) -> Result<Quote> {
        self.read(|c| get_quote(c, id))
    }

    /// One saved quote with its visitor, show and rep, for a handout.
    pub fn quote_context(&self, id: &str) -> Result<QuoteContext> {
        self.read(|c| context(c, id))
    }

    /// A lead's quotes, newest first, including those of leads merged into it.
    pub fn lead_quotes(&self, lead_id: &str) -> Result<Vec<Quote>> {
        self.read(|c| {
            let ids: Vec<String> = c
                .prepare_cached(
                    "SELECT id FROM quotes
                     WHERE lead_id = ?1 OR lead_id IN (SELECT id FROM leads WHERE merged_into = ?1)
                     ORDER BY created_at DESC, id DESC",
                )?
                .query_map([lead_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            ids.iter().map(|id| get_quote(c, id)).collect()
        })
    }

    /// The show's promo codes: its own (`user_id` None) and any rep's.
    pub fn promo_codes(&self, event_id: &str) -> Result<Vec<PromoCode>> {
        self.read(|c| promo_codes(c, event_id))
    }

    /// The code a rep hands out at a show: their own, else the show's ("" when none).
    pub fn promo_code_for(&self, event_id: &str, user_id: &str) -> Result<String> {
        let codes = self.promo_codes(event_id)?;
        let own = codes.iter().find(|p| p.user_id.as_deref() == Some(user_id));
        Ok(own.or_else(|| codes.iter().find(|p| p.user_id.is_none())).map(|p| p.code.clone()).unwrap_or_default())
    }

    /// Sets (or with an empty `code`, removes) the show's code or one rep's. Managers and
    /// marketing only.
    pub fn set_promo_code(
        &self,
        event_id: &str,
        user_id: Option<&str>,
        code: &str,
        author: &str,
    ) -> Result<Vec<PromoCode>> {
        let code = code.trim();
        if code.chars().count() > MAX_PROMO {
            return Err(invalid("code", "too_long", "The promo code is too long."));
        }
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            require_editor(&tx, author)?;
            crate::events::get(&tx, event_id)?;
            if let Some(u) = user_id {
                users::get(&tx, u)?;
            }
            let user = user_id.unwrap_or("");
            if code.is_empty() {
                tx.execute("DELETE FROM promo_codes WHERE event_id = ?1 AND user_id = ?2", (event_id, user))?;
            } else {
                tx.execute(
                    "INSERT INTO promo_codes (event_id, user_id, code, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (event_id, user_id) DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at",
                    params![event_id, user, code, now_ms()],
                )?;
            }
            let codes = promo_codes(&tx, event_id)?;
            tx.commit()?;
            Ok(codes)
        })
    }
}

fn promo_codes(c: &Connection, event_id: &str) -> Result<Vec<PromoCode>> {
    let mut st = c.prepare_cached("SELECT user_id, code FROM promo_codes WHERE event_id = ?1 ORDER BY user_id")?;
    let rows = st
        .query_map([event_id], |r| {
            let user: String = r.get(0)?;
            Ok(PromoCode {
                event_id: event_id.to_string(),
                user_id: (!user.is_empty()).then_some(user),
                code: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

impl ReadOnlyStore {
    /// See `Store::pricebook`.
    pub fn pricebook(&self, id: &str, version: Option<u32>) -> Result<Pricebook> {
        get_pricebook(&self.conn, id, version)
    }

    /// See `Store::pricebooks`.
    pub fn pricebooks(&self) -> Result<Vec<PricebookVersion>> {
        versions(&self.conn, None)
    }

    /// See `Store::quote`.
    pub fn quote(&self, id: &str) -> Result<Quote> {
        get_quote(&self.conn, id)
    }

    /// See `Store::quote_context`.
    pub fn quote_context(&self, id: &str) -> Result<QuoteContext> {
        context(&self.conn, id)
    }
}

#[cfg(test)]
#[path = "quotes_tests.rs"]
mod tests;
