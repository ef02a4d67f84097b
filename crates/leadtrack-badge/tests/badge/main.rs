//! The badge parser's behaviour, format by format, as table-driven `check(input, expected)` tests.
//!
//! One test binary (one link on a 2-core machine). `expected` is a small text rendering of the
//! parse: `format:` first, then `id:` and every non-empty field in a fixed order, so a failing
//! test prints the whole difference. Warnings are asserted separately where they matter. Every
//! check also asserts that `raw` is the input, unchanged.

mod delimited;
mod hostile;
mod json;
mod key_value;
mod mecard;
mod profiles;
mod properties;
mod support;
mod tokens;
mod url;
mod vcard;
