//! The start of a session: demo data, the login, the day's showtimes; and the loop.

use super::*;
use crate::demo::{DemoAccount, DemoSummary};
use crate::tui::event::Problem;

fn demo_summary() -> DemoSummary {
    DemoSummary {
        halls: 3,
        seats: 440,
        movies: 9,
        showtimes: 70,
        accounts: vec![
            DemoAccount {
                username: "manager".into(),
                role: Role::Manager,
                password: "Kx7pQ2mVwz9HcT4r".into(),
            },
            DemoAccount {
                username: "cashier".into(),
                role: Role::Cashier,
                password: "b8NfR3yLq5ZtWm2e".into(),
            },
        ],
    }
}

// ---- snapshots ----

#[test]
fn showtimes_screen() {
    let mut app = loaded_app(listing());
    // The next showtime to start is selected: 18:00, it is 17:42.
    assert_eq!(showtimes(&app).selected, 2);
    app.handle(done(ShowtimesDone::Availability(Ok(vec![
        (ShowtimeId(1), counts(0, 0, 272)),
        (ShowtimeId(2), counts(60, 2, 58)),
        (ShowtimeId(3), counts(48, 0, 0)),
        (ShowtimeId(4), counts(250, 1, 21)),
        (ShowtimeId(5), counts(119, 0, 1)),
    ]))));
    snapshot_both("showtimes", &app);
}

#[test]
fn availability_bars_follow_the_feed() {
    use crate::events::SeatEvent;
    use crate::tui::screens::showtimes::availability_bar;
    assert_eq!(availability_bar(&counts(0, 0, 272)), "██████████   0");
    // The grid's marks: sold █, held by others ░; a free place is a dot, never a shade
    // the grid uses for a seat someone else holds.
    assert_eq!(availability_bar(&counts(250, 1, 21)), "█░········ 250");
    assert_eq!(availability_bar(&counts(48, 0, 0)), "··········  48");
    assert_eq!(availability_bar(&counts(1, 0, 271)), "█████████·   1");
    let mut app = loaded_app(listing());
    app.handle(done(ShowtimesDone::Availability(Ok(vec![(
        ShowtimeId(4),
        counts(272, 0, 0),
    )]))));
    // Another terminal sold seats of showtime 4: only that one is read again.
    let next = app.handle(Event::Feed(SeatEvent::Changed(ShowtimeId(4))));
    assert_eq!(
        next,
        Some(Command::run(ShowtimesWork::LoadAvailability {
            actor: cashier(),
            showtimes: vec![ShowtimeId(4)]
        }))
    );
    // More news while that read is under way waits for it, and goes in one read.
    assert_eq!(
        app.handle(Event::Feed(SeatEvent::Changed(ShowtimeId(3)))),
        None
    );
    assert_eq!(
        app.handle(Event::Feed(SeatEvent::Changed(ShowtimeId(99)))),
        None
    );
    let next = app.handle(done(ShowtimesDone::Availability(Ok(vec![(
        ShowtimeId(4),
        counts(270, 0, 2),
    )]))));
    assert_eq!(
        next,
        Some(Command::run(ShowtimesWork::LoadAvailability {
            actor: cashier(),
            showtimes: vec![ShowtimeId(3)]
        }))
    );
    assert!(draw(&app, 140, 40).contains("█········· 270"));
}

#[test]
fn empty_day() {
    let app = loaded_app(Vec::new());
    snapshot_both("empty_day", &app);
}

#[test]
fn help_overlay() {
    let mut app = loaded_app(listing());
    app.handle(Event::Key(KeyEvent::new(
        KeyCode::Char('?'),
        KeyModifiers::SHIFT,
    )));
    assert!(app.help);
    snapshot_both("help_overlay", &app);
}

#[test]
fn demo_offer_seeding_and_accounts() {
    let (mut app, first) = new_app(true);
    assert_eq!(first, None, "nothing loads before the user answers");
    snapshot_both("demo_offer", &app);
    assert_eq!(app.handle(ch('y')), Some(Command::run(DemoWork::SeedDemo)));
    app.ctx.ticks = 3;
    insta::assert_snapshot!("demo_seeding_80x24", draw(&app, 80, 24));
    app.handle(done(DemoDone::Demo(Ok(demo_summary()))));
    assert!(on(&app, "demo accounts"));
    snapshot_both("demo_accounts", &app);
    // The passwords are shown once: help over them is fine, but `q` does not leave them.
    assert_eq!(app.handle(ch('q')), None);
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert!(on(&app, "login"), "then the login");
}

#[test]
fn declined_demo_says_how_to_add_data() {
    let (mut app, _) = new_app(true);
    assert_eq!(app.handle(ch('n')), None);
    assert!(on(&app, "login"));
    snapshot_both("login_empty_database", &app);
    // A manager made in a shell meanwhile logs in: the empty list says what to add.
    assert_eq!(
        log_in(&mut app),
        Some(Command::run(ShowtimesWork::LoadToday))
    );
    app.handle(done(ShowtimesDone::Today(Ok(day()))));
    app.handle(loaded(day(), Vec::new()));
    insta::assert_snapshot!("empty_database_80x24", draw(&app, 80, 24));
    // Once data arrives, an empty day is just an empty day.
    app.handle(ch('r'));
    app.handle(loaded(day(), listing()));
    assert!(!showtimes(&app).database_empty);
}

#[test]
fn filter_loading_and_store_error() {
    let mut app = loaded_app(listing());
    app.handle(ch('/'));
    for c in "orb".chars() {
        app.handle(ch(c));
    }
    insta::assert_snapshot!("filter_editing_80x24", draw(&app, 80, 24));
    app.handle(key(KeyCode::Enter));
    insta::assert_snapshot!("filter_kept_80x24", draw(&app, 80, 24));

    app.handle(ch('l'));
    app.ctx.ticks = 7;
    insta::assert_snapshot!("loading_80x24", draw(&app, 80, 24));
    let next = day().succ_opt().unwrap();
    app.handle(done(ShowtimesDone::Showtimes {
        day: next,
        result: Err(Problem::database("database error: connection refused")),
    }));
    insta::assert_snapshot!("store_error_80x24", draw(&app, 80, 24));
    assert!(
        app.offline.is_some(),
        "a database failure raises the banner"
    );
}

// ---- update ----

#[test]
fn days_switch_and_stale_answers_are_ignored() {
    let mut app = loaded_app(listing());
    let next = day().succ_opt().unwrap();
    assert_eq!(
        app.handle(key(KeyCode::Right)),
        Some(Command::run(ShowtimesWork::LoadShowtimes(next)))
    );
    assert_eq!(showtimes(&app).day, Some(next));
    assert!(showtimes(&app).loading);
    assert!(
        showtimes(&app).list.is_empty(),
        "the old day's list is not shown under the new day"
    );
    // The answer for the day we left arrives late: it must not replace the new day's.
    app.handle(loaded(day(), listing()));
    assert!(showtimes(&app).loading && showtimes(&app).list.is_empty());
    app.handle(loaded(
        next,
        vec![show(9, 15, 0, "Gridlock", "Salon", 133, 900)],
    ));
    assert!(!showtimes(&app).loading);
    assert_eq!(showtimes(&app).list.len(), 1);
    // Not today: the first showtime is selected.
    assert_eq!(showtimes(&app).selected, 0);

    assert_eq!(
        app.handle(ch('h')),
        Some(Command::run(ShowtimesWork::LoadShowtimes(day())))
    );
    assert_eq!(
        app.handle(key(KeyCode::Left)),
        Some(Command::run(ShowtimesWork::LoadShowtimes(
            day().pred_opt().unwrap()
        )))
    );
    assert_eq!(
        app.handle(ch('t')),
        Some(Command::run(ShowtimesWork::LoadToday))
    );
    assert_eq!(
        app.handle(done(ShowtimesDone::Today(Ok(day())))),
        Some(Command::run(ShowtimesWork::LoadShowtimes(day())))
    );
}

#[test]
fn reload_keeps_the_selected_showtime() {
    let mut app = loaded_app(listing());
    app.handle(ch('j'));
    assert_eq!(
        showtimes(&app).selected_showtime().unwrap().id,
        ShowtimeId(4)
    );
    assert_eq!(
        app.handle(ch('r')),
        Some(Command::run(ShowtimesWork::LoadShowtimes(day())))
    );
    assert_eq!(
        showtimes(&app).list.len(),
        6,
        "a reload keeps the list on screen"
    );
    // A showtime before it was added meanwhile: the selection follows its showtime.
    let mut more = listing();
    more.insert(0, show(7, 12, 0, "Gridlock", "Salon", 133, 900));
    app.handle(loaded(day(), more));
    assert_eq!(
        showtimes(&app).selected_showtime().unwrap().id,
        ShowtimeId(4)
    );
}

#[test]
fn filter_by_movie_title() {
    let mut app = loaded_app(listing());
    app.handle(ch('/'));
    assert!(showtimes(&app).editing_filter);
    // While typing, letters are text: `q` does not quit, `j` does not move.
    for c in "grand q".chars() {
        assert_eq!(app.handle(ch(c)), None);
    }
    assert_eq!(showtimes(&app).filter, "grand q");
    assert!(
        showtimes(&app).visible().is_empty(),
        "a hall is not a title"
    );
    for _ in 0.."grand q".len() {
        app.handle(key(KeyCode::Backspace));
    }
    for c in "ORBIT".chars() {
        app.handle(ch(c));
    }
    assert_eq!(showtimes(&app).visible().len(), 1, "any case");
    // Arrows still work while typing; Enter keeps the filter.
    app.handle(key(KeyCode::Down));
    assert_eq!(showtimes(&app).selected, 0);
    app.handle(key(KeyCode::Enter));
    assert!(!showtimes(&app).editing_filter);
    assert_eq!(showtimes(&app).filter, "ORBIT");
    // Esc clears it.
    app.handle(key(KeyCode::Esc));
    assert_eq!(showtimes(&app).filter, "");
    assert_eq!(showtimes(&app).visible().len(), 6);
    // Esc while typing clears too; Backspace on an empty field leaves it.
    app.handle(ch('/'));
    app.handle(ch('x'));
    app.handle(key(KeyCode::Esc));
    assert!(!showtimes(&app).editing_filter && showtimes(&app).filter.is_empty());
    app.handle(ch('/'));
    app.handle(key(KeyCode::Backspace));
    assert!(!showtimes(&app).editing_filter);
}

#[test]
fn selection_stays_in_bounds() {
    let mut app = loaded_app(listing());
    for _ in 0..10 {
        app.handle(ch('k'));
    }
    assert_eq!(showtimes(&app).selected, 0);
    for _ in 0..10 {
        app.handle(key(KeyCode::Down));
    }
    assert_eq!(showtimes(&app).selected, 5);
    // An empty day: nothing to select, nothing breaks.
    let mut empty = loaded_app(Vec::new());
    empty.handle(ch('j'));
    empty.handle(ch('k'));
    assert_eq!(showtimes(&empty).selected, 0);
    assert!(showtimes(&empty).selected_showtime().is_none());
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut app = loaded_app(listing());
    assert_eq!(app.handle(ch('q')), Some(Command::Quit));
    assert_eq!(app.handle(ctrl_c()), Some(Command::Quit));
    // From the demo offer too.
    let (mut offer, _) = new_app(true);
    assert_eq!(offer.handle(ch('q')), Some(Command::Quit));
    // While seeding, `q` would leave half a demo cinema: only Ctrl-C stops it.
    offer.handle(ch('y'));
    assert_eq!(offer.handle(ch('q')), None);
    assert_eq!(offer.handle(ctrl_c()), Some(Command::Quit));
    // Ctrl-C while typing a filter.
    app.handle(ch('/'));
    assert_eq!(app.handle(ctrl_c()), Some(Command::Quit));
    // The input went away (terminal or SSH channel closed).
    assert_eq!(app.handle(Event::InputClosed), Some(Command::Quit));
}

#[test]
fn help_closes_on_any_key() {
    let mut app = loaded_app(listing());
    app.handle(ch('?'));
    assert!(app.help);
    // `q` closes the popup rather than quitting; an unbound key closes it too.
    assert_eq!(app.handle(ch('q')), None);
    assert!(!app.help);
    app.handle(ch('?'));
    assert_eq!(app.handle(ch('z')), None);
    assert!(!app.help);
    app.handle(ch('?'));
    assert_eq!(app.handle(ctrl_c()), Some(Command::Quit));
}

#[test]
fn failures_become_messages() {
    let (mut app, _) = new_app(false);
    log_in(&mut app);
    app.handle(done(ShowtimesDone::Today(Err(Problem::refused(
        "database is locked",
    )))));
    assert_eq!(app.ctx.message.as_deref(), Some("database is locked"));
    assert!(!showtimes(&app).loading);
    // `r` with no day known asks for today again.
    assert_eq!(
        app.handle(ch('r')),
        Some(Command::run(ShowtimesWork::LoadToday))
    );
    app.handle(done(ShowtimesDone::Today(Ok(day()))));
    app.handle(loaded(day(), listing()));
    assert_eq!(app.ctx.message, None, "a good answer clears the message");

    // A failed seed lands on the login with the reason.
    let (mut offer, _) = new_app(true);
    offer.handle(ch('y'));
    assert_eq!(
        offer.handle(done(DemoDone::Demo(Err(Problem::refused("disk full"))))),
        None
    );
    assert!(on(&offer, "login"));
    assert!(offer.ctx.message.as_deref().unwrap().contains("disk full"));
}

#[test]
fn ticks_move_the_clock_and_spinner() {
    let mut app = loaded_app(listing());
    let later = now() + chrono::Duration::seconds(3);
    assert_eq!(app.handle(Event::Tick(later)), None);
    assert_eq!((app.ctx.now, app.ctx.ticks), (later, 1));
    assert!(draw(&app, 80, 24).contains("17:42:08"));
}

#[test]
fn a_quiet_counter_notices_a_lost_database_and_clears_the_stale_error_when_it_is_back() {
    let mut app = loaded_app(listing());
    let t = |secs: i64| Event::Tick(now() + chrono::Duration::seconds(secs));
    assert_eq!(app.handle(t(1)), None);
    assert_eq!(app.handle(t(2)), None, "no check a second later");
    // Nothing on screen asks the database anything: a health check goes out anyway (for
    // staff it asks whether their shift is open, for the status bar).
    assert_eq!(
        app.handle(t(4)),
        Some(Command::run(SessionWork::Shift { actor: cashier() }))
    );
    assert_eq!(app.handle(t(5)), None);
    app.ctx.message =
        Some("The seats could not be read: the database closed the connection".into());
    app.handle(done(SessionDone::Ping(Err(Problem::database(
        "the database did not answer within 2 s",
    )))));
    assert!(draw(&app, 80, 24).contains("Database unreachable"));
    // Back: the banner and the stale message go, and the list is read again.
    let reread = app.handle(done(SessionDone::Ping(Ok(()))));
    assert!(reread.is_some(), "the screen re-reads what it shows");
    let screen = draw(&app, 80, 24);
    assert!(!screen.contains("Database unreachable"), "{screen}");
    assert!(!screen.contains("could not be read"), "{screen}");
    assert_eq!(app.ctx.info.as_deref(), Some("The database is back."));
}

#[test]
fn the_showtimes_list_shows_the_films_rating() {
    let mut rated = listing();
    rated[0].movie_rating = Some("R".into());
    let app = loaded_app(rated.clone());
    let title = format!("{} (R)", rated[0].movie_title);
    assert!(
        draw(&app, 80, 24).contains(&title),
        "{}",
        draw(&app, 80, 24)
    );
    assert_eq!(
        rated[1].title_and_rating(),
        rated[1].movie_title,
        "unrated: the title alone"
    );
}

// ---- the loop ----

#[tokio::test]
async fn the_loop_runs_on_any_backend_and_stops_when_told() {
    use crate::booking::service::BookingRules;
    use crate::screening::schedule::Buffers;
    use crate::services::{Services, VenueSettings};
    use crate::store::Store;

    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
    let store = Store::open(&url).await.unwrap();
    let services = Services::new(
        store,
        VenueSettings {
            name: "Kino Aurora".into(),
            currency: "EUR".into(),
            time: context().venue,
            buffers: Buffers {
                ads_minutes: 15,
                cleaning_minutes: 15,
            },
            booking: BookingRules::default(),
            payment: Default::default(),
            bank: Default::default(),
        },
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let (tx, rx) = crate::tui::event::channel();
    tx.send(ch('?')).await.unwrap();
    tx.send(ch('q')).await.unwrap(); // closes the help
    tx.send(ch('q')).await.unwrap(); // quits
    let run = crate::tui::event_loop::run_loop(&mut terminal, &services, true, settings(), rx);
    tokio::time::timeout(std::time::Duration::from_secs(10), run)
        .await
        .expect("the loop ends on q")
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("This database is empty"), "{screen}");
    assert!(screen.contains("Kino Aurora · SQLite"), "{screen}");
    // The input channel closing ends the loop too.
    let (tx, rx) = crate::tui::event::channel();
    drop(tx);
    let run = crate::tui::event_loop::run_loop(&mut terminal, &services, false, settings(), rx);
    tokio::time::timeout(std::time::Duration::from_secs(10), run)
        .await
        .expect("the loop ends when its input closes")
        .unwrap();
}
