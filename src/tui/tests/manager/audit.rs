//! Audit: the ledger with who acted, its filter and pages, and the chain check with its
//! progress and verdict.

use crate::payment::model::{ChainBreak, LedgerDraft, LedgerEntry, LedgerKind};
use crate::payment::ports::{ActedEntry, LedgerFilter};
use crate::payment::service::Verification;
use crate::tui::event::{Command, Done, Problem, Work};
use crate::tui::keymap::Action;
use crate::tui::screens::Screen;
use crate::tui::screens::audit::{AuditScreen, Done as AuditDone, PAGE, Work as AuditWork};
use crate::vocab::{OrderId, UserId};

use super::{at, ctx, manager, snapshot_both};

fn row(seq: i64) -> ActedEntry {
    let kinds = [
        (LedgerKind::Success, 2850, "cash", "anna", "3 tickets"),
        (LedgerKind::Attempt, 1900, "card", "ben", "card ending 4242"),
        (
            LedgerKind::Refund,
            -950,
            "card",
            "maria",
            "projector failed",
        ),
        (LedgerKind::ShiftOpen, 15000, "cash", "anna", "float"),
    ];
    let (kind, cents, method, who, detail) = kinds[(seq % 4) as usize];
    ActedEntry {
        entry: LedgerEntry {
            seq,
            draft: LedgerDraft {
                at: at(-(200 - seq) * 7),
                kind,
                amount_cents: cents,
                currency: "EUR".into(),
                method: method.into(),
                order: (kind != LedgerKind::ShiftOpen).then_some(OrderId(300 + seq / 2)),
                actor: UserId(seq % 3),
                reference: format!("ref-{seq}"),
                detail: detail.into(),
            },
            prev_hash: format!("{:064}", seq - 1),
            hash: format!("{seq:064}"),
        },
        username: who.into(),
    }
}

fn page(newest: i64, count: i64) -> Vec<ActedEntry> {
    (0..count).map(|i| row(newest - i)).collect()
}

fn loaded(rows: Vec<ActedEntry>) -> (AuditScreen, crate::tui::ctx::Ctx) {
    let mut ctx = ctx();
    let (mut screen, first) = AuditScreen::open(&ctx).unwrap();
    assert_eq!(
        first,
        Command::run(AuditWork::Load {
            actor: manager(),
            filter: LedgerFilter::default(),
            before: None,
        })
    );
    screen.on_done(Done::Audit(AuditDone::Loaded(Ok(rows))), &mut ctx);
    (screen, ctx)
}

fn verified(rows: u64, broken: Option<ChainBreak>) -> Done {
    Done::Audit(AuditDone::Verified(Ok(Verification {
        rows,
        head: 180,
        broken,
    })))
}

#[test]
fn the_ledger_shows_who_acted_and_the_check_its_progress_then_its_verdict() {
    let (mut screen, mut ctx) = loaded(page(180, 40));
    let Some(Command::Run(Work::Audit(AuditWork::Verify { actor, progress }))) =
        screen.on_action(Action::Verify, &mut ctx)
    else {
        panic!("v starts the check");
    };
    assert_eq!(actor, manager());
    assert_eq!(
        screen.on_action(Action::Verify, &mut ctx),
        None,
        "one check at a time"
    );
    progress.set(120, 180);
    snapshot_both("audit_verifying", &screen, &ctx);
    screen.on_done(verified(180, None), &mut ctx);
    snapshot_both("audit", &screen, &ctx);
}

#[test]
fn a_broken_chain_is_named_by_its_row() {
    let (mut screen, mut ctx) = loaded(page(180, 40));
    screen.on_action(Action::Verify, &mut ctx);
    screen.on_done(
        verified(
            16,
            Some(ChainBreak {
                seq: 17,
                problem: "its hash does not match its contents".into(),
            }),
        ),
        &mut ctx,
    );
    let (whole, text) = screen.state.verdict.clone().unwrap();
    assert!(!whole);
    assert_eq!(
        text,
        "The ledger is BROKEN at row 17: its hash does not match its contents (16 rows checked before it)."
    );
    snapshot_both("audit_broken", &screen, &ctx);
    // A check that could not run says so.
    screen.on_action(Action::Verify, &mut ctx);
    screen.on_done(
        Done::Audit(AuditDone::Verified(Err(Problem::database(
            "connection lost",
        )))),
        &mut ctx,
    );
    assert_eq!(
        screen.state.verdict.clone().unwrap().1,
        "The check could not run: connection lost"
    );
}

#[test]
fn the_filter_is_typed_field_by_field_and_a_bad_field_is_named() {
    let (mut screen, mut ctx) = loaded(page(180, 40));
    screen.on_action(Action::Filter, &mut ctx);
    for c in "sale".chars() {
        screen.on_char(c, &mut ctx);
    }
    screen.on_action(Action::NextField, &mut ctx);
    for c in "anna".chars() {
        screen.on_char(c, &mut ctx);
    }
    assert_eq!(screen.on_action(Action::Confirm, &mut ctx), None);
    assert!(
        ctx.message
            .as_deref()
            .unwrap()
            .starts_with("kind: \"sale\" is not one of attempt, success")
    );
    screen.on_action(Action::PrevField, &mut ctx);
    for _ in 0..4 {
        screen.on_erase(&mut ctx);
    }
    for c in "refund".chars() {
        screen.on_char(c, &mut ctx);
    }
    snapshot_both("audit_filter_form", &screen, &ctx);
    assert_eq!(
        screen.on_action(Action::Confirm, &mut ctx),
        Some(Command::run(AuditWork::Load {
            actor: manager(),
            filter: LedgerFilter {
                kind: Some(LedgerKind::Refund),
                actor: Some("anna".into()),
                ..LedgerFilter::default()
            },
            before: None,
        }))
    );
    assert_eq!(screen.state.applied.describe(), "kind=refund user=anna");
}

#[test]
fn pages_go_back_in_time_and_forward_again() {
    let (mut screen, mut ctx) = loaded(page(250, PAGE));
    let load = |before| {
        Some(Command::run(AuditWork::Load {
            actor: manager(),
            filter: LedgerFilter::default(),
            before,
        }))
    };
    assert_eq!(
        screen.on_action(Action::NextPage, &mut ctx),
        load(Some(151))
    );
    screen.on_done(Done::Audit(AuditDone::Loaded(Ok(page(150, 30)))), &mut ctx);
    assert_eq!(screen.on_action(Action::NextPage, &mut ctx), None);
    assert_eq!(ctx.info.as_deref(), Some("These are the oldest rows."));
    assert_eq!(screen.on_action(Action::PrevPage, &mut ctx), load(None));
    assert_eq!(screen.on_action(Action::PrevPage, &mut ctx), None);
}
