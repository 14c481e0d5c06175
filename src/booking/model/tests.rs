use super::*;

fn m(c: i64) -> Money {
    Money::from_cents(c).unwrap()
}

fn table() -> PriceTable {
    PriceTable {
        discounts: [(TicketType::Child, m(300)), (TicketType::Student, m(150))].into(),
        percents: [(TicketType::Senior, 25)].into(),
        surcharges: [(SeatKind::Premium, m(300))].into(),
    }
}

#[test]
fn a_share_discount_takes_its_percent_of_the_base_only() {
    let t = table();
    // 25% of 10.50 is 2.625: 2.63 off; the premium surcharge is not discounted.
    assert_eq!(
        t.price(m(1050), SeatKind::Standard, TicketType::Senior),
        m(787)
    );
    assert_eq!(
        t.price(m(1050), SeatKind::Premium, TicketType::Senior),
        m(1087)
    );
}

#[test]
fn price_is_base_plus_surcharge_minus_discount() {
    let t = table();
    assert_eq!(
        t.price(m(1000), SeatKind::Standard, TicketType::Adult),
        m(1000)
    );
    assert_eq!(
        t.price(m(1000), SeatKind::Premium, TicketType::Adult),
        m(1300)
    );
    assert_eq!(
        t.price(m(1000), SeatKind::Premium, TicketType::Child),
        m(1000)
    );
    assert_eq!(
        t.price(m(1000), SeatKind::Wheelchair, TicketType::Student),
        m(850)
    );
    // Never negative: a free screening stays free for a child.
    assert_eq!(
        t.price(Money::ZERO, SeatKind::Standard, TicketType::Child),
        Money::ZERO
    );
}

#[test]
fn lines_take_types_in_order_and_default_to_adult() {
    let seats: Vec<OrderSeat> = (1..=3)
        .map(|i| OrderSeat {
            seat_id: SeatId(i),
            label: format!("A{i}"),
            kind: SeatKind::Standard,
        })
        .collect();
    let (lines, total) = price_lines(
        &table(),
        m(1000),
        &seats,
        &[TicketType::Adult, TicketType::Child],
    )
    .unwrap();
    assert_eq!(lines[1].ticket_type, TicketType::Child);
    assert_eq!(lines[2].ticket_type, TicketType::Adult);
    assert_eq!(total, m(2700));
    assert!(price_lines(&table(), m(1000), &seats[..1], &[TicketType::Adult; 2]).is_err());
}

#[test]
fn change_is_exact_in_cents() {
    assert_eq!(change_due(m(2350), m(5000)).unwrap(), m(2650));
    assert_eq!(change_due(m(2350), m(2350)).unwrap(), Money::ZERO);
    assert!(matches!(
        change_due(m(2350), m(2349)),
        Err(BookingError::TenderedTooLittle { .. })
    ));
}

#[test]
fn an_expired_hold_frees_its_seat_at_once() {
    let t0 = DateTime::<Utc>::from_timestamp(1_000_000, 0).unwrap();
    let c = Claim {
        seat_id: SeatId(1),
        order_id: OrderId(7),
        state: ClaimState::Held,
        held_until: t0,
        holder_id: UserId(2),
        holder: "cashier".into(),
        channel: Channel::Counter,
    };
    let none = |_| false;
    let mine = |o: OrderId| o == OrderId(7);
    let before = t0 - chrono::Duration::seconds(1);
    assert_eq!(
        seat_state(false, false, Some(&c), &none, before).word(),
        "held"
    );
    assert_eq!(
        seat_state(false, false, Some(&c), &mine, before).word(),
        "held_by_me"
    );
    assert_eq!(
        seat_state(false, false, Some(&c), &none, t0),
        SeatState::Free
    );
    assert_eq!(
        seat_state(true, false, Some(&c), &none, before),
        SeatState::Broken
    );
    let kiosk = Claim {
        channel: Channel::Kiosk,
        ..c.clone()
    };
    assert_eq!(
        seat_state(false, false, Some(&kiosk), &none, before),
        SeatState::Held {
            by: "online".into(),
            until: t0
        }
    );
}

#[test]
fn too_many_ticket_types_are_counted_in_words() {
    let seat = OrderSeat {
        seat_id: SeatId(1),
        label: "A1".into(),
        kind: SeatKind::Standard,
    };
    let err = price_lines(
        &table(),
        m(1000),
        &[seat],
        &[TicketType::Adult, TicketType::Child],
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "type: 2 ticket types for 1 seat");
}
