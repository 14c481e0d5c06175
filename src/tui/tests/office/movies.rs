use super::*;
use crate::screening::model::Movie;
use crate::tui::event::Problem;
use crate::tui::screens::movies::{Done as MoviesDone, Work as MoviesWork};

fn movies() -> Vec<Movie> {
    [
        (1, "Kettle", 96, Some("6"), Some("Comedy")),
        (2, "Cold Harbour", 127, Some("16"), Some("Thriller")),
        (3, "Orbit of Ash", 142, Some("12"), Some("Science fiction")),
        (4, "Paper Lanterns", 100, None, None),
    ]
    .into_iter()
    .map(|(id, title, minutes, rating, genre)| Movie {
        id: MovieId(id),
        title: title.into(),
        runtime_minutes: minutes,
        rating: rating.map(String::from),
        genre: genre.map(String::from),
    })
    .collect()
}

fn movies_app() -> App {
    let mut app = manager_app();
    assert_eq!(
        app.handle(key(KeyCode::F(4))),
        Some(Command::run(MoviesWork::Load))
    );
    app.handle(done(MoviesDone::Movies(Ok(movies()))));
    app
}

#[test]
fn the_movies_with_rating_and_genre() {
    snapshot_both("movies", &movies_app());
}

#[test]
fn a_new_movie_is_typed_field_by_field() {
    let mut app = movies_app();
    app.handle(ch('a'));
    for (i, text) in ["Lisbon", "104", "0", "Drama"].iter().enumerate() {
        if i > 0 {
            app.handle(key(KeyCode::Tab));
        }
        for c in text.chars() {
            app.handle(ch(c));
        }
    }
    snapshot_both("movies_new", &app);
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(MoviesWork::Add {
            actor: super::manager(),
            title: "Lisbon".into(),
            minutes: 104,
            rating: Some("0".into()),
            genre: Some("Drama".into()),
        }))
    );
}

#[test]
fn a_longer_runtime_that_would_clash_names_the_showtimes() {
    let mut app = movies_app();
    app.handle(key(KeyCode::Down));
    app.handle(ch('e'));
    // The title first; the runtime is the next field.
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Backspace));
    app.handle(key(KeyCode::Backspace));
    app.handle(key(KeyCode::Backspace));
    for c in "190".chars() {
        app.handle(ch(c));
    }
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(MoviesWork::Edit {
            actor: super::manager(),
            movie: MovieId(2),
            title: "Cold Harbour".into(),
            minutes: 190,
            rating: Some("16".into()),
            genre: Some("Thriller".into()),
        }))
    );
    app.handle(done(MoviesDone::Saved(Err(Problem::refused(
        "changing the runtime would make showtimes overlap: #7 Orbit of Ash (21:00-23:52)",
    )))));
    snapshot_both("movies_runtime_clash", &app);
}

#[test]
fn a_movie_is_edited_from_its_title_to_its_genre() {
    let mut app = movies_app();
    app.handle(key(KeyCode::Down));
    app.handle(key(KeyCode::Down));
    app.handle(ch('e'));
    // Every field starts as the movie has it.
    snapshot_both("movies_edit", &app);
    // The title gets its missing article; the rating goes from 12 to 16; the genre is
    // cleared.
    for _ in 0.."Orbit of Ash".len() {
        app.handle(key(KeyCode::Backspace));
    }
    for c in "The Orbit of Ash".chars() {
        app.handle(ch(c));
    }
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Backspace));
    app.handle(key(KeyCode::Backspace));
    for c in "16".chars() {
        app.handle(ch(c));
    }
    app.handle(key(KeyCode::Tab));
    for _ in 0.."Science fiction".len() {
        app.handle(key(KeyCode::Backspace));
    }
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(MoviesWork::Edit {
            actor: super::manager(),
            movie: MovieId(3),
            title: "The Orbit of Ash".into(),
            minutes: 142,
            rating: Some("16".into()),
            genre: None,
        }))
    );
}
