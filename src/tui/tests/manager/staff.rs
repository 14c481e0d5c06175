//! Staff: accounts with their locks in venue time, the new account form, a password
//! shown once, and each change asked of the identity service.

use crate::identity::ports::Credentials;
use crate::identity::{Role, User};
use crate::tui::event::{Command, Done, Problem};
use crate::tui::keymap::Action;
use crate::tui::screens::staff::{Done as StaffDone, Shown, StaffScreen, Work as StaffWork};
use crate::tui::screens::{OnQuit, Screen, Typing};
use crate::vocab::UserId;

use super::{at, ctx, manager, snapshot_both};

fn account(id: i64, name: &str, role: Role, active: bool) -> Credentials {
    Credentials {
        user: User {
            id: UserId(id),
            username: name.into(),
            role,
            active,
        },
        password_hash: String::new(),
        failed_logins: 0,
        locked_until: None,
    }
}

fn accounts() -> Vec<Credentials> {
    let mut anna = account(2, "anna", Role::Cashier, true);
    anna.failed_logins = 5;
    anna.locked_until = Some(at(12));
    let mut carl = account(4, "carl", Role::Cashier, true);
    carl.failed_logins = 2;
    vec![
        anna,
        account(3, "ben", Role::Cashier, false),
        carl,
        account(1, "maria", Role::Manager, true),
    ]
}

fn loaded() -> (StaffScreen, crate::tui::ctx::Ctx) {
    let mut ctx = ctx();
    let (mut screen, first) = StaffScreen::open(&ctx).unwrap();
    assert_eq!(first, Command::run(StaffWork::Load { actor: manager() }));
    screen.on_done(Done::Staff(StaffDone::Loaded(Ok(accounts()))), &mut ctx);
    (screen, ctx)
}

#[test]
fn staff_lists_roles_states_and_lockouts_in_venue_time() {
    let (screen, ctx) = loaded();
    // 17:42 in Berlin plus 12 minutes.
    snapshot_both("staff", &screen, &ctx);
}

#[test]
fn each_key_asks_the_service_for_the_chosen_account() {
    let (mut screen, mut ctx) = loaded();
    let run = |w| Some(Command::run(w));
    let who = |n: &str| n.to_string();
    assert_eq!(
        screen.on_action(Action::Unlock, &mut ctx),
        run(StaffWork::Unlock {
            actor: manager(),
            username: who("anna")
        })
    );
    screen.on_action(Action::Down, &mut ctx);
    assert_eq!(
        screen.on_action(Action::ToggleActive, &mut ctx),
        run(StaffWork::SetActive {
            actor: manager(),
            username: who("ben"),
            active: true
        })
    );
    assert_eq!(screen.on_action(Action::Unlock, &mut ctx), None);
    assert_eq!(ctx.message.as_deref(), Some("ben is not locked out."));
    screen.on_action(Action::Down, &mut ctx);
    // Disabling, a new password and a new role each take their key twice; enabling
    // (above) asks nothing.
    assert_eq!(screen.on_action(Action::ToggleActive, &mut ctx), None);
    assert_eq!(
        ctx.info.as_deref(),
        Some("Disable carl? d again to confirm (any other key cancels).")
    );
    snapshot_both("staff_disable_asked", &screen, &ctx);
    assert_eq!(
        screen.on_action(Action::ToggleActive, &mut ctx),
        run(StaffWork::SetActive {
            actor: manager(),
            username: who("carl"),
            active: false
        })
    );
    screen.on_action(Action::Down, &mut ctx);
    assert_eq!(screen.on_action(Action::ChangeRole, &mut ctx), None);
    assert_eq!(
        ctx.info.as_deref(),
        Some("Make maria a cashier? o again to confirm (any other key cancels).")
    );
    assert_eq!(
        screen.on_action(Action::ChangeRole, &mut ctx),
        run(StaffWork::SetRole {
            actor: manager(),
            username: who("maria"),
            role: Role::Cashier
        })
    );
    assert_eq!(screen.on_action(Action::ResetPassword, &mut ctx), None);
    // Another key in between cancels the question.
    screen.on_action(Action::Up, &mut ctx);
    screen.on_action(Action::Down, &mut ctx);
    assert_eq!(screen.on_action(Action::ResetPassword, &mut ctx), None);
    assert_eq!(
        screen.on_action(Action::ResetPassword, &mut ctx),
        run(StaffWork::Reset {
            actor: manager(),
            username: who("maria")
        })
    );
    // The service's refusal (the last manager) is a message, and the list is re-read.
    let next = screen.on_done(
        Done::Staff(StaffDone::Changed(Err(Problem::refused(
            "this is the last active manager; make another manager first",
        )))),
        &mut ctx,
    );
    assert_eq!(next, run(StaffWork::Load { actor: manager() }));
    assert_eq!(
        ctx.message.as_deref(),
        Some("Not done: this is the last active manager; make another manager first")
    );
}

#[test]
fn a_new_account_is_typed_then_its_password_is_shown_once() {
    let (mut screen, mut ctx) = loaded();
    screen.on_action(Action::NewAccount, &mut ctx);
    assert_eq!(screen.typing(), Typing::Field);
    for c in "dora".chars() {
        screen.on_char(c, &mut ctx);
    }
    screen.on_action(Action::NextField, &mut ctx);
    snapshot_both("staff_new_account", &screen, &ctx);
    assert_eq!(
        screen.on_action(Action::Confirm, &mut ctx),
        Some(Command::run(StaffWork::Create {
            actor: manager(),
            username: "dora".into(),
            role: Role::Manager,
        }))
    );
    screen.on_done(
        Done::Staff(StaffDone::Password(Ok(Shown {
            username: "dora".into(),
            password: "Xk4pQ7mWz9RtBn2s".into(),
            what: "Created manager account dora".into(),
        }))),
        &mut ctx,
    );
    let mut list = accounts();
    list.insert(1, with_dora());
    screen.on_done(Done::Staff(StaffDone::Loaded(Ok(list))), &mut ctx);
    assert_eq!(
        screen.on_quit(),
        OnQuit::Stay,
        "q must not lose the password"
    );
    snapshot_both("staff_password_shown", &screen, &ctx);
    // Any key puts it away for good.
    assert_eq!(screen.on_action(Action::Down, &mut ctx), None);
    assert!(screen.state.shown.is_none());
    assert_eq!(screen.state.selected, 1, "the new account stays chosen");
}

pub(super) fn with_dora() -> Credentials {
    account(5, "dora", Role::Manager, true)
}
