//! What a change to the journal touched, so `App` reloads exactly what depends on it
//! (gitui's `NeedsUpdate`): a screen's update says what it changed, and one table in
//! [`super::app`] decides what loads again.

bitflags::bitflags! {
    /// Parts of the journal an update changed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub struct Changed: u16 {
        /// Reflections and notes.
        const ENTRIES = 1;
        /// Leadership time blocks and their occurrences.
        const BLOCKS = 1 << 1;
        /// Imported calendar events, or how they are classified.
        const EVENTS = 1 << 2;
        /// Difficult conversations.
        const CONVERSATIONS = 1 << 3;
        /// People, their delegations and agendas.
        const PEOPLE = 1 << 4;
        /// The imported calendars themselves (when each was read).
        const CALENDARS = 1 << 5;
        /// Weekly reviews.
        const REVIEWS = 1 << 6;
        /// The day turned: everything that shows "today".
        const DAY = 1 << 7;
        /// Which blocks are published and where each stands on the calendar (published
        /// again, no longer, a conflict settled, a push came back).
        const PUBLISHED = 1 << 8;
    }
}
