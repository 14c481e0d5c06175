//! The ledger's head cannot be rewound, and an anchor written down at a shift close proves
//! rows were cut off the end even when someone who can switch triggers off rewound it.
//! The upgrade that brings the head's trigger keeps every sale of a database made before
//! it. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use boxoffice::identity::{Role, User};
use boxoffice::payment::model::LedgerAnchor;
use boxoffice::payment::service::{RefundTarget, Tender};
use boxoffice::services::Services;
use boxoffice::store::postgres::PgStore;
use boxoffice::store::sqlite::SqliteStore;
use boxoffice::store::{Backend, Store};
use boxoffice::vocab::Money;
use common::{TestDb, each_backend, local};

/// Sells two orders (cash and card), refunds one ticket, and leaves a live hold: the
/// kinds of row an upgrade must keep.
async fn a_day_of_sales(s: &Services) -> User {
    let op = common::operator(s).await;
    let st = common::ninety_minutes_in(s, &op, "Main", 5, 5, local("2026-12-01 20:00")).await;
    let anna = s
        .identity
        .create_user("anna", Role::Cashier, "long enough password")
        .await
        .unwrap();
    common::on_shift(s, &[&anna]).await;
    let seats = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let cash = s
        .booking
        .hold(&anna, st.id, &seats(&["A1", "A2"]), None)
        .await
        .unwrap();
    s.payment
        .pay_cash(&anna, cash.order.id, &[], None)
        .await
        .unwrap();
    let card = s
        .booking
        .hold(&anna, st.id, &seats(&["B1"]), None)
        .await
        .unwrap();
    let receipt = s
        .payment
        .pay(
            &anna,
            card.order.id,
            &[],
            Tender::Card { number: None },
            None,
        )
        .await
        .unwrap();
    s.payment
        .refund(
            &anna,
            RefundTarget::Ticket(receipt.tickets[0].code.clone()),
            "changed plans",
        )
        .await
        .unwrap();
    s.booking
        .hold(&anna, st.id, &seats(&["C3"]), None)
        .await
        .unwrap();
    op
}

async fn counts(db: &TestDb) -> Vec<i64> {
    let mut out = Vec::new();
    for sql in [
        "SELECT count(*) FROM tickets",
        "SELECT count(*) FROM tickets WHERE status = 'valid'",
        "SELECT count(*) FROM payments",
        "SELECT count(*) FROM refunds",
        "SELECT count(*) FROM ledger",
        "SELECT count(*) FROM seat_claims WHERE state = 'held'",
    ] {
        out.push(db.count(sql).await);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrading_a_database_with_sales_keeps_them_and_the_ledger_whole() {
    // As the release before this migration left them: PostgreSQL up to 0009, SQLite 0005.
    let dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}/old.db?mode=rwc", dir.path().display());
    let mut olds: Vec<(Backend, String, i64)> = vec![(Backend::Sqlite, sqlite_url, 5)];
    if let Some(url) = common::fresh_postgres_database().await {
        olds.push((Backend::Postgres, url, 9));
    }
    for (backend, url, version) in olds {
        let store = match backend {
            Backend::Sqlite => {
                let db = Arc::new(SqliteStore::connect(&url).await.unwrap());
                db.migrate_to(version).await.unwrap();
                Store::from_sqlite(db)
            }
            Backend::Postgres => {
                let db = PgStore::connect(&url).await.unwrap();
                db.migrate_to(version).await.unwrap();
                // The release before sent the plain statements or its own versions of the
                // server-side calls; today's calls may not exist yet in its schema.
                Store::from_postgres(Arc::new(db.statements_only()))
            }
        };
        let clock = boxoffice::vocab::ManualClock::new(local("2026-12-01 09:00"));
        let old = Services::new(
            store.clone().with_clock(Arc::new(clock.clone())),
            common::venue(),
        );
        let probe = TestDb::attach(backend, &url, store.clone());
        // Today's code stands in for the release before, and it reads the share discount
        // (migration percent_discounts, after this one): the column is there while the
        // old day of sales is made, then gone again, so the upgrade below adds it itself.
        probe
            .execute(
                "ALTER TABLE ticket_types ADD COLUMN discount_percent INTEGER NOT NULL DEFAULT 0",
            )
            .await
            .unwrap();
        let op = a_day_of_sales(&old).await;
        probe
            .execute("ALTER TABLE ticket_types DROP COLUMN discount_percent")
            .await
            .unwrap();
        let before = counts(&probe).await;

        // The new release starts: it migrates in place.
        match backend {
            Backend::Sqlite => SqliteStore::connect(&url)
                .await
                .unwrap()
                .migrate()
                .await
                .unwrap(),
            Backend::Postgres => PgStore::connect(&url)
                .await
                .unwrap()
                .migrate()
                .await
                .unwrap(),
        }
        assert_eq!(
            counts(&probe).await,
            before,
            "{}: every row kept",
            backend.name()
        );
        let verified = old.payment.verify(&op).await.unwrap();
        assert!(
            verified.broken.is_none(),
            "{}: {verified:?}",
            backend.name()
        );
        assert_eq!(verified.rows as i64, before[4]);
        // The live hold of the old release still holds its seat against the new hold
        // call, and the new calls hold, release and sell on the upgraded schema.
        let upgraded = match backend {
            Backend::Sqlite => store.clone(),
            Backend::Postgres => {
                Store::from_postgres(Arc::new(PgStore::connect(&url).await.unwrap()))
            }
        };
        let new = Services::new(
            upgraded.with_clock(Arc::new(clock.clone())),
            common::venue(),
        );
        let bob = new
            .identity
            .create_user("bob", Role::Cashier, "long enough password")
            .await
            .unwrap();
        let showtime = new
            .booking
            .order(&op, boxoffice::vocab::OrderId(1))
            .await
            .unwrap()
            .showtime
            .id;
        let c3 = vec!["C3".to_string()];
        assert!(matches!(
            new.booking.hold(&bob, showtime, &c3, None).await,
            Err(boxoffice::booking::BookingError::SeatUnavailable(_))
        ));
        let d = new
            .booking
            .hold(&bob, showtime, &["D1".to_string(), "D2".to_string()], None)
            .await
            .unwrap();
        let d1 = d.seats[0].seat_id;
        new.booking
            .release_seat_ids(&bob, d.order.id, &[d1])
            .await
            .unwrap();
        new.payment
            .pay(&bob, d.order.id, &[], Tender::Card { number: None }, None)
            .await
            .unwrap();
        // And the ledger keeps growing on the new schema (anna's shift, open since the
        // day of sales, is counted).
        old.payment
            .close_shift(
                &old.identity.find("anna").await.unwrap().unwrap(),
                Money::parse("50").unwrap(),
            )
            .await
            .unwrap();
        assert!(old.payment.verify(&op).await.unwrap().broken.is_none());
        if let Backend::Postgres = backend {
            drop(old);
            drop(store);
            common::drop_postgres_database(url.rsplit('/').next().unwrap()).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_head_cannot_be_rewound_or_deleted() {
    each_backend(|db| async move {
        let (s, _clock) = db.services_at(local("2026-12-01 09:00"));
        let op = a_day_of_sales(&s).await;
        let before = s.payment.ledger_anchor().await.unwrap();
        let rewind = db
            .execute(
                "UPDATE ledger_head SET seq = seq - 1, \
                 hash = (SELECT hash FROM ledger WHERE seq = (SELECT seq - 1 FROM ledger_head))",
            )
            .await;
        assert!(rewind.is_err(), "{rewind:?}");
        let forged = db
            .execute("UPDATE ledger_head SET seq = seq + 1, hash = 'forged'")
            .await;
        assert!(forged.is_err(), "{forged:?}");
        assert!(db.execute("DELETE FROM ledger_head").await.is_err());
        assert_eq!(s.payment.ledger_anchor().await.unwrap(), before);
        assert!(s.payment.verify(&op).await.unwrap().broken.is_none());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_anchor_catches_rows_cut_off_by_someone_who_switched_the_triggers_off() {
    each_backend(|db| async move {
        let (s, _clock) = db.services_at(local("2026-12-01 09:00"));
        let op = a_day_of_sales(&s).await;
        let anchor = s.payment.ledger_anchor().await.unwrap();
        assert_eq!(LedgerAnchor::parse(&anchor.to_string()).unwrap(), anchor);
        // The attack: the last row deleted and the head rewound to match, with the
        // triggers out of the way (a superuser can; so can anyone who can write the file).
        let cut = match db.backend {
            Backend::Postgres => {
                "SET session_replication_role = replica; \
                 DELETE FROM ledger WHERE seq = (SELECT max(seq) FROM ledger); \
                 UPDATE ledger_head SET seq = (SELECT max(seq) FROM ledger), \
                   hash = (SELECT hash FROM ledger WHERE seq = (SELECT max(seq) FROM ledger));"
            }
            Backend::Sqlite => {
                "DROP TRIGGER ledger_no_delete; DROP TRIGGER ledger_head_forward; \
                 DELETE FROM ledger WHERE seq = (SELECT max(seq) FROM ledger); \
                 UPDATE ledger_head SET seq = (SELECT max(seq) FROM ledger), \
                   hash = (SELECT hash FROM ledger WHERE seq = (SELECT max(seq) FROM ledger));"
            }
        };
        db.execute(cut).await.unwrap();
        // The chain alone cannot tell: it is whole up to its (new) end.
        assert!(s.payment.verify(&op).await.unwrap().broken.is_none());
        // The anchor written down at the close can.
        let v = s
            .payment
            .verify_against(&op, std::slice::from_ref(&anchor))
            .await
            .unwrap();
        let broken = v.broken.expect("the anchor finds the cut");
        assert!(
            broken.problem.contains("rows were removed"),
            "{}",
            broken.problem
        );
    })
    .await;
}

#[test]
fn a_shift_close_prints_an_anchor_that_audit_verify_checks() {
    use common::bin::{command, databases, json, run};
    use std::io::Write;
    for db in databases() {
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
        let ok = |args: &[&str]| {
            let all: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
            let out = run(&db, &all);
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            json(&out)
        };
        ok(&["--user", "anna", "shift", "open", "--float", "50"]);
        let closed = ok(&["--user", "anna", "shift", "close", "--counted", "50"]);
        let anchor = closed["ledger_anchor"].as_str().unwrap().to_string();
        let text = run(&db, &["--user", "anna", "shift", "status"]);
        assert!(text.status.success());
        let verified = ok(&["audit", "verify", "--anchor", &anchor]);
        assert_eq!(verified["ok"], true);
        // An anchor past the end: rows were removed.
        let (seq, hash) = anchor.split_once(':').unwrap();
        let later = format!("{}:{hash}", seq.parse::<i64>().unwrap() + 5);
        let out = run(&db, &["--json", "audit", "verify", "--anchor", &later]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(json(&out)["error"]["code"], "ledger_broken");
        // A mistyped anchor is bad input.
        let out = run(&db, &["--json", "audit", "verify", "--anchor", "12"]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(json(&out)["error"]["code"], "invalid_input");
    }
}
