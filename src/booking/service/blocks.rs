//! Seats taken out of sale for one showtime by staff.

use crate::booking::BookingError;
use crate::identity::User;
use crate::identity::permissions::Permission;
use crate::screening::model::SeatLabel;
use crate::vocab::ShowtimeId;

use super::{BookingService, permit};

impl BookingService {
    /// Puts a seat blocked for this showtime back on sale (staff). Refused as not found
    /// when it was not blocked.
    pub async fn unblock_seat(
        &self,
        actor: &User,
        showtime: ShowtimeId,
        label: &str,
    ) -> Result<(), BookingError> {
        permit(actor, Permission::MarkSeatsBroken)?;
        let data = self.screening.showtime_seats(showtime).await?;
        let label = SeatLabel::parse(label)?;
        let seat = data
            .seats
            .iter()
            .find(|s| s.row_label == label.row && s.number == label.number)
            .ok_or_else(|| {
                BookingError::invalid(
                    "seat",
                    format!("no seat {label} in hall {:?}", data.showtime.hall_name),
                )
            })?;
        if !self.store.unblock_seat(showtime, seat.id).await? {
            return Err(BookingError::invalid(
                "seat",
                format!("{label} is not blocked for this showtime"),
            ));
        }
        self.feed.touched(showtime);
        Ok(())
    }

    /// Takes a seat out of sale for this showtime only (staff); refused while it is held
    /// or sold.
    pub async fn block_seat(
        &self,
        actor: &User,
        showtime: ShowtimeId,
        label: &str,
    ) -> Result<(), BookingError> {
        permit(actor, Permission::MarkSeatsBroken)?;
        let data = self.screening.showtime_seats(showtime).await?;
        let label = SeatLabel::parse(label)?;
        let seat = data
            .seats
            .iter()
            .find(|s| s.row_label == label.row && s.number == label.number)
            .ok_or_else(|| {
                BookingError::invalid(
                    "seat",
                    format!("no seat {label} in hall {:?}", data.showtime.hall_name),
                )
            })?;
        let now = self.now().await?;
        if !self
            .store
            .block_seat(showtime, seat.id, actor.id, now)
            .await?
        {
            return Err(BookingError::SeatUnavailable(vec![label.to_string()]));
        }
        self.feed.touched(showtime);
        Ok(())
    }
}
