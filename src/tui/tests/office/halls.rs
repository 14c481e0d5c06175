use super::*;
use crate::screening::model::Hall;
use crate::tui::screens::halls::{
    Done as HallsDone, HallsScreen, Mode as HallsMode, Shape, Work as HallsWork,
};

fn halls() -> Vec<Hall> {
    vec![
        Hall {
            id: HallId(1),
            name: "Grand".into(),
            seats: 274,
            capacity: 272,
            rows: 14,
        },
        Hall {
            id: HallId(2),
            name: "Salon".into(),
            seats: 48,
            capacity: 48,
            rows: 6,
        },
    ]
}

fn halls_app() -> App {
    let mut app = manager_app();
    assert_eq!(
        app.handle(key(KeyCode::F(3))),
        Some(Command::run(HallsWork::Load))
    );
    assert!(on(&app, "halls"));
    app.handle(done(HallsDone::Halls(Ok(halls()))));
    app
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        let event = match c {
            '\n' => key(KeyCode::Enter),
            c => ch(c),
        };
        app.handle(event);
    }
}

#[test]
fn the_halls_with_capacity_and_broken_seats() {
    let app = halls_app();
    snapshot_both("halls", &app);
}

#[test]
fn a_layout_map_typed_in_the_editor_with_an_error_at_its_place() {
    let mut app = halls_app();
    app.handle(ch('a'));
    typed(&mut app, "Attic");
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Tab));
    // In the editor Enter is a new line, not "confirm".
    typed(&mut app, "# screen\n..ssss..\nsssxssss\npppppppp");
    snapshot_both("halls_editor_error", &app);
    let screen = draw(&app, 140, 40);
    assert!(screen.contains("line 3, column 4"), "{screen}");
    // Ctrl-S refuses while the map is wrong, naming the place.
    let save = Event::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(app.handle(save), None);
    assert!(
        app.ctx
            .message
            .as_deref()
            .unwrap()
            .contains("Line 3, column 4")
    );
    // Mend it: back over the x.
    for _ in 0..9 {
        app.handle(key(KeyCode::Up));
    }
    app.handle(key(KeyCode::Down));
    app.handle(key(KeyCode::Down));
    app.handle(key(KeyCode::Home));
    for _ in 0..4 {
        app.handle(key(KeyCode::Right));
    }
    app.handle(key(KeyCode::Backspace));
    app.handle(ch('s'));
    snapshot_both("halls_editor_preview", &app);
    let save = Event::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let Some(Command::Run(Work::Halls(HallsWork::Create { name, shape, .. }))) = app.handle(save)
    else {
        panic!("created");
    };
    assert_eq!(name, "Attic");
    assert_eq!(
        shape,
        Shape::Map("# screen\n..ssss..\nssssssss\npppppppp".into())
    );
}

#[test]
fn a_layout_map_pasted_keeps_its_lines_and_a_paste_elsewhere_does_nothing() {
    let mut app = halls_app();
    // Pasted onto the list, where keys are actions: nothing happens (no 'a' for add).
    assert_eq!(app.handle(Event::Paste("a\r\nx".into())), None);
    assert!(!draw(&app, 80, 24).contains("New hall"));
    app.handle(ch('a'));
    // Into the name field: the text without its line break (which would confirm).
    app.handle(Event::Paste("Attic\r\n".into()));
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Tab));
    // Into the editor, as a terminal sends it (CR line ends): every line kept.
    app.handle(Event::Paste(
        "# screen\r..ssss..\r\nssssssss\npppppppp".into(),
    ));
    let save = Event::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let Some(Command::Run(Work::Halls(HallsWork::Create { name, shape, .. }))) = app.handle(save)
    else {
        panic!("not created: {:?}", app.ctx.message);
    };
    assert_eq!(name, "Attic");
    assert_eq!(
        shape,
        Shape::Map("# screen\n..ssss..\nssssssss\npppppppp".into())
    );
}

#[test]
fn rows_times_seats_is_enough_for_a_plain_hall() {
    let mut app = halls_app();
    app.handle(ch('a'));
    typed(&mut app, "Box");
    app.handle(key(KeyCode::Tab));
    typed(&mut app, "3x5");
    let created = app.handle(key(KeyCode::Enter));
    assert!(matches!(
        created,
        Some(Command::Run(Work::Halls(HallsWork::Create {
            shape: Shape::Grid { rows: 3, seats: 5 },
            ..
        })))
    ));
}

#[test]
fn a_seat_is_marked_broken_and_mended() {
    let mut app = halls_app();
    app.handle(key(KeyCode::Down));
    let load = app.handle(key(KeyCode::Enter));
    assert_eq!(
        load,
        Some(Command::run(HallsWork::Seats { hall: HallId(2) }))
    );
    app.handle(done(HallsDone::Seats(Ok(hall_seats("ssss\nssss\n\npppp")))));
    app.handle(key(KeyCode::Down));
    app.handle(key(KeyCode::Right));
    let broken = app.handle(ch('b'));
    let Some(Command::Run(Work::Halls(HallsWork::Broken { seat, broken, .. }))) = broken else {
        panic!("{broken:?}");
    };
    assert_eq!((seat.as_str(), broken), ("B2", true));
    let mut seat = hall_seats("ssss\nssss\n\npppp")[5].clone();
    seat.broken = true;
    app.handle(done(HallsDone::Broken(Ok(seat))));
    snapshot_both("halls_seats", &app);
    let HallsMode::Seats { .. } = screen::<HallsScreen>(&app).unwrap().halls.mode else {
        panic!("still on the seats");
    };
}
