//! The operator's command line, like Django's `manage.py`: parse, call a service, print
//! text or `--json`, exit with PRODUCT.md's code.

mod admin;
mod args;
mod audit;
pub(crate) mod booking;
mod common;
pub mod output;
mod prices;
mod refund;
mod report;
mod sale;
mod screening;
pub mod serve_ssh;
mod shift;
mod user;
mod user_key;

pub use args::{
    AuditCommand, Cli, Command, HallAdd, HallCommand, KeyCommand, MovieCommand, OrderCommand,
    PriceCommand, ReportCommand, ShiftCommand, ShowtimeCommand, UserCommand,
};

use crate::services::Services;

use common::{movie_id, showtime_id};
use output::{Failure, Outcome};

/// Runs one command against the services; `migrate` has already happened on opening.
pub async fn execute(
    command: Command,
    services: &Services,
    database: &str,
    user: Option<&str>,
) -> Result<Outcome, Failure> {
    use Command::*;
    // Every command acts as someone: a `--user` that names nobody (or a disabled account)
    // is refused whatever the command, reads included, so a typo never goes unnoticed.
    if let Some(name) = user
        && !matches!(command, Migrate)
    {
        common::actor(services, Some(name)).await?;
    }
    match command {
        Migrate => admin::migrate(services, database).await,
        Demo => admin::demo(services).await,
        Hall(HallCommand::Add(a)) => {
            screening::hall_add(
                services,
                user,
                &a.name,
                a.rows,
                a.seats,
                a.layout.as_deref(),
            )
            .await
        }
        Hall(HallCommand::List) => screening::hall_list(services).await,
        Hall(HallCommand::Delete { name }) => screening::hall_delete(services, user, &name).await,
        Hall(HallCommand::Break { hall, seat }) => {
            screening::hall_seat_broken(services, user, &hall, &seat, true).await
        }
        Hall(HallCommand::Repair { hall, seat }) => {
            screening::hall_seat_broken(services, user, &hall, &seat, false).await
        }
        Movie(MovieCommand::Add {
            title,
            minutes,
            rating,
            genre,
        }) => {
            screening::movie_add(
                services,
                user,
                &title,
                minutes,
                rating.as_deref(),
                genre.as_deref(),
            )
            .await
        }
        Movie(MovieCommand::List) => screening::movie_list(services).await,
        Movie(MovieCommand::Runtime { id, minutes }) => {
            screening::movie_runtime(services, user, movie_id(&id)?, minutes).await
        }
        Movie(MovieCommand::Edit {
            id,
            title,
            minutes,
            rating,
            genre,
        }) => {
            let edit = screening::MovieEdit {
                title,
                minutes,
                rating,
                genre,
            };
            screening::movie_edit(services, user, movie_id(&id)?, edit).await
        }
        Movie(MovieCommand::Delete { id }) => {
            screening::movie_delete(services, user, movie_id(&id)?).await
        }
        Showtime(ShowtimeCommand::Add {
            movie,
            hall,
            at,
            price,
        }) => {
            let movie = services.screening.find_movie(&movie).await?.id;
            screening::showtime_add(services, user, movie, &hall, &at, &price).await
        }
        Showtime(ShowtimeCommand::Move { id, at }) => {
            screening::showtime_move(services, user, showtime_id(&id)?, &at).await
        }
        Showtime(ShowtimeCommand::Delete { id }) => {
            screening::showtime_delete(services, user, showtime_id(&id)?).await
        }
        Price(PriceCommand::Show) => prices::show(services).await,
        Price(PriceCommand::Discount { ticket_type, value }) => {
            prices::discount(services, user, &ticket_type, &value).await
        }
        Price(PriceCommand::Surcharge { kind, amount }) => {
            prices::surcharge(services, user, &kind, &amount).await
        }
        Price(PriceCommand::Base { showtime, amount }) => {
            prices::base(services, user, &showtime, &amount).await
        }
        Showtimes { date } => screening::showtimes(services, date.as_deref()).await,
        Showtime(ShowtimeCommand::Price { id, price }) => {
            screening::showtime_price(services, user, showtime_id(&id)?, &price).await
        }
        Seats { showtime } => booking::seats(services, user, showtime_id(&showtime)?).await,
        Hold {
            showtime,
            seats,
            best,
            order,
        } => {
            booking::hold(
                services,
                user,
                showtime_id(&showtime)?,
                &seats,
                best,
                order.as_deref(),
            )
            .await
        }
        Release { order, seats } => booking::release(services, user, &order, &seats).await,
        Order(OrderCommand::Show { order }) => booking::order_show(services, user, &order).await,
        Order(OrderCommand::Extend { order }) => {
            booking::order_extend(services, user, &order).await
        }
        Order(OrderCommand::Cancel { order }) => {
            booking::order_cancel(services, user, &order).await
        }
        Sell {
            order,
            pay,
            tendered,
            card,
            types,
            confirm_age,
        } => {
            sale::sell(
                services,
                user,
                &order,
                &pay,
                tendered.as_deref(),
                card.as_deref(),
                &types,
                confirm_age,
            )
            .await
        }
        Refund { target, reason } => refund::refund(services, user, &target, &reason).await,
        Showtime(ShowtimeCommand::Cancel { id, reason }) => {
            refund::showtime_cancel(services, user, showtime_id(&id)?, &reason).await
        }
        Shift(ShiftCommand::Open { float }) => shift::shift_open(services, user, &float).await,
        Shift(ShiftCommand::Close { counted }) => {
            shift::shift_close(services, user, &counted).await
        }
        Shift(ShiftCommand::Status) => shift::shift_status(services, user).await,
        Audit(AuditCommand::Verify { anchors }) => {
            audit::audit_verify(services, user, &anchors).await
        }
        Audit(AuditCommand::ResolvePayments) => audit::resolve_payments(services, user).await,
        Audit(AuditCommand::List { after, limit }) => {
            audit::audit_list(services, user, after, limit).await
        }
        Report(ReportCommand::Sales { from, to, by, csv }) => {
            report::report_sales(
                services,
                user,
                from.as_deref(),
                to.as_deref(),
                by.as_deref(),
                csv,
            )
            .await
        }
        Report(ReportCommand::Occupancy { from, to, csv }) => {
            report::report_occupancy(services, user, from.as_deref(), to.as_deref(), csv).await
        }
        Bench {
            terminals,
            seconds,
            showtimes,
            mix,
        } => {
            let mix = crate::load_test::Mix::parse(&mix)
                .ok_or_else(|| Failure::invalid("mix", "mixed, holds or sales"))?;
            let options = crate::load_test::BenchOptions {
                terminals,
                seconds,
                showtimes,
                mix,
            };
            admin::bench(services, database, options).await
        }
        // Needs the terminal settings and the data directory: `main` runs it.
        ServeSsh { .. } => Err(Failure::internal(
            "serve-ssh is started by the program itself, not through execute",
        )),
        User(UserCommand::Add {
            name,
            role,
            password_stdin,
        }) => user::user_add(services, user, &name, &role, password_stdin).await,
        User(UserCommand::Register {
            name,
            full_name,
            email,
            phone,
            password_stdin,
        }) => {
            user::user_register(
                services,
                &name,
                full_name.as_deref(),
                email.as_deref(),
                phone.as_deref(),
                password_stdin,
            )
            .await
        }
        User(UserCommand::List {}) => user::user_list(services, user).await,
        User(UserCommand::Passwd {
            name,
            password_stdin,
        }) => user::user_passwd(services, user, &name, password_stdin).await,
        User(UserCommand::Key(KeyCommand::Add { name, file })) => {
            user_key::key_add(services, user, &name, &file).await
        }
        User(UserCommand::Disable { name }) => {
            user::user_active(services, user, &name, false).await
        }
        User(UserCommand::Enable { name }) => user::user_active(services, user, &name, true).await,
        User(UserCommand::Unlock { name }) => user::user_unlock(services, user, &name).await,
        User(UserCommand::Erase { name }) => user::user_erase(services, user, &name).await,
        History { of, limit } => booking::history(services, user, of.as_deref(), limit).await,
        User(UserCommand::Login {
            name,
            password_stdin,
        }) => user::user_login(services, &name, password_stdin).await,
    }
}
