//! The services of one database, wired once and handed to every front end (CLI, TUI,
//! SSH). Front ends hold this and nothing below it.

use crate::core::venue_time::VenueTime;
use crate::identity::service::IdentityService;
use crate::screening::schedule::Buffers;
use crate::screening::service::ScreeningService;
use crate::store::{Backend, Store};

/// What the services need to know of the venue, taken from config by the caller.
#[derive(Debug, Clone)]
pub struct VenueSettings {
    pub name: String,
    pub currency: String,
    pub time: VenueTime,
    pub buffers: Buffers,
}

#[derive(Clone)]
pub struct Services {
    pub backend: Backend,
    pub venue: VenueSettings,
    pub screening: ScreeningService,
    pub identity: IdentityService,
}

impl Services {
    pub fn new(store: Store, venue: VenueSettings) -> Services {
        Services {
            backend: store.backend,
            screening: ScreeningService::new(
                store.screening.clone(),
                store.clock.clone(),
                venue.buffers,
                venue.time,
            ),
            identity: IdentityService::new(store.identity.clone()),
            venue,
        }
    }
}
