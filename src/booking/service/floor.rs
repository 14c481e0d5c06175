//! The manager's floor: every live hold in the building, whoever made it.

use crate::booking::BookingError;
use crate::booking::ports::LiveHold;
use crate::identity::User;
use crate::identity::permissions::Permission;

use super::{BookingService, permit};

impl BookingService {
    /// Every live hold, the soonest to lapse first. Releasing one goes through `release`,
    /// which logs a manager's release of someone else's hold.
    pub async fn live_holds(&self, actor: &User) -> Result<Vec<LiveHold>, BookingError> {
        permit(actor, Permission::ActOnOthersOrders)?;
        let now = self.now().await?;
        Ok(self.store.live_holds(now).await?)
    }
}
