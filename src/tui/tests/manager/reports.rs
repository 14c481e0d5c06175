//! Reports: the chart, the tables with bars, the heat map and the refunds over a week,
//! the range moved and widened by keys, and the CSV export of the view on screen.

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use crate::payment::ports::{OccupancyFact, RefundFact, SaleFact};
use crate::payment::report::{occupancy_lines, sales_report};
use crate::tui::event::{Command, Done, Work};
use crate::tui::keymap::Action;
use crate::tui::screens::Screen;
use crate::tui::screens::reports::{
    Done as ReportsDone, Pane, Report, ReportsScreen, Work as ReportsWork,
};
use crate::vocab::{Money, OrderId, ShowtimeId};

use super::{ctx, manager, snapshot_both};

fn date(d: u32) -> NaiveDate {
    if d > 20 {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    } else {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }
}

/// Berlin wall clock hh:00 on a day (UTC+1).
fn on(day: NaiveDate, hh: u32) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(hh - 1, 0, 0).unwrap())
}

fn report(from: NaiveDate, to: NaiveDate) -> Report {
    let venue = super::super::context().venue;
    let movies = ["The Long Night", "Paper Moons", "Kids' Matinee"];
    let halls = ["Grand", "Studio"];
    let mut sales = Vec::new();
    let mut occupancy = Vec::new();
    let mut day = from;
    let mut n = 0i64;
    while day <= to {
        let i = (day - from).num_days();
        for (k, movie) in movies.iter().enumerate() {
            let hall = halls[k % 2];
            let capacity = if hall == "Grand" { 120 } else { 40 };
            let sold = (i * 7 + k as i64 * 13) % (capacity + 1);
            occupancy.push(OccupancyFact {
                showtime: ShowtimeId(100 + n),
                starts_at: on(day, 14 + 3 * k as u32),
                movie: movie.to_string(),
                hall: hall.to_string(),
                status: "scheduled".into(),
                capacity,
                sold,
                revenue: Money::from_cents(sold * 950).unwrap(),
            });
            n += 1;
            for t in 0..(sold / 4) {
                sales.push(SaleFact {
                    sold_at: on(day, 12 + k as u32),
                    movie: movie.to_string(),
                    hall: hall.to_string(),
                    cashier: if t % 2 == 0 { "anna" } else { "ben" }.into(),
                    method: ["cash", "card", "card", "free"][(t % 4) as usize].into(),
                    ticket_type: "adult".into(),
                    price: Money::from_cents(if t % 4 == 3 { 0 } else { 950 }).unwrap(),
                });
            }
        }
        day += Duration::days(1);
    }
    let refunds = vec![RefundFact {
        at: on(to, 19),
        order: OrderId(812),
        movie: "Paper Moons".into(),
        hall: "Studio".into(),
        by: "maria".into(),
        method: "card".into(),
        tickets: 2,
        amount: Money::parse("19.00").unwrap(),
        reason: "projector failed".into(),
    }];
    Report {
        sales: sales_report(from, to, "EUR", &sales, refunds, |t| {
            venue.business_day_of(t)
        }),
        occupancy: occupancy_lines(occupancy),
    }
}

fn loaded() -> (ReportsScreen, crate::tui::ctx::Ctx) {
    let mut ctx = ctx();
    let (mut screen, first) = ReportsScreen::open(&ctx).unwrap();
    // The seven business days ending today (1 December).
    assert_eq!(
        first,
        Command::run(ReportsWork::Load {
            actor: manager(),
            from: date(25),
            to: date(1),
        })
    );
    screen.on_done(
        Done::Reports(ReportsDone::Loaded(Ok(report(date(25), date(1))))),
        &mut ctx,
    );
    (screen, ctx)
}

#[test]
fn sales_per_day_is_a_bar_chart_with_the_payment_methods() {
    let (screen, ctx) = loaded();
    snapshot_both("reports_sales_chart", &screen, &ctx);
}

#[test]
fn movies_halls_occupancy_and_refunds_are_views_one_tab_apart() {
    let (mut screen, mut ctx) = loaded();
    for (pane, name) in [
        (Pane::Titles, "reports_movies_halls"),
        (Pane::Occupancy, "reports_occupancy_heat_map"),
        (Pane::Refunds, "reports_refunds"),
    ] {
        assert_eq!(screen.on_action(Action::NextField, &mut ctx), None);
        assert_eq!(screen.state.pane, pane);
        snapshot_both(name, &screen, &ctx);
    }
    screen.on_action(Action::NextField, &mut ctx);
    assert_eq!(screen.state.pane, Pane::Sales, "Tab wraps around");
}

#[test]
fn keys_move_and_widen_the_range_and_each_change_reads_again() {
    let (mut screen, mut ctx) = loaded();
    let load = |from, to| {
        Some(Command::run(ReportsWork::Load {
            actor: manager(),
            from,
            to,
        }))
    };
    assert_eq!(
        screen.on_action(Action::PrevDay, &mut ctx),
        load(date(24), date(30))
    );
    assert_eq!(
        screen.on_action(Action::Widen, &mut ctx),
        load(date(23), date(30))
    );
    assert_eq!(
        screen.on_action(Action::NextDay, &mut ctx),
        load(date(24), date(1))
    );
    for _ in 0..7 {
        screen.on_action(Action::Narrow, &mut ctx);
    }
    assert_eq!((screen.state.from, screen.state.to), (date(1), date(1)));
    assert_eq!(
        screen.on_action(Action::Narrow, &mut ctx),
        None,
        "one day at least"
    );
    // An answer for a range no longer shown is dropped.
    screen.on_done(
        Done::Reports(ReportsDone::Loaded(Ok(report(date(25), date(1))))),
        &mut ctx,
    );
    assert!(screen.state.loading);
    assert_eq!(
        screen.on_action(Action::Today, &mut ctx),
        load(date(25), date(1))
    );
}

#[test]
fn export_writes_the_view_on_screen_as_csv_in_the_data_directory() {
    let (mut screen, mut ctx) = loaded();
    let Some(Command::Run(Work::Reports(ReportsWork::Export { path, text }))) =
        screen.on_action(Action::Export, &mut ctx)
    else {
        panic!("export asks to write a file");
    };
    assert_eq!(
        path,
        std::path::Path::new("/var/lib/boxoffice/reports/sales-2026-11-25-to-2026-12-01.csv")
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "dimension,key,tickets,amount");
    assert_eq!(lines[1], "day,2026-11-25,9,76.00");
    assert!(lines.contains(&"method,card,70,665.00"), "{text}");
    assert_eq!(lines.last(), Some(&"total,net,,1054.50"));
    screen.on_done(Done::Reports(ReportsDone::Exported(Ok(path))), &mut ctx);
    assert_eq!(
        ctx.info.as_deref(),
        Some("Report written to /var/lib/boxoffice/reports/sales-2026-11-25-to-2026-12-01.csv")
    );
    // The occupancy view exports its showtimes.
    screen.on_action(Action::NextField, &mut ctx);
    screen.on_action(Action::NextField, &mut ctx);
    let Some(Command::Run(Work::Reports(ReportsWork::Export { path, text }))) =
        screen.on_action(Action::Export, &mut ctx)
    else {
        panic!("export asks to write a file");
    };
    assert!(path.ends_with("reports/occupancy-2026-11-25-to-2026-12-01.csv"));
    assert_eq!(
        text.lines().next(),
        Some("showtime,starts,movie,hall,status,sold,seats,percent,revenue")
    );
    assert_eq!(text.lines().count(), 1 + 21);
}
