//! The Movies tab's work: the list, a new movie, a runtime changed (re-checked against
//! the schedule by the service, which names every showtime that would clash).

use crate::identity::User;
use crate::screening::model::Movie;
use crate::tui::event::{Answer as Reply, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};
use crate::vocab::MovieId;

const LOADING: &str = "reading the movies";
const SAVING: &str = "saving the movie";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Load,
    Add {
        actor: User,
        title: String,
        minutes: i64,
        rating: Option<String>,
        genre: Option<String>,
    },
    Edit {
        actor: User,
        movie: MovieId,
        title: String,
        minutes: i64,
        rating: Option<String>,
        genre: Option<String>,
    },
}

pub enum Done {
    Movies(Reply<Vec<Movie>>),
    Saved(Reply<Movie>),
}

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some(match self {
            Work::Load => LOADING,
            _ => SAVING,
        })
    }

    async fn perform(self, runner: &Runner) -> Done {
        let s = &runner.services.screening;
        match self {
            Work::Load => Done::Movies(
                s.list_movies()
                    .await
                    .map_err(|e| Problem::logged("movies", e)),
            ),
            Work::Add {
                actor,
                title,
                minutes,
                rating,
                genre,
            } => Done::Saved(
                s.add_movie(&actor, &title, minutes, rating.as_deref(), genre.as_deref())
                    .await
                    .map_err(|e| Problem::logged("new movie", e)),
            ),
            Work::Edit {
                actor,
                movie,
                title,
                minutes,
                rating,
                genre,
            } => Done::Saved(
                s.edit_movie(
                    &actor,
                    movie,
                    &title,
                    minutes,
                    rating.as_deref(),
                    genre.as_deref(),
                )
                .await
                .map_err(|e| Problem::logged("edit movie", e)),
            ),
        }
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Movies(_) => LOADING,
            Done::Saved(_) => SAVING,
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Movies(r) => asked(r),
            Done::Saved(r) => asked(r),
        }
    }
}
