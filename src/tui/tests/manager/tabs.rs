//! The manager's four screens behind their tabs, driven through the app: each tab opens
//! its screen and reads; a cashier's tab keys reach none of them.

use ratatui::crossterm::event::KeyCode;

use crate::payment::ports::LedgerFilter;
use crate::tui::event::Command;
use crate::tui::screens::audit::Work as AuditWork;
use crate::tui::screens::floor::{Done as FloorDone, Floor, Work as FloorWork};
use crate::tui::screens::reports::Work as ReportsWork;
use crate::tui::screens::staff::Work as StaffWork;
use crate::tui::tests::office::{manager, manager_app};
use crate::tui::tests::{done, key, loaded_app, on};

#[test]
fn each_tab_opens_its_screen_and_reads_as_the_manager() {
    let mut app = manager_app();
    let actor = manager();
    assert_eq!(
        app.handle(key(KeyCode::F(6))),
        Some(Command::run(StaffWork::Load {
            actor: actor.clone()
        }))
    );
    assert!(on(&app, "staff"));
    assert_eq!(
        app.handle(key(KeyCode::F(7))),
        Some(Command::run(FloorWork::Load {
            actor: actor.clone()
        }))
    );
    assert!(on(&app, "floor"));
    app.handle(done(FloorDone::Loaded(Ok(Floor::default()))));
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    assert_eq!(
        app.handle(key(KeyCode::F(8))),
        Some(Command::run(ReportsWork::Load {
            actor: actor.clone(),
            from: day - chrono::Duration::days(6),
            to: day,
        }))
    );
    assert!(on(&app, "reports"));
    assert_eq!(
        app.handle(key(KeyCode::F(9))),
        Some(Command::run(AuditWork::Load {
            actor,
            filter: LedgerFilter::default(),
            before: None,
        }))
    );
    assert!(on(&app, "audit"));
}

#[test]
fn a_cashier_reaches_none_of_the_managers_screens() {
    let mut app = loaded_app(crate::tui::tests::listing());
    for f in 6..=9 {
        assert_eq!(app.handle(key(KeyCode::F(f))), None);
        for name in ["staff", "floor", "reports", "audit"] {
            assert!(!on(&app, name), "a cashier on {name}");
        }
    }
}
