//! The hold and the sale have two homes on PostgreSQL: the plain statements of
//! `src/store/hold_sale_sql.rs` (the reference, which SQLite always runs and PostgreSQL
//! runs for the kiosk) and the server-side functions `boxoffice_hold` and
//! `boxoffice_sell`, which run the same statements in one round trip. One story of holds
//! and sales runs on SQLite, on PostgreSQL by its functions and on PostgreSQL by the
//! statements; every answer and every seat's state after it must be the same.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use boxoffice::booking::BookingError;
use boxoffice::booking::model::{SaleLine, TicketType};
use boxoffice::booking::paid::PaymentPart;
use boxoffice::booking::ports::SaleRecord;
use boxoffice::booking::service::OrderView;
use boxoffice::identity::{Role, User};
use boxoffice::payment::PaymentError;
use boxoffice::payment::model::{CardNumber, PaymentMethod};
use boxoffice::payment::ports::SalePayment;
use boxoffice::payment::service::{Receipt, Tender};
use boxoffice::services::Services;
use boxoffice::store::Store;
use boxoffice::store::postgres::PgStore;
use boxoffice::vocab::{ManualClock, Money, OrderId, ShowtimeId};
use chrono::Duration;
use common::{TestDb, local};

/// Order numbers are left out: a rolled-back order uses up a PostgreSQL sequence number
/// but not an SQLite row id, so they differ between backends without meaning anything.
fn said(e: &BookingError) -> String {
    match e {
        BookingError::OrderClosed { status, .. } => format!("order is {status}"),
        BookingError::OrderNotFound(_) => "no such order".into(),
        e => e.to_string(),
    }
}

fn held(result: &Result<OrderView, BookingError>) -> String {
    match result {
        Ok(view) => {
            let seats: Vec<&str> = view.seats.iter().map(|s| s.label.as_str()).collect();
            format!("held {} ({})", seats.join(" "), view.status_word())
        }
        Err(e) => format!("refused: {}", said(e)),
    }
}

fn paid(result: &Result<Receipt, PaymentError>) -> String {
    match result {
        Ok(r) => format!("sold {} tickets for {}", r.tickets.len(), r.total),
        Err(PaymentError::Booking(e)) => format!("refused: {}", said(e)),
        Err(PaymentError::Voided { cause }) => format!("voided: {}", said(cause)),
        Err(e) => format!("refused: {e}"),
    }
}

struct Story {
    store: Store,
    services: Services,
    clock: ManualClock,
    showtime: ShowtimeId,
    anna: User,
    ben: User,
    maria: User,
    told: Vec<String>,
}

impl Story {
    async fn new(store: Store) -> Story {
        let clock = ManualClock::new(local("2026-12-01 09:00"));
        let store = store.with_clock(Arc::new(clock.clone()));
        let services = Services::new(store.clone(), common::venue());
        let op = common::operator(&services).await;
        let sc = &services.screening;
        sc.create_hall_grid(&op, "Main", 10, 10).await.unwrap();
        let movie = sc.add_movie(&op, "Ninety", 90, None, None).await.unwrap();
        let price = Money::parse("10.00").unwrap();
        let st = sc
            .schedule_showtime(&op, movie.id, "Main", local("2026-12-01 20:00"), price)
            .await
            .unwrap();
        let id = &services.identity;
        let pw = "long enough password";
        let anna = id.create_user("anna", Role::Cashier, pw).await.unwrap();
        let ben = id.create_user("ben", Role::Cashier, pw).await.unwrap();
        let maria = id.create_user("maria", Role::Manager, pw).await.unwrap();
        common::on_shift(&services, &[&anna, &ben, &maria]).await;
        Story {
            store,
            services,
            clock,
            showtime: st.id,
            anna,
            ben,
            maria,
            told: Vec::new(),
        }
    }

    async fn hold(
        &mut self,
        who: &User,
        seats: &[&str],
        order: Option<OrderId>,
    ) -> Option<OrderId> {
        let labels: Vec<String> = seats.iter().map(|s| s.to_string()).collect();
        let result = self
            .services
            .booking
            .hold(who, self.showtime, &labels, order)
            .await;
        let line = format!(
            "{} holds {}: {}",
            who.username,
            seats.join(" "),
            held(&result)
        );
        self.tell(line).await;
        result.ok().map(|v| v.order.id)
    }

    async fn pay(&mut self, who: &User, order: OrderId, tender: Tender) {
        let result = self
            .services
            .payment
            .pay(who, order, &[], tender, None)
            .await;
        let line = format!("{} pays: {}", who.username, paid(&result));
        self.tell(line).await;
    }

    /// A sale straight to the store, as the payment side sends it once the money is
    /// taken: the refusals the service would catch first are the store's to make here.
    async fn sell(&mut self, who: &User, order: OrderId, seats: &[&str], lease: Option<&str>) {
        let map = self
            .services
            .booking
            .seat_map(who, self.showtime)
            .await
            .unwrap();
        let price = Money::parse("10.00").unwrap();
        let lines: Vec<SaleLine> = seats
            .iter()
            .map(|label| {
                let seat = map.seats.iter().find(|s| s.seat.label() == *label).unwrap();
                SaleLine {
                    seat_id: seat.seat.id,
                    label: label.to_string(),
                    ticket_type: TicketType::Adult,
                    price,
                }
            })
            .collect();
        let sale = SaleRecord {
            order,
            user: who.id,
            now: map.at,
            total: Money::from_cents(price.cents() * lines.len() as i64).unwrap(),
            codes: seats.iter().map(|l| format!("T-{l}-{}", order.0)).collect(),
            lines,
            lease_key: lease.map(str::to_string),
            payment: PaymentPart::new(SalePayment {
                method: PaymentMethod::Cash,
                tendered: None,
                change: None,
                card_last4: None,
                gateway_ref: None,
                ledger: Vec::new(),
                needs_open_shift: false,
            }),
        };
        let line = match self.store.booking.sell(&sale).await {
            Ok(tickets) => format!("sold {} tickets", tickets.len()),
            Err(e) => format!("refused: {}", said(&e)),
        };
        let line = format!(
            "store sells {} to {}: {line}",
            seats.join(" "),
            who.username
        );
        self.tell(line).await;
    }

    /// Every answer goes down with the seats that are not free after it, so a hold that
    /// took some seats before it was refused shows.
    async fn tell(&mut self, line: String) {
        let map = self
            .services
            .booking
            .seat_map(&self.maria, self.showtime)
            .await
            .unwrap();
        let taken: Vec<String> = map
            .seats
            .iter()
            .filter(|s| !s.state.is_free())
            .map(|s| format!("{} {}", s.seat.label(), s.state.word()))
            .collect();
        self.told.push(format!("{line} | {}", taken.join(", ")));
    }
}

fn cash() -> Tender {
    Tender::Cash { tendered: None }
}

fn card() -> Tender {
    Tender::Card {
        number: Some(CardNumber::parse(CardNumber::APPROVE).unwrap()),
    }
}

/// The same cases, in the same order, on one store.
async fn story(store: Store) -> Vec<String> {
    let mut s = Story::new(store).await;
    let (anna, ben, maria) = (s.anna.clone(), s.ben.clone(), s.maria.clone());

    // A free seat, then the same seat for someone else.
    let a1 = s.hold(&anna, &["A1"], None).await.unwrap();
    s.hold(&ben, &["A1"], None).await;
    // Several seats, one of them taken: all or nothing, for a new order and for one
    // that already holds seats.
    s.hold(&ben, &["A2", "A1", "A3"], None).await;
    let b = s.hold(&ben, &["B1"], None).await.unwrap();
    s.hold(&ben, &["B2", "A1"], Some(b)).await;
    s.hold(&ben, &["B2", "B3"], Some(b)).await;
    // Sold seats, by cash and by card (a card sale holds the order's lease).
    s.pay(&anna, a1, cash()).await;
    s.hold(&ben, &["A1"], None).await;
    let c = s.hold(&anna, &["C1", "C2"], None).await.unwrap();
    s.pay(&anna, c, card()).await;
    s.hold(&ben, &["C2", "C3"], None).await;
    s.pay(&anna, a1, cash()).await;
    s.sell(&anna, a1, &["A1"], None).await;
    // A card payment in flight keeps everyone else's sale off the order.
    let k = s.hold(&ben, &["J1", "J2"], None).await.unwrap();
    let now = s
        .services
        .booking
        .seat_map(&ben, s.showtime)
        .await
        .unwrap()
        .at;
    let lease = s
        .store
        .payment
        .lease_order(k, "pay-k", "draft", now, now + Duration::minutes(2));
    assert!(lease.await.unwrap());
    s.sell(&ben, k, &["J1", "J2"], None).await;
    s.sell(&ben, k, &["J1", "J2"], Some("pay-k")).await;
    // Broken and blocked seats.
    s.services
        .screening
        .set_seat_broken(&maria, "Main", "D1", true)
        .await
        .unwrap();
    s.services
        .booking
        .block_seat(&maria, s.showtime, "D2")
        .await
        .unwrap();
    s.hold(&anna, &["D1"], None).await;
    s.hold(&anna, &["D3", "D2"], None).await;
    // Over the most seats an order may have, new and added to.
    let eleven = [
        "E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "E10", "F1",
    ];
    s.hold(&anna, &eleven, None).await;
    s.hold(&ben, &eleven[..8], Some(b)).await;
    // Expired holds: the seat is free at once, the order can no longer grow or be sold.
    let g = s.hold(&ben, &["G1"], None).await.unwrap();
    s.clock.advance(Duration::minutes(11));
    s.hold(&anna, &["G1"], None).await;
    s.hold(&ben, &["G2"], Some(g)).await;
    s.pay(&ben, g, cash()).await;
    s.pay(&ben, b, cash()).await;
    s.sell(&ben, g, &["G1"], None).await;
    // The hold of a seat taken over from an expired hold sells.
    let h = s.hold(&anna, &["G2", "G3"], None).await.unwrap();
    s.pay(&anna, h, cash()).await;
    // Once the showtime has started nothing is held.
    s.clock.advance(Duration::hours(11));
    s.hold(&anna, &["H1"], None).await;
    s.told
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_functions_and_the_statements_agree_case_by_case() {
    let sqlite = TestDb::sqlite().await;
    let reference = story(sqlite.store.clone()).await;
    assert!(
        reference.iter().any(|l| l.contains("refused")) && reference.len() > 20,
        "the story should hold, sell and refuse:\n{}",
        reference.join("\n")
    );

    let Some(functions) = TestDb::postgres().await else {
        return;
    };
    let by_functions = story(functions.store.clone()).await;
    functions.drop_database().await;

    let url = common::fresh_postgres_database().await.unwrap();
    let pg = PgStore::connect(&url).await.unwrap().statements_only();
    pg.migrate().await.unwrap();
    let by_statements = story(Store::from_postgres(Arc::new(pg))).await;
    common::drop_postgres_database(url.rsplit('/').next().unwrap()).await;

    for (i, ((r, f), st)) in reference
        .iter()
        .zip(&by_functions)
        .zip(&by_statements)
        .enumerate()
    {
        assert_eq!(f, st, "case {i}: PostgreSQL, functions vs statements");
        assert_eq!(r, f, "case {i}: SQLite vs PostgreSQL");
    }
    assert_eq!(reference.len(), by_functions.len());
    assert_eq!(reference.len(), by_statements.len());
}
