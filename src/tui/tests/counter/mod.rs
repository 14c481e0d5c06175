//! The sale at the counter: the login (`login`), the seat grid and what goes wrong on it
//! (`grid`), checkout (`sale`), the receipt and my sales (`after_sale`), the shift
//! (`shift`). Fixtures of a sale here.

mod after_sale;
mod age;
mod grid;
mod login;
mod sale;
mod shift;
mod small_screens;

use super::*;
use crate::booking::model::{Channel, Order, OrderSeat, OrderStatus, SaleLine, Ticket};
use crate::booking::service::OrderView;
use crate::payment::service::Receipt;
use crate::tui::widgets::seat_grid::SeatLook;
use crate::vocab::TicketId;

pub(super) const ORDER: OrderId = OrderId(42);

pub(super) fn grand_seat(label: &str) -> Seat {
    hall_seats(GRAND)
        .into_iter()
        .find(|s| s.label() == label)
        .unwrap()
}

pub(super) fn order(expires_at: DateTime<Utc>) -> Order {
    Order {
        id: ORDER,
        showtime_id: ShowtimeId(4),
        user_id: UserId(2),
        username: "cashier".into(),
        channel: Channel::Counter,
        status: OrderStatus::Draft,
        extended: false,
        total: None,
        created_at: now(),
        expires_at,
        paid_at: None,
    }
}

/// Order 42 holding these seats of the Grand until 8 minutes from now.
pub(super) fn held(labels: &[&str]) -> OrderView {
    OrderView {
        order: order(now() + Duration::minutes(8)),
        status: OrderStatus::Draft,
        showtime: evening(),
        seats: labels
            .iter()
            .map(|l| {
                let s = grand_seat(l);
                OrderSeat {
                    seat_id: s.id,
                    label: s.label(),
                    kind: s.kind,
                }
            })
            .collect(),
        tickets: Vec::new(),
    }
}

pub(super) fn held_done(labels: &[&str]) -> Event {
    done(SeatsDone::Held {
        showtime: ShowtimeId(4),
        result: Ok(held(labels)),
    })
}

pub(super) fn map_done(map: SeatMap) -> Event {
    done(SeatsDone::SeatMap {
        showtime: ShowtimeId(4),
        result: Ok(map),
    })
}

pub(super) fn price(cents: i64) -> Money {
    Money::from_cents(cents).unwrap()
}

pub(super) fn lines(types: &[(&str, TicketType, i64)]) -> Vec<SaleLine> {
    types
        .iter()
        .map(|(l, t, c)| SaleLine {
            seat_id: grand_seat(l).id,
            label: l.to_string(),
            ticket_type: *t,
            price: price(*c),
        })
        .collect()
}

pub(super) fn receipt() -> Receipt {
    let lines = lines(&[
        ("F11", TicketType::Adult, 1250),
        ("F12", TicketType::Child, 950),
    ]);
    let tickets = lines
        .iter()
        .zip(["T-3F9A2-C81D7", "T-77B0E-19A4C"])
        .enumerate()
        .map(|(i, (l, code))| Ticket {
            id: TicketId(i as i64 + 1),
            code: code.into(),
            order_id: ORDER,
            showtime_id: ShowtimeId(4),
            seat_id: l.seat_id,
            seat: l.label.clone(),
            ticket_type: l.ticket_type,
            price: l.price,
            valid: true,
        })
        .collect();
    Receipt {
        order: ORDER,
        showtime: evening(),
        lines,
        total: price(2200),
        method: "cash",
        tendered: Some(price(5000)),
        change: Some(price(2800)),
        card_last4: None,
        attempts: Vec::new(),
        tickets,
    }
}

/// Logged in, on the seat grid of Cold Harbour with `map` read.
pub(super) fn seats_app(map: SeatMap) -> App {
    let mut app = loaded_app(listing());
    app.handle(ch('j'));
    assert_eq!(
        showtimes(&app).selected_showtime().unwrap().id,
        ShowtimeId(4)
    );
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(SeatsWork::LoadSeatMap {
            actor: cashier(),
            showtime: ShowtimeId(4),
            quiet: false
        }))
    );
    assert!(on(&app, "seats"));
    assert_eq!(app.handle(map_done(map)), None);
    app
}

pub(super) fn cursor_label(app: &App) -> String {
    seats(app).unwrap().cursor_seat().unwrap().seat.label()
}

/// Moves the cursor onto a seat with the arrow keys' actions, as a cashier would.
pub(super) fn move_to(app: &mut App, label: &str) {
    let target = grand_seat(label);
    for _ in 0..80 {
        let here = seats(app).unwrap().cursor_seat().unwrap().seat.clone();
        let k = if here.grid_row < target.grid_row {
            ch('j')
        } else if here.grid_row > target.grid_row {
            ch('k')
        } else if here.grid_col < target.grid_col {
            ch('l')
        } else if here.grid_col > target.grid_col {
            ch('h')
        } else {
            return;
        };
        app.handle(k);
    }
    panic!("could not reach {label}; at {}", cursor_label(app));
}

pub(super) fn look_of(app: &App, label: &str) -> SeatLook {
    let seats = seats(app).unwrap();
    seats.looks[seats.index_of(grand_seat(label).id).unwrap()]
}

pub(super) fn quiet_reload() -> Option<Command> {
    Some(Command::run(SeatsWork::LoadSeatMap {
        actor: cashier(),
        showtime: ShowtimeId(4),
        quiet: true,
    }))
}
