//! The kiosk's front door and register form: drawn, and the keys behind them.

use super::*;
use crate::tui::screens::kiosk::{KioskScreen, RegisterScreen, Work as KioskWork};
use crate::tui::secret::Secret;

fn kiosk_app() -> App {
    let (mut app, _) = App::new(context(), settings(), false, now());
    app.stack.reset(Box::new(KioskScreen::new()));
    app.handle(Event::Resize(80, 24));
    app
}

#[test]
fn the_kiosk_offers_log_in_register_and_leave() {
    let mut app = kiosk_app();
    snapshot_both("kiosk_welcome", &app);
    // Enter on the first choice opens the login form.
    app.handle(key(KeyCode::Enter));
    assert_eq!(app.stack.front().name(), "login");
    // Leave is the last choice.
    let mut app = kiosk_app();
    app.handle(key(KeyCode::Down));
    app.handle(key(KeyCode::Down));
    app.handle(key(KeyCode::Down));
    assert_eq!(app.handle(key(KeyCode::Enter)), Some(Command::Quit));
}

#[test]
fn the_register_form_asks_then_sends_everything_at_once() {
    let mut app = kiosk_app();
    app.handle(key(KeyCode::Down));
    app.handle(key(KeyCode::Enter));
    assert_eq!(app.stack.front().name(), "register");
    for c in "cora".chars() {
        app.handle(ch(c));
    }
    app.handle(key(KeyCode::Enter));
    for c in "correct horse battery".chars() {
        app.handle(ch(c));
    }
    app.handle(key(KeyCode::Tab));
    for c in "Cora Nilsen".chars() {
        app.handle(ch(c));
    }
    snapshot_both("kiosk_register", &app);
    app.handle(key(KeyCode::Enter));
    app.handle(key(KeyCode::Enter));
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(KioskWork::Register {
            username: "cora".into(),
            password: Secret("correct horse battery".into()),
            name: "Cora Nilsen".into(),
            email: String::new(),
            phone: String::new(),
        }))
    );
    // Esc goes back to the front door.
    let mut app = kiosk_app();
    app.stack.push(Box::new(RegisterScreen::new()));
    app.handle(key(KeyCode::Esc));
    assert_eq!(app.stack.front().name(), "kiosk");
}
