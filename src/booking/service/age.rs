//! Child tickets for films the venue asks about: checked before the sale, by the
//! front end that cannot ask a question (the command line).

use crate::booking::BookingError;
use crate::booking::age::child_ticket_confirmation;
use crate::booking::model::TicketType;
use crate::identity::User;
use crate::vocab::OrderId;

use super::BookingService;

impl BookingService {
    /// Refused with `AgeNotConfirmed` when these ticket types give a child ticket for a
    /// film whose rating the venue asks about (`[venue] child_confirm_ratings`) and
    /// nobody confirmed it.
    pub async fn check_child_tickets(
        &self,
        actor: &User,
        order: OrderId,
        types: &[TicketType],
        confirmed: bool,
    ) -> Result<(), BookingError> {
        if confirmed {
            return Ok(());
        }
        let view = self.order(actor, order).await?;
        match child_ticket_confirmation(
            view.showtime.movie_rating.as_deref(),
            types,
            &self.rules.child_confirm_ratings,
        ) {
            Some(rating) => Err(BookingError::AgeNotConfirmed {
                rating: rating.to_string(),
            }),
            None => Ok(()),
        }
    }
}
