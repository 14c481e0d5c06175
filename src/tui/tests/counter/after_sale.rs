//! After the sale: the receipt, my sales and refunds; and when the database goes away.

use super::sale::checkout_app;
use super::*;
use crate::booking::model::OrderSummary;
use crate::payment::service::RefundReceipt;
use crate::tui::event::Problem;
use crate::tui::screens::sales::SaleRow;

// ---- receipt and my sales ----

#[test]
fn the_receipt_shows_the_sale_and_prints_to_a_file() {
    let mut app = checkout_app();
    app.handle(done(CheckoutDone::Sold(Ok(receipt()))));
    assert!(on(&app, "receipt"));
    snapshot_both("receipt", &app);
    let text = receipt_of(&app).unwrap().text.clone();
    for needle in [
        "Order 42",
        "F11   adult",
        "F12   child",
        "9.50 EUR",
        "Total",
        "22.00 EUR",
        "Paid cash",
        "50.00 EUR",
        "Change",
        "28.00 EUR",
        "T-3F9A2-C81D7",
        "T-77B0E-19A4C",
        "Cashier: cashier",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    assert_eq!(
        app.handle(ch('p')),
        Some(Command::run(ReceiptWork::Print {
            path: "/var/lib/boxoffice/receipts/receipt-42.txt".into(),
            text,
            printer: Vec::new()
        }))
    );
    app.handle(done(ReceiptDone::Printed(Ok(
        "Receipt written to /var/lib/boxoffice/receipts/receipt-42.txt".into(),
    ))));
    assert!(draw(&app, 80, 24).contains("Receipt written to"));
    // Enter: the next sale starts from the list, re-read.
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(ShowtimesWork::LoadShowtimes(day())))
    );
    assert!(on(&app, "showtimes"));
    assert!(seats(&app).is_none() && checkout(&app).is_none());
}

#[test]
fn my_sales_list_and_an_orders_tickets() {
    let mut app = loaded_app(listing());
    assert_eq!(
        app.handle(ch('s')),
        Some(Command::run(SalesWork::LoadSales { actor: cashier() }))
    );
    let paid = |id: i64, minutes: i64, cents: i64| Order {
        id: OrderId(id),
        status: OrderStatus::Paid,
        total: Some(price(cents)),
        paid_at: Some(now() - Duration::minutes(minutes)),
        ..order(now())
    };
    // Order 42 as sold (two tickets), 17 with one of its two tickets refunded.
    let rows = |refunded_42: u32| {
        vec![
            SaleRow {
                sale: OrderSummary {
                    order: paid(42, 3, 2200),
                    tickets: 2,
                    refunded: refunded_42,
                },
                showtime: Some(evening()),
            },
            SaleRow {
                sale: OrderSummary {
                    order: paid(17, 95, 2350),
                    tickets: 2,
                    refunded: 1,
                },
                showtime: Some(show(3, 18, 0, "Orbit of Ash", "Salon", 142, 1100)),
            },
            SaleRow {
                sale: OrderSummary {
                    order: Order {
                        id: OrderId(12),
                        status: OrderStatus::Cancelled,
                        ..order(now())
                    },
                    tickets: 0,
                    refunded: 0,
                },
                showtime: None,
            },
        ]
    };
    app.handle(done(SalesDone::Sales(Ok(rows(0)))));
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(SalesWork::LoadOrder {
            actor: cashier(),
            order: ORDER
        }))
    );
    let r = receipt();
    app.handle(done(SalesDone::Order(Ok(OrderView {
        order: paid(42, 3, 2200),
        status: OrderStatus::Paid,
        showtime: evening(),
        seats: Vec::new(),
        tickets: r.tickets.clone(),
    }))));
    snapshot_both("my_sales", &app);
    app.handle(key(KeyCode::Esc));
    assert!(sales(&app).detail.is_none(), "Esc closes the order first");
    // A refund needs a reason; letters are the reason's, not keys.
    assert_eq!(app.handle(ch('f')), None);
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert!(
        app.ctx
            .message
            .as_deref()
            .unwrap()
            .contains("needs a reason")
    );
    for c in "wrong film, q".chars() {
        assert_eq!(app.handle(ch(c)), None);
    }
    snapshot_both("my_sales_refund", &app);
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(SalesWork::Refund {
            actor: cashier(),
            order: ORDER,
            ticket: None,
            reason: "wrong film, q".into()
        }))
    );
    let back = app.handle(done(SalesDone::Refunded(Ok(RefundReceipt {
        order: ORDER,
        refund: 1,
        tickets: receipt().tickets,
        amount: price(2200),
        method: "cash",
        reason: "wrong film, q".into(),
    }))));
    assert_eq!(
        back,
        Some(Command::run(SalesWork::LoadSales { actor: cashier() }))
    );
    assert_eq!(
        app.ctx.info.as_deref(),
        Some("Refunded 22.00 EUR (cash) for order 42: 2 tickets; the seats are free again.")
    );
    // Re-read, the order is listed as refunded, not paid, and so are its tickets.
    app.handle(done(SalesDone::Sales(Ok(rows(2)))));
    app.handle(key(KeyCode::Enter));
    let mut tickets = r.tickets;
    for t in &mut tickets {
        t.valid = false;
    }
    app.handle(done(SalesDone::Order(Ok(OrderView {
        order: paid(42, 3, 2200),
        status: OrderStatus::Paid,
        showtime: evening(),
        seats: Vec::new(),
        tickets,
    }))));
    snapshot_both("my_sales_refunded", &app);
    app.handle(key(KeyCode::Esc));
    // Nothing is left of it to refund: said on the spot, with no reason asked for.
    app.handle(ch('f'));
    assert!(sales(&app).refund.is_none());
    assert_eq!(
        app.ctx.message.as_deref(),
        Some("Order 42 was refunded already: nothing is left to refund.")
    );
    // What is left of a part refunded order can still be refunded.
    app.handle(ch('j'));
    app.handle(ch('f'));
    assert_eq!(
        sales(&app).refund.as_ref().map(|r| r.order),
        Some(OrderId(17))
    );
    app.handle(key(KeyCode::Esc));
    // Only paid orders: the cancelled one is refused on the spot.
    app.handle(ch('j'));
    app.handle(ch('f'));
    assert!(sales(&app).refund.is_none());
    assert!(
        app.ctx
            .message
            .as_deref()
            .unwrap()
            .contains("only paid orders")
    );
    app.handle(key(KeyCode::Esc));
    assert!(on(&app, "showtimes"));
}

#[test]
fn one_ticket_of_an_order_is_chosen_and_refunded_alone() {
    let mut app = loaded_app(listing());
    app.handle(ch('s'));
    let sold = Order {
        status: OrderStatus::Paid,
        total: Some(price(2200)),
        paid_at: Some(now() - Duration::minutes(3)),
        ..order(now())
    };
    app.handle(done(SalesDone::Sales(Ok(vec![SaleRow {
        sale: OrderSummary {
            order: sold.clone(),
            tickets: 2,
            refunded: 0,
        },
        showtime: Some(evening()),
    }]))));
    app.handle(key(KeyCode::Enter));
    let view = |tickets| OrderView {
        order: sold.clone(),
        status: OrderStatus::Paid,
        showtime: evening(),
        seats: Vec::new(),
        tickets,
    };
    let tickets = receipt().tickets;
    app.handle(done(SalesDone::Order(Ok(view(tickets.clone())))));
    // The arrows now walk the order's tickets, and stop at its last.
    assert_eq!(sales(&app).ticket, None);
    for _ in 0..3 {
        app.handle(ch('j'));
    }
    assert_eq!(sales(&app).ticket, Some(1));
    app.handle(ch('k'));
    assert_eq!(sales(&app).ticket, Some(0));
    snapshot_both("my_sales_ticket_chosen", &app);
    app.handle(ch('f'));
    for c in "child is ill".chars() {
        app.handle(ch(c));
    }
    snapshot_both("my_sales_ticket_refund", &app);
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(SalesWork::Refund {
            actor: cashier(),
            order: ORDER,
            ticket: Some("T-3F9A2-C81D7".into()),
            reason: "child is ill".into()
        }))
    );
    // A ticket already given back is said so, with no reason asked for.
    let mut after = tickets;
    after[0].valid = false;
    app.handle(done(SalesDone::Order(Ok(view(after)))));
    app.handle(ch('j'));
    app.handle(ch('f'));
    assert!(sales(&app).refund.is_none());
    assert_eq!(
        app.ctx.message.as_deref(),
        Some("Ticket F11 (T-3F9A2-C81D7) was refunded already.")
    );
    // Above the first ticket, none is chosen: `f` refunds what is left of the order.
    app.handle(ch('k'));
    assert_eq!(sales(&app).ticket, None);
    app.handle(ch('f'));
    assert_eq!(
        sales(&app)
            .refund
            .as_ref()
            .map(|r| (r.order, r.ticket.clone())),
        Some((ORDER, None))
    );
}

// ---- when things go wrong ----

#[test]
fn a_lost_database_shows_a_banner_and_is_retried_until_it_answers() {
    let mut app = seats_app(busy_grand(&["F11"]));
    app.handle(ch('r'));
    app.handle(done(SeatsDone::SeatMap {
        showtime: ShowtimeId(4),
        result: Err(Problem::database(
            "database error: pool timed out while waiting for an open connection",
        )),
    }));
    assert!(app.offline.is_some());
    snapshot_both("offline", &app);
    // Retried every two seconds (20 ticks), not at every tick.
    let mut pings = 0;
    for i in 1..=40 {
        if let Some(Command::Run(Work::Session(SessionWork::Ping))) =
            app.handle(Event::Tick(now() + Duration::milliseconds(100 * i)))
        {
            pings += 1;
        }
    }
    assert_eq!(pings, 2);
    assert!(
        app.handle(done(SessionDone::Ping(Err(Problem::database("refused")))))
            .is_none()
    );
    assert!(app.offline.is_some());
    // It answers: the banner goes and the screen re-reads what it shows.
    assert_eq!(app.handle(done(SessionDone::Ping(Ok(())))), quiet_reload());
    assert!(app.offline.is_none());
    assert!(!draw(&app, 80, 24).contains("cannot be reached"));
}

#[test]
fn the_spinner_shows_only_for_slow_work() {
    let mut app = seats_app(busy_grand(&[]));
    app.handle(ch(' '));
    assert!(!draw(&app, 80, 24).contains("holding seats"));
    app.handle(Event::Tick(now()));
    assert!(
        !draw(&app, 80, 24).contains("holding seats"),
        "100 ms: not yet"
    );
    app.handle(Event::Tick(now()));
    assert!(draw(&app, 80, 24).contains("holding seats"));
    app.handle(held_done(&["F11"]));
    assert!(!draw(&app, 80, 24).contains("holding seats"));
}

#[test]
fn a_customer_sees_the_chosen_tickets_code_to_scan() {
    let mut app = loaded_app(listing());
    app.ctx.session = Some(User {
        id: UserId(7),
        username: "cora".into(),
        role: Role::Customer,
        active: true,
    });
    app.handle(ch('s'));
    let sold = Order {
        status: OrderStatus::Paid,
        total: Some(price(2200)),
        paid_at: Some(now() - Duration::minutes(3)),
        ..order(now())
    };
    app.handle(done(SalesDone::Sales(Ok(vec![SaleRow {
        sale: OrderSummary {
            order: sold.clone(),
            tickets: 2,
            refunded: 0,
        },
        showtime: Some(evening()),
    }]))));
    app.handle(key(KeyCode::Enter));
    app.handle(done(SalesDone::Order(Ok(OrderView {
        order: sold,
        status: OrderStatus::Paid,
        showtime: evening(),
        seats: Vec::new(),
        tickets: receipt().tickets,
    }))));
    assert!(
        !draw(&app, 80, 24).contains('█'),
        "no code until a ticket is chosen"
    );
    app.handle(ch('j'));
    assert_eq!(sales(&app).ticket, Some(0));
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("My bookings (cora)"), "{screen}");
    assert!(screen.contains('█'), "{screen}");
    snapshot_both("my_bookings_ticket_code", &app);
}
