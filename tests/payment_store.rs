//! The payment domain's promises, each on SQLite and PostgreSQL: one charge per order,
//! never a charge without tickets, refunds through the paying method that free the seat,
//! a ledger that cannot be changed unnoticed, and close-outs that match it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use async_trait::async_trait;
use boxoffice::booking::BookingError;
use boxoffice::booking::model::SeatState;
use boxoffice::identity::{Role, User};
use boxoffice::payment::PaymentError;
use boxoffice::payment::gateway::{BankSettings, PaymentGateway, Scripted, SimulatedBank};
use boxoffice::payment::model::{AttemptOutcome, CardNumber, LedgerEntry};
use boxoffice::payment::service::{RefundTarget, Tender};
use boxoffice::services::Services;
use boxoffice::vocab::{DomainError, ManualClock, Money, OrderId, ShowtimeId};
use chrono::Duration;
use common::{TestDb, each_backend, local};

fn labels(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn m(text: &str) -> Money {
    Money::parse(text).unwrap()
}

fn card(n: &str) -> Tender {
    Tender::Card {
        number: Some(CardNumber::parse(n).unwrap()),
    }
}

fn instant_bank() -> Arc<SimulatedBank> {
    Arc::new(SimulatedBank::new(BankSettings {
        latency: std::time::Duration::ZERO,
        ..BankSettings::default()
    }))
}

struct Till {
    services: Services,
    clock: ManualClock,
    bank: Arc<SimulatedBank>,
    showtime: ShowtimeId,
    cashier: User,
    other: User,
    manager: User,
}

/// A 10x10 hall, a film at 20:00 for 10.00, a cashier, a second cashier and a manager,
/// each in an open shift with an empty float; now is 09:00 the same day. Cards go to
/// `bank` through `gateway` (the bank itself unless a test wraps it).
async fn till_with(
    db: &TestDb,
    gateway: Option<Arc<dyn PaymentGateway>>,
    bank: Arc<SimulatedBank>,
) -> Till {
    let (services, clock) = db.services_at(local("2026-12-01 09:00"));
    let services = services.with_gateway(gateway.unwrap_or_else(|| bank.clone()));
    let op = common::operator(&services).await;
    let sc = &services.screening;
    sc.create_hall_grid(&op, "Main", 10, 10).await.unwrap();
    let movie = sc.add_movie(&op, "Ninety", 90, None, None).await.unwrap();
    let st = sc
        .schedule_showtime(&op, movie.id, "Main", local("2026-12-01 20:00"), m("10.00"))
        .await
        .unwrap();
    let id = &services.identity;
    let pw = "long enough password";
    let cashier = id.create_user("anna", Role::Cashier, pw).await.unwrap();
    let other = id.create_user("ben", Role::Cashier, pw).await.unwrap();
    let manager = id.create_user("maria", Role::Manager, pw).await.unwrap();
    common::on_shift(&services, &[&cashier, &other, &manager]).await;
    Till {
        cashier,
        other,
        manager,
        services,
        clock,
        bank,
        showtime: st.id,
    }
}

async fn till(db: &TestDb) -> Till {
    till_with(db, None, instant_bank()).await
}

impl Till {
    async fn hold(&self, who: &User, seats: &[&str]) -> OrderId {
        self.services
            .booking
            .hold(who, self.showtime, &labels(seats), None)
            .await
            .unwrap()
            .order
            .id
    }

    /// An order of the cashier's for these seats, paid by a card the bank approves.
    async fn sold_by_card(&self, seats: &[&str]) -> OrderId {
        let order = self.hold(&self.cashier, seats).await;
        self.services
            .payment
            .pay(&self.cashier, order, &[], card(CardNumber::APPROVE), None)
            .await
            .unwrap();
        order
    }

    async fn ledger(&self) -> Vec<LedgerEntry> {
        self.services
            .payment
            .ledger(&self.manager, 0, 10_000)
            .await
            .unwrap()
    }

    /// The ledger's kinds for one order, in order.
    async fn kinds(&self, order: OrderId) -> Vec<&'static str> {
        self.ledger()
            .await
            .iter()
            .filter(|e| e.draft.order == Some(order))
            .map(|e| e.draft.kind.as_str())
            .collect()
    }

    /// What `who` sees of a seat on the grid.
    async fn seat(&self, who: &User, seat: &str) -> SeatState {
        let map = self
            .services
            .booking
            .seat_map(who, self.showtime)
            .await
            .unwrap();
        map.seats
            .into_iter()
            .find(|s| s.seat.label() == seat)
            .unwrap()
            .state
    }

    async fn verifies(&self) -> bool {
        let v = self.services.payment.verify(&self.manager).await.unwrap();
        v.broken.is_none()
    }

    async fn held_by(&self, who: &User, seat: &str) -> bool {
        let map = self
            .services
            .booking
            .seat_map(who, self.showtime)
            .await
            .unwrap();
        let s = map.seats.iter().find(|s| s.seat.label() == seat).unwrap();
        matches!(
            s.state,
            boxoffice::booking::model::SeatState::HeldByMe { .. }
        )
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decline_keeps_the_holds_and_a_second_card_pays() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let pay = &t.services.payment;
        let order = t.hold(&t.cashier, &["A1", "A2"]).await;
        let err = pay.pay(&t.cashier, order, &[], card(CardNumber::DECLINE), None).await.unwrap_err();
        assert!(matches!(&err, PaymentError::Declined { reason } if reason == "insufficient funds"), "{err:?}");
        assert!(err.to_string().contains("still held"));
        assert!(t.held_by(&t.cashier, "A1").await && t.held_by(&t.cashier, "A2").await);
        assert_eq!(db.count("SELECT count(*) FROM tickets").await, 0);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let r = pay.pay(&t.cashier, order, &[], card(CardNumber::APPROVE), Some(tx)).await.unwrap();
        assert_eq!((r.method, r.total, r.tickets.len()), ("card", m("20.00"), 2));
        assert_eq!(r.card_last4.as_deref(), Some("4242"));
        let seen = rx.recv().await.unwrap();
        assert_eq!((seen.attempt, seen.outcome.word()), (1, "approved"));
        assert_eq!(t.kinds(order).await, ["attempt", "decline", "attempt", "success"]);
        assert_eq!(t.bank.net_charged(), 2000);
        assert_eq!(db.count("SELECT count(*) FROM payments WHERE card_last4 = '4242' AND gateway_ref IS NOT NULL").await, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeouts_are_retried_with_one_key_and_charge_once() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let pay = &t.services.payment;
        let order = t.hold(&t.cashier, &["B1"]).await;
        // The first call is lost on the way; the second is lost on the way back, after the
        // money was taken: the third, with the same key, finds that charge.
        t.bank.script([
            Scripted::TimeoutBeforeCapture,
            Scripted::TimeoutAfterCapture,
        ]);
        let r = pay
            .pay(&t.cashier, order, &[], card(CardNumber::APPROVE), None)
            .await
            .unwrap();
        let words: Vec<&str> = r.attempts.iter().map(|a| a.outcome.word()).collect();
        assert_eq!(words, ["timed out", "timed out", "approved"]);
        assert_eq!(r.attempts[0].retry_in_ms, Some(1));
        assert_eq!(r.attempts[1].retry_in_ms, Some(2));
        assert!(t.bank.double_captures().is_empty());
        assert_eq!(t.bank.net_charged(), 1000);
        let ledger = t.ledger().await;
        let rows: Vec<_> = ledger
            .iter()
            .filter(|e| e.draft.order == Some(order))
            .collect();
        let kinds: Vec<&str> = rows.iter().map(|e| e.draft.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "attempt", "timeout", "attempt", "timeout", "attempt", "success"
            ]
        );
        // Every attempt carried the same idempotency key.
        let key = &rows[0].draft.reference;
        assert!(key.starts_with("pay-"));
        assert!(rows[..5].iter().all(|e| &e.draft.reference == key));
        assert_eq!(t.bank.captures(key), 1);

        // A bank that never answers: 1 call + 3 retries, then nothing is charged and the
        // seats are still held.
        let order = t.hold(&t.cashier, &["B2"]).await;
        let err = pay
            .pay(&t.cashier, order, &[], card(CardNumber::TIMEOUT), None)
            .await
            .unwrap_err();
        assert!(
            matches!(err, PaymentError::GatewayTimeout { attempts: 4 }),
            "{err:?}"
        );
        assert_eq!(t.bank.net_charged(), 1000);
        assert!(t.held_by(&t.cashier, "B2").await);
        assert_eq!(
            t.kinds(order)
                .await
                .iter()
                .filter(|k| **k == "timeout")
                .count(),
            4
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_terminals_paying_one_order_make_one_charge() {
    each_backend(|db| async move {
        let bank = Arc::new(SimulatedBank::new(BankSettings {
            latency: std::time::Duration::from_millis(30),
            ..BankSettings::default()
        }));
        let t = till_with(&db, None, bank).await;
        let order = t.hold(&t.cashier, &["C1", "C2"]).await;
        let mut tasks = Vec::new();
        for i in 0..12 {
            let (pay, who) = (t.services.payment.clone(), t.cashier.clone());
            tasks.push(tokio::spawn(async move {
                let tender = if i % 3 == 0 {
                    Tender::Cash { tendered: None }
                } else {
                    card(CardNumber::APPROVE)
                };
                pay.pay(&who, order, &[], tender, None).await
            }));
        }
        let mut paid = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => paid += 1,
                Err(PaymentError::Booking(
                    BookingError::PaymentInProgress | BookingError::OrderClosed { .. },
                )) => {}
                Err(e) => panic!("unexpected: {e:?}"),
            }
        }
        assert_eq!(paid, 1);
        assert_eq!(db.count("SELECT count(*) FROM tickets").await, 2);
        assert_eq!(db.count("SELECT count(*) FROM payments").await, 1);
        let method = db.text("SELECT method FROM payments").await;
        // A card that won charged once; a cash sale that won left the bank untouched.
        let expected = if method == "card" { 2000 } else { 0 };
        assert_eq!(t.bank.net_charged(), expected);
        assert_eq!(
            t.services.booking.integrity().await.unwrap(),
            Default::default()
        );
    })
    .await;
}

/// A bank that, while it takes the money, lets the holds lapse and another cashier take
/// the seat: what happens when a card terminal is slow and the hold runs out.
struct SlowBank {
    bank: Arc<SimulatedBank>,
    during_charge:
        tokio::sync::Mutex<Option<std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>>>,
}

#[async_trait]
impl PaymentGateway for SlowBank {
    async fn charge(&self, key: &str, amount: Money, card: &CardNumber) -> AttemptOutcome {
        if let Some(meanwhile) = self.during_charge.lock().await.take() {
            meanwhile.await;
        }
        self.bank.charge(key, amount, card).await
    }
    async fn refund(&self, key: &str, reference: &str, amount: Money) -> AttemptOutcome {
        self.bank.refund(key, reference, amount).await
    }
    async fn void(&self, charge_key: &str) -> AttemptOutcome {
        self.bank.void(charge_key).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_charge_for_seats_lost_meanwhile_is_voided_and_no_ticket_is_made() {
    each_backend(|db| async move {
        let bank = instant_bank();
        let slow = Arc::new(SlowBank {
            bank: bank.clone(),
            during_charge: tokio::sync::Mutex::new(None),
        });
        let t = till_with(&db, Some(slow.clone()), bank).await;
        let order = t.hold(&t.cashier, &["D1"]).await;
        let (booking, other, clock, st) = (
            t.services.booking.clone(),
            t.other.clone(),
            t.clock.clone(),
            t.showtime,
        );
        *slow.during_charge.lock().await = Some(Box::pin(async move {
            clock.advance(Duration::minutes(11));
            booking
                .hold(&other, st, &labels(&["D1"]), None)
                .await
                .unwrap();
        }));
        let err = t
            .services
            .payment
            .pay(&t.cashier, order, &[], card(CardNumber::APPROVE), None)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                PaymentError::Voided {
                    cause: BookingError::HoldExpired
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("refunded automatically"));
        assert_eq!(t.bank.net_charged(), 0);
        assert_eq!(db.count("SELECT count(*) FROM tickets").await, 0);
        assert_eq!(db.count("SELECT count(*) FROM payments").await, 0);
        assert_eq!(t.kinds(order).await, ["attempt", "void"]);
        let void = t
            .ledger()
            .await
            .into_iter()
            .find(|e| e.draft.kind.as_str() == "void")
            .unwrap();
        assert_eq!(void.draft.amount_cents, 1000);
        assert!(t.held_by(&t.other, "D1").await);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refunds_return_the_frozen_price_and_free_the_seat() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let pay = &t.services.payment;
        let order = t.hold(&t.cashier, &["E1", "E2"]).await;
        let sale = pay.pay(&t.cashier, order, &[], card(CardNumber::APPROVE), None).await.unwrap();
        assert_eq!(sale.total, m("20.00"));
        t.services.screening.set_price(&t.manager, t.showtime, m("15.00")).await.unwrap();
        // One ticket, by its code: the frozen 10.00 goes back to the card.
        let code = sale.tickets[0].code.clone();
        let r = pay.refund(&t.cashier, RefundTarget::Ticket(code.to_lowercase()), "wrong seat").await.unwrap();
        assert_eq!((r.amount, r.method, r.tickets.len()), (m("10.00"), "card", 1));
        assert_eq!(t.bank.net_charged(), 1000);
        // The seat is free: another cashier holds and sells it at today's price.
        let again = t.hold(&t.other, &[&sale.tickets[0].seat]).await;
        assert_eq!(pay.pay_cash(&t.other, again, &[], None).await.unwrap().total, m("15.00"));
        // The same ticket twice, and a refund without a reason, are refused.
        let err = pay.refund(&t.cashier, RefundTarget::Ticket(code), "again").await.unwrap_err();
        assert!(matches!(err, PaymentError::NothingToRefund(_)), "{err:?}");
        let err = pay.refund(&t.cashier, RefundTarget::Order(order), "  ").await.unwrap_err();
        assert!(matches!(err, PaymentError::Invalid { field: "reason", .. }), "{err:?}");
        // Another cashier's order is not theirs to find.
        let err = pay.refund(&t.other, RefundTarget::Order(order), "x").await.unwrap_err();
        assert!(matches!(err, PaymentError::Booking(BookingError::OrderNotFound(_))), "{err:?}");
        // After the start only a manager refunds; the rest of the order goes back.
        t.clock.set(local("2026-12-01 20:05"));
        let err = pay.refund(&t.cashier, RefundTarget::Order(order), "late").await.unwrap_err();
        assert!(matches!(err, PaymentError::PermissionDenied(_)), "{err:?}");
        let r = pay.refund(&t.manager, RefundTarget::Order(order), "projector broke").await.unwrap();
        assert_eq!(r.amount, m("10.00"));
        assert_eq!(t.bank.net_charged(), 0);
        assert_eq!(db.count("SELECT count(*) FROM tickets WHERE status = 'valid'").await, 1);
        // E2 is free again; E1 was freed by the first refund and is sold to the other order.
        assert_eq!(db.count("SELECT count(*) FROM seat_claims WHERE order_id = (SELECT min(id) FROM orders) AND state = 'released'").await, 1);
        assert_eq!(db.count("SELECT count(*) FROM seat_claims WHERE state = 'sold'").await, 1);
        // Reports keep the frozen prices: 20.00 sold by card, 15.00 cash, 20.00 refunded.
        let day = local("2026-12-01 12:00").date_naive();
        let report = pay.sales_report(&t.manager, day, day).await.unwrap();
        assert_eq!((report.sold.tickets, report.sold.amount_cents), (3, 3500));
        assert_eq!((report.refunded.tickets, report.refunded.amount_cents), (2, 2000));
        assert_eq!(report.net_cents, 1500);
        let by_method: Vec<(String, i64)> = report.by["method"].iter().map(|g| (g.key.clone(), g.tally.amount_cents)).collect();
        assert_eq!(by_method, [("card".to_string(), 2000), ("cash".to_string(), 1500)]);
        assert!(pay.verify(&t.manager).await.unwrap().broken.is_none());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_the_bank_refuses_keeps_the_tickets_and_can_be_asked_again() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let pay = &t.services.payment;
        let order = t.sold_by_card(&["I1", "I2"]).await;
        t.bank
            .script_refunds([Scripted::Decline("card account closed".into())]);
        let err = pay
            .refund(&t.cashier, RefundTarget::Order(order), "customer ill")
            .await
            .unwrap_err();
        assert_eq!(err.code(), "refund_failed", "{err:?}");
        assert!(err.to_string().contains("card account closed"), "{err}");
        // No money went back, so nothing else moved: the customer still owns both seats.
        assert_eq!(t.bank.net_charged(), 2000);
        let view = t.services.booking.order(&t.cashier, order).await.unwrap();
        assert_eq!(view.tickets.iter().filter(|t| t.valid).count(), 2);
        assert_eq!(t.seat(&t.other, "I1").await, SeatState::Sold);
        assert_eq!(t.seat(&t.other, "I2").await, SeatState::Sold);
        let err = t
            .services
            .booking
            .hold(&t.other, t.showtime, &labels(&["I1"]), None)
            .await
            .unwrap_err();
        assert!(matches!(err, BookingError::SeatUnavailable(_)), "{err:?}");
        assert_eq!(db.count("SELECT count(*) FROM refunds").await, 0);
        // The refusal is in the ledger as a decline of the refund's key, with no refund row.
        assert_eq!(t.kinds(order).await, ["attempt", "success", "decline"]);
        let decline = t.ledger().await.pop().unwrap();
        assert_eq!(decline.draft.amount_cents, 2000);
        assert!(
            decline.draft.reference.starts_with("refund-"),
            "{}",
            decline.draft.reference
        );
        assert!(
            decline.draft.detail.contains("card account closed"),
            "{}",
            decline.draft.detail
        );
        assert!(t.verifies().await);
        // Nothing is left locked: asked again once the bank agrees, the refund goes through.
        // The bank answers a key it declined with the same refusal, so this also shows the
        // second request came with a key of its own.
        let r = pay
            .refund(&t.cashier, RefundTarget::Order(order), "customer ill")
            .await
            .unwrap();
        assert_eq!(
            (r.amount, r.method, r.tickets.len()),
            (m("20.00"), "card", 2)
        );
        assert_eq!(t.bank.net_charged(), 0);
        assert_eq!(t.seat(&t.other, "I1").await, SeatState::Free);
        assert_eq!(
            t.kinds(order).await,
            ["attempt", "success", "decline", "refund"]
        );
        assert!(t.verifies().await);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_whose_answers_were_lost_is_asked_again_with_its_key_and_gives_back_once() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let pay = &t.services.payment;
        let order = t.sold_by_card(&["J1", "J2"]).await;
        // Three calls lost on the way; the fourth gives the money back but its answer is
        // lost too. The cashier is told it did not go through; the bank has paid out.
        t.bank.script_refunds([
            Scripted::TimeoutBeforeCapture,
            Scripted::TimeoutBeforeCapture,
            Scripted::TimeoutBeforeCapture,
            Scripted::TimeoutAfterCapture,
        ]);
        let err = pay
            .refund(&t.cashier, RefundTarget::Order(order), "double booking")
            .await
            .unwrap_err();
        assert_eq!(err.code(), "refund_failed", "{err:?}");
        assert!(err.to_string().contains("did not answer"), "{err}");
        assert_eq!(t.bank.net_charged(), 0);
        let view = t.services.booking.order(&t.cashier, order).await.unwrap();
        assert_eq!(view.tickets.iter().filter(|t| t.valid).count(), 2);
        // Recorded as a timeout, not as a refusal: nobody knows yet whether money moved.
        assert_eq!(t.kinds(order).await, ["attempt", "success", "timeout"]);
        // Asked again, the same key finds the refund the bank made: the tickets are
        // refunded and the customer is paid back once, not twice.
        let r = pay
            .refund(&t.cashier, RefundTarget::Order(order), "double booking")
            .await
            .unwrap();
        assert_eq!((r.amount, r.tickets.len()), (m("20.00"), 2));
        assert_eq!(t.bank.net_charged(), 0);
        assert_eq!(t.seat(&t.other, "J1").await, SeatState::Free);
        assert_eq!(
            t.kinds(order).await,
            ["attempt", "success", "timeout", "refund"]
        );
        assert!(t.verifies().await);
    })
    .await;
}

/// SQL that makes the database refuse the payment row of `order` (a failing disk, a lost
/// connection mid-commit), and SQL that mends it.
fn break_payments_of(backend: boxoffice::store::Backend, order: OrderId) -> (String, String) {
    let order = order.0;
    match backend {
        boxoffice::store::Backend::Postgres => (
            format!(
                "CREATE FUNCTION test_refuse_payment() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN RAISE EXCEPTION 'could not write block: disk full'; END $$; \
                 CREATE TRIGGER test_refuse_payment BEFORE INSERT ON payments FOR EACH ROW \
                 WHEN (NEW.order_id = {order}) EXECUTE FUNCTION test_refuse_payment();"
            ),
            "DROP TRIGGER test_refuse_payment ON payments; DROP FUNCTION test_refuse_payment();"
                .into(),
        ),
        boxoffice::store::Backend::Sqlite => (
            format!(
                "CREATE TRIGGER test_refuse_payment BEFORE INSERT ON payments \
                 WHEN NEW.order_id = {order} \
                 BEGIN SELECT RAISE(ABORT, 'could not write block: disk full'); END;"
            ),
            "DROP TRIGGER test_refuse_payment;".into(),
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_sale_the_database_fails_to_record_is_voided_and_can_be_paid_again() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let pay = &t.services.payment;
        let order = t.hold(&t.cashier, &["G5", "G6"]).await;
        let (fail, mend) = break_payments_of(db.backend, order);
        db.execute(&fail).await.unwrap();
        let err = pay
            .pay(&t.cashier, order, &[], card(CardNumber::APPROVE), None)
            .await
            .unwrap_err();
        assert!(
            matches!(
                &err,
                PaymentError::Voided {
                    cause: BookingError::Store(_)
                }
            ),
            "{err:?}"
        );
        assert_eq!(err.code(), "payment_voided");
        assert!(err.to_string().contains("refunded automatically"), "{err}");
        // The bank took the money once and gave it back; no ticket, no payment row.
        assert_eq!(t.bank.net_charged(), 0);
        assert!(t.bank.double_captures().is_empty());
        let view = t.services.booking.order(&t.cashier, order).await.unwrap();
        assert!(view.tickets.is_empty());
        assert_eq!(db.count("SELECT count(*) FROM tickets").await, 0);
        assert_eq!(db.count("SELECT count(*) FROM payments").await, 0);
        // The success row went down with the sale; the attempt and the void stand.
        assert_eq!(t.kinds(order).await, ["attempt", "void"]);
        let rows: Vec<LedgerEntry> = t
            .ledger()
            .await
            .into_iter()
            .filter(|e| e.draft.order == Some(order))
            .collect();
        let key = rows[0].draft.reference.clone();
        assert!(key.starts_with("pay-"), "{key}");
        assert_eq!(rows[1].draft.reference, key);
        assert_eq!(rows[1].draft.amount_cents, 2000);
        assert!(
            rows[1].draft.detail.contains("disk full"),
            "{}",
            rows[1].draft.detail
        );
        assert_eq!(t.bank.captures(&key), 1);
        assert!(t.verifies().await);
        // The seats are still the cashier's: once the database writes again, the card
        // is taken again under a new key.
        assert!(t.held_by(&t.cashier, "G5").await && t.held_by(&t.cashier, "G6").await);
        db.execute(&mend).await.unwrap();
        let r = pay
            .pay(&t.cashier, order, &[], card(CardNumber::APPROVE), None)
            .await
            .unwrap();
        assert_eq!((r.total, r.tickets.len()), (m("20.00"), 2));
        assert_eq!(t.bank.net_charged(), 2000);
        assert_eq!(
            t.kinds(order).await,
            ["attempt", "void", "attempt", "success"]
        );
        assert!(t.verifies().await);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_sales_tells_orders_given_back_from_sales_that_stand() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let pay = &t.services.payment;
        let kept = t.hold(&t.cashier, &["A1", "A2"]).await;
        pay.pay_cash(&t.cashier, kept, &[], None).await.unwrap();
        let part = t.hold(&t.cashier, &["B1", "B2"]).await;
        let sale = pay
            .pay(&t.cashier, part, &[], card(CardNumber::APPROVE), None)
            .await
            .unwrap();
        let code = sale.tickets[1].code.clone();
        pay.refund(&t.cashier, RefundTarget::Ticket(code), "one stayed home")
            .await
            .unwrap();
        let all = t.hold(&t.cashier, &["C1"]).await;
        pay.pay_cash(&t.cashier, all, &[], None).await.unwrap();
        pay.refund(&t.cashier, RefundTarget::Order(all), "wrong day")
            .await
            .unwrap();
        let dropped = t.hold(&t.cashier, &["D1"]).await;
        t.services
            .booking
            .cancel(&t.cashier, dropped)
            .await
            .unwrap();
        let theirs = t.hold(&t.other, &["E1"]).await;
        pay.pay_cash(&t.other, theirs, &[], None).await.unwrap();

        let now = local("2026-12-01 09:00");
        let mine = t
            .services
            .booking
            .history(&t.cashier, None, 10)
            .await
            .unwrap();
        let listed: Vec<_> = mine
            .iter()
            .map(|s| (s.order.id, s.status_word(now), s.tickets, s.refunded))
            .collect();
        assert_eq!(
            listed,
            [
                (dropped, "cancelled", 0, 0),
                (all, "refunded", 1, 1),
                (part, "part refunded", 2, 1),
                (kept, "paid", 2, 0),
            ]
        );
        assert!(mine[1].all_refunded() && !mine[2].all_refunded());
        // A manager looking at the cashier's sales sees the same.
        let seen = t
            .services
            .booking
            .history(&t.manager, Some(&t.cashier), 10)
            .await
            .unwrap();
        assert_eq!(seen, mine);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_showtime_refunds_every_ticket() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let pay = &t.services.payment;
        let a = t.hold(&t.cashier, &["F1", "F2"]).await;
        pay.pay_cash(&t.cashier, a, &[], None).await.unwrap();
        let b = t.hold(&t.other, &["F3"]).await;
        pay.pay(&t.other, b, &[], card(CardNumber::APPROVE), None)
            .await
            .unwrap();
        let report = pay
            .cancel_showtime(&t.manager, t.showtime, "no film print")
            .await
            .unwrap();
        assert_eq!(report.refunds.len(), 2);
        assert!(report.failed.is_empty());
        assert_eq!(t.bank.net_charged(), 0);
        assert_eq!(
            db.count("SELECT count(*) FROM tickets WHERE status = 'valid'")
                .await,
            0
        );
        assert_eq!(db.text("SELECT status FROM showtimes").await, "cancelled");
        let kinds: Vec<&str> = t
            .ledger()
            .await
            .iter()
            .map(|e| e.draft.kind.as_str())
            .collect();
        assert_eq!(kinds.iter().filter(|k| **k == "cancellation").count(), 1);
        assert_eq!(kinds.iter().filter(|k| **k == "refund").count(), 2);
        // No sale once cancelled; a cashier may not cancel.
        let err = t
            .services
            .booking
            .hold(&t.cashier, t.showtime, &labels(&["G1"]), None)
            .await
            .unwrap_err();
        assert!(matches!(err, BookingError::ShowtimeCancelled), "{err:?}");
        let err = pay
            .cancel_showtime(&t.cashier, t.showtime, "x")
            .await
            .unwrap_err();
        assert!(matches!(err, PaymentError::PermissionDenied(_)), "{err:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_refuses_changes_and_names_a_row_altered_behind_its_back() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let pay = &t.services.payment;
        for seat in ["H1", "H2", "H3"] {
            let o = t.hold(&t.cashier, &[seat]).await;
            pay.pay_cash(&t.cashier, o, &[], Some(m("20")))
                .await
                .unwrap();
        }
        // Rows 1 to 3 open the fixture's three shifts; the sales are rows 4 to 6.
        let v = pay.verify(&t.manager).await.unwrap();
        assert_eq!((v.rows, v.broken), (6, None));
        let update = db
            .execute("UPDATE ledger SET amount_cents = 1 WHERE seq = 5")
            .await
            .unwrap_err();
        assert!(update.to_string().contains("append-only"), "{update}");
        let delete = db
            .execute("DELETE FROM ledger WHERE seq = 6")
            .await
            .unwrap_err();
        assert!(delete.to_string().contains("append-only"), "{delete}");
        assert_eq!(
            db.count("SELECT amount_cents FROM ledger WHERE seq = 5")
                .await,
            1000
        );
        // Someone with the power to switch the triggers off changes row 5.
        let tamper = match db.backend {
            boxoffice::store::Backend::Postgres => {
                "ALTER TABLE ledger DISABLE TRIGGER ledger_no_update; \
                 UPDATE ledger SET amount_cents = 100 WHERE seq = 5; \
                 ALTER TABLE ledger ENABLE TRIGGER ledger_no_update;"
            }
            boxoffice::store::Backend::Sqlite => {
                "DROP TRIGGER ledger_no_update; UPDATE ledger SET amount_cents = 100 WHERE seq = 5;"
            }
        };
        db.execute(tamper).await.unwrap();
        let v = pay.verify(&t.manager).await.unwrap();
        let broken = v.broken.unwrap();
        assert_eq!(broken.seq, 5);
        assert!(broken.problem.contains("changed"), "{}", broken.problem);
        // Cashiers may not read the ledger.
        assert!(matches!(
            pay.verify(&t.cashier).await,
            Err(PaymentError::PermissionDenied(_))
        ));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cash_change_is_exact_and_the_close_out_matches_the_ledger() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let pay = &t.services.payment;
        // The fixture's shift, with nothing taken, balances at an empty count.
        assert_eq!(pay.close_shift(&t.cashier, m("0")).await.unwrap().variance_cents, 0);
        assert!(matches!(pay.close_shift(&t.cashier, m("0")).await, Err(PaymentError::NoOpenShift)));
        pay.open_shift(&t.cashier, m("100.00")).await.unwrap();
        assert!(matches!(pay.open_shift(&t.cashier, m("5")).await, Err(PaymentError::ShiftAlreadyOpen(_))));
        let a = t.hold(&t.cashier, &["J1", "J2", "J3"]).await;
        use boxoffice::booking::model::TicketType::{Adult, Child, Student};
        let r = pay.pay_cash(&t.cashier, a, &[Adult, Child, Student], Some(m("50.00"))).await.unwrap();
        // 10.00 + 7.00 + 8.50 = 25.50, change 24.50 to the cent.
        assert_eq!((r.total, r.change), (m("25.50"), Some(m("24.50"))));
        let err = pay.pay_cash(&t.cashier, t.hold(&t.cashier, &["J5"]).await, &[], Some(m("9.99"))).await.unwrap_err();
        assert!(matches!(err, PaymentError::Booking(BookingError::TenderedTooLittle { .. })), "{err:?}");
        let b = t.hold(&t.cashier, &["J6"]).await;
        pay.pay(&t.cashier, b, &[], card(CardNumber::APPROVE), None).await.unwrap();
        let ticket = r.tickets[1].code.clone();
        pay.refund(&t.cashier, RefundTarget::Ticket(ticket), "child stayed home").await.unwrap();
        // Another cashier's sales are not in this drawer.
        let c = t.hold(&t.other, &["J8"]).await;
        pay.pay_cash(&t.other, c, &[], None).await.unwrap();
        // Expected: 100.00 float + 25.50 cash - 7.00 refunded = 118.50; counted 118.00.
        let out = pay.close_shift(&t.cashier, m("118.00")).await.unwrap();
        assert_eq!(out.expected_cash, 11_850);
        assert_eq!(out.variance_cents, -50);
        assert_eq!(out.card_net_cents, 1000);
        let cashier = t.cashier.id.0;
        let ledger_cash = db
            .count(&format!(
                "SELECT CAST(sum(CASE kind WHEN 'success' THEN amount_cents WHEN 'refund' THEN -amount_cents \
                 WHEN 'shift_open' THEN amount_cents ELSE 0 END) AS BIGINT) FROM ledger \
                 WHERE actor_id = {cashier} AND method = 'cash'"
            ))
            .await;
        assert_eq!(ledger_cash, out.expected_cash);
        // The fixture's empty shift balanced (0); this one is short.
        assert_eq!(db.count(&format!("SELECT CAST(sum(amount_cents) AS BIGINT) FROM ledger WHERE kind = 'variance' AND actor_id = {cashier}")).await, -50);
        assert_eq!(db.count("SELECT expected_cash_cents FROM shifts WHERE closed_at IS NOT NULL ORDER BY id DESC LIMIT 1").await, 11_850);
        assert!(matches!(pay.close_shift(&t.cashier, m("1")).await, Err(PaymentError::NoOpenShift)));
        assert!(pay.verify(&t.manager).await.unwrap().broken.is_none());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_ledger_appends_keep_one_unbroken_chain() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let mut tasks = Vec::new();
        for (i, row) in ["A", "B", "C", "D", "E", "F", "G", "H"].iter().enumerate() {
            let (booking, pay, who, st) = (
                t.services.booking.clone(),
                t.services.payment.clone(),
                if i % 2 == 0 {
                    t.cashier.clone()
                } else {
                    t.other.clone()
                },
                t.showtime,
            );
            let row = row.to_string();
            tasks.push(tokio::spawn(async move {
                for n in 1..=3 {
                    let o = booking
                        .hold(&who, st, &[format!("{row}{n}")], None)
                        .await
                        .unwrap()
                        .order
                        .id;
                    let tender = if n == 2 {
                        card(CardNumber::APPROVE)
                    } else {
                        Tender::Cash { tendered: None }
                    };
                    pay.pay(&who, o, &[], tender, None).await.unwrap();
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        let v = t.services.payment.verify(&t.manager).await.unwrap();
        assert_eq!(v.broken, None);
        // The fixture's 3 shifts opened, 16 cash successes, 8 card attempts and 8 card
        // successes.
        assert_eq!(v.rows, 35);
        assert_eq!(db.count("SELECT count(*) FROM tickets").await, 24);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_orders_never_reach_the_bank_and_free_orders_need_no_payment() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let pay = &t.services.payment;
        // Expired, paid, cancelled and someone else's: refused before any bank call.
        let expired = t.hold(&t.cashier, &["A1"]).await;
        let paid = t.hold(&t.cashier, &["A2"]).await;
        pay.pay_cash(&t.cashier, paid, &[], None).await.unwrap();
        let cancelled = t.hold(&t.cashier, &["A3"]).await;
        t.services
            .booking
            .cancel(&t.cashier, cancelled)
            .await
            .unwrap();
        let theirs = t.hold(&t.other, &["A4"]).await;
        t.clock.advance(Duration::minutes(10));
        for (order, code) in [
            (expired, "hold_expired"),
            (paid, "order_closed"),
            (cancelled, "order_closed"),
            (theirs, "not_found"),
        ] {
            let err = pay
                .pay(&t.cashier, order, &[], card(CardNumber::APPROVE), None)
                .await
                .unwrap_err();
            assert_eq!(err.code(), code, "{err}");
        }
        let kinds: Vec<&str> = t
            .ledger()
            .await
            .iter()
            .map(|e| e.draft.kind.as_str())
            .filter(|k| *k != "shift_open")
            .collect();
        assert_eq!(kinds, ["success"], "only the cash sale is in the ledger");
        assert_eq!(t.bank.net_charged(), 0);
        // A free screening: no payment taken, the tickets still made and recorded.
        let op = common::operator(&t.services).await;
        let movie = t
            .services
            .screening
            .add_movie(&op, "Free Film", 60, None, None)
            .await
            .unwrap();
        let free = t
            .services
            .screening
            .schedule_showtime(
                &op,
                movie.id,
                "Main",
                local("2026-12-01 14:00"),
                Money::ZERO,
            )
            .await
            .unwrap();
        let o = t
            .services
            .booking
            .hold(&t.cashier, free.id, &labels(&["C1", "C2"]), None)
            .await
            .unwrap()
            .order
            .id;
        let r = pay
            .pay(&t.cashier, o, &[], card(CardNumber::DECLINE), None)
            .await
            .unwrap();
        assert_eq!(
            (r.method, r.total, r.tickets.len(), r.attempts.len()),
            ("free", Money::ZERO, 2, 0)
        );
        assert_eq!(t.kinds(o).await, ["success"]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cash_needs_an_open_shift_and_is_counted_in_its_drawer() {
    each_backend(|db| async move {
        let t = till(&db).await;
        let pay = &t.services.payment;
        // A cashier who has not opened a shift: the cash is refused, nothing is written.
        let carl = t
            .services
            .identity
            .create_user("carl", Role::Cashier, "long enough password")
            .await
            .unwrap();
        let order = t.hold(&carl, &["F1", "F2"]).await;
        let rows = db.count("SELECT count(*) FROM ledger").await;
        let err = pay
            .pay_cash(&carl, order, &[], Some(m("50")))
            .await
            .unwrap_err();
        assert!(matches!(err, PaymentError::CashNeedsShift), "{err:?}");
        assert_eq!(err.code(), "no_shift");
        assert_eq!(err.kind(), boxoffice::vocab::ErrorKind::Refused);
        assert!(err.to_string().contains("Open your shift"), "{err}");
        assert_eq!(db.count("SELECT count(*) FROM ledger").await, rows);
        assert_eq!(db.count("SELECT count(*) FROM payments").await, 0);
        assert_eq!(db.count("SELECT count(*) FROM tickets").await, 0);
        assert!(t.held_by(&carl, "F1").await, "the seats stay held");
        // The card does not need a drawer.
        let by_card = t.hold(&carl, &["F5"]).await;
        pay.pay(&carl, by_card, &[], card(CardNumber::APPROVE), None)
            .await
            .unwrap();
        // Once the shift is open the same order sells, and its cash is in that drawer.
        pay.open_shift(&carl, m("50.00")).await.unwrap();
        let r = pay
            .pay_cash(&carl, order, &[], Some(m("50")))
            .await
            .unwrap();
        assert_eq!((r.total, r.change), (m("20.00"), Some(m("30.00"))));
        t.clock.advance(Duration::minutes(30));
        let out = pay.close_shift(&carl, m("70.00")).await.unwrap();
        assert_eq!(out.expected_cash, 7_000, "the float and the sale");
        assert_eq!(out.variance_cents, 0);
        assert_eq!(out.card_net_cents, 1_000);
        // A closed shift takes no more cash.
        let later = t.hold(&carl, &["F7"]).await;
        assert!(matches!(
            pay.pay_cash(&carl, later, &[], None).await,
            Err(PaymentError::CashNeedsShift)
        ));
        // `[shift] required = false`: cash is taken without a shift, as before.
        let relaxed = common::services_without_shifts(&db, &t.clock);
        let sold = relaxed
            .payment
            .pay_cash(&carl, later, &[], None)
            .await
            .unwrap();
        assert_eq!(sold.total, m("10.00"));
    })
    .await;
}
