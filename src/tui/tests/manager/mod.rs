//! The manager's floor, staff, reports and audit screens, each driven alone with its
//! actions and answers, and drawn at 80x24 and 140x40.

mod audit;
mod floor;
mod reports;
mod staff;
mod tabs;

use chrono::{DateTime, Duration, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{context, now, settings};
use crate::identity::{Role, User};
use crate::tui::ctx::Ctx;
use crate::tui::screens::Screen;
use crate::vocab::UserId;

fn manager() -> User {
    User {
        id: UserId(1),
        username: "maria".into(),
        role: Role::Manager,
        active: true,
    }
}

/// A manager's session at `now()`.
fn ctx() -> Ctx {
    let mut ctx = Ctx::new(context(), settings(), now());
    ctx.session = Some(manager());
    ctx
}

/// `now()` moved by some minutes.
fn at(minutes: i64) -> DateTime<Utc> {
    now() + Duration::minutes(minutes)
}

/// A moment on the venue's clock of `day()` (Berlin, UTC+1 in December).
fn local(hh: u32, mm: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, hh - 1, mm, 0).unwrap()
}

fn draw(screen: &dyn Screen, ctx: &Ctx, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| screen.render(f, f.area(), ctx)).unwrap();
    terminal.backend().to_string()
}

fn snapshot_both(name: &str, screen: &dyn Screen, ctx: &Ctx) {
    insta::assert_snapshot!(format!("{name}_80x24"), draw(screen, ctx, 80, 24));
    insta::assert_snapshot!(format!("{name}_140x40"), draw(screen, ctx, 140, 40));
}
