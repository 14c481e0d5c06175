//! The bank behind card payments. `PaymentGateway` is the port; `SimulatedBank` is the
//! built-in bank (the one simulated part of the product): it approves, declines or times
//! out, from config (rates, latency), from test card numbers, or from a script in tests;
//! refunds can be scripted too.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use rand::RngExt;

use crate::vocab::Money;

use super::model::{AttemptOutcome, CardNumber};

/// A bank. Every call carries an idempotency key: a call repeated with the same key
/// returns the first call's answer and never moves money a second time.
#[async_trait]
pub trait PaymentGateway: Send + Sync {
    /// Takes `amount` from the card, once per key.
    async fn charge(&self, key: &str, amount: Money, card: &CardNumber) -> AttemptOutcome;
    /// Gives back `amount` of the charge `reference`, once per key.
    async fn refund(&self, key: &str, reference: &str, amount: Money) -> AttemptOutcome;
    /// Cancels whatever the charge under `charge_key` took, if anything (safe to repeat).
    async fn void(&self, charge_key: &str) -> AttemptOutcome;
}

/// How the simulated bank behaves for cards other than the test cards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BankSettings {
    /// Share of charges declined, 0.0 to 1.0.
    pub decline_rate: f64,
    /// Share of calls that time out, 0.0 to 1.0. Half of those time out after the money
    /// was taken (the answer is lost), which only the idempotency key makes safe.
    pub timeout_rate: f64,
    /// How long the bank takes to answer.
    pub latency: Duration,
}

impl Default for BankSettings {
    fn default() -> Self {
        BankSettings {
            decline_rate: 0.0,
            timeout_rate: 0.0,
            latency: Duration::from_millis(300),
        }
    }
}

/// What the next charge, or the next refund, does whatever the card (tests and demos
/// script the bank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scripted {
    Approve,
    Decline(String),
    /// No answer, and no money moved.
    TimeoutBeforeCapture,
    /// No answer, but the money moved (taken, or given back): a retry with the key must
    /// find it.
    TimeoutAfterCapture,
}

#[derive(Debug, Clone)]
struct Charge {
    reference: String,
    amount: Money,
    refunded: Money,
    voided: bool,
}

#[derive(Default)]
struct Ledger {
    /// Charges that took money, by idempotency key.
    charges: HashMap<String, Charge>,
    /// Refunds already made, by idempotency key (repeat calls answer the same).
    refunds: HashMap<String, String>,
    /// Keys whose first answer was a decline, with its reason: like a real bank, a
    /// repeated key gets the same refusal, so asking again needs a new key.
    declined: HashMap<String, String>,
    /// How many times money was taken under each key; the bank's own audit.
    captures: HashMap<String, u32>,
    script: VecDeque<Scripted>,
    refund_script: VecDeque<Scripted>,
}

/// A reference no other process of the simulated bank hands out too.
fn new_reference(prefix: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string().to_uppercase();
    format!("{prefix}{}", &id[..12])
}

pub struct SimulatedBank {
    settings: BankSettings,
    state: Mutex<Ledger>,
}

impl SimulatedBank {
    pub fn new(settings: BankSettings) -> SimulatedBank {
        SimulatedBank {
            settings,
            state: Mutex::new(Ledger::default()),
        }
    }

    /// Queues what the next charges do, before any rate or test card is considered.
    pub fn script(&self, steps: impl IntoIterator<Item = Scripted>) {
        self.lock().script.extend(steps);
    }

    /// Queues what the next refunds do. A scripted step decides only whether the bank
    /// answers and gives the money back: a refund larger than what is left of its charge
    /// is still refused.
    pub fn script_refunds(&self, steps: impl IntoIterator<Item = Scripted>) {
        self.lock().refund_script.extend(steps);
    }

    /// How many times money was taken under `key` (never more than 1).
    pub fn captures(&self, key: &str) -> u32 {
        self.lock().captures.get(key).copied().unwrap_or(0)
    }

    /// Money taken and not given back, over every charge: what the cardholders are out.
    pub fn net_charged(&self) -> i64 {
        self.lock()
            .charges
            .values()
            .filter(|c| !c.voided)
            .map(|c| c.amount.cents() - c.refunded.cents())
            .sum()
    }

    /// Every capture count above 1: must always be empty.
    pub fn double_captures(&self) -> Vec<String> {
        self.lock()
            .captures
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|(k, _)| k.clone())
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Ledger> {
        // A panic while holding this lock leaves the maps consistent (each change is one
        // insert), so a poisoned lock is still safe to use.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    async fn answer_delay(&self) {
        if !self.settings.latency.is_zero() {
            tokio::time::sleep(self.settings.latency).await;
        }
    }

    fn decide(&self, card: &CardNumber, script: Option<Scripted>) -> Scripted {
        if let Some(step) = script {
            return step;
        }
        match card.digits() {
            CardNumber::DECLINE => return Scripted::Decline("insufficient funds".into()),
            CardNumber::TIMEOUT => return Scripted::TimeoutBeforeCapture,
            CardNumber::APPROVE => return Scripted::Approve,
            _ => {}
        }
        let mut rng = rand::rng();
        if rng.random_bool(self.settings.decline_rate.clamp(0.0, 1.0)) {
            Scripted::Decline("do not honour".into())
        } else if rng.random_bool(self.settings.timeout_rate.clamp(0.0, 1.0)) {
            if rng.random_bool(0.5) {
                Scripted::TimeoutAfterCapture
            } else {
                Scripted::TimeoutBeforeCapture
            }
        } else {
            Scripted::Approve
        }
    }
}

#[async_trait]
impl PaymentGateway for SimulatedBank {
    async fn charge(&self, key: &str, amount: Money, card: &CardNumber) -> AttemptOutcome {
        self.answer_delay().await;
        let mut state = self.lock();
        if let Some(done) = state.charges.get(key) {
            // The same key again: the answer of the charge already made.
            return AttemptOutcome::Approved {
                reference: done.reference.clone(),
            };
        }
        if let Some(reason) = state.declined.get(key) {
            return AttemptOutcome::Declined {
                reason: reason.clone(),
            };
        }
        let step = state.script.pop_front();
        let step = self.decide(card, step);
        let capture = |state: &mut Ledger| {
            let reference = new_reference("SIM-");
            state.charges.insert(
                key.to_string(),
                Charge {
                    reference: reference.clone(),
                    amount,
                    refunded: Money::ZERO,
                    voided: false,
                },
            );
            *state.captures.entry(key.to_string()).or_default() += 1;
            reference
        };
        match step {
            Scripted::Approve => AttemptOutcome::Approved {
                reference: capture(&mut state),
            },
            Scripted::Decline(reason) => {
                state.declined.insert(key.to_string(), reason.clone());
                AttemptOutcome::Declined { reason }
            }
            Scripted::TimeoutBeforeCapture => AttemptOutcome::TimedOut,
            Scripted::TimeoutAfterCapture => {
                capture(&mut state);
                AttemptOutcome::TimedOut
            }
        }
    }

    async fn refund(&self, key: &str, reference: &str, amount: Money) -> AttemptOutcome {
        self.answer_delay().await;
        let mut state = self.lock();
        if let Some(done) = state.refunds.get(key) {
            return AttemptOutcome::Approved {
                reference: done.clone(),
            };
        }
        if let Some(reason) = state.declined.get(key) {
            return AttemptOutcome::Declined {
                reason: reason.clone(),
            };
        }
        let step = state.refund_script.pop_front().unwrap_or(Scripted::Approve);
        match step {
            Scripted::Decline(reason) => {
                state.declined.insert(key.to_string(), reason.clone());
                return AttemptOutcome::Declined { reason };
            }
            Scripted::TimeoutBeforeCapture => return AttemptOutcome::TimedOut,
            Scripted::Approve | Scripted::TimeoutAfterCapture => {}
        }
        match state
            .charges
            .values_mut()
            .find(|c| c.reference == reference)
        {
            Some(charge) => {
                let left = charge.amount.cents() - charge.refunded.cents();
                if charge.voided || amount.cents() > left {
                    let reason = "refund larger than what is left of the charge".to_string();
                    state.declined.insert(key.to_string(), reason.clone());
                    return AttemptOutcome::Declined { reason };
                }
                charge.refunded = Money::from_cents(charge.refunded.cents() + amount.cents())
                    .unwrap_or(charge.amount);
            }
            // The simulated bank remembers only this process's charges: a charge taken
            // by another terminal, or before a restart, is trusted by its reference.
            None if reference.starts_with("SIM-") => {}
            None => {
                let reason = format!("no charge {reference}");
                state.declined.insert(key.to_string(), reason.clone());
                return AttemptOutcome::Declined { reason };
            }
        }
        let refund_ref = new_reference("SIM-R");
        state.refunds.insert(key.to_string(), refund_ref.clone());
        if step == Scripted::TimeoutAfterCapture {
            return AttemptOutcome::TimedOut;
        }
        AttemptOutcome::Approved {
            reference: refund_ref,
        }
    }

    async fn void(&self, charge_key: &str) -> AttemptOutcome {
        self.answer_delay().await;
        let mut state = self.lock();
        match state.charges.get_mut(charge_key) {
            Some(charge) => {
                charge.voided = true;
                AttemptOutcome::Approved {
                    reference: charge.reference.clone(),
                }
            }
            // Nothing was taken under this key, so nothing is owed.
            None => AttemptOutcome::Approved {
                reference: String::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bank() -> SimulatedBank {
        SimulatedBank::new(BankSettings {
            latency: Duration::ZERO,
            ..BankSettings::default()
        })
    }

    fn card(n: &str) -> CardNumber {
        CardNumber::parse(n).unwrap()
    }

    fn m(c: i64) -> Money {
        Money::from_cents(c).unwrap()
    }

    #[tokio::test]
    async fn test_cards_approve_decline_and_time_out() {
        let b = bank();
        assert!(matches!(
            b.charge("a", m(100), &card(CardNumber::APPROVE)).await,
            AttemptOutcome::Approved { .. }
        ));
        assert!(matches!(
            b.charge("d", m(100), &card(CardNumber::DECLINE)).await,
            AttemptOutcome::Declined { .. }
        ));
        assert_eq!(
            b.charge("t", m(100), &card(CardNumber::TIMEOUT)).await,
            AttemptOutcome::TimedOut
        );
        assert_eq!(b.net_charged(), 100);
    }

    #[tokio::test]
    async fn a_lost_answer_retried_with_its_key_charges_once() {
        let b = bank();
        b.script([Scripted::TimeoutAfterCapture]);
        let c = card(CardNumber::APPROVE);
        assert_eq!(b.charge("k", m(950), &c).await, AttemptOutcome::TimedOut);
        let again = b.charge("k", m(950), &c).await;
        assert!(matches!(again, AttemptOutcome::Approved { .. }));
        assert_eq!(b.captures("k"), 1);
        assert_eq!(b.net_charged(), 950);
    }

    #[tokio::test]
    async fn refunds_never_exceed_the_charge_and_repeat_safely() {
        let b = bank();
        let AttemptOutcome::Approved { reference } =
            b.charge("k", m(1000), &card(CardNumber::APPROVE)).await
        else {
            panic!("not approved")
        };
        assert!(matches!(
            b.refund("r1", &reference, m(600)).await,
            AttemptOutcome::Approved { .. }
        ));
        assert!(matches!(
            b.refund("r1", &reference, m(600)).await,
            AttemptOutcome::Approved { .. }
        ));
        assert!(matches!(
            b.refund("r2", &reference, m(600)).await,
            AttemptOutcome::Declined { .. }
        ));
        assert!(matches!(
            b.refund("r3", "VISA-1", m(1)).await,
            AttemptOutcome::Declined { .. }
        ));
        assert_eq!(b.net_charged(), 400);
        b.void("k").await;
        assert_eq!(b.net_charged(), 0);
    }

    #[tokio::test]
    async fn scripted_refunds_refuse_or_lose_their_answer() {
        let b = bank();
        let AttemptOutcome::Approved { reference } =
            b.charge("k", m(1000), &card(CardNumber::APPROVE)).await
        else {
            panic!("not approved")
        };
        b.script_refunds([
            Scripted::Decline("account closed".into()),
            Scripted::TimeoutBeforeCapture,
            Scripted::TimeoutAfterCapture,
        ]);
        let declined = AttemptOutcome::Declined {
            reason: "account closed".into(),
        };
        assert_eq!(b.refund("r", &reference, m(400)).await, declined);
        // A declined key keeps its answer, as a real bank's does: asking again needs a
        // new key.
        assert_eq!(b.refund("r", &reference, m(400)).await, declined);
        assert_eq!(
            b.refund("r2", &reference, m(400)).await,
            AttemptOutcome::TimedOut
        );
        assert_eq!(b.net_charged(), 1000);
        // Given back with the answer lost: the retry under the key finds that refund.
        assert_eq!(
            b.refund("r2", &reference, m(400)).await,
            AttemptOutcome::TimedOut
        );
        assert_eq!(b.net_charged(), 600);
        assert!(matches!(
            b.refund("r2", &reference, m(400)).await,
            AttemptOutcome::Approved { .. }
        ));
        assert_eq!(b.net_charged(), 600);
    }
}
