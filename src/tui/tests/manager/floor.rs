//! The floor: live holds with their countdowns, open shifts, and a release.

use crate::booking::model::Channel;
use crate::booking::ports::LiveHold;
use crate::payment::ports::{OpenShift, Shift};
use crate::tui::event::{Command, Done, Problem, Work};
use crate::tui::keymap::Action;
use crate::tui::screens::Screen;
use crate::tui::screens::floor::{Done as FloorDone, Floor, FloorScreen, Work as FloorWork};
use crate::vocab::{Money, OrderId, ShowtimeId, UserId};

use super::{at, ctx, local, manager, snapshot_both};

fn hold(order: i64, who: &str, channel: Channel, seats: &[&str], left_minutes: i64) -> LiveHold {
    LiveHold {
        order: OrderId(order),
        showtime: ShowtimeId(3),
        starts_at: local(20, 15),
        movie: "The Long Night".into(),
        hall: "Hall 1".into(),
        user: UserId(order + 10),
        username: who.into(),
        channel,
        seats: seats.iter().map(|s| s.to_string()).collect(),
        held_until: at(left_minutes),
    }
}

fn floor() -> Floor {
    Floor {
        holds: vec![
            hold(41, "anna", Channel::Counter, &["F7", "F8", "F9"], 2),
            hold(44, "carl", Channel::Kiosk, &["C1"], 9),
            hold(45, "ben", Channel::Counter, &["A4", "A5"], 14),
        ],
        shifts: vec![
            OpenShift {
                shift: Shift {
                    id: 7,
                    user: UserId(11),
                    opened_at: local(9, 0),
                    float: Money::parse("150.00").unwrap(),
                    closed_at: None,
                },
                username: "anna".into(),
            },
            OpenShift {
                shift: Shift {
                    id: 8,
                    user: UserId(12),
                    opened_at: local(14, 30),
                    float: Money::parse("100.00").unwrap(),
                    closed_at: None,
                },
                username: "ben".into(),
            },
        ],
    }
}

fn loaded() -> (FloorScreen, crate::tui::ctx::Ctx) {
    let mut ctx = ctx();
    let (mut screen, first) = FloorScreen::open(&ctx).unwrap();
    assert_eq!(
        first,
        Command::run(FloorWork::Load { actor: manager() }),
        "the floor reads as it opens"
    );
    screen.on_done(Done::Floor(FloorDone::Loaded(Ok(floor()))), &mut ctx);
    (screen, ctx)
}

#[test]
fn the_floor_lists_every_hold_with_time_left_and_every_open_shift() {
    let (screen, ctx) = loaded();
    snapshot_both("floor", &screen, &ctx);
}

#[test]
fn a_lapsed_hold_leaves_the_floor_with_its_countdown() {
    let (mut screen, mut ctx) = loaded();
    screen.on_action(Action::Down, &mut ctx);
    screen.on_action(Action::Down, &mut ctx);
    ctx.now = at(10);
    screen.on_tick(&mut ctx);
    let live = screen.state.live(ctx.now);
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].order, OrderId(45));
    assert_eq!(
        screen.state.selected, 0,
        "the choice stays on a line that is there"
    );
}

#[test]
fn release_asks_the_service_for_the_chosen_hold_and_says_so() {
    let (mut screen, mut ctx) = loaded();
    screen.on_action(Action::Down, &mut ctx);
    // The first press asks; another key keeps the hold; two presses release.
    assert_eq!(screen.on_action(Action::Release, &mut ctx), None);
    assert_eq!(
        ctx.info.as_deref(),
        Some("Release order 44, carl's C1? x again releases, any other key keeps it.")
    );
    snapshot_both("floor_release_asked", &screen, &ctx);
    screen.on_action(Action::Reload, &mut ctx);
    assert_eq!(screen.on_action(Action::Release, &mut ctx), None);
    let cmd = screen.on_action(Action::Release, &mut ctx);
    assert_eq!(
        cmd,
        Some(Command::Run(Work::Floor(FloorWork::Release {
            actor: manager(),
            order: OrderId(44),
            who: "carl".into(),
        })))
    );
    let next = screen.on_done(
        Done::Floor(FloorDone::Released(Ok((OrderId(44), "carl".into())))),
        &mut ctx,
    );
    assert_eq!(
        next,
        Some(Command::run(FloorWork::Load { actor: manager() })),
        "a release re-reads the floor"
    );
    let mut after = floor();
    after.holds.retain(|h| h.order != OrderId(44));
    screen.on_done(Done::Floor(FloorDone::Loaded(Ok(after))), &mut ctx);
    snapshot_both("floor_released", &screen, &ctx);
}

#[test]
fn a_refused_release_is_a_message_not_a_crash() {
    let (mut screen, mut ctx) = loaded();
    screen.on_done(
        Done::Floor(FloorDone::Released(Err(Problem::refused(
            "order 41 is paid: nothing is held",
        )))),
        &mut ctx,
    );
    assert_eq!(
        ctx.message.as_deref(),
        Some("Not released: order 41 is paid: nothing is held")
    );
}

#[test]
fn an_empty_floor_says_nothing_is_held() {
    let mut ctx = ctx();
    let mut screen = FloorScreen::new();
    screen.on_done(
        Done::Floor(FloorDone::Loaded(Ok(Floor::default()))),
        &mut ctx,
    );
    snapshot_both("floor_empty", &screen, &ctx);
}
