//! The staff screen's work: every account, and each change a manager makes to one.

use crate::identity::ports::Credentials;
use crate::identity::{Role, User};
use crate::tui::ctx::Ctx;
use crate::tui::event::{Answer as Reply, Command, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Load {
        actor: User,
    },
    /// A staff account with a generated password.
    Create {
        actor: User,
        username: String,
        role: Role,
    },
    SetActive {
        actor: User,
        username: String,
        active: bool,
    },
    Unlock {
        actor: User,
        username: String,
    },
    /// A generated password replaces the old one.
    Reset {
        actor: User,
        username: String,
    },
    SetRole {
        actor: User,
        username: String,
        role: Role,
    },
}

/// A password made for someone: whose, and the password, to be shown once.
pub struct Shown {
    pub username: String,
    pub password: String,
    /// "Created cashier account anna" or "New password for anna".
    pub what: String,
}

pub enum Done {
    Loaded(Reply<Vec<Credentials>>),
    /// What was done, for the message line.
    Changed(Reply<String>),
    Password(Reply<Shown>),
}

const LOADING: &str = "reading the accounts";
const SAVING: &str = "changing the account";
const HASHING: &str = "making the password";

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some(match self {
            Work::Load { .. } => LOADING,
            Work::Create { .. } | Work::Reset { .. } => HASHING,
            _ => SAVING,
        })
    }

    async fn perform(self, runner: &Runner) -> Done {
        let id = &runner.services.identity;
        let failed = |what| move |e| Problem::logged(what, e);
        match self {
            Work::Load { actor } => Done::Loaded(id.list(&actor).await.map_err(failed("accounts"))),
            Work::Create {
                actor,
                username,
                role,
            } => Done::Password(
                id.create_staff(&actor, &username, role)
                    .await
                    .map(|(user, pw)| Shown {
                        what: format!("Created {} account {}", user.role, user.username),
                        username: user.username,
                        password: pw.0,
                    })
                    .map_err(failed("create account")),
            ),
            Work::Reset { actor, username } => Done::Password(
                id.reset_password(&actor, &username)
                    .await
                    .map(|pw| Shown {
                        what: format!("New password for {username}"),
                        username,
                        password: pw.0,
                    })
                    .map_err(failed("reset password")),
            ),
            Work::SetActive {
                actor,
                username,
                active,
            } => Done::Changed(
                id.set_active(&actor, &username, active)
                    .await
                    .map(|u| {
                        let state = if active { "enabled" } else { "disabled" };
                        format!("Account {} {state}.", u.username)
                    })
                    .map_err(failed("enable or disable")),
            ),
            Work::Unlock { actor, username } => Done::Changed(
                id.unlock(&actor, &username)
                    .await
                    .map(|u| format!("Account {} unlocked: it may log in again.", u.username))
                    .map_err(failed("unlock")),
            ),
            Work::SetRole {
                actor,
                username,
                role,
            } => Done::Changed(
                id.set_role(&actor, &username, role)
                    .await
                    .map(|u| format!("{} is now a {}.", u.username, u.role))
                    .map_err(failed("change role")),
            ),
        }
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Loaded(_) => LOADING,
            Done::Changed(_) => SAVING,
            Done::Password(_) => HASHING,
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Loaded(r) => asked(r),
            Done::Changed(r) => asked(r),
            Done::Password(r) => asked(r),
        }
    }

    // A password nobody is there to see is lost; the manager resets it again.
    fn orphaned(self, ctx: &mut Ctx) -> Option<Command> {
        match self {
            Done::Changed(Ok(text)) => ctx.info = Some(text),
            Done::Changed(Err(e)) | Done::Password(Err(e)) => ctx.message = Some(failed(&e)),
            Done::Password(Ok(shown)) => {
                ctx.message = Some(format!(
                    "The password for {} was made while the staff screen was closed: reset it again to see one.",
                    shown.username
                ));
            }
            Done::Loaded(_) => {}
        }
        None
    }
}

pub(super) fn failed(e: &Problem) -> String {
    format!("Not done: {e}")
}
