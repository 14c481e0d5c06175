//! The manager's reports over a range of business days: sales per day as a bar chart
//! with the payment-method split and the totals, per movie and per hall as tables with
//! bars, occupancy per showtime as a heat map over the days, and the refunds. The range
//! moves and widens with keys; `e` writes the view on screen as CSV under
//! `<data_dir>/reports/`. Figures in `model`, the work in `work`, drawing in `view`.

mod model;
mod view;
mod work;

pub use model::{Pane, Report};
pub use work::{Done, Work};

use chrono::{Duration, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::ctx::Ctx;
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};

use super::Screen;

pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::PrevDay, "the range a day earlier"),
        (Action::NextDay, "the range a day later"),
        (Action::Widen, "a day more (earlier)"),
        (Action::Narrow, "a day less"),
        (Action::Today, "the last seven days"),
        (Action::NextField, "the next view"),
        (Action::PrevField, "the view before"),
        (Action::Export, "write the view on screen as CSV"),
        (Action::Reload, "reload"),
    ],
};

/// The longest range a report reads, in days.
const MAX_DAYS: i64 = 92;
/// The range a report opens with, ending today.
const WEEK: i64 = 7;

pub struct ReportsState {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub pane: Pane,
    pub report: Option<Report>,
    pub loading: bool,
}

pub struct ReportsScreen {
    pub state: ReportsState,
}

/// The week ending on the business day of `ctx.now`.
fn this_week(ctx: &Ctx) -> (NaiveDate, NaiveDate) {
    let today = ctx.context.venue.business_day_of(ctx.now);
    (today - Duration::days(WEEK - 1), today)
}

impl ReportsScreen {
    /// The last seven days, read as soon as it is in front (`refresh`).
    pub fn new(ctx: &Ctx) -> ReportsScreen {
        let (from, to) = this_week(ctx);
        ReportsScreen {
            state: ReportsState {
                from,
                to,
                pane: Pane::Sales,
                report: None,
                loading: true,
            },
        }
    }

    /// The screen and its first read.
    pub fn open(ctx: &Ctx) -> Option<(ReportsScreen, Command)> {
        let mut screen = ReportsScreen::new(ctx);
        let first = screen.load(ctx)?;
        Some((screen, first))
    }

    fn load(&mut self, ctx: &Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        self.state.loading = true;
        Some(Command::run(Work::Load {
            actor,
            from: self.state.from,
            to: self.state.to,
        }))
    }

    fn export(&self, ctx: &mut Ctx) -> Option<Command> {
        let st = &self.state;
        let Some(report) = &st.report else {
            ctx.message = Some("Nothing to export yet: the report is still being read.".into());
            return None;
        };
        let rows = model::csv_rows(st.pane, report, &ctx.context.venue);
        let text = match model::csv_text(&rows) {
            Ok(text) => text,
            Err(e) => {
                ctx.message = Some(format!("Not exported: {e}"));
                return None;
            }
        };
        let name = format!(
            "{}-{}-to-{}.csv",
            st.pane.file_word(),
            report.sales.from,
            report.sales.to
        );
        let path = ctx.settings.data_dir.join("reports").join(name);
        Some(Command::run(Work::Export { path, text }))
    }
}

/// The manager's Reports tab.
pub fn tab(_title: &'static str, ctx: &Ctx) -> Box<dyn Screen> {
    Box::new(ReportsScreen::new(ctx))
}

impl Screen for ReportsScreen {
    fn name(&self) -> &'static str {
        "reports"
    }

    fn scope(&self) -> &'static Scope {
        &SCOPE
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        ctx.message = None;
        ctx.info = None;
        let st = &mut self.state;
        let day = Duration::days(1);
        match action {
            Action::PrevDay => {
                st.from -= day;
                st.to -= day;
            }
            Action::NextDay => {
                st.from += day;
                st.to += day;
            }
            Action::Widen if (st.to - st.from).num_days() + 1 < MAX_DAYS => st.from -= day,
            Action::Widen => {
                ctx.message = Some(format!("A report covers at most {MAX_DAYS} days."));
                return None;
            }
            Action::Narrow if st.from < st.to => st.from += day,
            Action::Narrow => return None,
            Action::Today => (st.from, st.to) = this_week(ctx),
            Action::NextField => {
                st.pane = st.pane.step(1);
                return None;
            }
            Action::PrevField => {
                st.pane = st.pane.step(-1);
                return None;
            }
            Action::Export => return self.export(ctx),
            Action::Reload => {}
            _ => return None,
        }
        self.load(ctx)
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Reports(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Reports(done) = done else {
            return None;
        };
        match done {
            Done::Loaded(result) => match result {
                // An answer for a range no longer asked for is dropped; the newer read
                // is on its way.
                Ok(report)
                    if (report.sales.from, report.sales.to) == (self.state.from, self.state.to) =>
                {
                    self.state.loading = false;
                    self.state.report = Some(report);
                }
                Ok(_) => {}
                Err(e) => {
                    self.state.loading = false;
                    ctx.message = Some(format!("The reports could not be read: {e}"));
                }
            },
            Done::Exported(result) => work::said(result, ctx),
        }
        None
    }

    fn refresh(&mut self, ctx: &mut Ctx) -> Option<Command> {
        self.load(ctx)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::render(&self.state, frame, area, ctx);
    }
}
