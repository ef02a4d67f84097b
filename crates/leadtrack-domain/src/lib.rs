//! LeadTrack's domain: the vocabulary every other crate speaks.
//!
//! Pure by design (DESIGN invariant 2): no files, no clocks, no network. Callers pass the
//! current time in, so every rule here is a plain function that tests can pin down exactly.
//! Types that cross the IPC boundary derive `ts_rs::TS`; the shell's binding test turns them
//! into `ui/src/ipc/bindings.ts`.

pub mod assign;
pub mod attachment;
pub mod attendee;
pub mod audit;
pub mod dashboard;
pub mod event;
pub mod followup;
pub mod followup_ics;
pub mod followup_mail;
pub mod grade;
pub mod hlc;
pub mod interaction;
pub mod kiosk;
pub mod lead;
pub mod merge;
pub mod phone;
pub mod pricebook;
pub mod pricebook_import;
pub mod quote;
pub mod roi;
pub mod user;
pub mod validate;

pub use attachment::{Attachment, AttachmentKind};
pub use attendee::{Attendee, AttendeeColumns, AttendeeImport, AttendeeListStatus};
pub use audit::{AuditAction, AuditEntry, AuditQuery};
pub use event::{CaptureForm, Event, EventInput};
pub use grade::Grade;
pub use hlc::Hlc;
pub use interaction::{Interaction, InteractionKind};
pub use lead::{Lead, LeadInput, LeadQuery, LeadSource, LeadStatus, LeadSummary, LeadVersion, NextAction};
pub use merge::{MergeChoice, MergeNote, MergeSide};
pub use user::{Role, SignInUser, User, Viewer};
pub use validate::{FieldError, ValidationErrors};

/// Unix time in milliseconds, UTC. The one time type stored anywhere.
pub type UnixMs = i64;
