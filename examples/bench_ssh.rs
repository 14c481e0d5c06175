//! Load driver for `boxoffice serve-ssh`: starts the real server (the release binary) on a
//! scratch database, opens N SSH sessions on loopback with russh's client, each logged
//! in on the seat grid, and measures the server: resident memory (before, and per
//! session), CPU per session idle and while every session moves its cursor and holds
//! seats, key-to-frame latency (p50/p99), and the database connections it uses.
//!
//! cargo build --release && cargo run --release --example bench_ssh -- --sessions 50
//! Options: --sessions N, --binary PATH (target/release/boxoffice), --database-url URL
//! (default: a fresh SQLite file; PostgreSQL: a scratch database), --pool N,
//! --idle-seconds S, --active-seconds S, --holds false (cursor moves only).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use boxoffice::identity::Role;
use boxoffice::services::{Services, VenueSettings};
use boxoffice::store::Store;
use russh::keys::PublicKeyOrCertificate;
use russh::{ChannelMsg, ChannelWriteHalf, client};
use tokio::sync::watch;

const PASSWORD: &str = "bench horse battery staple";
const COLS: u16 = 100;
const ROWS: u16 = 30;

struct Args {
    sessions: usize,
    binary: String,
    url: Option<String>,
    pool: u32,
    idle_seconds: u64,
    active_seconds: u64,
    /// Every fifth key takes or gives back a seat (off: cursor moves only).
    holds: bool,
}

fn args() -> Args {
    let mut a = Args {
        sessions: 10,
        binary: "target/release/boxoffice".into(),
        url: None,
        pool: 0,
        idle_seconds: 10,
        active_seconds: 10,
        holds: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--sessions" => a.sessions = value.parse().unwrap(),
            "--binary" => a.binary = value,
            "--database-url" => a.url = Some(value),
            "--pool" => a.pool = value.parse().unwrap(),
            "--idle-seconds" => a.idle_seconds = value.parse().unwrap(),
            "--active-seconds" => a.active_seconds = value.parse().unwrap(),
            "--holds" => a.holds = value.parse().unwrap(),
            other => panic!("unknown option {other}"),
        }
    }
    a
}

struct Trust;

impl client::Handler for Trust {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// One session: its screen, and the count and time of the frames it received.
struct Session {
    _handle: client::Handle<Trust>,
    writer: ChannelWriteHalf<client::Msg>,
    parser: Arc<Mutex<vt100::Parser>>,
    frames: watch::Receiver<(u64, Instant)>,
}

impl Session {
    async fn open(addr: SocketAddr, user: &str) -> Session {
        let config = Arc::new(client::Config::default());
        let mut handle = client::connect(config, addr, Trust).await.unwrap();
        assert!(
            handle
                .authenticate_password(user, PASSWORD)
                .await
                .unwrap()
                .success()
        );
        let channel = handle.channel_open_session().await.unwrap();
        channel
            .request_pty(true, "xterm", u32::from(COLS), u32::from(ROWS), 0, 0, &[])
            .await
            .unwrap();
        channel.request_shell(true).await.unwrap();
        let (mut read, writer) = channel.split();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(ROWS).unwrap(),
            std::num::NonZeroU16::new(COLS).unwrap(),
            0,
        )));
        let (tx, frames) = watch::channel((0u64, Instant::now()));
        let p = parser.clone();
        tokio::spawn(async move {
            let mut n = 0;
            while let Some(msg) = read.wait().await {
                if let ChannelMsg::Data { data } = msg {
                    n += 1;
                    let _ = tx.send((n, Instant::now()));
                    p.lock().unwrap().process(&data);
                }
            }
        });
        Session {
            _handle: handle,
            writer,
            parser,
            frames,
        }
    }

    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    async fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        while !self.text().contains(needle) {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{needle} never came:\n{}",
                self.text()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Sends `bytes` and waits for the next frame: the key-to-frame latency.
    async fn key(&mut self, bytes: &[u8]) -> Option<Duration> {
        let seen = self.frames.borrow_and_update().0;
        let sent = Instant::now();
        self.writer.data(bytes).await.ok()?;
        let wait = tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                self.frames.changed().await.ok()?;
                let (n, at) = *self.frames.borrow_and_update();
                if n > seen {
                    return Some(at.duration_since(sent));
                }
            }
        });
        wait.await.ok().flatten()
    }
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// User plus system CPU time of the process so far.
fn cpu(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    let hz: u64 = String::from_utf8(
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .trim()
    .parse()
    .unwrap_or(100);
    Duration::from_millis(ticks * 1000 / hz)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn venue() -> VenueSettings {
    VenueSettings {
        name: "Bench".into(),
        currency: "EUR".into(),
        time: boxoffice::vocab::venue_time::VenueTime::new(
            chrono_tz::Europe::Berlin,
            chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
        ),
        buffers: boxoffice::screening::schedule::Buffers {
            ads_minutes: 0,
            cleaning_minutes: 0,
        },
        booking: Default::default(),
        payment: Default::default(),
        bank: Default::default(),
    }
}

#[tokio::main]
async fn main() {
    let a = args();
    let dir = tempfile::tempdir().unwrap();
    let url = a
        .url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}/bench.db?mode=rwc", dir.path().display()));

    // The scratch cinema: one hall of 20 x 30, one showtime in two hours, one cashier.
    let services = Services::new(Store::open(&url).await.unwrap(), venue());
    let op = services.identity.operator().await.unwrap();
    let sc = &services.screening;
    let tag = std::process::id();
    let hall = format!("Bench{tag}");
    sc.create_hall_grid(&op, &hall, 20, 30).await.unwrap();
    let movie = sc
        .add_movie(&op, &format!("Bench Film {tag}"), 90, None, None)
        .await
        .unwrap();
    let start = sc.now().await.unwrap() + chrono::Duration::minutes(120);
    let price = boxoffice::vocab::Money::from_cents(900).unwrap();
    sc.schedule_showtime(&op, movie.id, &hall, start, price)
        .await
        .unwrap();
    let user = format!("bench{tag}");
    services
        .identity
        .create_user(&user, Role::Cashier, PASSWORD)
        .await
        .unwrap();
    drop(services);

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[ssh]\nlisten = \"{addr}\"\nmax_sessions = 10000\nmax_sessions_per_account = 1000\n\
             connections_per_minute = 10000\nidle_minutes = 60\npool_connections = {}\n",
            a.pool
        ),
    )
    .unwrap();
    let mut child = Command::new(&a.binary)
        .args([
            "--config",
            config.to_str().unwrap(),
            "--database-url",
            &url,
            "serve-ssh",
        ])
        .env("BOXOFFICE_DATA_DIR", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the boxoffice binary (cargo build --release first)");
    let stdout = child.stdout.take().unwrap();
    let server = KillOnDrop(child);
    let pid = server.0.id();
    let mut lines = BufReader::new(stdout).lines();
    loop {
        let line = lines.next().expect("the server ended").unwrap();
        if line.starts_with("host key fingerprint") {
            break;
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_before = rss_kib(pid);

    // Open the sessions, a few at a time, each onto the seat grid.
    let opened = Instant::now();
    let mut sessions = Vec::new();
    for chunk in (0..a.sessions).collect::<Vec<_>>().chunks(10) {
        let batch = chunk.iter().map(|_| {
            let user = user.clone();
            tokio::spawn(async move {
                let s = Session::open(addr, &user).await;
                s.wait_for("Bench Film").await;
                s.writer.data(&b"\r"[..]).await.unwrap();
                s.wait_for("No seats held.").await;
                s
            })
        });
        for s in futures::future::join_all(batch).await {
            sessions.push(s.unwrap());
        }
    }
    let open_time = opened.elapsed();

    // Idle: every session on the grid, nobody typing.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_idle = rss_kib(pid);
    let c0 = cpu(pid);
    tokio::time::sleep(Duration::from_secs(a.idle_seconds)).await;
    let idle_cpu = cpu(pid) - c0;

    // Active: each session moves its cursor every 200 ms and every fifth key takes or
    // gives back the seat under it.
    let c0 = cpu(pid);
    let until = Instant::now() + Duration::from_secs(a.active_seconds);
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    let holds = a.holds;
    for (i, mut s) in sessions.into_iter().enumerate() {
        let latencies = latencies.clone();
        tasks.push(tokio::spawn(async move {
            // Spread the sessions over the 200 ms period.
            tokio::time::sleep(Duration::from_millis((i as u64 * 37) % 200)).await;
            let space: &[u8] = if holds { b" " } else { b"\x1b[C" };
            let keys: [&[u8]; 5] = [b"\x1b[C", b"\x1b[B", space, b"\x1b[D", b"\x1b[A"];
            let mut k = i;
            while Instant::now() < until {
                let key = keys[k % keys.len()];
                k += 1;
                if let Some(latency) = s.key(key).await {
                    latencies.lock().unwrap().push(latency);
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            s
        }));
    }
    let mut sessions = Vec::new();
    for t in tasks {
        sessions.push(t.await.unwrap());
    }
    let active_cpu = cpu(pid) - c0;
    let rss_active = rss_kib(pid);

    let connections = if url.starts_with("postgres") {
        let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        format!("{n} (PostgreSQL, pg_stat_activity)")
    } else {
        let pool = if a.pool == 0 { 4 } else { a.pool };
        format!("at most {pool} (SQLite pool) + 1 (feed poll)")
    };

    let mut sorted = latencies.lock().unwrap().clone();
    sorted.sort();
    let n = a.sessions as f64;
    let per = |d: Duration, secs: u64| d.as_secs_f64() / secs as f64 * 100.0;
    println!("sessions: {}", a.sessions);
    println!("opened in: {open_time:.1?}");
    println!(
        "server RSS: {} MiB before, {} MiB with the sessions idle ({:.0} KiB a session), {} MiB after the active phase",
        rss_before / 1024,
        rss_idle / 1024,
        (rss_idle.saturating_sub(rss_before)) as f64 / n,
        rss_active / 1024
    );
    println!(
        "server CPU idle: {:.3}% of a core in all, {:.4}% a session",
        per(idle_cpu, a.idle_seconds),
        per(idle_cpu, a.idle_seconds) / n
    );
    println!(
        "server CPU active: {:.1}% of a core in all, {:.3}% a session ({} keys)",
        per(active_cpu, a.active_seconds),
        per(active_cpu, a.active_seconds) / n,
        sorted.len()
    );
    println!(
        "key-to-frame latency: p50 {:.1?}, p99 {:.1?}, max {:.1?}",
        percentile(&sorted, 0.50),
        percentile(&sorted, 0.99),
        sorted.last().copied().unwrap_or_default()
    );
    println!("database connections: {connections}");
    drop(sessions);
    drop(server);
}
