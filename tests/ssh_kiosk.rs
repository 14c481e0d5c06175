//! The customer kiosk over SSH (`ssh kiosk@host`, `[ssh] kiosk = true`): a customer
//! registers, lands on the showtimes, holds a seat (never one of the counter's reserved
//! seats), pays by card (cash is the counter's), and sees the ticket in their bookings.
//! With the kiosk off, `kiosk` gets no way in. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod ssh_client;

use std::sync::Arc;
use std::time::Duration;

use boxoffice::booking::service::BookingRules;
use boxoffice::services::{Services, VenueSettings};
use boxoffice::ssh::{self, SshSettings};
use boxoffice::tui::{Settings, theme::Theme};

use common::{TestDb, each_backend, operator, venue};

/// 8 x 12 = 96 seats, 94 of them kept for the counter: the kiosk may sell two.
fn kiosk_venue() -> VenueSettings {
    VenueSettings {
        booking: BookingRules {
            counter_reserve_seats: 94,
            ..BookingRules::default()
        },
        ..venue()
    }
}

async fn serve(services: Services, kiosk: bool) -> (std::net::SocketAddr, String) {
    let dir = tempfile::tempdir().unwrap();
    let tui = Settings {
        theme: Theme::mono(),
        ..Settings::default()
    };
    let settings = SshSettings {
        listen: "127.0.0.1:0".parse().unwrap(),
        kiosk,
        failure_delay: Duration::from_millis(10),
        ..SshSettings::default()
    };
    let bound = ssh::bind(services, tui, settings, dir.path())
        .await
        .unwrap();
    let out = (bound.local_addr, bound.fingerprint.clone());
    tokio::spawn(async move {
        let _keep_the_key_dir = dir;
        bound.run().await.unwrap();
    });
    out
}

async fn customer_buys(db: Arc<TestDb>) {
    let services = Services::new(db.store.clone(), kiosk_venue());
    let op = operator(&services).await;
    let sc = &services.screening;
    sc.create_hall_grid(&op, "Live", 8, 12).await.unwrap();
    let movie = sc
        .add_movie(&op, "Live Wire", 90, None, None)
        .await
        .unwrap();
    let start = sc.now().await.unwrap() + chrono::Duration::minutes(45);
    let price = boxoffice::vocab::Money::from_cents(1000).unwrap();
    sc.schedule_showtime(&op, movie.id, "Live", start, price)
        .await
        .unwrap();
    let (addr, fp) = serve(services, true).await;

    let mut conn = ssh_client::connect(addr, &fp).await;
    assert!(conn.none("kiosk").await, "the kiosk needs no password");
    let screen = conn.terminal(100, 30).await;
    screen.wait_for("Register (new customer)").await;
    // Register: down to it, then the form.
    screen.send(b"\x1b[B").await;
    screen.send(b"\r").await;
    screen.wait_for("Make an account").await;
    screen.send(b"cora").await;
    screen.send(b"\r").await;
    screen.send(b"correct horse battery").await;
    screen.send(b"\r").await;
    screen.send(b"Cora Nilsen\r").await;
    screen.send(b"cora@example.org\r").await;
    screen.send(b"\r").await;
    // Registered and logged in: the day's showtimes, as a customer.
    screen.wait_for("Live Wire").await;
    assert!(
        screen.text().contains("cora (customer)"),
        "{}",
        screen.text()
    );

    screen.send(b"\r").await;
    screen.wait_for("No seats held.").await;
    // Three would eat into the counter's reserve: refused, nothing held.
    screen.send(b"3b").await;
    screen
        .wait_until("the reserve's refusal", |t| t.contains("counter"))
        .await;
    let held = "SELECT COUNT(*) FROM seat_claims WHERE state = 'held'";
    assert_eq!(db.count(held).await, 0);
    screen.send(b"1b").await;
    screen.wait_for("(1)").await;

    // Checkout: cash is refused, the card goes through.
    screen.send(b"\r").await;
    screen.wait_for("TOTAL").await;
    screen.send(b"c").await;
    screen.send(b"\r").await;
    screen
        .wait_until("the cash refusal", |t| t.contains("pay by card"))
        .await;
    screen.send(b"d").await;
    screen.send(b"\r").await;
    screen.wait_for("Enjoy the film!").await;
    let sold = "SELECT COUNT(*) FROM tickets";
    assert_eq!(db.count(sold).await, 1);
    let code = db.text("SELECT code FROM tickets").await;

    // Back to the list, then the customer's bookings: the ticket and its code.
    screen.send(b"\r").await;
    screen.wait_for("Live Wire").await;
    screen.send(b"s").await;
    screen.wait_for(&code).await;
    conn.disconnect().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_kiosk_customer_registers_buys_by_card_and_sees_the_ticket() {
    each_backend(customer_buys).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_the_kiosk_off_kiosk_gets_no_way_in() {
    let db = TestDb::sqlite().await;
    let (addr, fp) = serve(db.services(), false).await;
    let mut conn = ssh_client::connect(addr, &fp).await;
    assert!(!conn.none("kiosk").await);
    assert!(!conn.password("kiosk", "").await);
}
