//! A manager's staff work on both stores: an account made with a generated password
//! that logs in, a reset that replaces it (and lifts a lock), a change of role, and the
//! last active manager who stays one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use boxoffice::identity::{IdentityError, Role};
use common::{each_backend, local};

#[tokio::test]
async fn staff_made_and_reset_with_passwords_shown_once_and_roles_changed() {
    each_backend(|db| async move {
        let (s, _) = db.services_at(local("2026-12-01 09:00"));
        let id = &s.identity;
        let boss = id
            .create_user("maria", Role::Manager, "velvet curtain 7")
            .await
            .unwrap();
        let (anna, pw) = id.create_staff(&boss, "anna", Role::Cashier).await.unwrap();
        assert_eq!(anna.role, Role::Cashier);
        assert_eq!(id.login("anna", &pw.0).await.unwrap().id, anna.id);
        assert!(matches!(
            id.create_staff(&boss, "carl", Role::Customer).await,
            Err(IdentityError::Invalid { field: "role", .. })
        ));
        // A cashier may do none of it.
        assert!(matches!(
            id.create_staff(&anna, "eve", Role::Manager).await,
            Err(IdentityError::PermissionDenied(_))
        ));
        assert!(matches!(
            id.set_role(&anna, "anna", Role::Manager).await,
            Err(IdentityError::PermissionDenied(_))
        ));
        assert!(matches!(
            id.reset_password(&anna, "maria").await,
            Err(IdentityError::PermissionDenied(_))
        ));

        // Locked out, then reset: the new password works at once, the old one not.
        for _ in 0..5 {
            let _ = id.login("anna", "wrong password!!").await;
        }
        assert!(id.login("anna", &pw.0).await.is_err());
        let fresh = id.reset_password(&boss, "anna").await.unwrap();
        assert_ne!(fresh.0, pw.0);
        assert!(id.login("anna", &pw.0).await.is_err());
        assert!(id.login("anna", &fresh.0).await.is_ok());

        // The last active manager stays one; with a second manager, one may step down.
        assert!(matches!(
            id.set_role(&boss, "maria", Role::Cashier).await,
            Err(IdentityError::Refused(_))
        ));
        let promoted = id.set_role(&boss, "anna", Role::Manager).await.unwrap();
        assert_eq!(promoted.role, Role::Manager);
        let stepped = id.set_role(&boss, "maria", Role::Cashier).await.unwrap();
        assert_eq!(stepped.role, Role::Cashier);
        let list = id.list(&promoted).await.unwrap();
        let role = |name: &str| {
            list.iter()
                .find(|c| c.user.username == name)
                .unwrap()
                .user
                .role
        };
        assert_eq!(role("maria"), Role::Cashier);
        assert_eq!(role("anna"), Role::Manager);
        assert!(matches!(
            id.set_role(&promoted, "anna", Role::Cashier).await,
            Err(IdentityError::Refused(_))
        ));
        let log = id.activity(&promoted, None, 50).await.unwrap();
        assert!(log.iter().any(|a| a.action == "role_changed"));
        assert!(log.iter().any(|a| a.action == "password_reset"));
        assert!(!format!("{log:?}").contains(&fresh.0));
    })
    .await;
}

/// Two managers step down at the same moment, twenty times over: one of them always
/// stays a manager (the operator does not count).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_managers_stepping_down_at_once_leave_one() {
    each_backend(|db| async move {
        let (s, _) = db.services_at(local("2026-12-01 09:00"));
        let id = &s.identity;
        let pw = "velvet curtain 7";
        let a = id.create_user("ada", Role::Manager, pw).await.unwrap();
        let b = id.create_user("bea", Role::Manager, pw).await.unwrap();
        for round in 0..20 {
            let (sa, sb) = (s.clone(), s.clone());
            let (a2, b2) = (a.clone(), b.clone());
            let first =
                tokio::spawn(async move { sa.identity.set_role(&a2, "ada", Role::Cashier).await });
            let second =
                tokio::spawn(async move { sb.identity.set_role(&b2, "bea", Role::Cashier).await });
            let (x, y) = (first.await.unwrap(), second.await.unwrap());
            assert_eq!(
                usize::from(x.is_ok()) + usize::from(y.is_ok()),
                1,
                "round {round}: exactly one steps down ({x:?} / {y:?})"
            );
            let managers = id
                .list(&a)
                .await
                .unwrap()
                .into_iter()
                .filter(|c| c.user.role == Role::Manager)
                .count();
            assert_eq!(managers, 1, "round {round}");
            // Back to two managers for the next round.
            let back = if x.is_ok() { "ada" } else { "bea" };
            id.set_role(&a, back, Role::Manager).await.unwrap();
        }
    })
    .await;
}

/// Two managers disable each other at the same moment, twenty times over: one of them
/// always stays active.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_managers_disabling_each_other_at_once_leave_one() {
    each_backend(|db| async move {
        let (s, _) = db.services_at(local("2026-12-01 09:00"));
        let id = &s.identity;
        let pw = "velvet curtain 7";
        let a = id.create_user("ada", Role::Manager, pw).await.unwrap();
        let b = id.create_user("bea", Role::Manager, pw).await.unwrap();
        for round in 0..20 {
            let (sa, sb) = (s.clone(), s.clone());
            let (a2, b2) = (a.clone(), b.clone());
            let first =
                tokio::spawn(async move { sa.identity.set_active(&a2, "bea", false).await });
            let second =
                tokio::spawn(async move { sb.identity.set_active(&b2, "ada", false).await });
            let (x, y) = (first.await.unwrap(), second.await.unwrap());
            assert_eq!(
                usize::from(x.is_ok()) + usize::from(y.is_ok()),
                1,
                "round {round}: exactly one is disabled ({x:?} / {y:?})"
            );
            let active = id
                .list(&a)
                .await
                .unwrap()
                .into_iter()
                .filter(|c| c.user.role == Role::Manager && c.user.active)
                .count();
            assert_eq!(active, 1, "round {round}");
            let back = if x.is_ok() { "bea" } else { "ada" };
            id.set_active(&a, back, true).await.unwrap();
        }
    })
    .await;
}
