//! The permission matrix, table-driven on both stores: every guarded operation tried by
//! every role; an allowed one succeeds, a denied one answers `permission_denied` (or
//! `not_found` for another's order) and leaves the database exactly as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use boxoffice::booking::model::TicketType;
use boxoffice::booking::service::Discount;
use boxoffice::identity::permissions::{Permission, allows};
use boxoffice::identity::{Role, User};
use boxoffice::services::Services;
use boxoffice::vocab::{DomainError, Money, MovieId, ShowtimeId};
use common::{TestDb, each_backend, local};

const PW: &str = "velvet curtain 7";
/// In an order where every allowed change leaves the next operation possible (the
/// deletions come last), so one world per role serves them all.
const OPS: &[(&str, Permission)] = &[
    ("create hall", Permission::ManageHalls),
    ("add movie", Permission::ManageMovies),
    ("change runtime", Permission::ManageMovies),
    ("edit movie", Permission::ManageMovies),
    ("schedule showtime", Permission::Schedule),
    ("move showtime", Permission::Schedule),
    ("change showtime price", Permission::Schedule),
    ("copy a day", Permission::Schedule),
    ("mark seat broken", Permission::MarkSeatsBroken),
    ("block seat", Permission::MarkSeatsBroken),
    ("set a discount", Permission::SetPrices),
    ("set a share discount", Permission::SetPrices),
    ("hold seats", Permission::BookOwn),
    ("sell for cash", Permission::Sell),
    ("release another's hold", Permission::ActOnOthersOrders),
    ("create an account", Permission::ManageUsers),
    ("unlock an account", Permission::ManageUsers),
    ("list accounts", Permission::ManageUsers),
    ("see every live hold", Permission::ActOnOthersOrders),
    (
        "create staff with a generated password",
        Permission::ManageUsers,
    ),
    ("reset a password", Permission::ManageUsers),
    ("change a role", Permission::ManageUsers),
    ("see every open shift", Permission::ViewReports),
    ("read the sales report", Permission::ViewReports),
    ("verify the ledger", Permission::ViewLedger),
    ("search the ledger", Permission::ViewLedger),
    ("delete showtime", Permission::Schedule),
    ("delete movie", Permission::ManageMovies),
    ("delete hall", Permission::ManageHalls),
];

fn day(d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

struct World {
    s: Services,
    actor: User,
    hall_spare: String,
    movie: MovieId,
    spare_movie: MovieId,
    showtime: ShowtimeId,
    spare_showtime: ShowtimeId,
    others_order: boxoffice::vocab::OrderId,
}

async fn world(db: &TestDb, role: Role) -> World {
    let (s, _) = db.services_at(local("2026-12-01 09:00"));
    let op = common::operator(&s).await;
    let sc = &s.screening;
    sc.create_hall_grid(&op, "Main", 5, 5).await.unwrap();
    sc.create_hall_grid(&op, "Spare", 2, 2).await.unwrap();
    let movie = sc.add_movie(&op, "Film", 90, None, None).await.unwrap().id;
    let spare_movie = sc
        .add_movie(&op, "Unused", 90, None, None)
        .await
        .unwrap()
        .id;
    let ten = Money::parse("10").unwrap();
    let showtime = sc
        .schedule_showtime(&op, movie, "Main", local("2026-12-01 18:00"), ten)
        .await
        .unwrap()
        .id;
    let spare_showtime = sc
        .schedule_showtime(&op, movie, "Main", local("2026-12-01 21:00"), ten)
        .await
        .unwrap()
        .id;
    let other = s
        .identity
        .create_user("other", Role::Cashier, PW)
        .await
        .unwrap();
    let others_order = s
        .booking
        .hold(&other, showtime, &["E5".to_string()], None)
        .await
        .unwrap()
        .order
        .id;
    let actor = s.identity.create_user("actor", role, PW).await.unwrap();
    // Staff take cash only in an open shift; a customer has no drawer to open.
    if allows(role, Permission::Sell) {
        common::on_shift(&s, &[&actor]).await;
    }
    s.identity
        .create_user("locked", Role::Cashier, PW)
        .await
        .unwrap();
    World {
        s,
        actor,
        hall_spare: "Spare".into(),
        movie,
        spare_movie,
        showtime,
        spare_showtime,
        others_order,
    }
}

/// Runs one operation; `Err` carries the refusal's stable code.
async fn attempt(w: &World, op: &str) -> Result<(), &'static str> {
    let (s, a) = (&w.s, &w.actor);
    let sc = &s.screening;
    let ten = Money::parse("10").unwrap();
    let code = |e: &dyn DomainError| e.code();
    match op {
        "create hall" => sc
            .create_hall_grid(a, "New", 3, 3)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "delete hall" => sc.delete_hall(a, &w.hall_spare).await.map_err(|e| code(&e)),
        "add movie" => sc
            .add_movie(a, "New film", 100, None, None)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "change runtime" => sc
            .change_runtime(a, w.spare_movie, 95)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "edit movie" => sc
            .edit_movie(a, w.spare_movie, "Renamed", 95, Some("12"), None)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "delete movie" => sc
            .delete_movie(a, w.spare_movie)
            .await
            .map_err(|e| code(&e)),
        "schedule showtime" => sc
            .schedule_showtime(a, w.movie, "Main", local("2026-12-01 12:00"), ten)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "move showtime" => sc
            .move_showtime(a, w.spare_showtime, local("2026-12-01 21:30"))
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "change showtime price" => sc
            .set_price(a, w.showtime, ten)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "delete showtime" => sc
            .delete_showtime(a, w.spare_showtime)
            .await
            .map_err(|e| code(&e)),
        "mark seat broken" => sc
            .set_seat_broken(a, "Main", "A1", true)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "block seat" => s
            .booking
            .block_seat(a, w.showtime, "A2")
            .await
            .map_err(|e| code(&e)),
        "set a discount" => s
            .booking
            .set_discount(a, TicketType::Child, Money::parse("4").unwrap())
            .await
            .map_err(|e| code(&e)),
        "set a share discount" => s
            .booking
            .set_ticket_discount(a, TicketType::Student, Discount::Percent(15))
            .await
            .map_err(|e| code(&e)),
        "copy a day" => sc
            .copy_days(a, day(1), 1, day(8))
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "hold seats" => s
            .booking
            .hold(a, w.showtime, &["B1".to_string()], None)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "sell for cash" => {
            // The actor's own hold, taken first (every role may hold).
            let o = s
                .booking
                .hold(a, w.showtime, &["C1".to_string()], None)
                .await
                .unwrap()
                .order
                .id;
            s.payment
                .pay_cash(a, o, &[], None)
                .await
                .map(drop)
                .map_err(|e| code(&e))
        }
        "release another's hold" => s
            .booking
            .release(a, w.others_order, &[])
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "create an account" => s
            .identity
            .create_user_as(a, "newbie", Role::Cashier, PW)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "unlock an account" => s
            .identity
            .unlock(a, "locked")
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "list accounts" => s.identity.list(a).await.map(drop).map_err(|e| code(&e)),
        "create staff with a generated password" => s
            .identity
            .create_staff(a, "staffer", Role::Cashier)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "reset a password" => s
            .identity
            .reset_password(a, "locked")
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "change a role" => s
            .identity
            .set_role(a, "locked", Role::Manager)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "see every live hold" => s
            .booking
            .live_holds(a)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "see every open shift" => s
            .payment
            .open_shifts(a)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "read the sales report" => {
            let day = local("2026-12-01 12:00").date_naive();
            s.payment
                .sales_report(a, day, day)
                .await
                .map(drop)
                .map_err(|e| code(&e))
        }
        "search the ledger" => s
            .payment
            .ledger_search(a, &Default::default(), None, 50)
            .await
            .map(drop)
            .map_err(|e| code(&e)),
        "verify the ledger" => s.payment.verify(a).await.map(drop).map_err(|e| code(&e)),
        other => panic!("no operation {other}"),
    }
}

/// Everything an operation could change, as one comparable value (one query, one
/// connection).
async fn fingerprint(db: &TestDb) -> String {
    let parts = [
        "SELECT count(*) FROM halls",
        "SELECT count(*) FROM movies",
        "SELECT coalesce(sum(runtime_minutes), 0) FROM movies",
        "SELECT count(*) FROM showtimes",
        "SELECT coalesce(sum(price_cents), 0) FROM showtimes",
        "SELECT count(*) FROM showtimes WHERE starts_at > '2026-12-01T20:15:00+00:00'",
        "SELECT count(*) FROM seats WHERE broken",
        "SELECT count(*) FROM blocked_seats",
        "SELECT coalesce(sum(discount_cents), 0) FROM ticket_types",
        "SELECT coalesce(sum(discount_percent), 0) FROM ticket_types",
        "SELECT count(*) FROM seat_claims WHERE state = 'held'",
        "SELECT count(*) FROM tickets",
        "SELECT count(*) FROM users",
        "SELECT coalesce(sum(failed_logins), 0) FROM users",
        "SELECT count(*) FROM users WHERE role = 'manager'",
        "SELECT count(DISTINCT password_hash) FROM users",
    ];
    let sql = format!(
        "SELECT {}",
        parts
            .iter()
            .map(|q| format!("CAST(({q}) AS TEXT)"))
            .collect::<Vec<_>>()
            .join(" || ',' || ")
    );
    db.text(&sql).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_by_every_role() {
    // A fresh database per role: the ledger cannot be emptied between them.
    for role in [Role::Manager, Role::Cashier, Role::Customer] {
        each_backend(|db| async move {
            let w = world(&db, role).await;
            for (op, permission) in OPS {
                let before = fingerprint(&db).await;
                let got = attempt(&w, op).await;
                if allows(role, *permission) {
                    assert!(got.is_ok(), "{role} should be allowed to {op}: {got:?}");
                    continue;
                }
                let code = got.expect_err(&format!("{role} must not {op}"));
                let fine = code == "permission_denied"
                    || (*permission == Permission::ActOnOthersOrders && code == "not_found");
                assert!(fine, "{role} / {op}: refused with {code}");
                let after = fingerprint(&db).await;
                if *op == "sell for cash" {
                    // Only the actor's own hold, taken to try the sale, is new.
                    assert_eq!(db.count("SELECT count(*) FROM tickets").await, 0);
                } else {
                    assert_eq!(
                        after, before,
                        "{role} / {op}: a denied call changed something"
                    );
                }
            }
        })
        .await;
    }
}
