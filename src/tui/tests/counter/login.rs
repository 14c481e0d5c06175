//! The login: username, then password; failures and lockout said plainly.

use super::*;
use crate::tui::app::Screen;
use crate::tui::event::{Problem, Secret};
use crate::tui::screens::login::Field;

#[test]
fn login_takes_username_then_password() {
    let (mut app, _) = new_app(false);
    assert!(matches!(app.screen, Screen::Login));
    snapshot_both("login", &app);
    // Letters are text here: `q` and `?` are part of a name, not quit and help.
    for c in "qcashier?".chars() {
        assert_eq!(app.handle(ch(c)), None);
    }
    app.handle(key(KeyCode::Backspace));
    assert_eq!(app.login.username, "qcashier");
    // Enter (or Tab) moves to the password, which shows as dots.
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert_eq!(app.login.focus, Field::Password);
    for c in "s3cret".chars() {
        app.handle(ch(c));
    }
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("••••••") && !screen.contains("s3cret"),
        "{screen}"
    );
    app.handle(key(KeyCode::Tab));
    assert_eq!(app.login.focus, Field::Username);
    app.handle(key(KeyCode::BackTab));
    assert_eq!(app.login.focus, Field::Password);
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::Run(Work::Login {
            username: "qcashier".into(),
            password: Secret("s3cret".into())
        }))
    );
    assert!(
        !format!(
            "{:?}",
            Work::Login {
                username: "x".into(),
                password: Secret("s3cret".into())
            }
        )
        .contains("s3cret")
    );
    app.ticks = 4;
    insta::assert_snapshot!("login_checking_80x24", draw(&app, 80, 24));
    // Keys typed while checking change nothing.
    app.handle(ch('x'));
    assert_eq!(app.login.password, "s3cret");
    app.handle(Event::Done(Done::Login(Err(Problem::refused(
        "unknown username or wrong password",
    )))));
    assert_eq!(app.login.password, "", "a failed password is not kept");
    assert_eq!(app.login.focus, Field::Password);
    snapshot_both("login_failed", &app);
    app.handle(Event::Done(Done::Login(Err(Problem::refused(
        "the account is locked after too many failed logins; try again after 17:57 or ask a manager to unlock it",
    )))));
    assert!(draw(&app, 80, 24).contains("locked"));
    // Success: the day's showtimes, and who is logged in in the status bar.
    assert_eq!(log_in(&mut app), Some(Command::Run(Work::LoadToday)));
    assert!(matches!(app.screen, Screen::Showtimes));
    assert!(draw(&app, 80, 24).contains("cashier (cashier)"));
}

#[test]
fn login_needs_a_username_and_esc_quits() {
    let (mut app, _) = new_app(false);
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert_eq!(app.login.focus, Field::Username, "no username: stay");
    app.handle(key(KeyCode::Tab));
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert_eq!(app.login.focus, Field::Username);
    assert!(app.login.error.is_some());
    assert_eq!(app.handle(key(KeyCode::Esc)), Some(Command::Quit));
}
