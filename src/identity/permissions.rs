//! Who may do what: one table, checked by every service before it changes anything.
//! The README prints the same table.

use serde::Serialize;

use super::model::{Role, User};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Create, move, delete showtimes; change a showtime's price.
    Schedule,
    /// The price table: ticket-type discounts and seat-kind surcharges.
    SetPrices,
    /// Create and delete halls.
    ManageHalls,
    /// Create, change and delete movies.
    ManageMovies,
    /// Mark seats broken for all showtimes, or block them for one.
    MarkSeatsBroken,
    /// Hold seats and sell at the counter.
    Sell,
    /// Book for oneself (the kiosk).
    BookOwn,
    /// Refund before the showtime starts.
    RefundBeforeStart,
    /// Refund after the showtime started.
    RefundAfterStart,
    /// Release or see another user's holds and orders.
    ActOnOthersOrders,
    ViewReports,
    ViewLedger,
    /// Create staff, disable, unlock, erase accounts.
    ManageUsers,
}

use Permission::*;
use Role::*;

/// The permission matrix.
pub const MATRIX: &[(Permission, &[Role])] = &[
    (Schedule, &[Manager]),
    (SetPrices, &[Manager]),
    (ManageHalls, &[Manager]),
    (ManageMovies, &[Manager]),
    (MarkSeatsBroken, &[Manager, Cashier]),
    (Sell, &[Manager, Cashier]),
    (BookOwn, &[Manager, Cashier, Customer]),
    (RefundBeforeStart, &[Manager, Cashier, Customer]),
    (RefundAfterStart, &[Manager]),
    (ActOnOthersOrders, &[Manager]),
    (ViewReports, &[Manager]),
    (ViewLedger, &[Manager]),
    (ManageUsers, &[Manager]),
];

pub fn allows(role: Role, permission: Permission) -> bool {
    MATRIX
        .iter()
        .any(|(p, roles)| *p == permission && roles.contains(&role))
}

/// `Ok` when the actor's role has the permission and the account is active.
pub fn check(actor: &User, permission: Permission) -> Result<(), String> {
    if !actor.active {
        return Err(format!("the account {:?} is disabled", actor.username));
    }
    if allows(actor.role, permission) {
        Ok(())
    } else {
        Err(format!("a {} may not {}", actor.role, describe(permission)))
    }
}

pub fn describe(permission: Permission) -> &'static str {
    match permission {
        Schedule => "schedule showtimes",
        SetPrices => "change prices",
        ManageHalls => "create or delete halls",
        ManageMovies => "create, change or delete movies",
        MarkSeatsBroken => "mark seats broken or blocked",
        Sell => "sell at the counter",
        BookOwn => "book seats",
        RefundBeforeStart => "refund",
        RefundAfterStart => "refund after the showtime started",
        ActOnOthersOrders => "act on another user's orders",
        ViewReports => "view reports",
        ViewLedger => "view the ledger",
        ManageUsers => "manage accounts",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managers_may_do_everything_and_customers_only_book_and_cancel() {
        for (p, _) in MATRIX {
            assert!(allows(Manager, *p), "{p:?}");
            assert_eq!(
                allows(Customer, *p),
                *p == BookOwn || *p == RefundBeforeStart,
                "{p:?}"
            );
        }
        assert!(allows(Cashier, Sell) && allows(Cashier, RefundBeforeStart));
        assert!(!allows(Cashier, RefundAfterStart) && !allows(Cashier, Schedule));
    }
}
