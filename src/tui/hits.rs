//! Where the last frame drew what a click can choose: the rows of the list shown and the
//! Week's slots. Views record them as they draw (a view reads state and cannot change
//! it, so the record sits behind a `RefCell`); a click is looked up in the last frame's
//! record, never in a layout computed a second time.

use std::cell::RefCell;

use ratatui::layout::{Position, Rect};

/// Something a click can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// Row `index` of the list shown (whose selected row is `selected`).
    Row {
        /// The row's index in its list.
        index: usize,
        /// The list's selected row when it was drawn.
        selected: Option<usize>,
    },
    /// A preview beside a list (History's, Conversations'): the wheel over it scrolls it
    /// instead of moving through the list.
    Preview,
    /// The Week's slot of day `day` (0 is the week's first) and half hour `slot`.
    Slot {
        /// The day in the week.
        day: usize,
        /// The half hour of the day.
        slot: usize,
    },
}

/// The last frame's record of what a click can choose.
#[derive(Debug, Default)]
pub struct Hits(RefCell<Vec<(Rect, Hit)>>);

impl Hits {
    /// Forgets the last frame's record: a new frame is drawn.
    pub fn clear(&self) {
        self.0.borrow_mut().clear();
    }

    /// Records that `area` shows `hit`.
    pub fn add(&self, area: Rect, hit: Hit) {
        self.0.borrow_mut().push((area, hit));
    }

    /// What was drawn at column `x`, row `y`, if a click can choose it.
    pub fn at(&self, x: u16, y: u16) -> Option<Hit> {
        self.0
            .borrow()
            .iter()
            .find(|(area, _)| area.contains(Position { x, y }))
            .map(|(_, hit)| *hit)
    }
}
