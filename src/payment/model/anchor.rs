//! The ledger anchor: a row's number and hash kept outside the database.

use std::fmt;

use serde::Serialize;

use super::{ChainBreak, LedgerEntry};

/// A ledger row's number and hash written down outside the database (printed at each
/// shift close). Whoever can rewrite the database can cut rows off the end and rewind the
/// head to match; `audit verify --anchor` then still finds the row missing or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerAnchor {
    pub seq: i64,
    pub hash: String,
}

impl LedgerAnchor {
    /// `SEQ:HASH`, as printed.
    pub fn parse(text: &str) -> Result<LedgerAnchor, String> {
        let bad = || format!("{text:?} is not an anchor (write it as printed: ROW:HASH)");
        let (seq, hash) = text.trim().split_once(':').ok_or_else(bad)?;
        let seq: i64 = seq.trim().parse().map_err(|_| bad())?;
        let hash = hash.trim().to_ascii_lowercase();
        if seq < 1 || hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(LedgerAnchor { seq, hash })
    }

    /// Checks a walked row against the anchors; `Err` when the row an anchor names holds
    /// another hash.
    pub fn check_row(anchors: &[LedgerAnchor], row: &LedgerEntry) -> Result<(), ChainBreak> {
        match anchors.iter().find(|a| a.seq == row.seq) {
            Some(a) if a.hash != row.hash => Err(ChainBreak {
                seq: row.seq,
                problem: format!(
                    "it is not the row the anchor {a} written down names: the ledger was rewritten"
                ),
            }),
            _ => Ok(()),
        }
    }

    /// After the walk: an anchor beyond the last row means rows were cut off the end.
    pub fn check_end(anchors: &[LedgerAnchor], last_seq: i64) -> Result<(), ChainBreak> {
        match anchors
            .iter()
            .filter(|a| a.seq > last_seq)
            .min_by_key(|a| a.seq)
        {
            Some(a) => Err(ChainBreak {
                seq: last_seq + 1,
                problem: format!(
                    "the ledger ends at row {last_seq} but the anchor {a} was written down: rows were removed from its end"
                ),
            }),
            None => Ok(()),
        }
    }
}

impl fmt::Display for LedgerAnchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}
