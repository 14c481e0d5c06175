//! Sales and occupancy over business days, built from the store's facts by the pure
//! functions of `payment::report`.

use chrono::{DateTime, NaiveDate, Utc};

use crate::identity::User;
use crate::identity::permissions::{Permission, check};
use crate::payment::PaymentError;
use crate::payment::report::{OccupancyLine, SalesReport, occupancy_lines, sales_report};

use super::PaymentService;

impl PaymentService {
    /// Sales of the business days `from` to `to` (inclusive), grouped every way, with
    /// the refunds made in those days.
    pub async fn sales_report(
        &self,
        actor: &User,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<SalesReport, PaymentError> {
        check(actor, Permission::ViewReports).map_err(PaymentError::PermissionDenied)?;
        let (start, end) = self.range(from, to)?;
        let sales = self.store.sales_facts(start, end).await?;
        let refunds = self.store.refund_facts(start, end).await?;
        let venue = self.venue;
        Ok(sales_report(
            from,
            to,
            &self.settings.currency,
            &sales,
            refunds,
            |t| venue.business_day_of(t),
        ))
    }

    /// Every showtime of the business days `from` to `to`, with seats sold.
    pub async fn occupancy_report(
        &self,
        actor: &User,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<OccupancyLine>, PaymentError> {
        check(actor, Permission::ViewReports).map_err(PaymentError::PermissionDenied)?;
        let (start, end) = self.range(from, to)?;
        Ok(occupancy_lines(self.store.occupancy(start, end).await?))
    }

    fn range(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(DateTime<Utc>, DateTime<Utc>), PaymentError> {
        if to < from {
            return Err(PaymentError::invalid(
                "to",
                format!("{to} is before {from}"),
            ));
        }
        Ok((
            self.venue.business_day_bounds(from).0,
            self.venue.business_day_bounds(to).1,
        ))
    }

    pub async fn today(&self) -> Result<NaiveDate, PaymentError> {
        Ok(self.venue.business_day_of(self.now().await?))
    }
}
