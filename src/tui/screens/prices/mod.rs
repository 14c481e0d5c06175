//! The manager's Prices: ticket-type discounts (an amount or a share), seat-kind
//! surcharges and the coming week's base prices, each edited in place, with what typical
//! mixes cost under the value being typed. Work in `work`, drawing in `view`.

mod view;
mod work;

pub use work::{Done, KEEP, Prices, Work};

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::booking::model::{PriceTable, TicketType};
use crate::booking::service::{Discount, discount_of};
use crate::screening::model::SeatKind;
use crate::tui::ctx::Ctx;
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};
use crate::vocab::Money;

use super::{Screen, Typing};

pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Up, "previous price"),
        (Action::Down, "next price"),
        (Action::Edit, "change the price"),
        (Action::Confirm, "change the price"),
        (Action::Reload, "reload"),
    ],
};

pub const EDIT: Scope = Scope {
    actions: &[(Action::Confirm, "save"), (Action::Back, "give up")],
};

pub const KINDS: [SeatKind; 4] = [
    SeatKind::Standard,
    SeatKind::Premium,
    SeatKind::Wheelchair,
    SeatKind::Companion,
];

/// One line of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Discount(TicketType),
    Surcharge(SeatKind),
    /// Index into the loaded showtimes.
    Base(usize),
}

#[derive(Debug, Default)]
pub struct PricesState {
    pub prices: Option<Prices>,
    pub loading: bool,
    pub selected: usize,
    /// The value being typed for the selected row.
    pub editing: Option<String>,
}

impl PricesState {
    pub fn rows(&self) -> Vec<Row> {
        let mut rows: Vec<Row> = TicketType::ALL.iter().map(|t| Row::Discount(*t)).collect();
        rows.extend(KINDS.iter().map(|k| Row::Surcharge(*k)));
        let n = self.prices.as_ref().map_or(0, |p| p.showtimes.len());
        rows.extend((0..n).map(Row::Base));
        rows
    }

    pub fn row(&self) -> Option<Row> {
        self.rows().get(self.selected).copied()
    }

    /// The value a row shows now, as it would be typed.
    pub fn value(&self, row: Row) -> String {
        let Some(p) = &self.prices else {
            return String::new();
        };
        match row {
            Row::Discount(t) => discount_of(&p.table, t).to_string(),
            Row::Surcharge(k) => p
                .table
                .surcharges
                .get(&k)
                .copied()
                .unwrap_or(Money::ZERO)
                .to_string(),
            Row::Base(i) => p
                .showtimes
                .get(i)
                .map_or(String::new(), |s| s.price.to_string()),
        }
    }

    /// The table as it would be with the value being typed, for the preview; `None`
    /// while the value does not read.
    pub fn table_preview(&self) -> Option<PriceTable> {
        let mut table = self.prices.as_ref()?.table.clone();
        let (Some(text), Some(row)) = (&self.editing, self.row()) else {
            return Some(table);
        };
        match row {
            Row::Discount(t) => match Discount::parse(text).ok()? {
                Discount::Amount(m) => {
                    table.discounts.insert(t, m);
                    table.percents.remove(&t);
                }
                Discount::Percent(p) => {
                    table.discounts.insert(t, Money::ZERO);
                    table.percents.insert(t, p);
                }
            },
            Row::Surcharge(k) => {
                table.surcharges.insert(k, Money::parse(text).ok()?);
            }
            Row::Base(_) => {}
        }
        Some(table)
    }

    /// The base price the preview uses: the selected showtime's (or the one typed for
    /// it), else the first coming showtime's, else 10.00.
    pub fn preview_base(&self) -> Money {
        let p = self.prices.as_ref();
        if let Some(Row::Base(i)) = self.row() {
            if let Some(m) = self.editing.as_deref().and_then(|t| Money::parse(t).ok()) {
                return m;
            }
            if let Some(s) = p.and_then(|p| p.showtimes.get(i)) {
                return s.price;
            }
        }
        p.and_then(|p| p.showtimes.first())
            .map(|s| s.price)
            .unwrap_or_else(|| Money::from_cents(1000).unwrap_or(Money::ZERO))
    }

    fn save(&mut self, ctx: &mut Ctx) -> Option<Command> {
        let text = self.editing.clone()?;
        let actor = ctx.actor()?;
        let work = match self.row()? {
            Row::Discount(ticket) => match Discount::parse(&text) {
                Ok(discount) => Work::Discount {
                    actor,
                    ticket,
                    discount,
                },
                Err(e) => {
                    ctx.message = Some(e.to_string());
                    return None;
                }
            },
            Row::Surcharge(kind) => match Money::parse(&text) {
                Ok(amount) => Work::Surcharge {
                    actor,
                    kind,
                    amount,
                },
                Err(e) => {
                    ctx.message = Some(format!("surcharge: {e}"));
                    return None;
                }
            },
            Row::Base(i) => {
                let showtime = self.prices.as_ref()?.showtimes.get(i)?.id;
                match Money::parse(&text) {
                    Ok(amount) => Work::Base {
                        actor,
                        showtime,
                        amount,
                    },
                    Err(e) => {
                        ctx.message = Some(format!("price: {e}"));
                        return None;
                    }
                }
            }
        };
        self.editing = None;
        Some(Command::run(work))
    }
}

#[derive(Default)]
pub struct PricesScreen {
    pub prices: PricesState,
}

impl PricesScreen {
    pub fn new() -> PricesScreen {
        PricesScreen::default()
    }
}

impl Screen for PricesScreen {
    fn name(&self) -> &'static str {
        "prices"
    }

    fn scope(&self) -> &'static Scope {
        if self.prices.editing.is_some() {
            &EDIT
        } else {
            &SCOPE
        }
    }

    fn typing(&self) -> Typing {
        if self.prices.editing.is_some() {
            Typing::Field
        } else {
            Typing::Keys
        }
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        let p = &mut self.prices;
        if p.editing.is_some() {
            return match action {
                Action::Confirm => p.save(ctx),
                Action::Back => {
                    p.editing = None;
                    ctx.message = None;
                    None
                }
                _ => None,
            };
        }
        ctx.message = None;
        match action {
            Action::Up => p.selected = p.selected.saturating_sub(1),
            Action::Down => p.selected = (p.selected + 1).min(p.rows().len().saturating_sub(1)),
            Action::Edit | Action::Confirm => {
                if let Some(row) = p.row() {
                    p.editing = Some(p.value(row));
                }
            }
            Action::Reload => return self.refresh(ctx),
            _ => {}
        }
        None
    }

    fn on_char(&mut self, c: char, _ctx: &mut Ctx) {
        if let Some(text) = &mut self.prices.editing
            && text.len() < 12
        {
            text.push(c);
        }
    }

    fn on_erase(&mut self, _ctx: &mut Ctx) {
        if let Some(text) = &mut self.prices.editing {
            text.pop();
        }
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Prices(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Prices(done) = done else {
            return None;
        };
        let p = &mut self.prices;
        match done {
            Done::Loaded(Ok(prices)) => {
                p.loading = false;
                p.prices = Some(prices);
                p.selected = p.selected.min(p.rows().len().saturating_sub(1));
                None
            }
            Done::Loaded(Err(e)) => {
                p.loading = false;
                ctx.message = Some(e.text);
                None
            }
            Done::Saved(Ok(text)) => {
                ctx.info = Some(text);
                self.refresh(ctx)
            }
            Done::Saved(Err(e)) => {
                ctx.message = Some(e.text);
                None
            }
        }
    }

    fn refresh(&mut self, _ctx: &mut Ctx) -> Option<Command> {
        if self.prices.editing.is_some() {
            return None;
        }
        self.prices.loading = true;
        Some(Command::run(Work::Load))
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::render(&self.prices, frame, area, ctx);
    }
}
