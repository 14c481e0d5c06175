//! The manager's price table: discounts by ticket type, surcharges by seat kind.

use crate::booking::BookingError;
use crate::booking::model::{PriceTable, TicketType};
use crate::identity::User;
use crate::identity::permissions::Permission;
use crate::vocab::Money;

use super::{BookingService, permit};

impl BookingService {
    pub async fn price_table(&self) -> Result<PriceTable, BookingError> {
        Ok(self.store.price_table().await?)
    }

    pub async fn set_discount(
        &self,
        actor: &User,
        ticket: TicketType,
        discount: Money,
    ) -> Result<(), BookingError> {
        permit(actor, Permission::SetPrices)?;
        Ok(self.store.set_discount(ticket, discount).await?)
    }

    pub async fn set_surcharge(
        &self,
        actor: &User,
        kind: crate::screening::model::SeatKind,
        surcharge: Money,
    ) -> Result<(), BookingError> {
        permit(actor, Permission::SetPrices)?;
        Ok(self.store.set_surcharge(kind, surcharge).await?)
    }
}
