//! The seat grid: the hall as built, every seat state, moving, taking and giving back
//! seats, live changes, the countdown, the mouse, and a lost race.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::*;
use crate::events::SeatEvent;
use crate::screening::model::SeatKind;
use crate::tui::event::Problem;
use crate::tui::widgets::seat_grid::{Geometry, HallPlan, SeatGrid, SeatLook};

#[test]
fn seat_grid_screen() {
    let mut app = seats_app(busy_grand(&["F10", "F11"]));
    let seats = seats(&app).unwrap();
    // The cashier's own holds from before are carried on, not started again.
    assert_eq!(seats.order, Some(ORDER));
    assert_eq!(seats.mine().len(), 2);
    move_to(&mut app, "H10");
    snapshot_both("seats", &app);
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("H10 · standard · held by anna, 7:57 left"),
        "{screen}"
    );
    assert!(screen.contains("Your seats: F10 F11 (2)"), "{screen}");
}

#[test]
fn a_200_seat_hall_fits_80x24() {
    // 10 rows of 20 with a centre aisle.
    let map = "ssssssssss..ssssssssss\n".repeat(10);
    let app = seats_app(seat_map(evening(), hall_seats(&map), |_| SeatState::Free));
    assert_eq!(seats(&app).unwrap().seats.len(), 200);
    let screen = draw(&app, 80, 24);
    insta::assert_snapshot!("seats_200_80x24", screen);
    for row in ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"] {
        assert!(
            screen
                .lines()
                .map(|l| l.trim_matches('"').trim())
                .any(|l| l.starts_with(&format!("{row}   1  2"))
                    && l.ends_with(&format!("19 20  {row}"))),
            "row {row} is not whole:\n{screen}"
        );
    }
    for scrolled in ['▲', '▼', '◀', '▶'] {
        assert!(!screen.contains(scrolled), "{screen}");
    }
}

#[test]
fn a_hall_larger_than_the_screen_scrolls_with_the_cursor() {
    // 26 rows of 40: more than 80x24 shows.
    let map = "s".repeat(40) + "\n";
    let app_map = seat_map(evening(), hall_seats(&map.repeat(26)), |_| SeatState::Free);
    let mut app = seats_app(app_map);
    for _ in 0..30 {
        app.handle(ch('j'));
        app.handle(ch('l'));
    }
    assert_eq!(
        cursor_label(&app),
        "Z40",
        "the cursor stops at the hall's corner"
    );
    let screen = draw(&app, 80, 24);
    insta::assert_snapshot!("seats_scrolled_80x24", screen);
    assert!(
        screen.contains("[40]") && screen.contains("▲ SCREEN"),
        "{screen}"
    );
    assert!(screen.contains('◀') && !screen.contains('▶'), "{screen}");
}

/// The widget alone, every state and kind, with its styles: the glyphs carry the state
/// without colour, the colours add to them.
#[test]
fn seat_grid_widget_in_each_state() {
    let looks = [
        SeatLook::Free,
        SeatLook::Mine,
        SeatLook::Held,
        SeatLook::Sold,
        SeatLook::Unavailable,
    ];
    let kinds = [
        SeatKind::Standard,
        SeatKind::Premium,
        SeatKind::Wheelchair,
        SeatKind::Companion,
    ];
    let labels = ["A", "B", "C", "D"];
    let mut seats = Vec::new();
    let mut all_looks = Vec::new();
    for (r, kind) in kinds.iter().enumerate() {
        for (c, look) in looks.iter().enumerate() {
            seats.push((r as u16, c as u16, c as u16 + 1, *kind, labels[r]));
            all_looks.push(*look);
        }
    }
    let plan = HallPlan::new(seats);
    for (name, theme) in [("mono", Theme::mono()), ("auto", Theme::auto())] {
        let area = Rect::new(0, 0, 22, 5);
        let mut buf = Buffer::empty(area);
        SeatGrid {
            plan: &plan,
            looks: &all_looks,
            cursor: Some(0),
            theme: &theme,
        }
        .render(area, &mut buf);
        insta::assert_snapshot!(format!("seat_grid_states_{name}"), format!("{buf:?}"));
    }
}

#[test]
fn help_on_the_grid_lists_the_grid_keys() {
    let mut app = seats_app(busy_grand(&[]));
    app.handle(ch('?'));
    snapshot_both("help_grid", &app);
    let screen = draw(&app, 140, 40);
    assert!(screen.contains("take or give back the seat"), "{screen}");
    assert!(
        !screen.contains("day before"),
        "list keys are not grid keys"
    );
}

#[test]
fn space_takes_and_gives_back_seats_one_at_a_time() {
    let mut app = seats_app(busy_grand(&[]));
    assert_eq!(seats(&app).unwrap().order, None);
    move_to(&mut app, "F10");
    let f10 = grand_seat("F10").id;
    let f11 = grand_seat("F11").id;
    assert_eq!(
        app.handle(ch(' ')),
        Some(Command::run(SeatsWork::Hold {
            actor: cashier(),
            showtime: ShowtimeId(4),
            seats: vec![f10],
            order: None
        }))
    );
    assert_eq!(look_of(&app, "F10"), SeatLook::Mine, "shown at once");
    // The second seat waits for the first: it must join the same order.
    app.handle(ch('l'));
    assert_eq!(app.handle(ch(' ')), None);
    assert_eq!(look_of(&app, "F11"), SeatLook::Mine);
    assert_eq!(
        app.handle(held_done(&["F10"])),
        Some(Command::run(SeatsWork::Hold {
            actor: cashier(),
            showtime: ShowtimeId(4),
            seats: vec![f11],
            order: Some(ORDER)
        }))
    );
    assert_eq!(app.handle(held_done(&["F10", "F11"])), quiet_reload());
    // A map read meanwhile (before the holds) does not undo what is on its way.
    app.handle(map_done(busy_grand(&["F10", "F11"])));
    // Space on a seat of mine gives it back.
    assert_eq!(
        app.handle(ch(' ')),
        Some(Command::run(SeatsWork::Release {
            actor: cashier(),
            showtime: ShowtimeId(4),
            order: ORDER,
            seats: vec![f11]
        }))
    );
    assert_eq!(look_of(&app, "F11"), SeatLook::Free);
    app.handle(done(SeatsDone::Released {
        showtime: ShowtimeId(4),
        result: Ok(()),
    }));
}

#[test]
fn taken_seats_say_by_whom_and_a_lost_race_is_corrected() {
    let mut app = seats_app(busy_grand(&[]));
    move_to(&mut app, "H9");
    assert_eq!(app.handle(ch(' ')), None);
    assert_eq!(
        app.ctx.message.as_deref(),
        Some("H9 is held by anna (7:57 left).")
    );
    move_to(&mut app, "C5");
    app.handle(ch(' '));
    assert_eq!(app.ctx.message.as_deref(), Some("C5 is sold."));
    move_to(&mut app, "K20");
    app.handle(ch(' '));
    assert_eq!(app.ctx.message.as_deref(), Some("K20 is broken."));
    // Another counter was faster: the seat shows as taken once the map is read again.
    move_to(&mut app, "G7");
    assert!(app.handle(ch(' ')).is_some());
    assert_eq!(look_of(&app, "G7"), SeatLook::Mine);
    let next = app.handle(done(SeatsDone::Held {
        showtime: ShowtimeId(4),
        result: Err(Problem::refused("seat not available: G7")),
    }));
    assert_eq!(next, quiet_reload());
    insta::assert_snapshot!("seat_taken_80x24", draw(&app, 80, 24));
    let taken = seat_map(evening(), hall_seats(GRAND), |s| {
        if s.label() == "G7" {
            SeatState::Sold
        } else {
            SeatState::Free
        }
    });
    app.handle(map_done(taken));
    assert_eq!(look_of(&app, "G7"), SeatLook::Sold);
    assert_eq!(seats(&app).unwrap().order, None);
}

#[test]
fn live_changes_reread_the_map_one_read_at_a_time() {
    let mut app = seats_app(busy_grand(&[]));
    assert_eq!(
        app.handle(Event::Feed(SeatEvent::Changed(ShowtimeId(4)))),
        quiet_reload()
    );
    // Another showtime's news is not ours; ours again waits for the read under way.
    assert_eq!(
        app.handle(Event::Feed(SeatEvent::Changed(ShowtimeId(9)))),
        None
    );
    assert_eq!(app.handle(Event::Feed(SeatEvent::Resync)), None);
    // Another terminal held G7 meanwhile.
    let with_g7 = seat_map(evening(), hall_seats(GRAND), |s| {
        if s.label() == "G7" {
            SeatState::Held {
                by: "bob".into(),
                until: now() + Duration::minutes(10),
            }
        } else {
            SeatState::Free
        }
    });
    assert_eq!(app.handle(map_done(with_g7)), quiet_reload());
    assert_eq!(look_of(&app, "G7"), SeatLook::Held);
    assert_eq!(app.handle(map_done(busy_grand(&[]))), None);
}

#[test]
fn the_countdown_warns_in_the_last_minute_and_expiry_releases() {
    let mut app = seats_app(busy_grand(&["F10", "F11"]));
    assert!(draw(&app, 80, 24).contains("hold 7:57 left"));
    // The database's clock is 3 s ahead: 42 s left on it.
    let late = now() + Duration::minutes(8) - Duration::seconds(45);
    app.handle(Event::Tick(late));
    let screen = draw(&app, 80, 24);
    insta::assert_snapshot!("seats_last_minute_80x24", screen);
    assert!(screen.contains("hold 0:42 left · e extends"), "{screen}");
    assert_eq!(
        app.handle(ch('e')),
        Some(Command::run(SeatsWork::Extend {
            actor: cashier(),
            order: ORDER
        }))
    );
    app.handle(done(SeatsDone::Extended(Err(Problem::refused(
        "the hold was already extended once",
    )))));
    assert!(draw(&app, 80, 24).contains("already extended once"));
    let next = app.handle(Event::Tick(now() + Duration::minutes(8)));
    assert_eq!(next, quiet_reload());
    assert_eq!(
        app.ctx.message.as_deref(),
        Some("The hold expired: F10, F11 went back on sale. Pick again.")
    );
    assert_eq!(seats(&app).unwrap().order, None);
}

#[test]
fn another_counters_hold_that_runs_out_frees_its_seat_without_news() {
    let mut app = seats_app(busy_grand(&[]));
    // anna's holds run 8 minutes; nothing is read again before that.
    assert_eq!(app.handle(Event::Tick(now() + Duration::minutes(7))), None);
    // On the database's clock (3 s ahead) they ran out: the map is read again.
    let next = app.handle(Event::Tick(
        now() + Duration::minutes(8) - Duration::seconds(2),
    ));
    assert_eq!(next, quiet_reload());
}

#[test]
fn a_click_takes_the_seat_under_it() {
    let mut app = seats_app(busy_grand(&[]));
    app.handle(Event::Resize(80, 24));
    let seats = seats(&app).unwrap();
    let area = crate::tui::screens::seats::grid_area(&app.ctx, app.screen_area());
    let g = Geometry::new(&seats.plan, area, seats.cursor);
    let e5 = seats.index_of(grand_seat("E5").id).unwrap();
    let (x, y) = g.position_of(&seats.plan, e5).unwrap();
    let click = Event::Mouse(ratatui::crossterm::event::MouseEvent {
        kind: ratatui::crossterm::event::MouseEventKind::Down(
            ratatui::crossterm::event::MouseButton::Left,
        ),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(
        app.handle(click),
        Some(Command::run(SeatsWork::Hold {
            actor: cashier(),
            showtime: ShowtimeId(4),
            seats: vec![grand_seat("E5").id],
            order: None
        }))
    );
    assert_eq!(cursor_label(&app), "E5");
}

#[test]
fn a_click_on_a_showtime_chooses_it_and_a_second_opens_it() {
    let mut app = loaded_app(listing());
    app.handle(Event::Resize(80, 24));
    let area = crate::tui::screens::showtimes::rows_area(app.screen_area());
    let click = |row: u16| {
        Event::Mouse(ratatui::crossterm::event::MouseEvent {
            kind: ratatui::crossterm::event::MouseEventKind::Down(
                ratatui::crossterm::event::MouseButton::Left,
            ),
            column: area.x + 10,
            row: area.y + row,
            modifiers: KeyModifiers::NONE,
        })
    };
    assert_eq!(app.handle(click(3)), None);
    assert_eq!(showtimes(&app).selected, 3);
    assert!(matches!(
        app.handle(click(3)),
        Some(Command::Run(Work::Seats(SeatsWork::LoadSeatMap { .. })))
    ));
    assert!(on(&app, "seats"));
}

#[test]
fn seats_that_arrive_after_the_cashier_left_are_given_back() {
    let mut app = seats_app(busy_grand(&[]));
    app.handle(ch('2'));
    assert!(app.handle(ch('b')).is_some());
    // Esc while the hold is on its way: asked, and left.
    app.handle(key(KeyCode::Esc));
    assert_eq!(app.handle(ch('y')), None, "no order known yet");
    assert!(on(&app, "showtimes"));
    assert_eq!(
        app.handle(held_done(&["F11", "F12"])),
        Some(Command::run(SessionWork::Cancel {
            actor: cashier(),
            order: ORDER
        }))
    );
}
