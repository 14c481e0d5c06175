//! The login: username, then password; failures and lockout said plainly.

use super::*;
use crate::tui::event::Problem;
use crate::tui::screens::login::Field;
use crate::tui::secret::Secret;

#[test]
fn login_takes_username_then_password() {
    let (mut app, _) = new_app(false);
    assert!(on(&app, "login"));
    snapshot_both("login", &app);
    // Letters are text here: `q` and `?` are part of a name, not quit and help.
    for c in "qcashier?".chars() {
        assert_eq!(app.handle(ch(c)), None);
    }
    app.handle(key(KeyCode::Backspace));
    assert_eq!(login(&app).username, "qcashier");
    // Enter (or Tab) moves to the password, which shows as dots.
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert_eq!(login(&app).focus, Field::Password);
    for c in "s3cret".chars() {
        app.handle(ch(c));
    }
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("••••••") && !screen.contains("s3cret"),
        "{screen}"
    );
    app.handle(key(KeyCode::Tab));
    assert_eq!(login(&app).focus, Field::Username);
    app.handle(key(KeyCode::BackTab));
    assert_eq!(login(&app).focus, Field::Password);
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(LoginWork::Login {
            username: "qcashier".into(),
            password: Secret("s3cret".into())
        }))
    );
    assert!(
        !format!(
            "{:?}",
            LoginWork::Login {
                username: "x".into(),
                password: Secret("s3cret".into())
            }
        )
        .contains("s3cret")
    );
    app.ctx.ticks = 4;
    insta::assert_snapshot!("login_checking_80x24", draw(&app, 80, 24));
    // Keys typed while checking change nothing.
    app.handle(ch('x'));
    assert_eq!(login(&app).password, "s3cret");
    app.handle(done(LoginDone::Login(Err(Problem::refused(
        "unknown username or wrong password",
    )))));
    assert_eq!(login(&app).password, "", "a failed password is not kept");
    assert_eq!(login(&app).focus, Field::Password);
    snapshot_both("login_failed", &app);
    app.handle(done(LoginDone::Login(Err(Problem::refused(
        "the account is locked after too many failed logins; try again after 17:57 or ask a manager to unlock it",
    )))));
    assert!(draw(&app, 80, 24).contains("locked"));
    // Success: the day's showtimes, and who is logged in in the status bar.
    assert_eq!(
        log_in(&mut app),
        Some(Command::run(ShowtimesWork::LoadToday))
    );
    assert!(on(&app, "showtimes"));
    assert!(draw(&app, 80, 24).contains("cashier (cashier)"));
}

#[test]
fn login_needs_a_username_and_esc_quits() {
    let (mut app, _) = new_app(false);
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert_eq!(login(&app).focus, Field::Username, "no username: stay");
    app.handle(key(KeyCode::Tab));
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert_eq!(login(&app).focus, Field::Username);
    assert!(login(&app).error.is_some());
    assert_eq!(app.handle(key(KeyCode::Esc)), Some(Command::Quit));
}
