use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

fn draft(kind: LedgerKind, cents: i64) -> LedgerDraft {
    let at = Utc.with_ymd_and_hms(2026, 11, 24, 19, 0, 0).unwrap();
    LedgerDraft::new(at, kind, UserId(7), "EUR")
        .signed_amount(cents)
        .method("card")
        .order(OrderId(3))
}

fn chain(drafts: Vec<LedgerDraft>) -> Vec<LedgerEntry> {
    let mut prev = GENESIS.to_string();
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let seq = i as i64 + 1;
            let hash = chain_hash(seq, &d, &prev);
            let row = LedgerEntry {
                seq,
                draft: d,
                prev_hash: prev.clone(),
                hash: hash.clone(),
            };
            prev = hash;
            row
        })
        .collect()
}

fn walk(rows: &[LedgerEntry]) -> Result<(), ChainBreak> {
    let mut w = ChainWalk::default();
    rows.iter().try_for_each(|r| w.check(r))?;
    let last = rows
        .last()
        .map(|r| (r.seq, r.hash.clone()))
        .unwrap_or((0, GENESIS.into()));
    w.finish(last.0, &last.1)
}

#[test]
fn test_cards_pass_luhn_and_typos_do_not() {
    for n in [
        CardNumber::APPROVE,
        CardNumber::DECLINE,
        CardNumber::TIMEOUT,
    ] {
        assert!(CardNumber::parse(n).is_ok(), "{n}");
    }
    assert_eq!(
        CardNumber::parse("4242 4242-4242 4242").unwrap().last4(),
        "4242"
    );
    assert!(
        CardNumber::parse("4242424242424241")
            .unwrap_err()
            .contains("mistyped")
    );
    assert!(
        CardNumber::parse("4242x")
            .unwrap_err()
            .contains("only digits")
    );
    assert!(CardNumber::parse("42").unwrap_err().contains("12 to 19"));
    assert!(
        !format!("{:?}", CardNumber::parse(CardNumber::APPROVE).unwrap()).contains("424242424242")
    );
}

#[test]
fn retries_double_their_pause_and_stop_after_three() {
    let p = RetryPolicy {
        retries: 3,
        first_pause: Duration::from_millis(100),
    };
    assert_eq!(p.pause_before(1), Some(Duration::from_millis(100)));
    assert_eq!(p.pause_before(2), Some(Duration::from_millis(200)));
    assert_eq!(p.pause_before(3), Some(Duration::from_millis(400)));
    assert_eq!(p.pause_before(4), None);
}

#[test]
fn cashiers_refund_until_the_start_and_managers_always() {
    let start = Utc.with_ymd_and_hms(2026, 11, 24, 20, 0, 0).unwrap();
    let before = start - chrono::Duration::seconds(1);
    assert!(refund_allowed(Role::Cashier, before, start).is_ok());
    assert!(refund_allowed(Role::Cashier, start, start).is_err());
    assert!(refund_allowed(Role::Manager, start + chrono::Duration::hours(3), start).is_ok());
    assert!(refund_allowed(Role::Customer, before, start).is_ok());
    assert!(refund_allowed(Role::Customer, start, start).is_err());
}

#[test]
fn a_whole_chain_verifies_and_every_kind_round_trips() {
    let rows = chain(LEDGER_KINDS.iter().map(|k| draft(*k, 100)).collect());
    assert_eq!(walk(&rows), Ok(()));
    for k in LEDGER_KINDS {
        assert_eq!(LedgerKind::parse(k.as_str()), Some(k));
    }
}

#[test]
fn the_first_changed_row_is_named() {
    let mut rows = chain(
        (1..=5)
            .map(|i| draft(LedgerKind::Success, i * 100))
            .collect(),
    );
    rows[2].draft.amount_cents = 1;
    rows[3].draft.detail = "edited".into();
    assert_eq!(walk(&rows).unwrap_err().seq, 3);
}

#[test]
fn a_removed_row_and_a_cut_tail_are_breaks() {
    let rows = chain((1..=4).map(|i| draft(LedgerKind::Success, i)).collect());
    let mut gap = rows.clone();
    gap.remove(1);
    assert_eq!(walk(&gap).unwrap_err().seq, 2);
    let mut w = ChainWalk::default();
    rows[..3].iter().for_each(|r| w.check(r).unwrap());
    assert_eq!(w.finish(4, &rows[3].hash).unwrap_err().seq, 4);
}

#[test]
fn a_rehashed_row_still_breaks_the_next_link() {
    let mut rows = chain((1..=3).map(|i| draft(LedgerKind::Refund, i)).collect());
    rows[1].draft.amount_cents = 999;
    rows[1].hash = chain_hash(2, &rows[1].draft, &rows[1].prev_hash);
    assert_eq!(walk(&rows).unwrap_err().seq, 3);
}

#[test]
fn close_out_counts_float_sales_and_refunds() {
    let m = |c| Money::from_cents(c).unwrap();
    let totals = DrawerTotals {
        cash_in: m(4_550),
        cash_out: m(1_000),
        card_in: m(3_000),
        card_out: m(0),
    };
    let c = close_out(m(10_000), totals, m(13_500));
    assert_eq!(c.expected_cash, 13_550);
    assert_eq!(c.variance_cents, -50);
    assert_eq!(c.card_net_cents, 3_000);
    assert_eq!(signed(c.variance_cents), "-0.50");
}

proptest! {
    #[test]
    fn any_single_field_change_is_detected(amounts in proptest::collection::vec(0i64..1_000_000, 1..20), which in 0usize..20, delta in 1i64..1000) {
        let mut rows = chain(amounts.iter().map(|a| draft(LedgerKind::Success, *a)).collect());
        let i = which % rows.len();
        rows[i].draft.amount_cents += delta;
        prop_assert_eq!(walk(&rows).unwrap_err().seq, rows[i].seq);
    }
}
