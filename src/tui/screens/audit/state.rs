//! What the Audit screen shows: the week's report and the trend before it, the selection
//! in its two lists, and the classifications made here, to undo.

use chrono::NaiveDate;
use ratatui::widgets::ListState;

pub use crate::app::audit::UnclassifiedSeries;
use crate::audit::AuditReport;
use crate::domain::event::Category;

/// Weeks in the trend, this one included.
pub const TREND_WEEKS: usize = 12;

/// State of the Audit screen, loaded when the screen opens, the week changes or a
/// classification changes.
#[derive(Debug, Clone, Default)]
pub struct AuditState {
    /// The first day of the audited week.
    pub start: Option<NaiveDate>,
    /// The week's report.
    pub report: Option<AuditReport>,
    /// Leading share of the last weeks, oldest first, this week last.
    pub trend: Vec<(NaiveDate, Option<f64>)>,
    /// Selection in the unclassified list.
    pub list: ListState,
    /// Selection in the Most hours list.
    pub top: ListState,
    /// Which list the keys act on.
    pub panel: AuditPanel,
    /// Whether any calendar is imported (without one there is nothing to audit).
    pub has_calendar: bool,
    /// Classifications made here, newest last, with what they replaced: `u` undoes.
    pub undo: Vec<Undo>,
}

/// The lists of the Audit screen that keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuditPanel {
    /// The week's unclassified series.
    #[default]
    Unclassified,
    /// The series that took the most hours.
    MostHours,
}

/// A classification made on the Audit screen, and the choices it replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    /// The series.
    pub uid: String,
    /// Its title, for the message.
    pub title: String,
    /// The choices before: (occurrence key or series, category).
    pub before: Vec<(i64, Category)>,
}

/// The report's unclassified occurrences grouped by series, most hours first: the
/// Unclassified list.
pub fn unclassified_series(report: &AuditReport) -> Vec<UnclassifiedSeries> {
    let mut out = crate::app::audit::unclassified_series(report);
    out.sort_by(|a, b| b.hours.total_cmp(&a.hours).then(a.first.cmp(&b.first)));
    out
}
