//! The rules of money that need no database: card numbers, the ledger's hash chain, the
//! retry schedule, who may refund when, and a shift's close-out.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::identity::Role;
use crate::vocab::{Money, OrderId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    Card,
    /// A total of zero needs no payment.
    Free,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::Free => "free",
        }
    }
}

/// A card number that passed the Luhn check. Only its last four digits are ever kept.
#[derive(Clone, PartialEq, Eq)]
pub struct CardNumber(String);

impl CardNumber {
    /// Always approved by the simulated bank.
    pub const APPROVE: &'static str = "4242424242424242";
    /// Always declined by the simulated bank ("insufficient funds").
    pub const DECLINE: &'static str = "4000000000000002";
    /// Never answered in time by the simulated bank.
    pub const TIMEOUT: &'static str = "4000000000000119";

    /// Accepts 12 to 19 digits, with spaces or dashes between groups.
    pub fn parse(text: &str) -> Result<CardNumber, String> {
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() {
            return Err("a card number cannot be blank".into());
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("a card number has only digits: {text:?}"));
        }
        if !(12..=19).contains(&digits.len()) {
            return Err(format!(
                "a card number has 12 to 19 digits, not {}",
                digits.len()
            ));
        }
        if !luhn(&digits) {
            return Err("that card number is mistyped (its check digit is wrong)".into());
        }
        Ok(CardNumber(digits))
    }

    pub fn last4(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }

    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// Never prints the whole number, so it cannot reach a log by accident.
impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardNumber(****{})", self.last4())
    }
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// What one call to the bank came back with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum AttemptOutcome {
    Approved { reference: String },
    Declined { reason: String },
    TimedOut,
}

impl AttemptOutcome {
    pub fn word(&self) -> &'static str {
        match self {
            AttemptOutcome::Approved { .. } => "approved",
            AttemptOutcome::Declined { .. } => "declined",
            AttemptOutcome::TimedOut => "timed out",
        }
    }
}

/// One attempt as the cashier sees it while the payment runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttemptReport {
    /// 1 for the first call, 2 for the first retry, ...
    pub attempt: u32,
    #[serde(flatten)]
    pub outcome: AttemptOutcome,
    /// When the next retry follows, if one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_in_ms: Option<u64>,
}

/// A timed-out call is retried with the same idempotency key after a doubling pause; a
/// decline is final.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub retries: u32,
    pub first_pause: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 3,
            first_pause: Duration::from_millis(500),
        }
    }
}

impl RetryPolicy {
    /// The pause before retry `n` (1-based), or `None` when no retry is left.
    pub fn pause_before(&self, retry: u32) -> Option<Duration> {
        if retry == 0 || retry > self.retries {
            return None;
        }
        Some(self.first_pause.saturating_mul(1 << (retry - 1).min(16)))
    }
}

/// Who may refund a ticket, and until when: cashiers, and customers cancelling their own
/// booking, before the showtime starts; managers at any time. (Whose order it is, the
/// booking service decides: a customer finds only their own.)
pub fn refund_allowed(
    role: Role,
    now: DateTime<Utc>,
    starts_at: DateTime<Utc>,
) -> Result<(), String> {
    match role {
        Role::Manager => Ok(()),
        Role::Cashier | Role::Customer if now < starts_at => Ok(()),
        Role::Cashier => Err("the showtime has started; only a manager can refund now".into()),
        Role::Customer => Err("the showtime has started; ask at the counter".into()),
    }
}

/// What the ledger records. Each kind is a financial event of PRODUCT.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    /// A call to the bank is about to be made.
    Attempt,
    /// Money taken: the order is paid and ticketed in the same transaction.
    Success,
    Decline,
    Timeout,
    /// Money given back for tickets.
    Refund,
    /// A charge taken back because no tickets could be made for it.
    Void,
    /// A showtime was cancelled (its refunds follow as their own rows).
    Cancellation,
    ShiftOpen,
    ShiftClose,
    /// Counted cash minus expected cash at a shift's close (may be negative).
    Variance,
}

pub const LEDGER_KINDS: [LedgerKind; 10] = [
    LedgerKind::Attempt,
    LedgerKind::Success,
    LedgerKind::Decline,
    LedgerKind::Timeout,
    LedgerKind::Refund,
    LedgerKind::Void,
    LedgerKind::Cancellation,
    LedgerKind::ShiftOpen,
    LedgerKind::ShiftClose,
    LedgerKind::Variance,
];

impl LedgerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerKind::Attempt => "attempt",
            LedgerKind::Success => "success",
            LedgerKind::Decline => "decline",
            LedgerKind::Timeout => "timeout",
            LedgerKind::Refund => "refund",
            LedgerKind::Void => "void",
            LedgerKind::Cancellation => "cancellation",
            LedgerKind::ShiftOpen => "shift_open",
            LedgerKind::ShiftClose => "shift_close",
            LedgerKind::Variance => "variance",
        }
    }

    pub fn parse(text: &str) -> Option<LedgerKind> {
        LEDGER_KINDS.into_iter().find(|k| k.as_str() == text)
    }
}

/// A ledger row before the store gives it its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerDraft {
    pub at: DateTime<Utc>,
    pub kind: LedgerKind,
    /// Signed: a variance can be negative; everything else is a non-negative amount
    /// whose direction the kind gives.
    pub amount_cents: i64,
    pub currency: String,
    /// `cash`, `card`, `free`, or empty for events without a method.
    pub method: String,
    pub order: Option<OrderId>,
    pub actor: UserId,
    /// The idempotency key, the bank's reference, or the shift.
    pub reference: String,
    /// The reason or outcome, in words.
    pub detail: String,
}

impl LedgerDraft {
    /// A draft stamped `at` to the microsecond, the precision both databases keep, so
    /// the hash computed now is the hash recomputed from the stored row.
    pub fn new(at: DateTime<Utc>, kind: LedgerKind, actor: UserId, currency: &str) -> LedgerDraft {
        LedgerDraft {
            at: at.trunc_subsecs(6),
            kind,
            amount_cents: 0,
            currency: currency.to_string(),
            method: String::new(),
            order: None,
            actor,
            reference: String::new(),
            detail: String::new(),
        }
    }

    pub fn amount(mut self, amount: Money) -> Self {
        self.amount_cents = amount.cents();
        self
    }

    pub fn signed_amount(mut self, cents: i64) -> Self {
        self.amount_cents = cents;
        self
    }

    pub fn method(mut self, method: &str) -> Self {
        self.method = method.to_string();
        self
    }

    pub fn order(mut self, order: OrderId) -> Self {
        self.order = Some(order);
        self
    }

    pub fn reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = reference.into();
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

/// A row of the ledger as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    pub seq: i64,
    #[serde(flatten)]
    pub draft: LedgerDraft,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// SHA-256 over every field of the row and the previous row's hash. Each field is
/// length-prefixed, so no two different rows can serialise to the same bytes.
pub fn chain_hash(seq: i64, draft: &LedgerDraft, prev_hash: &str) -> String {
    let at = draft.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let order = draft.order.map(|o| o.0.to_string()).unwrap_or_default();
    let fields: [&str; 11] = [
        &seq.to_string(),
        &at,
        draft.kind.as_str(),
        &draft.amount_cents.to_string(),
        &draft.currency,
        &draft.method,
        &order,
        &draft.actor.0.to_string(),
        &draft.reference,
        &draft.detail,
        prev_hash,
    ];
    let mut hasher = Sha256::new();
    for field in fields {
        hasher.update(field.len().to_string().as_bytes());
        hasher.update(b":");
        hasher.update(field.as_bytes());
        hasher.update(b";");
    }
    hex::encode(hasher.finalize())
}

/// The first row where the chain does not hold, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    pub seq: i64,
    pub problem: String,
}

/// Walks the chain row by row in `seq` order (rows can come page by page).
#[derive(Debug, Clone)]
pub struct ChainWalk {
    next_seq: i64,
    prev_hash: String,
    pub checked: u64,
}

impl Default for ChainWalk {
    fn default() -> Self {
        ChainWalk {
            next_seq: 1,
            prev_hash: GENESIS.to_string(),
            checked: 0,
        }
    }
}

impl ChainWalk {
    pub fn check(&mut self, row: &LedgerEntry) -> Result<(), ChainBreak> {
        let bad = |problem: String| ChainBreak {
            seq: row.seq,
            problem,
        };
        if row.seq != self.next_seq {
            return Err(ChainBreak {
                seq: self.next_seq,
                problem: format!(
                    "row {} is missing (the next row is {})",
                    self.next_seq, row.seq
                ),
            });
        }
        if row.prev_hash != self.prev_hash {
            return Err(bad(
                "it does not follow the row before it (previous hash differs)".into(),
            ));
        }
        if chain_hash(row.seq, &row.draft, &row.prev_hash) != row.hash {
            return Err(bad(
                "its contents were changed after it was written (hash differs)".into(),
            ));
        }
        self.next_seq += 1;
        self.prev_hash = row.hash.clone();
        self.checked += 1;
        Ok(())
    }

    /// The chain must end where the head says it does: a row cut off the end is a break.
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<(), ChainBreak> {
        if head_seq != self.next_seq - 1 || head_hash != self.prev_hash {
            return Err(ChainBreak {
                seq: self.next_seq,
                problem: format!(
                    "the ledger ends at row {} but its head records row {head_seq}",
                    self.next_seq - 1
                ),
            });
        }
        Ok(())
    }
}

/// Money through one cashier's drawer during a shift, by method.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DrawerTotals {
    pub cash_in: Money,
    pub cash_out: Money,
    pub card_in: Money,
    pub card_out: Money,
}

/// A shift's close-out: what the drawer should hold against what was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CloseOut {
    pub float: Money,
    pub totals: DrawerTotals,
    pub expected_cash: i64,
    pub counted_cash: Money,
    /// Counted minus expected: negative when cash is missing.
    pub variance_cents: i64,
    /// Card takings net of card refunds (settled by the bank, nothing to count).
    pub card_net_cents: i64,
}

pub fn close_out(float: Money, totals: DrawerTotals, counted_cash: Money) -> CloseOut {
    let expected_cash = float.cents() + totals.cash_in.cents() - totals.cash_out.cents();
    CloseOut {
        float,
        totals,
        expected_cash,
        counted_cash,
        variance_cents: counted_cash.cents() - expected_cash,
        card_net_cents: totals.card_in.cents() - totals.card_out.cents(),
    }
}

/// Formats signed cents as money, e.g. -1.50.
pub fn signed(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

mod anchor;
pub use anchor::LedgerAnchor;

#[cfg(test)]
mod tests;
