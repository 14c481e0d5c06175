//! The Halls tab's work: the list, a new hall (grid or map), a hall's seats, a seat
//! broken or mended.

use crate::identity::User;
use crate::screening::model::{Hall, Seat};
use crate::tui::event::{Answer as Reply, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};
use crate::vocab::HallId;

use super::editor::Shape;

const LOADING: &str = "reading the halls";
const SAVING: &str = "saving the hall";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Load,
    Create {
        actor: User,
        name: String,
        shape: Shape,
    },
    Seats {
        hall: HallId,
    },
    Broken {
        actor: User,
        hall: String,
        seat: String,
        broken: bool,
    },
}

pub enum Done {
    Halls(Reply<Vec<Hall>>),
    Created(Reply<Hall>),
    Seats(Reply<Vec<Seat>>),
    Broken(Reply<Seat>),
}

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some(match self {
            Work::Load | Work::Seats { .. } => LOADING,
            _ => SAVING,
        })
    }

    async fn perform(self, runner: &Runner) -> Done {
        let s = &runner.services.screening;
        match self {
            Work::Load => Done::Halls(
                s.list_halls()
                    .await
                    .map_err(|e| Problem::logged("halls", e)),
            ),
            Work::Create { actor, name, shape } => Done::Created(
                match shape {
                    Shape::Grid { rows, seats } => {
                        s.create_hall_grid(&actor, &name, rows, seats).await
                    }
                    Shape::Map(map) => s.create_hall_from_map(&actor, &name, &map).await,
                }
                .map_err(|e| Problem::logged("new hall", e)),
            ),
            Work::Seats { hall } => Done::Seats(
                s.hall_seats(hall)
                    .await
                    .map_err(|e| Problem::logged("seats", e)),
            ),
            Work::Broken {
                actor,
                hall,
                seat,
                broken,
            } => Done::Broken(
                s.set_seat_broken(&actor, &hall, &seat, broken)
                    .await
                    .map_err(|e| Problem::logged("broken seat", e)),
            ),
        }
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Halls(_) | Done::Seats(_) => LOADING,
            _ => SAVING,
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Halls(r) => asked(r),
            Done::Created(r) => asked(r),
            Done::Seats(r) => asked(r),
            Done::Broken(r) => asked(r),
        }
    }
}
