//! The receipt: order number, seats, ticket types, the prices frozen at sale, payment,
//! and the ticket codes. The same text is shown and written to a file (`p`), then handed
//! to the printer command, if any.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::payment::service::Receipt;
use crate::tui::ctx::{Context, Ctx, Nav};
use crate::tui::event::{Answer as Reply, Command, Done as AnyDone, Problem};
use crate::tui::keymap::{Action, Scope};
use crate::tui::theme;
use crate::tui::widgets::hints::hint_line;

use super::{Answer, Job, Runner, Screen, message_line};

pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Print, "print the receipt (to a file)"),
        (Action::Confirm, "next sale"),
    ],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    /// Writes the receipt to `path`, then hands it to the printer command, if any.
    Print {
        path: PathBuf,
        text: String,
        printer: Vec<String>,
    },
}

pub enum Done {
    /// Where the receipt was written (and whether the printer took it).
    Printed(Reply<String>),
}

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some("printing")
    }

    async fn perform(self, _runner: &Runner) -> Done {
        let Work::Print {
            path,
            text,
            printer,
        } = self;
        Done::Printed(print(&path, &text, &printer).await)
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        "printing"
    }

    // A file and a printer: no database.
    fn database(&self) -> Option<Result<(), &Problem>> {
        None
    }

    // Said even after the cashier moved on to the next sale.
    fn orphaned(self, ctx: &mut Ctx) -> Option<Command> {
        let Done::Printed(result) = self;
        printed(result, ctx);
        None
    }
}

fn printed(result: Reply<String>, ctx: &mut Ctx) {
    match result {
        Ok(text) => ctx.info = Some(text),
        Err(e) => ctx.message = Some(format!("The receipt was not printed: {e}")),
    }
}

#[derive(Debug)]
pub struct ReceiptState {
    pub receipt: Receipt,
    /// As shown and as printed (a reprint is marked as a copy).
    pub text: String,
    /// How many times it was printed: every print after the first is a copy.
    pub printed: u32,
}

pub struct ReceiptScreen {
    pub receipt: ReceiptState,
}

impl ReceiptScreen {
    /// The receipt of a sale that just went through.
    pub fn new(receipt: Receipt, ctx: &Ctx) -> ReceiptScreen {
        let text = receipt_text(
            &receipt,
            &ctx.context,
            ctx.session.as_ref().map_or("", |u| u.username.as_str()),
            ctx.now,
        );
        ReceiptScreen {
            receipt: ReceiptState {
                receipt,
                text,
                printed: 0,
            },
        }
    }
}

impl Screen for ReceiptScreen {
    fn name(&self) -> &'static str {
        "receipt"
    }

    fn scope(&self) -> &'static Scope {
        &SCOPE
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        match action {
            Action::Print => {
                let path = ctx
                    .settings
                    .data_dir
                    .join("receipts")
                    .join(format!("receipt-{}.txt", self.receipt.receipt.order));
                let text = if self.receipt.printed == 0 {
                    self.receipt.text.clone()
                } else {
                    marked_copy(&self.receipt.text)
                };
                Some(Command::run(Work::Print {
                    path,
                    text,
                    printer: ctx.settings.printer_command.clone(),
                }))
            }
            // The next sale starts from the list, re-read.
            Action::Confirm | Action::Back => {
                ctx.go(Nav::Pop);
                None
            }
            _ => None,
        }
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Receipt(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        if let AnyDone::Receipt(Done::Printed(result)) = done {
            if result.is_ok() {
                self.receipt.printed += 1;
            }
            printed(result, ctx);
        }
        None
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        render(&self.receipt, frame, area, ctx);
    }
}

const WIDTH: usize = 36;

/// The receipt as plain text, `WIDTH` columns wide.
pub fn receipt_text(
    receipt: &Receipt,
    context: &Context,
    cashier: &str,
    sold_at: DateTime<Utc>,
) -> String {
    let currency = &context.currency;
    let venue = context.venue;
    let rule = "-".repeat(WIDTH);
    let pair = |left: &str, right: &str| {
        let pad = WIDTH.saturating_sub(left.chars().count() + right.chars().count());
        format!("{left}{}{right}", " ".repeat(pad.max(1)))
    };
    let s = &receipt.showtime;
    let mut out = vec![
        format!("{:^WIDTH$}", context.venue_name),
        rule.clone(),
        pair(
            &format!("Order {}", receipt.order),
            &venue
                .to_local(sold_at)
                .format("%a %-d %b %Y %H:%M")
                .to_string(),
        ),
        format!("Cashier: {cashier}"),
        rule.clone(),
        s.movie_title.clone(),
        format!(
            "{} · {}",
            s.hall_name,
            venue.to_local(s.starts_at).format("%a %-d %b %Y %H:%M")
        ),
        rule.clone(),
    ];
    for line in &receipt.lines {
        out.push(pair(
            &format!("{:<5} {}", line.label, line.ticket_type),
            &format!("{} {currency}", line.price),
        ));
    }
    out.push(rule.clone());
    out.push(pair("Total", &format!("{} {currency}", receipt.total)));
    match receipt.method {
        "free" => out.push("Free screening: nothing to pay".to_string()),
        "card" => out.push(pair(
            &format!(
                "Paid card ****{}",
                receipt.card_last4.as_deref().unwrap_or("")
            ),
            &format!("{} {currency}", receipt.total),
        )),
        method => {
            let paid = receipt.tendered.unwrap_or(receipt.total);
            out.push(pair(
                &format!("Paid {method}"),
                &format!("{paid} {currency}"),
            ));
            if let Some(change) = receipt.change {
                out.push(pair("Change", &format!("{change} {currency}")));
            }
        }
    }
    out.push(rule.clone());
    out.push("Tickets".to_string());
    for t in &receipt.tickets {
        out.push(pair(&format!("{:<5} {}", t.seat, t.ticket_type), &t.code));
    }
    out.push(rule);
    out.push(format!("{:^WIDTH$}", "Enjoy the film!"));
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// A reprint: the receipt with a line under the venue's name saying it is a copy, so a
/// second slip cannot pass for a second sale.
pub fn marked_copy(text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines.insert(
        1.min(lines.len()),
        format!("{:^WIDTH$}", "*** COPY (reprint) ***"),
    );
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn boxed_with(title: &str) -> Block<'_> {
    Block::bordered()
        .title(title)
        .padding(ratatui::widgets::Padding::horizontal(1))
}

fn render(state: &ReceiptState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    // What printing said goes above the keys, never in their place.
    let message = message_line(ctx);
    let [header, body, message_area, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(u16::from(message.is_some())),
        Constraint::Length(1),
    ])
    .areas(area);
    let change = state
        .receipt
        .change
        .filter(|c| c.cents() > 0)
        .map(|c| format!("  ·  change due {c} {}", ctx.context.currency))
        .unwrap_or_default();
    frame.render_widget(
        Line::from(vec![
            Span::styled(
                format!(" Sold: order {}", state.receipt.order),
                ctx.theme.ok,
            ),
            Span::styled(change, theme::TITLE),
        ]),
        header,
    );
    let lines: Vec<Line> = state
        .text
        .lines()
        .map(|l| Line::from(l.to_string()))
        .collect();
    let width = WIDTH as u16 + 4;
    let tickets_at = state.text.lines().position(|l| l == "Tickets");
    match tickets_at {
        // Too long for the screen but wide enough: the tickets beside the sale.
        Some(at) if lines.len() as u16 + 2 > body.height && body.width >= 2 * width => {
            let mut left = lines;
            let right = left.split_off(at);
            let height = (left.len().max(right.len()) as u16 + 2).min(body.height);
            let boxed = crate::tui::widgets::dialog::centred(body, 2 * width, height);
            let [l, r] = Layout::horizontal([Constraint::Length(width), Constraint::Length(width)])
                .areas(boxed);
            frame.render_widget(Paragraph::new(left).block(boxed_with(" Receipt ")), l);
            frame.render_widget(Paragraph::new(right).block(boxed_with(" Tickets ")), r);
        }
        _ => {
            let height = (lines.len() as u16 + 2).min(body.height);
            let boxed = crate::tui::widgets::dialog::centred(body, width.min(body.width), height);
            frame.render_widget(Paragraph::new(lines).block(boxed_with(" Receipt ")), boxed);
        }
    }
    if let Some(message) = message {
        frame.render_widget(message, message_area);
    }
    let print = if state.printed == 0 {
        "print"
    } else {
        "print a copy"
    };
    let mut hints = hint_line(
        &ctx.keymap,
        &[
            (&[Action::Print], print),
            (&[Action::Confirm], "next sale"),
            (&[Action::Quit], "quit"),
        ],
        false,
    );
    hints.spans.insert(0, Span::raw(" "));
    frame.render_widget(hints, footer);
}

/// Writes the receipt, then hands it to the printer command. The command's output goes
/// to the log, never onto the screen.
async fn print(path: &Path, text: &str, printer: &[String]) -> Result<String, Problem> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        tracing::warn!("TUI: {what} {}: {e}", path.display());
        Problem::refused(format!("{what} {}: {e}", path.display()))
    };
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| fail("cannot create the folder of", &e))?;
    }
    tokio::fs::write(path, text)
        .await
        .map_err(|e| fail("cannot write", &e))?;
    let Some((program, args)) = printer.split_first() else {
        return Ok(format!("Receipt written to {}", path.display()));
    };
    let output = tokio::process::Command::new(program)
        .args(args)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .await
        .map_err(|e| fail(&format!("{program} could not print"), &e))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        tracing::warn!(
            "TUI: printer {program} failed ({}): {stderr}",
            output.status
        );
        return Err(Problem::refused(format!(
            "{program} failed ({}); the receipt is in {}",
            output.status,
            path.display()
        )));
    }
    Ok(format!(
        "Receipt written to {} and sent to {program}",
        path.display()
    ))
}
