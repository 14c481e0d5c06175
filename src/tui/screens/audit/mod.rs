//! The manager's audit: the ledger a page at a time, newest first, each row with who
//! acted, filtered by kind, user, order and day; and the check of its hash chain, run on
//! demand with a line saying how far it has walked. Filter in `filter`, work in `work`,
//! drawing in `view`.

mod filter;
mod view;
mod work;

pub use filter::FilterForm;
pub use work::{Done, PAGE, Progress, Work};

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::payment::ports::{ActedEntry, LedgerFilter};
use crate::tui::ctx::Ctx;
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};

use super::{Screen, Typing};

pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Up, "previous row"),
        (Action::Down, "next row"),
        (Action::NextPage, "older rows"),
        (Action::PrevPage, "newer rows"),
        (Action::Filter, "filter by kind, user, order, day"),
        (Action::NextField, "the next filter field"),
        (Action::PrevField, "the filter field before"),
        (Action::Verify, "check the ledger's chain"),
        (Action::Reload, "reload"),
    ],
};

#[derive(Default)]
pub struct AuditState {
    pub rows: Vec<ActedEntry>,
    pub selected: usize,
    pub loading: bool,
    /// The filter in force, as typed.
    pub applied: FilterForm,
    /// The filter being typed, over the list.
    pub editing: Option<FilterForm>,
    /// Where the page starts (`None`: the newest row), and the pages before it.
    pub before: Option<i64>,
    pub newer: Vec<Option<i64>>,
    /// The check under way.
    pub verifying: Option<Progress>,
    /// The last check's verdict: whole or not, and its words.
    pub verdict: Option<(bool, String)>,
}

pub struct AuditScreen {
    pub state: AuditState,
    filter: LedgerFilter,
}

impl Default for AuditScreen {
    fn default() -> Self {
        AuditScreen::new()
    }
}

impl AuditScreen {
    /// The newest rows, read as soon as it is in front (`refresh`).
    pub fn new() -> AuditScreen {
        AuditScreen {
            state: AuditState {
                loading: true,
                ..AuditState::default()
            },
            filter: LedgerFilter::default(),
        }
    }

    pub fn open(ctx: &Ctx) -> Option<(AuditScreen, Command)> {
        let mut screen = AuditScreen::new();
        let first = screen.load(ctx)?;
        Some((screen, first))
    }

    fn load(&mut self, ctx: &Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        self.state.loading = true;
        Some(Command::run(Work::Load {
            actor,
            filter: self.filter.clone(),
            before: self.state.before,
        }))
    }

    fn on_form(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        let form = self.state.editing.as_mut()?;
        let fields = filter::FIELDS.len();
        match action {
            Action::NextField => form.field = (form.field + 1) % fields,
            Action::PrevField => form.field = (form.field + fields - 1) % fields,
            Action::Back => self.state.editing = None,
            Action::Confirm => match form.parse(&ctx.context.venue) {
                Ok(filter) => {
                    let form = self.state.editing.take()?;
                    self.filter = filter;
                    self.state.applied = FilterForm { field: 0, ..form };
                    self.state.before = None;
                    self.state.newer.clear();
                    self.state.selected = 0;
                    return self.load(ctx);
                }
                Err(e) => ctx.message = Some(e),
            },
            _ => {}
        }
        None
    }
}

/// The manager's Audit tab.
pub fn tab(_title: &'static str, _ctx: &Ctx) -> Box<dyn Screen> {
    Box::new(AuditScreen::new())
}

impl Screen for AuditScreen {
    fn name(&self) -> &'static str {
        "audit"
    }

    fn scope(&self) -> &'static Scope {
        &SCOPE
    }

    fn typing(&self) -> Typing {
        if self.state.editing.is_some() {
            Typing::Field
        } else {
            Typing::Keys
        }
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        ctx.message = None;
        if self.state.editing.is_some() {
            return self.on_form(action, ctx);
        }
        ctx.info = None;
        let st = &mut self.state;
        match action {
            Action::Up => {
                st.selected = st.selected.saturating_sub(1);
                None
            }
            Action::Down => {
                if st.selected + 1 < st.rows.len() {
                    st.selected += 1;
                }
                None
            }
            Action::NextPage => {
                let last = st.rows.last()?.entry.seq;
                if st.rows.len() < PAGE as usize {
                    ctx.info = Some("These are the oldest rows.".into());
                    return None;
                }
                st.newer.push(st.before);
                st.before = Some(last);
                st.selected = 0;
                self.load(ctx)
            }
            Action::PrevPage => {
                let Some(before) = st.newer.pop() else {
                    ctx.info = Some("These are the newest rows.".into());
                    return None;
                };
                st.before = before;
                st.selected = 0;
                self.load(ctx)
            }
            Action::Filter => {
                st.editing = Some(st.applied.clone());
                None
            }
            Action::Verify => {
                if st.verifying.is_some() {
                    return None;
                }
                let actor = ctx.actor()?;
                let progress = Progress::default();
                st.verifying = Some(progress.clone());
                st.verdict = None;
                Some(Command::run(Work::Verify { actor, progress }))
            }
            Action::Reload => self.load(ctx),
            _ => None,
        }
    }

    fn on_char(&mut self, c: char, ctx: &mut Ctx) {
        ctx.message = None;
        if let Some(form) = &mut self.state.editing
            && let Some(value) = form.values.get_mut(form.field)
            && value.chars().count() < 40
        {
            value.push(c);
        }
    }

    fn on_erase(&mut self, _ctx: &mut Ctx) {
        if let Some(form) = &mut self.state.editing
            && let Some(value) = form.values.get_mut(form.field)
        {
            value.pop();
        }
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Audit(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Audit(done) = done else {
            return None;
        };
        let st = &mut self.state;
        match done {
            Done::Loaded(result) => {
                st.loading = false;
                match result {
                    Ok(rows) => {
                        st.rows = rows;
                        st.selected = st.selected.min(st.rows.len().saturating_sub(1));
                    }
                    Err(e) => ctx.message = Some(format!("The ledger could not be read: {e}")),
                }
            }
            Done::Verified(result) => {
                st.verifying = None;
                st.verdict = Some(work::verdict(&result));
            }
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
