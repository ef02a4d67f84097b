//! LeadTrack's one integration-test binary: cross-crate behaviour, durability under
//! SIGKILL, the architecture's checkable invariants, and end-to-end runs of the real app.

mod content;
mod durability;
mod e2e;
mod invariants;
mod sync;
