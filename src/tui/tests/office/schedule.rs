use std::collections::HashMap;

use super::*;
use crate::screening::model::{Hall, Movie};
use crate::screening::schedule::Buffers;
use crate::tui::screens::schedule::{
    Done as ScheduleDone, Mode, Sales, ScheduleScreen, ScheduleState, Week, Work as ScheduleWork,
};

fn hall(id: i64, name: &str, capacity: u32) -> Hall {
    Hall {
        id: HallId(id),
        name: name.into(),
        seats: capacity,
        capacity,
        rows: 10,
    }
}

fn movie(id: i64, title: &str, minutes: i64) -> Movie {
    Movie {
        id: MovieId(id),
        title: title.into(),
        runtime_minutes: minutes,
        rating: Some("12".into()),
        genre: Some("Drama".into()),
    }
}

/// A showtime at hh:mm Berlin time on `day()` in hall `hall` (ads 15 + cleaning 15).
fn at(id: i64, hall: &Hall, movie: &Movie, hh: u32, mm: u32) -> Showtime {
    let mut s = show(
        id,
        hh,
        mm,
        &movie.title,
        &hall.name,
        movie.runtime_minutes,
        1100,
    );
    s.hall_id = hall.id;
    s.movie_id = movie.id;
    s
}

pub(super) fn week() -> Week {
    let grand = hall(1, "Grand", 272);
    let studio = hall(2, "Studio", 120);
    let salon = hall(3, "Salon", 48);
    let kettle = movie(1, "Kettle", 96);
    let harbour = movie(2, "Cold Harbour", 127);
    let orbit = movie(3, "Orbit of Ash", 142);
    let lanterns = movie(4, "Paper Lanterns", 100);
    let showtimes = vec![
        at(1, &grand, &kettle, 14, 0),
        at(2, &studio, &lanterns, 15, 0),
        at(3, &salon, &kettle, 16, 0),
        at(4, &grand, &harbour, 18, 0),
        at(5, &salon, &lanterns, 19, 0),
        at(6, &grand, &orbit, 21, 0),
        at(7, &studio, &harbour, 22, 30),
    ];
    let mut sales = HashMap::new();
    for (id, sold, cap) in [
        (1, 41, 272),
        (2, 12, 120),
        (3, 48, 48),
        (4, 12, 272),
        (5, 0, 48),
        (6, 0, 272),
        (7, 3, 120),
    ] {
        sales.insert(
            ShowtimeId(id),
            Sales {
                sold,
                capacity: cap,
                revenue: Money::from_cents(sold * 1100).unwrap(),
            },
        );
    }
    Week {
        monday: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        today: day(),
        now: now(),
        halls: vec![grand, studio, salon],
        showtimes,
        sales,
        movies: vec![kettle, harbour, orbit, lanterns],
        buffers: Buffers {
            ads_minutes: 15,
            cleaning_minutes: 15,
        },
    }
}

fn schedule(app: &App) -> &ScheduleState {
    &screen::<ScheduleScreen>(app).unwrap().schedule
}

/// The manager on the Schedule tab with `week()` read.
fn schedule_app() -> App {
    let mut app = manager_app();
    let load = app.handle(key(KeyCode::F(2)));
    assert_eq!(
        load,
        Some(Command::run(ScheduleWork::LoadWeek {
            actor: manager(),
            around: None
        })),
        "one piece of work reads the whole week"
    );
    assert!(on(&app, "schedule"));
    app.handle(done(ScheduleDone::Week(Ok(week()))));
    app
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle(ch(c));
    }
}

#[test]
fn the_week_as_a_timeline() {
    let app = schedule_app();
    snapshot_both("schedule_week", &app);
    let screen = draw(&app, 140, 40);
    assert!(
        screen.contains("Mon 30 Nov - Sun 6 Dec"),
        "the week on the tab line"
    );
    assert!(screen.contains("41/272"));
    assert!(screen.contains('░'), "ads and cleaning show");
}

#[test]
fn keys_move_between_days_halls_and_blocks() {
    let mut app = schedule_app();
    assert_eq!(schedule(&app).selected, Some(ShowtimeId(1)));
    app.handle(key(KeyCode::Tab));
    assert_eq!(schedule(&app).selected, Some(ShowtimeId(4)));
    app.handle(key(KeyCode::Down));
    assert_eq!(schedule(&app).lane, 1);
    assert_eq!(schedule(&app).selected, Some(ShowtimeId(2)));
    app.handle(key(KeyCode::Right));
    assert_eq!(schedule(&app).day, Some(day().succ_opt().unwrap()));
    assert_eq!(schedule(&app).selected, None, "nothing on Wednesday");
    // Next week is read when asked for.
    let next = app.handle(key(KeyCode::PageDown));
    assert_eq!(
        next,
        Some(Command::run(ScheduleWork::LoadWeek {
            actor: manager(),
            around: NaiveDate::from_ymd_opt(2026, 12, 7),
        }))
    );
}

#[test]
fn adding_a_showtime_shows_the_clash_and_its_suggestions_before_saving() {
    let mut app = schedule_app();
    // Down twice: the Salon.
    app.handle(key(KeyCode::Down));
    app.handle(key(KeyCode::Down));
    app.handle(ch('a'));
    typed(&mut app, "orb");
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Tab));
    typed(&mut app, "19:30");
    app.handle(key(KeyCode::Tab));
    typed(&mut app, "11.00");
    snapshot_both("schedule_add_form", &app);
    app.handle(key(KeyCode::Enter));
    assert!(matches!(schedule(&app).mode, Mode::Place { .. }));
    snapshot_both("schedule_clash", &app);
    // Enter while it clashes saves nothing.
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert!(
        app.ctx
            .message
            .as_deref()
            .unwrap()
            .contains("still clashes")
    );
    // 1: the Studio, free for the whole show; then Enter saves there.
    app.handle(ch('1'));
    let save = app.handle(key(KeyCode::Enter));
    let Some(Command::Run(Work::Schedule(ScheduleWork::Add { hall, movie, .. }))) = save else {
        panic!("saved: {save:?}");
    };
    assert_eq!((hall.as_str(), movie), ("Studio", MovieId(3)));
    let reload = app.handle(done(ScheduleDone::Changed(Ok("Scheduled.".into()))));
    assert!(matches!(
        reload,
        Some(Command::Run(Work::Schedule(ScheduleWork::LoadWeek { .. })))
    ));
    assert_eq!(schedule(&app).mode, Mode::Browse);
}

#[test]
fn a_suggested_start_in_the_same_hall_is_one_key_too() {
    let mut app = schedule_app();
    app.handle(key(KeyCode::Down));
    app.handle(ch('a'));
    typed(&mut app, "kett");
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Tab));
    typed(&mut app, "21:00");
    app.handle(key(KeyCode::Tab));
    typed(&mut app, "9");
    app.handle(key(KeyCode::Enter));
    let screen = draw(&app, 140, 40);
    // Kettle (96 min + 30) in the Studio at 21:00 meets Cold Harbour at 22:30: it fits
    // earlier, ending as Cold Harbour begins, or after it.
    assert!(
        screen.contains("Studio     20:20  fits before Cold Harbour"),
        "{screen}"
    );
    assert!(
        screen.contains("Studio     01:10  fits after the last show"),
        "{screen}"
    );
    // Taking the earlier gap with one key.
    let n = if screen.contains("   2  Studio     20:20") {
        '2'
    } else {
        '1'
    };
    app.handle(ch(n));
    let Mode::Place { block, .. } = &schedule(&app).mode else {
        panic!("still placing");
    };
    assert_eq!(
        block.start,
        Utc.with_ymd_and_hms(2026, 12, 1, 19, 20, 0).unwrap()
    );
}

#[test]
fn moving_a_block_previews_live_and_one_with_tickets_stays() {
    let mut app = schedule_app();
    // Kettle at 14:00 has started (it is 17:42): it stays.
    app.handle(ch('m'));
    assert!(app.ctx.message.as_deref().unwrap().contains("tickets sold"));
    // Orbit of Ash at 21:00, nothing sold.
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Tab));
    app.handle(ch('m'));
    assert!(matches!(schedule(&app).mode, Mode::Place { .. }));
    for _ in 0..12 {
        app.handle(key(KeyCode::Left));
    }
    // 20:00 runs into Cold Harbour until 20:37.
    snapshot_both("schedule_move_clash", &app);
    for _ in 0..8 {
        app.handle(key(KeyCode::Right));
    }
    let save = app.handle(key(KeyCode::Enter));
    let Some(Command::Run(Work::Schedule(ScheduleWork::Move {
        showtime, start, ..
    }))) = save
    else {
        panic!("moved: {save:?}");
    };
    assert_eq!(showtime, ShowtimeId(6));
    assert_eq!(start, Utc.with_ymd_and_hms(2026, 12, 1, 19, 40, 0).unwrap());
}

#[test]
fn cancelling_says_what_is_refunded_first() {
    let mut app = schedule_app();
    app.handle(key(KeyCode::Tab));
    app.handle(ch('x'));
    snapshot_both("schedule_cancel", &app);
    let screen = draw(&app, 140, 40);
    assert!(
        screen.contains("12 tickets will be refunded, 132.00 EUR"),
        "{screen}"
    );
    let cancel = app.handle(ch('y'));
    assert_eq!(
        cancel,
        Some(Command::run(ScheduleWork::Cancel {
            actor: manager(),
            showtime: ShowtimeId(4)
        }))
    );
}

#[test]
fn the_whole_week_on_one_timeline_and_back_to_the_day() {
    let mut app = schedule_app();
    let day_view = draw(&app, 140, 40);
    app.handle(ch('v'));
    snapshot_both("schedule_whole_week", &app);
    let screen = draw(&app, 140, 40);
    // A column a day, the chosen one marked; the lanes stay the halls.
    for day in ["Mon 30", "›Tue 1", "Wed 2", "Sun 6"] {
        assert!(screen.lines().nth(3).unwrap().contains(day), "{screen}");
    }
    assert!(
        screen.contains("Grand") && screen.contains("Salon"),
        "{screen}"
    );
    // The keys still choose showtimes; the panel says what is chosen.
    app.handle(key(KeyCode::Tab));
    assert!(draw(&app, 140, 40).contains("Cold Harbour · Grand"));
    // Adding a showtime draws the day, to the five minutes.
    app.handle(ch('a'));
    assert!(draw(&app, 140, 40).lines().nth(3).unwrap().contains("18"));
    app.handle(key(KeyCode::Esc));
    app.handle(ch('v'));
    assert_eq!(
        draw(&app, 140, 40).lines().nth(3),
        day_view.lines().nth(3),
        "back to the day's hours"
    );
}

#[test]
fn copying_a_day_asks_where_to() {
    let mut app = schedule_app();
    app.handle(ch('c'));
    snapshot_both("schedule_copy", &app);
    let copy = app.handle(key(KeyCode::Enter));
    assert_eq!(
        copy,
        Some(Command::run(ScheduleWork::Copy {
            actor: manager(),
            from: day(),
            days: 1,
            to: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
        }))
    );
}

#[test]
fn copying_the_week_onto_a_busy_one_is_refused_naming_each_clash() {
    let mut app = schedule_app();
    app.handle(ch('w'));
    let copy = app.handle(key(KeyCode::Enter));
    // The whole week, Monday to Sunday, onto the next.
    let monday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    assert_eq!(
        copy,
        Some(Command::run(ScheduleWork::Copy {
            actor: manager(),
            from: monday,
            days: 7,
            to: monday + Duration::days(7),
        }))
    );
    let reload = app.handle(done(ScheduleDone::CopyRefused {
        week: true,
        to: monday + Duration::days(7),
        clashes: vec![
            "#41 Kettle (Tue 8 Dec 13:30-15:36, Grand)".into(),
            "#47 Orbit of Ash (Sat 12 Dec 20:00-22:52, Salon)".into(),
        ],
    }));
    // The week is read again (another terminal's showtimes are what clashed).
    assert!(matches!(
        reload,
        Some(Command::Run(Work::Schedule(ScheduleWork::LoadWeek { .. })))
    ));
    assert_eq!(
        app.ctx.message.as_deref(),
        Some("Nothing was copied: 2 showtimes are in the way.")
    );
    // The copy stays open with every clash listed, to try another week.
    let screen = draw(&app, 80, 24);
    for line in [
        "Copy the week",
        "to the week of (YYYY-MM-DD): 2026-12-07",
        "#41 Kettle (Tue 8 Dec 13:30-15:36, Grand)",
        "#47 Orbit of Ash (Sat 12 Dec 20:00-22:52, Salon)",
    ] {
        assert!(screen.contains(line), "{line:?} not in\n{screen}");
    }
    snapshot_both("schedule_copy_refused", &app);
}

#[test]
fn a_showtimes_seats_are_blocked_and_unblocked_from_the_schedule() {
    use crate::tui::screens::blocks::{Done as BlocksDone, Work as BlocksWork};
    let mut app = schedule_app();
    app.handle(key(KeyCode::Tab));
    let load = app.handle(key(KeyCode::Enter));
    assert_eq!(
        load,
        Some(Command::run(BlocksWork::Load {
            actor: manager(),
            showtime: ShowtimeId(4)
        }))
    );
    assert!(on(&app, "blocks"));
    let map = |blocked: bool| {
        seat_map(
            evening(),
            hall_seats("ssss\nssss\n\npppp"),
            move |s| match s.label().as_str() {
                "A1" => SeatState::Sold,
                "B2" if blocked => SeatState::Blocked,
                _ => SeatState::Free,
            },
        )
    };
    app.handle(done(BlocksDone::Map(Ok(map(false)))));
    // A1 is sold: it stays.
    assert_eq!(app.handle(ch(' ')), None);
    assert!(app.ctx.message.as_deref().unwrap().contains("sold"));
    app.handle(key(KeyCode::Down));
    app.handle(key(KeyCode::Right));
    let block = app.handle(ch(' '));
    assert_eq!(
        block,
        Some(Command::run(BlocksWork::Block {
            actor: manager(),
            showtime: ShowtimeId(4),
            seat: "B2".into(),
            block: true
        }))
    );
    app.handle(done(BlocksDone::Changed(Ok(
        "B2 is out of sale for this showtime.".into(),
    ))));
    app.handle(done(BlocksDone::Map(Ok(map(true)))));
    snapshot_both("schedule_blocks", &app);
    let unblock = app.handle(ch(' '));
    assert!(matches!(
        unblock,
        Some(Command::Run(Work::Blocks(BlocksWork::Block {
            block: false,
            ..
        })))
    ));
    // Esc: back to the week, which reads itself again.
    let back = app.handle(key(KeyCode::Esc));
    assert!(on(&app, "schedule"));
    assert!(matches!(
        back,
        Some(Command::Run(Work::Schedule(ScheduleWork::LoadWeek { .. })))
    ));
}
