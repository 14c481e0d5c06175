//! The reports' work: both reports of a range, and a view written out as CSV.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::identity::User;
use crate::tui::ctx::Ctx;
use crate::tui::event::{Answer as Reply, Command, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};

use super::model::Report;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Load {
        actor: User,
        from: NaiveDate,
        to: NaiveDate,
    },
    Export {
        path: PathBuf,
        text: String,
    },
}

pub enum Done {
    Loaded(Reply<Report>),
    Exported(Reply<PathBuf>),
}

const LOADING: &str = "reading the reports";
const EXPORTING: &str = "writing the CSV";

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some(match self {
            Work::Load { .. } => LOADING,
            Work::Export { .. } => EXPORTING,
        })
    }

    async fn perform(self, runner: &Runner) -> Done {
        match self {
            Work::Load { actor, from, to } => {
                let pay = &runner.services.payment;
                let read = async {
                    let sales = pay.sales_report(&actor, from, to).await?;
                    let occupancy = pay.occupancy_report(&actor, from, to).await?;
                    Ok::<Report, crate::payment::PaymentError>(Report { sales, occupancy })
                };
                Done::Loaded(read.await.map_err(|e| Problem::logged("reports", e)))
            }
            Work::Export { path, text } => Done::Exported(write(path, text).await),
        }
    }
}

async fn write(path: PathBuf, text: String) -> Result<PathBuf, Problem> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        tracing::warn!("TUI: {what} {}: {e}", path.display());
        Problem::refused(format!("{what} {}: {e}", path.display()))
    };
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| fail("cannot create the folder of", &e))?;
    }
    tokio::fs::write(&path, text)
        .await
        .map_err(|e| fail("cannot write", &e))?;
    Ok(path)
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Loaded(_) => LOADING,
            Done::Exported(_) => EXPORTING,
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Loaded(r) => asked(r),
            Done::Exported(_) => None,
        }
    }

    fn orphaned(self, ctx: &mut Ctx) -> Option<Command> {
        match self {
            Done::Exported(r) => said(r, ctx),
            Done::Loaded(_) => {}
        }
        None
    }
}

/// Where the CSV went, or why it did not.
pub(super) fn said(result: Reply<PathBuf>, ctx: &mut Ctx) {
    match result {
        Ok(path) => ctx.info = Some(format!("Report written to {}", path.display())),
        Err(e) => ctx.message = Some(format!("Not exported: {e}")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::write;

    #[tokio::test]
    async fn the_csv_lands_in_a_reports_folder_made_on_the_way() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reports").join("sales-x.csv");
        let written = write(path.clone(), "a,b\n1,2\n".into()).await.unwrap();
        assert_eq!(written, path);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n1,2\n");
        // A folder that cannot be made is a message, not a crash.
        let blocked = path.join("under-a-file.csv");
        let e = write(blocked, String::new()).await.unwrap_err();
        assert!(
            e.text.starts_with("cannot create the folder of"),
            "{}",
            e.text
        );
    }
}
