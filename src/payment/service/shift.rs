//! A cashier's shift: the float, and the blind count at its close.

use chrono::{DateTime, Utc};

use crate::identity::User;
use crate::identity::permissions::{Permission, check};
use crate::payment::PaymentError;
use crate::payment::model::{CloseOut, DrawerTotals, LedgerDraft, LedgerKind, close_out, signed};
use crate::payment::ports::{OpenShift, Shift, ShiftCloseOut};
use crate::vocab::Money;

use super::PaymentService;

impl PaymentService {
    pub async fn open_shift(&self, actor: &User, float: Money) -> Result<Shift, PaymentError> {
        check(actor, Permission::Sell).map_err(PaymentError::PermissionDenied)?;
        let now = self.now().await?;
        let entry = self
            .entry(now, LedgerKind::ShiftOpen, actor.id)
            .amount(float)
            .method("cash")
            .detail("float");
        match self.store.open_shift(actor.id, float, now, &entry).await? {
            Some(shift) => Ok(shift),
            None => {
                let since = match self.store.open_shift_of(actor.id).await? {
                    Some(s) => s.opened_at.to_rfc3339(),
                    None => "a moment ago".into(),
                };
                Err(PaymentError::ShiftAlreadyOpen(since))
            }
        }
    }

    /// Every shift still open in the building, for the manager's floor.
    pub async fn open_shifts(&self, actor: &User) -> Result<Vec<OpenShift>, PaymentError> {
        check(actor, Permission::ViewReports).map_err(PaymentError::PermissionDenied)?;
        Ok(self.store.open_shifts().await?)
    }

    pub async fn current_shift(&self, actor: &User) -> Result<Option<Shift>, PaymentError> {
        Ok(self.store.open_shift_of(actor.id).await?)
    }

    /// Closes the actor's shift with the cash counted (a blind count: the expected amount
    /// is only shown in the close-out), recording the variance in the ledger.
    pub async fn close_shift(
        &self,
        actor: &User,
        counted: Money,
    ) -> Result<CloseOut, PaymentError> {
        check(actor, Permission::Sell).map_err(PaymentError::PermissionDenied)?;
        let shift = self
            .store
            .open_shift_of(actor.id)
            .await?
            .ok_or(PaymentError::NoOpenShift)?;
        let now = self.now().await?;
        let closing = |totals| {
            let (out, entries) = self.close_out_entries(actor, &shift, now, totals, counted);
            ShiftCloseOut { out, entries }
        };
        self.store
            .close_shift(shift.id, actor.id, shift.opened_at, now, &closing)
            .await?
            .ok_or(PaymentError::NoOpenShift)
    }

    fn close_out_entries(
        &self,
        actor: &User,
        shift: &Shift,
        now: DateTime<Utc>,
        totals: DrawerTotals,
        counted: Money,
    ) -> (CloseOut, Vec<LedgerDraft>) {
        let out = close_out(shift.float, totals, counted);
        let reference = format!("shift {}", shift.id);
        let entries = vec![
            self.entry(now, LedgerKind::ShiftClose, actor.id)
                .amount(counted)
                .method("cash")
                .reference(reference.clone())
                .detail(format!(
                    "counted {counted}, expected {}, card {}",
                    signed(out.expected_cash),
                    signed(out.card_net_cents)
                )),
            self.entry(now, LedgerKind::Variance, actor.id)
                .signed_amount(out.variance_cents)
                .method("cash")
                .reference(reference)
                .detail(if out.variance_cents == 0 {
                    "drawer balanced".into()
                } else {
                    format!(
                        "{} {}",
                        if out.variance_cents > 0 {
                            "over"
                        } else {
                            "short"
                        },
                        signed(out.variance_cents.abs())
                    )
                }),
        ];
        (out, entries)
    }
}
