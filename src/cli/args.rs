//! The command line's shape: every command, its arguments and their help text (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "boxoffice",
    version,
    about = "A terminal box office for cinemas. Without a command, opens the TUI."
)]
pub struct Cli {
    /// Config file (default: config.toml in the user's config directory, if there).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database to use: a sqlite:// path or a postgres:// URL (overrides config and
    /// BOXOFFICE_DATABASE_URL).
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Print the result (or the error) as one JSON object.
    #[arg(long, global = true)]
    pub json: bool,
    /// Act as this account, with exactly its permissions, recorded under it (default:
    /// the local operator, a manager, recorded as `operator`).
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database if needed and bring its schema up to date.
    Migrate,
    /// Seed an empty database with a demo cinema: halls, movies, a week of showtimes, staff.
    Demo,
    /// Halls and their seats.
    #[command(subcommand)]
    Hall(HallCommand),
    /// Movies.
    #[command(subcommand)]
    Movie(MovieCommand),
    /// Schedule, move or delete a showtime.
    #[command(subcommand)]
    Showtime(ShowtimeCommand),
    /// The price table: ticket-type discounts, seat-kind surcharges, base prices.
    #[command(subcommand)]
    Price(PriceCommand),
    /// The showtimes of a business day (default: today).
    Showtimes {
        /// YYYY-MM-DD
        #[arg(long)]
        date: Option<String>,
    },
    /// The seat map of a showtime: free, held (by whom, until when), sold.
    Seats {
        /// Showtime id.
        showtime: String,
    },
    /// Hold seats for an order (all or none): `hold 12 A1 A2` or `hold 12 --best 4`.
    Hold {
        /// Showtime id.
        showtime: String,
        /// Seats, e.g. A1 A2.
        seats: Vec<String>,
        /// Hold the best N seats together instead of naming them.
        #[arg(long)]
        best: Option<usize>,
        /// Add the seats to this draft order.
        #[arg(long)]
        order: Option<String>,
    },
    /// Give back an order's held seats (all, or those named).
    Release { order: String, seats: Vec<String> },
    /// Show, extend or cancel an order.
    #[command(subcommand)]
    Order(OrderCommand),
    /// Sell an order's held seats: prices are frozen on the tickets.
    Sell {
        /// Order id (the number `hold` printed).
        order: String,
        /// cash or card.
        #[arg(long)]
        pay: String,
        /// Cash handed over, e.g. 50.00 (default: the exact amount).
        #[arg(long)]
        tendered: Option<String>,
        /// Card number (default: the card presented at the terminal). Test cards:
        /// 4242424242424242 approves, 4000000000000002 declines, 4000000000000119 times out.
        #[arg(long)]
        card: Option<String>,
        /// Ticket type per seat in seat order: adult, child, senior, student (default adult);
        /// repeat the flag or separate with commas.
        #[arg(long = "type")]
        types: Vec<String>,
        /// A child ticket for a film rated for adults (`[venue] child_confirm_ratings`)
        /// is sold only with this: the child's age was checked.
        #[arg(long)]
        confirm_age: bool,
    },
    /// Refund a whole order (its number) or one ticket (its code), with a reason.
    Refund {
        /// Order number, or a ticket code such as T-1A2B3-C4D5E.
        target: String,
        #[arg(long)]
        reason: String,
    },
    /// A cashier's drawer: open with a float, close with the counted cash.
    #[command(subcommand)]
    Shift(ShiftCommand),
    /// The tamper-evident ledger of every financial event.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Sales and occupancy reports.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Orders of a user, newest first: your own, or (managers) anyone's with --of.
    History {
        /// Whose orders (managers only, for someone else).
        #[arg(long)]
        of: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Contention load test of this database: holds/s, sales/s, latency, and a final count
    /// of double sales (must be 0). It writes a bench hall, film and sales into the
    /// database: point it at a scratch one.
    Bench {
        /// Simulated counters, each with its own connection.
        #[arg(long, default_value_t = 16)]
        terminals: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Hot showtimes sold at once.
        #[arg(long, default_value_t = 1)]
        showtimes: usize,
        /// What counters do with a hold: mixed (most sold, some released), holds (every
        /// hold released again), sales (every hold sold).
        #[arg(long, default_value = "mixed", value_parser = ["mixed", "holds", "sales"])]
        mix: String,
    },
    /// Serve the TUI over SSH to counters and (if `[ssh] kiosk = true`) customers.
    ServeSsh {
        /// Address and port to listen on (default: `[ssh] listen`, 127.0.0.1:2222).
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::SocketAddr>,
    },
}

#[derive(Debug, Subcommand)]
pub enum HallCommand {
    /// Create a hall with all its seats, from rows x seats or from a layout map.
    Add(HallAdd),
    /// List halls with their seat counts.
    List,
    /// Delete a hall that no showtime refers to.
    Delete { name: String },
    /// Mark a seat broken: not sold for any showtime until repaired.
    Break { hall: String, seat: String },
    /// Put a broken seat back in service.
    Repair { hall: String, seat: String },
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("shape").required(true).args(["rows", "layout"]))]
pub struct HallAdd {
    pub name: String,
    /// Number of rows (1 to 52).
    #[arg(long, requires = "seats", allow_negative_numbers = true)]
    pub rows: Option<i64>,
    /// Seats per row (1 to 60).
    #[arg(long, requires = "rows", allow_negative_numbers = true)]
    pub seats: Option<i64>,
    /// A text layout map: . gap, s standard, p premium, w wheelchair, c companion.
    #[arg(long, conflicts_with_all = ["rows", "seats"], value_name = "FILE")]
    pub layout: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum MovieCommand {
    /// Add a movie.
    Add {
        title: String,
        /// Runtime in minutes.
        #[arg(long, allow_negative_numbers = true)]
        minutes: i64,
        #[arg(long)]
        rating: Option<String>,
        #[arg(long)]
        genre: Option<String>,
    },
    /// List movies.
    List,
    /// Change a movie's runtime; its future showtimes are re-checked for overlaps.
    Runtime {
        id: String,
        #[arg(long, allow_negative_numbers = true)]
        minutes: i64,
    },
    /// Correct a movie's title, runtime, rating or genre (what is not given stays;
    /// an empty rating or genre clears it). A new runtime is re-checked as `runtime`.
    Edit {
        id: String,
        #[arg(long)]
        title: Option<String>,
        /// Runtime in minutes.
        #[arg(long, allow_negative_numbers = true)]
        minutes: Option<i64>,
        #[arg(long)]
        rating: Option<String>,
        #[arg(long)]
        genre: Option<String>,
    },
    /// Delete a movie that no showtime refers to.
    Delete { id: String },
}

#[derive(Debug, Subcommand)]
pub enum ShowtimeCommand {
    /// Schedule a showtime; refused if the hall is busy (with suggestions).
    Add {
        /// The movie: its id, its title, or a part of the title only one movie has.
        #[arg(long)]
        movie: String,
        /// Hall name.
        #[arg(long)]
        hall: String,
        /// Start on the venue's clock, "YYYY-MM-DD HH:MM".
        #[arg(long)]
        at: String,
        /// Base price, e.g. 12.50 (0 for a free screening).
        #[arg(long, allow_hyphen_values = true)]
        price: String,
    },
    /// Move a showtime that has not started.
    Move {
        id: String,
        #[arg(long)]
        at: String,
    },
    /// Delete a showtime that has not started.
    Delete { id: String },
    /// Cancel a showtime and refund every ticket sold for it.
    Cancel {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Change a showtime's base price for future sales.
    Price {
        id: String,
        #[arg(long, allow_hyphen_values = true)]
        price: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PriceCommand {
    /// The discounts and surcharges, and what typical mixes cost.
    Show,
    /// What a ticket type takes off the base price: an amount (2.50) or a share (20%).
    Discount {
        /// adult, child, senior or student.
        ticket_type: String,
        /// e.g. 2.50 or 20%.
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// What a seat kind adds to the base price.
    Surcharge {
        /// standard, premium, wheelchair or companion.
        kind: String,
        #[arg(allow_hyphen_values = true)]
        amount: String,
    },
    /// A showtime's base price for sales from now on.
    Base {
        /// Showtime id.
        showtime: String,
        #[arg(allow_hyphen_values = true)]
        amount: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ShiftCommand {
    /// Open your shift with the cash float in the drawer.
    Open {
        #[arg(long)]
        float: String,
    },
    /// Close your shift with the cash you counted (a blind count: the expected amount is
    /// shown only afterwards).
    Close {
        #[arg(long)]
        counted: String,
    },
    /// Whether you have a shift open.
    Status,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the ledger's hash chain; names the first row that does not hold.
    Verify {
        /// A ledger anchor written down earlier (printed at each shift close, ROW:HASH):
        /// its row must still be there, unchanged. May be given several times.
        #[arg(long = "anchor")]
        anchors: Vec<String>,
    },
    /// Void what the bank took under card payments cut off mid-way (a running TUI does it
    /// every minute; this does it now).
    ResolvePayments,
    /// Page through the ledger, oldest first.
    List {
        /// Show rows after this number.
        #[arg(long, default_value_t = 0)]
        after: i64,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Tickets sold and refunds, per day, movie, hall, cashier and payment method.
    Sales {
        /// First business day, YYYY-MM-DD (default today, or --to when that is earlier).
        #[arg(long)]
        from: Option<String>,
        /// Last business day, YYYY-MM-DD (default: --from, or today).
        #[arg(long)]
        to: Option<String>,
        /// Only one grouping: day, movie, hall, cashier or method.
        #[arg(long)]
        by: Option<String>,
        /// CSV instead of a table.
        #[arg(long)]
        csv: bool,
    },
    /// Seats sold per showtime.
    Occupancy {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        csv: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// An order's seats, status, expiry and tickets.
    Show { order: String },
    /// Give the order's holds another hold period (once).
    Extend { order: String },
    /// Abandon a draft order: its holds are released at once.
    Cancel { order: String },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is asked for without echo, or read from stdin.
    Add {
        name: String,
        #[arg(long, value_parser = ["manager", "cashier", "customer"])]
        role: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// A customer registers (as in the kiosk): password from a prompt or stdin.
    Register {
        name: String,
        /// Full name (optional).
        #[arg(long = "name")]
        full_name: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Accounts with their role, state and lock.
    List {},
    /// Set a new password (asked without echo, or read from stdin).
    Passwd {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable an account: it can no longer log in (the last active manager stays).
    Disable { name: String },
    /// Enable a disabled account again.
    Enable { name: String },
    /// Lift a lockout after failed logins.
    Unlock { name: String },
    /// Erase a customer's personal data (tickets and payments stay, anonymous).
    Erase { name: String },
    /// Check a password the way a login does (failures count toward a lockout).
    Login {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Public keys that log a staff account in over SSH (`serve-ssh`).
    #[command(subcommand)]
    Key(KeyCommand),
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// List the key in FILE (OpenSSH public key, e.g. ~/.ssh/id_ed25519.pub) for NAME.
    Add { name: String, file: PathBuf },
}
