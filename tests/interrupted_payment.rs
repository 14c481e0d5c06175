//! A card payment cut off mid-way (its task dropped between the bank's lost answer and the
//! retry, as a killed process leaves it) is never charged twice: the next payment of the
//! order goes on under the same idempotency key, so the bank answers with the charge it
//! already took; and when nobody comes back, the sweep voids that charge. Both show in
//! the ledger, and `audit verify` stays whole. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration as StdDuration;

use boxoffice::identity::{Role, User};
use boxoffice::payment::gateway::{Scripted, SimulatedBank};
use boxoffice::payment::service::Tender;
use boxoffice::services::Services;
use boxoffice::vocab::{ManualClock, Money, OrderId};
use chrono::Duration;
use common::{TestDb, each_backend, local};

struct Setup {
    services: Services,
    clock: ManualClock,
    bank: Arc<SimulatedBank>,
    cashier: User,
    operator: User,
    order: OrderId,
}

/// A seat held for 10.00, and a bank that answers at once; a retry after a lost answer
/// waits long enough for the test to cut the payment off in between.
async fn setup(db: &TestDb) -> Setup {
    let clock = ManualClock::new(local("2026-12-01 09:00"));
    let mut venue = common::venue();
    venue.payment.retry.first_pause = StdDuration::from_secs(30);
    let bank = Arc::new(SimulatedBank::new(venue.bank));
    let store = db.store.clone().with_clock(Arc::new(clock.clone()));
    let services = Services::new(store, venue).with_gateway(bank.clone());
    let operator = common::operator(&services).await;
    let sc = &services.screening;
    sc.create_hall_grid(&operator, "Main", 4, 4).await.unwrap();
    let movie = sc
        .add_movie(&operator, "Ninety", 90, None, None)
        .await
        .unwrap();
    let st = sc
        .schedule_showtime(
            &operator,
            movie.id,
            "Main",
            local("2026-12-01 20:00"),
            Money::parse("10").unwrap(),
        )
        .await
        .unwrap();
    let cashier = services
        .identity
        .create_user("anna", Role::Cashier, "long enough password")
        .await
        .unwrap();
    let view = services
        .booking
        .hold(&cashier, st.id, &["A1".to_string()], None)
        .await
        .unwrap();
    Setup {
        order: view.order.id,
        services,
        clock,
        bank,
        cashier,
        operator,
    }
}

/// Starts a card payment, waits until the bank's answer was lost (the ledger's timeout
/// row), then drops the payment mid-way as a killed process would. Returns its key.
async fn cut_off_payment(db: &TestDb, s: &Setup, bank_step: Scripted) -> String {
    s.bank.script([bank_step]);
    let task = {
        let services = s.services.clone();
        let cashier = s.cashier.clone();
        let order = s.order;
        tokio::spawn(async move {
            services
                .payment
                .pay(&cashier, order, &[], Tender::Card { number: None }, None)
                .await
        })
    };
    let waited = std::time::Instant::now();
    while db
        .count("SELECT count(*) FROM ledger WHERE kind = 'timeout'")
        .await
        == 0
    {
        assert!(
            waited.elapsed() < StdDuration::from_secs(10),
            "no timeout recorded"
        );
        tokio::time::sleep(StdDuration::from_millis(10)).await;
    }
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    db.text("SELECT reference FROM ledger WHERE kind = 'attempt' ORDER BY seq LIMIT 1")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn paying_again_after_a_cut_off_payment_charges_once_under_the_same_key() {
    each_backend(|db| async move {
        let s = setup(&db).await;
        let key = cut_off_payment(&db, &s, Scripted::TimeoutAfterCapture).await;
        assert_eq!(s.bank.captures(&key), 1, "the bank took the money");

        // While the cut-off payment's lease runs, the order is still "being paid".
        let busy = s
            .services
            .payment
            .pay(
                &s.cashier,
                s.order,
                &[],
                Tender::Card { number: None },
                None,
            )
            .await;
        assert!(busy.is_err(), "{busy:?}");

        s.clock.advance(Duration::minutes(2) + Duration::seconds(1));
        let receipt = s
            .services
            .payment
            .pay(
                &s.cashier,
                s.order,
                &[],
                Tender::Card { number: None },
                None,
            )
            .await
            .unwrap();
        assert_eq!(receipt.tickets.len(), 1);
        // One charge in all: the bank answered the repeated key with the charge it took.
        assert_eq!(s.bank.captures(&key), 1);
        assert!(s.bank.double_captures().is_empty());
        assert_eq!(s.bank.net_charged(), 1000, "the cardholder paid once");
        assert_eq!(
            db.count(&format!(
                "SELECT count(*) FROM ledger WHERE kind = 'attempt' AND reference = '{key}' \
                 AND detail LIKE '%resuming an interrupted payment%'"
            ))
            .await,
            1
        );
        assert!(
            s.services
                .payment
                .verify(&s.operator)
                .await
                .unwrap()
                .broken
                .is_none()
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_sweep_voids_what_a_cut_off_payment_took_when_nobody_comes_back() {
    each_backend(|db| async move {
        let s = setup(&db).await;
        let key = cut_off_payment(&db, &s, Scripted::TimeoutAfterCapture).await;
        assert_eq!(s.bank.net_charged(), 1000);

        // Within the lease the sweep leaves it alone: the payment may still be running.
        let early = s.services.payment.resolve_interrupted_payments(&s.operator).await.unwrap();
        assert!(early.is_empty(), "{early:?}");

        s.clock.advance(Duration::minutes(2) + Duration::seconds(1));
        let done = s.services.payment.resolve_interrupted_payments(&s.operator).await.unwrap();
        assert_eq!(done.len(), 1, "{done:?}");
        assert_eq!(done[0].key, key);
        assert!(done[0].voided_charge.is_some());
        assert_eq!(s.bank.net_charged(), 0, "the charge was given back");
        assert_eq!(
            db.count("SELECT count(*) FROM ledger WHERE kind = 'void' AND detail LIKE 'interrupted payment resolved%voided'")
                .await,
            1
        );
        // Settled once: a second sweep finds nothing.
        assert!(s.services.payment.resolve_interrupted_payments(&s.operator).await.unwrap().is_empty());

        // The order can be paid again, under a new key, and is charged once.
        let receipt = s
            .services
            .payment
            .pay(&s.cashier, s.order, &[], Tender::Card { number: None }, None)
            .await
            .unwrap();
        assert_eq!(receipt.tickets.len(), 1);
        assert_eq!(s.bank.net_charged(), 1000);
        assert!(s.bank.double_captures().is_empty());
        assert!(s.services.payment.verify(&s.operator).await.unwrap().broken.is_none());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cut_off_payment_the_bank_never_took_is_settled_as_nothing_charged() {
    each_backend(|db| async move {
        let s = setup(&db).await;
        cut_off_payment(&db, &s, Scripted::TimeoutBeforeCapture).await;
        s.clock.advance(Duration::minutes(3));
        let done = s.services.payment.resolve_interrupted_payments(&s.operator).await.unwrap();
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].voided_charge, None);
        assert_eq!(
            db.count("SELECT count(*) FROM ledger WHERE kind = 'void' AND detail LIKE '%nothing had been charged'")
                .await,
            1
        );
        assert_eq!(s.bank.net_charged(), 0);
    })
    .await;
}

#[test]
fn the_command_line_settles_interrupted_payments_for_managers_only() {
    use common::bin::{command, databases, json, run};
    use std::io::Write;
    for db in databases() {
        let out = run(&db, &["--json", "audit", "resolve-payments"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(json(&out)["resolved"], serde_json::json!([]));
        let mut child = command(
            &db,
            &[
                "user",
                "add",
                "anna",
                "--role",
                "cashier",
                "--password-stdin",
            ],
        )
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
        writeln!(child.stdin.take().unwrap(), "long enough password").unwrap();
        assert!(child.wait().unwrap().success());
        let out = run(
            &db,
            &["--json", "--user", "anna", "audit", "resolve-payments"],
        );
        assert_eq!(out.status.code(), Some(3));
        assert_eq!(json(&out)["error"]["code"], "permission_denied");
    }
}
