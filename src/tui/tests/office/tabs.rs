use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::*;

fn click(x: u16, y: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    })
}

#[test]
fn a_manager_sees_the_tabs_beside_the_counter() {
    let app = manager_app();
    snapshot_both("manager_counter", &app);
    let screen = draw(&app, 140, 40);
    let tab_line = screen.lines().next().unwrap();
    for title in [
        "Counter", "Schedule", "Halls", "Movies", "Prices", "Staff", "Floor", "Reports", "Audit",
    ] {
        assert!(tab_line.contains(title), "{title} in {tab_line}");
    }
}

#[test]
fn a_cashier_sees_no_tabs() {
    let app = loaded_app(listing());
    assert!(!app.tabs.shown());
    let screen = draw(&app, 140, 40);
    for tab in crate::tui::app::MANAGER_TABS {
        assert!(
            !screen.contains(tab.title),
            "a cashier sees no {} tab",
            tab.title
        );
    }
    // The tab keys mean nothing to a cashier.
    let mut app = app;
    assert_eq!(app.handle(key(KeyCode::F(2))), None);
    assert_eq!(app.handle(ch(']')), None);
    assert!(on(&app, "showtimes"));
}

#[test]
fn tab_keys_and_clicks_switch_tabs_each_keeping_its_screens() {
    let mut app = manager_app();
    app.handle(Event::Resize(140, 40));
    // The Staff tab opens its screen, which reads the accounts.
    assert_eq!(
        app.handle(key(KeyCode::F(6))),
        Some(Command::run(crate::tui::screens::staff::Work::Load {
            actor: manager()
        }))
    );
    assert_eq!(app.tabs.active(), 5);
    assert!(on(&app, "staff"));
    snapshot_both("tab_staff", &app);
    app.handle(ch(']'));
    assert_eq!(app.tabs.active(), 6);
    app.handle(ch('['));
    app.handle(ch('['));
    assert_eq!(app.tabs.active(), 4);
    // `[` from the first wraps to the last.
    app.handle(key(KeyCode::F(1)));
    app.handle(ch('['));
    assert_eq!(app.tabs.active(), 8);
    // A click on "Counter" (the tab line is the top row) brings the counter back, with
    // the day it showed: its stack was kept.
    app.handle(click(3, 0));
    assert_eq!(app.tabs.active(), 0);
    assert!(on(&app, "showtimes"));
    assert_eq!(showtimes(&app).list.len(), listing().len());
    // "Halls" sits after " Counter  Schedule ".
    app.handle(click(21, 0));
    assert_eq!(app.tabs.active(), 2);
}

#[test]
fn tabs_stay_while_seats_are_held() {
    let mut app = manager_app();
    app.handle(key(KeyCode::Enter));
    assert!(on(&app, "seats"));
    // No hold yet: the tab may change.
    app.handle(key(KeyCode::F(1)));
    assert_eq!(app.tabs.active(), 0);
}

#[test]
fn the_help_lists_the_tab_keys_for_a_manager() {
    let mut app = manager_app();
    app.handle(key(KeyCode::F(3)));
    app.handle(ch('?'));
    let screen = draw(&app, 140, 40);
    assert!(screen.contains("F1…F9"), "{screen}");
    assert!(screen.contains("a tab by its place"));
}
