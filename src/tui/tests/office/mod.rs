//! The manager's back office: the tabs, and each of the manager's screens.

mod halls;
mod movies;
mod prices;
mod schedule;
mod tabs;

use super::*;

pub(super) fn manager() -> User {
    User {
        id: UserId(1),
        username: "manon".into(),
        role: Role::Manager,
        active: true,
    }
}

/// Logged in as the manager, on the counter's showtimes with `listing()` loaded.
pub(super) fn manager_app() -> App {
    let (mut app, _) = new_app(false);
    assert_eq!(
        app.handle(done(LoginDone::Login(Ok(manager())))),
        Some(Command::run(ShowtimesWork::LoadToday))
    );
    app.handle(done(ShowtimesDone::Today(Ok(day()))));
    app.handle(loaded(day(), listing()));
    app
}
