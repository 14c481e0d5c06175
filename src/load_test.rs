//! `boxoffice bench`: a contention load test of the configured database. N simulated
//! counters, each with its own connection, sell one hot showtime (a fresh one when it
//! sells out) for S seconds; then the database is checked for what must never happen.
//! (Not to be confused with the criterion benches in `benches/` or the pgbench scripts in
//! `pgbench/`.)

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::{Duration as ChronoDuration, NaiveTime};
use rand::RngExt;
use serde::Serialize;
use tokio::sync::Mutex;

use crate::booking::BookingError;
use crate::booking::ports::Integrity;
use crate::identity::password::generate_password;
use crate::identity::{Role, User};
use crate::services::{Services, VenueSettings};
use crate::store::Store;
use crate::vocab::{Money, MovieId, SeatId, ShowtimeId, StoreFailure};

mod mix;

use mix::Fate;
pub use mix::Mix;

/// Each simulated counter holds a connection: PostgreSQL's default allows 100 in all, and
/// 100,000 counters would only exhaust the machine before saying anything useful.
pub const MAX_TERMINALS: usize = 512;
pub const MAX_SECONDS: u64 = 24 * 3600;
pub const MAX_SHOWTIMES: usize = 1000;

#[derive(Debug, Clone)]
pub struct BenchOptions {
    pub terminals: usize,
    pub seconds: u64,
    /// Hot showtimes sold at once (each counter picks one at random).
    pub showtimes: usize,
    pub mix: Mix,
}

/// The CPU time this process has used so far (all its threads).
fn process_cpu() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Latency {
    pub count: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latency {
    fn of(mut samples: Vec<Duration>) -> Latency {
        if samples.is_empty() {
            return Latency::default();
        }
        samples.sort();
        let at = |q: f64| {
            let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples[i.min(samples.len() - 1)].as_secs_f64() * 1000.0
        };
        Latency {
            count: samples.len(),
            p50_ms: at(0.50),
            p95_ms: at(0.95),
            p99_ms: at(0.99),
            max_ms: at(1.0),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub backend: String,
    pub mix: Mix,
    pub terminals: usize,
    pub seconds: f64,
    pub holds: u64,
    pub holds_per_second: f64,
    pub sales: u64,
    pub sales_per_second: f64,
    pub seats_sold: u64,
    pub conflicts: u64,
    pub releases: u64,
    pub abandoned: u64,
    /// Failures that were not a business refusal (e.g. "database is locked"): must be 0.
    pub errors: u64,
    pub first_errors: Vec<String>,
    pub showtimes_used: usize,
    pub hold_latency: Latency,
    pub sale_latency: Latency,
    pub double_sales: i64,
    pub sold_not_paid: i64,
    pub paid_not_ticketed: i64,
    /// CPU time of this process over the run (every counter's client side, the feed).
    pub cpu_seconds: f64,
    /// That CPU time per operation: each hold attempt, sale and release counts one.
    pub cpu_ms_per_operation: f64,
}

impl BenchReport {
    /// The counts that must be zero.
    pub fn is_sound(&self) -> bool {
        self.double_sales == 0 && self.sold_not_paid == 0 && self.paid_not_ticketed == 0
    }
}

#[derive(Default)]
struct Totals {
    holds: AtomicU64,
    sales: AtomicU64,
    seats_sold: AtomicU64,
    conflicts: AtomicU64,
    releases: AtomicU64,
    abandoned: AtomicU64,
    errors: AtomicU64,
}

/// The showtimes being sold now; a sold-out one is replaced by a fresh one.
struct Schedule {
    hot: Vec<ShowtimeId>,
    used: usize,
    movie: MovieId,
    hall: String,
    next_slot: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(
        "bench takes 1 to {MAX_TERMINALS} terminals (each holds a database connection), 1 to {MAX_SECONDS} seconds and 1 to {MAX_SHOWTIMES} showtimes"
    )]
    BadOptions,
    #[error(transparent)]
    Store(#[from] StoreFailure),
    #[error("setting up the bench failed: {0}")]
    Setup(String),
}

fn setup_error(e: impl std::fmt::Display) -> BenchError {
    BenchError::Setup(e.to_string())
}

/// Runs the bench. `progress` is told a line about once a second.
pub async fn run(
    url: &str,
    venue: VenueSettings,
    options: BenchOptions,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<BenchReport, BenchError> {
    if !(1..=MAX_TERMINALS).contains(&options.terminals)
        || !(1..=MAX_SECONDS).contains(&options.seconds)
        || !(1..=MAX_SHOWTIMES).contains(&options.showtimes)
    {
        return Err(BenchError::BadOptions);
    }
    let admin_store = Store::open(url).await?;
    let admin = Services::new(admin_store.clone(), venue.clone());
    let tag = uuid::Uuid::new_v4().simple().to_string()[..6].to_string();
    // A hall of 300 seats (15 rows of 20), its own film, and counters of its own.
    let hall = format!("Bench {tag}");
    let operator = admin.identity.operator().await.map_err(setup_error)?;
    admin
        .screening
        .create_hall_grid(&operator, &hall, 15, 20)
        .await
        .map_err(setup_error)?;
    let movie = admin
        .screening
        .add_movie(&operator, &format!("Bench film {tag}"), 90, None, None)
        .await
        .map_err(setup_error)?;
    let mut schedule = Schedule {
        hot: Vec::new(),
        used: 0,
        movie: movie.id,
        hall: hall.clone(),
        next_slot: 0,
    };
    for _ in 0..options.showtimes {
        let st = new_showtime(&admin, &mut schedule).await?;
        schedule.hot.push(st);
    }
    let schedule = Arc::new(Mutex::new(schedule));
    let mut counters = Vec::new();
    for i in 0..options.terminals {
        let user = admin
            .identity
            .create_user(
                &format!("bench-{tag}-{i}"),
                Role::Cashier,
                &generate_password(),
            )
            .await
            .map_err(setup_error)?;
        // A counter takes cash only in an open shift (`[shift] required`): each opens
        // its drawer before the clock starts, so the sales pay for that check as at a
        // real counter. The drawers are left open: nobody counts a bench's cash.
        admin
            .payment
            .open_shift(&user, Money::ZERO)
            .await
            .map_err(setup_error)?;
        // Each simulated counter has a connection of its own, as a real terminal would.
        // One process, one change feed: its notifications go out once per batch for all.
        let mut store = Store::open_with(url, Some(1), false).await?;
        store.feed = admin_store.feed.clone();
        let services = Services::new(store, venue.clone());
        counters.push((services, user));
    }

    let totals = Arc::new(Totals::default());
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let started = Instant::now();
    let cpu_before = process_cpu();
    let deadline = started + Duration::from_secs(options.seconds);
    let mut tasks = Vec::new();
    for (services, user) in counters {
        let ctx = Counter {
            services,
            user,
            admin: admin.clone(),
            schedule: schedule.clone(),
            totals: totals.clone(),
            stop: stop.clone(),
            errors: errors.clone(),
            mix: options.mix,
        };
        tasks.push(tokio::spawn(ctx.run(deadline)));
    }
    let mut last = 0;
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let secs = started.elapsed().as_secs();
        if secs != last {
            last = secs;
            let holds = totals.holds.load(Ordering::Relaxed);
            let sales = totals.sales.load(Ordering::Relaxed);
            progress(&format!(
                "{secs:>3}s  holds {holds} ({:.0}/s)  sales {sales}  conflicts {}  errors {}",
                holds as f64 / started.elapsed().as_secs_f64(),
                totals.conflicts.load(Ordering::Relaxed),
                totals.errors.load(Ordering::Relaxed)
            ));
        }
    }
    stop.store(true, Ordering::Relaxed);
    let mut hold_samples = Vec::new();
    let mut sale_samples = Vec::new();
    for t in tasks {
        if let Ok((h, s)) = t.await {
            hold_samples.extend(h);
            sale_samples.extend(s);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = process_cpu().saturating_sub(cpu_before).as_secs_f64();
    let integrity: Integrity = admin.booking.integrity().await.map_err(setup_error)?;
    let used = schedule.lock().await.used;
    let holds = totals.holds.load(Ordering::Relaxed);
    let sales = totals.sales.load(Ordering::Relaxed);
    let first_errors = errors.lock().map(|e| e.clone()).unwrap_or_default();
    let operations = holds
        + totals.conflicts.load(Ordering::Relaxed)
        + sales
        + totals.releases.load(Ordering::Relaxed);
    Ok(BenchReport {
        backend: admin.backend.name().to_string(),
        mix: options.mix,
        cpu_seconds: cpu,
        cpu_ms_per_operation: if operations == 0 {
            0.0
        } else {
            cpu * 1000.0 / operations as f64
        },
        terminals: options.terminals,
        seconds: elapsed,
        holds,
        holds_per_second: holds as f64 / elapsed,
        sales,
        sales_per_second: sales as f64 / elapsed,
        seats_sold: totals.seats_sold.load(Ordering::Relaxed),
        conflicts: totals.conflicts.load(Ordering::Relaxed),
        releases: totals.releases.load(Ordering::Relaxed),
        abandoned: totals.abandoned.load(Ordering::Relaxed),
        errors: totals.errors.load(Ordering::Relaxed),
        first_errors,
        showtimes_used: used,
        hold_latency: Latency::of(hold_samples),
        sale_latency: Latency::of(sale_samples),
        double_sales: integrity.double_sales,
        sold_not_paid: integrity.sold_not_paid,
        paid_not_ticketed: integrity.paid_not_ticketed,
    })
}

/// A fresh showtime for the bench film, a few days out at the next free slot.
async fn new_showtime(admin: &Services, schedule: &mut Schedule) -> Result<ShowtimeId, BenchError> {
    let sc = &admin.screening;
    let operator = admin.identity.operator().await.map_err(setup_error)?;
    let today = sc.today().await.map_err(setup_error)?;
    loop {
        let slot = schedule.next_slot;
        schedule.next_slot += 1;
        // Two hours per slot keeps 90 minutes + ads + cleaning clear of the next.
        let day = today + ChronoDuration::days(30 + slot / 8);
        let time = NaiveTime::from_hms_opt(7 + 2 * (slot % 8) as u32, 0, 0).unwrap_or_default();
        let Some(start) = sc.venue().from_local(day.and_time(time)) else {
            continue;
        };
        let price = Money::from_cents(1000).map_err(setup_error)?;
        match sc
            .schedule_showtime(&operator, schedule.movie, &schedule.hall, start, price)
            .await
        {
            Ok(st) => {
                schedule.used += 1;
                return Ok(st.id);
            }
            Err(crate::screening::ScreeningError::HallBusy { .. }) => continue,
            Err(e) => return Err(setup_error(e)),
        }
    }
}

struct Counter {
    services: Services,
    user: User,
    admin: Services,
    schedule: Arc<Mutex<Schedule>>,
    totals: Arc<Totals>,
    stop: Arc<AtomicBool>,
    errors: Arc<std::sync::Mutex<Vec<String>>>,
    mix: Mix,
}

const ROWS: &[&str] = &[
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
];

impl Counter {
    fn error(&self, e: &dyn std::fmt::Display) {
        self.totals.errors.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut v) = self.errors.lock()
            && v.len() < 5
        {
            v.push(e.to_string());
        }
    }

    async fn run(self, deadline: Instant) -> (Vec<Duration>, Vec<Duration>) {
        let mut hold_lat = Vec::new();
        let mut sale_lat = Vec::new();
        while !self.stop.load(Ordering::Relaxed) && Instant::now() < deadline {
            let hot = self.schedule.lock().await.hot.clone();
            let (showtime, n, best, seats, fate) = {
                let mut rng = rand::rng();
                let showtime = hot[rng.random_range(0..hot.len())];
                let n = rng.random_range(1..=4usize);
                let row = ROWS[rng.random_range(0..ROWS.len())];
                let first = rng.random_range(1..=(21 - n as u16));
                let seats: Vec<String> = (0..n as u16)
                    .map(|k| format!("{row}{}", first + k))
                    .collect();
                (
                    showtime,
                    n,
                    rng.random_bool(0.5),
                    seats,
                    rng.random_range(0..100u8),
                )
            };
            let t = Instant::now();
            let held = if best {
                self.services
                    .booking
                    .hold_best(&self.user, showtime, n, None)
                    .await
            } else {
                self.services
                    .booking
                    .hold(&self.user, showtime, &seats, None)
                    .await
            };
            hold_lat.push(t.elapsed());
            let (order, held_seats) = match held {
                Ok(view) => {
                    self.totals.holds.fetch_add(1, Ordering::Relaxed);
                    let seats: Vec<SeatId> = view.seats.iter().map(|s| s.seat_id).collect();
                    (view.order.id, seats)
                }
                // Someone else was faster: a conflict, the very thing measured.
                Err(
                    BookingError::SeatUnavailable(_)
                    | BookingError::NoSeatsTogether(_)
                    | BookingError::SeatsRefused(_),
                ) => {
                    self.totals.conflicts.fetch_add(1, Ordering::Relaxed);
                    if best {
                        self.replace_if_sold_out(showtime).await;
                    }
                    continue;
                }
                Err(e) => {
                    self.error(&e);
                    continue;
                }
            };
            match self.mix.fate(fate) {
                Fate::Sell => {
                    let t = Instant::now();
                    match self
                        .services
                        .payment
                        .pay_cash(&self.user, order, &[], None)
                        .await
                    {
                        Ok(r) => {
                            sale_lat.push(t.elapsed());
                            self.totals.sales.fetch_add(1, Ordering::Relaxed);
                            self.totals
                                .seats_sold
                                .fetch_add(r.tickets.len() as u64, Ordering::Relaxed);
                        }
                        Err(e) => self.error(&e),
                    }
                }
                Fate::Release => {
                    // As the counter's seat grid gives seats back: by id, no order view.
                    match self
                        .services
                        .booking
                        .release_seat_ids(&self.user, order, &held_seats)
                        .await
                    {
                        Ok(()) => {
                            self.totals.releases.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => self.error(&e),
                    }
                }
                Fate::Abandon => {
                    self.totals.abandoned.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        (hold_lat, sale_lat)
    }

    /// When no block of seats is left anywhere, the showtime is done: open a fresh one.
    async fn replace_if_sold_out(&self, showtime: ShowtimeId) {
        if !self.schedule.lock().await.hot.contains(&showtime) {
            return; // another counter replaced it already
        }
        match self.services.booking.free_seats(showtime).await {
            Ok(0) => {}
            _ => return,
        }
        let mut schedule = self.schedule.lock().await;
        if let Some(pos) = schedule.hot.iter().position(|s| *s == showtime) {
            match new_showtime(&self.admin, &mut schedule).await {
                Ok(fresh) => schedule.hot[pos] = fresh,
                Err(e) => self.error(&e),
            }
        }
    }
}
