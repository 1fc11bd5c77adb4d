//! What the Calendars screen does with an action: move through the calendars and the
//! published blocks, give an account's calendar its next role (asking first when that
//! stops reading it), and ask the app to read every calendar again in the background.
//! Settling conflicts and publishing again is [`super::settle`]'s.

use std::collections::HashMap;

use super::state::{
    AccountHead, CalendarRow, CalendarsScreenState, Editing, Origin, Pane, RoleChange, account_key,
};
use crate::app::accounts::{self, Account, Role};
use crate::app::calendars::{self, CalendarCounts, CalendarInfo};
use crate::domain::source::Source;
use crate::tui::action::Action;
use crate::tui::changed::Changed;
use crate::tui::context::{Ctx, Request};
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::ui::{clamp_selection, step_selection};

/// The rows of the screen: the imported files and links first (with any calendar of an
/// account no longer known), then each account's calendars, matched to what was
/// imported of them by their source.
fn rows_of(
    imported: Vec<(CalendarInfo, CalendarCounts)>,
    accounts: Vec<Account>,
) -> (Vec<CalendarRow>, Vec<AccountHead>) {
    let mut files = Vec::new();
    let mut of_accounts: HashMap<String, (CalendarInfo, CalendarCounts)> = HashMap::new();
    for (info, counts) in imported {
        if matches!(Source::parse(&info.source), Source::Account(_)) {
            of_accounts.insert(info.source.clone(), (info, counts));
        } else {
            files.push(imported_row(info, counts));
        }
    }
    let mut heads = Vec::new();
    let mut rows = Vec::new();
    for (i, account) in accounts.into_iter().enumerate() {
        for c in account.calendars {
            let stored = Source::account(&account.name, &c.href).stored();
            let found = of_accounts.remove(&stored);
            rows.push(CalendarRow {
                name: c.name,
                origin: Origin::Account {
                    account: i,
                    href: c.href,
                    imported: found.as_ref().map(|(info, _)| info.name.clone()),
                },
                role: c.role,
                read_at: c
                    .synced_at
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
                    .map(|t| t.to_utc()),
                error: c.error,
                counts: found.map(|(_, counts)| counts),
            });
        }
        heads.push(AccountHead {
            name: account.name,
            user: account.user,
            server: account.server,
        });
    }
    // Whatever no account claims is listed with the files, so every calendar shows.
    let mut orphans: Vec<(CalendarInfo, CalendarCounts)> = of_accounts.into_values().collect();
    orphans.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    files.extend(orphans.into_iter().map(|(i, c)| imported_row(i, c)));
    files.extend(rows);
    (files, heads)
}

/// The row of an imported calendar.
fn imported_row(info: CalendarInfo, counts: CalendarCounts) -> CalendarRow {
    let source = Source::parse(&info.source);
    CalendarRow {
        name: info.name,
        origin: Origin::Imported {
            id: info.id,
            source: source.redacted(),
            refreshable: source.refreshable(),
        },
        role: Role::Read,
        read_at: info.refreshed_at,
        error: info.last_error,
        counts: Some(counts),
    }
}

impl CalendarsScreenState {
    /// Loads every calendar and account, the published blocks and the conflicts; each
    /// selection stays on what it was on.
    pub fn reload(&mut self, ctx: &mut Ctx<'_>) {
        let keep = self.selected().map(|r| r.key(&self.accounts));
        let loaded = calendars::list_with_counts(ctx.journal)
            .and_then(|imported| Ok((imported, accounts::list(ctx.journal)?)));
        let (imported, accounts) = match loaded {
            Ok(both) => both,
            Err(e) => return ctx.report(&e),
        };
        (self.rows, self.accounts) = rows_of(imported, accounts);
        let at = keep.and_then(|k| self.rows.iter().position(|r| r.key(&self.accounts) == k));
        match at {
            Some(i) => self.list.select(Some(i)),
            None => clamp_selection(&mut self.list, self.rows.len()),
        }
        self.reload_blocks(ctx);
    }

    /// Applies a Calendars screen action; false if `action` is not one.
    pub fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        if !matches!(self.editing, Editing::Nothing) {
            return self.answer(action, ctx);
        }
        let (list, n) = match self.pane {
            Pane::Calendars => (&mut self.list, self.rows.len()),
            Pane::Blocks => (
                &mut self.blocks,
                self.conflicts.len() + self.publications.len(),
            ),
        };
        match action {
            Action::CursorDown => {
                step_selection(list, n, true);
            }
            Action::CursorUp => {
                step_selection(list, n, false);
            }
            Action::First => list.select((n > 0).then_some(0)),
            Action::Last => list.select(n.checked_sub(1)),
            Action::CursorLeft | Action::CursorRight => self.other_pane(ctx),
            Action::CycleCalendarRole => self.cycle_role(ctx),
            Action::RefreshCalendars => ctx.request(Request::RefreshCalendars),
            Action::KeepMine | Action::KeepTheirs => self.ask_resolve(action, ctx),
            Action::PublishAgain | Action::StopPublishing => self.ask_publish(action, ctx),
            // No question is open: nothing to answer. A paste is not typed as commands.
            Action::Confirm | Action::PasteText(_) => {}
            _ => return false,
        }
        true
    }

    /// The answer to the question open: yes does what it asked, no closes it; the
    /// question takes every other key until answered.
    fn answer(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        match (action, std::mem::take(&mut self.editing)) {
            (Action::Confirm, Editing::ConfirmRole(change)) => self.give_role(&change, true, ctx),
            (Action::Confirm, Editing::ConfirmSettle(settle)) => self.settle(&settle, ctx),
            (Action::CloseOverlay, _) => {}
            (_, asked) => self.editing = asked,
        }
        true
    }

    /// The keys go to the other list (there are two while blocks are published).
    fn other_pane(&mut self, ctx: &mut Ctx<'_>) {
        self.pane = match self.pane {
            Pane::Calendars if self.has_blocks() => Pane::Blocks,
            Pane::Calendars => {
                return ctx.set_status(strings::NO_BLOCKS_PUBLISHED);
            }
            Pane::Blocks => Pane::Calendars,
        };
    }

    /// Gives the selected account calendar its next role; asks first when that stops
    /// reading a calendar whose events are in the journal.
    fn cycle_role(&mut self, ctx: &mut Ctx<'_>) {
        if self.pane == Pane::Blocks {
            let key = ctx.keys.key(Table::Calendars, &Action::CursorLeft);
            return ctx.set_status(strings::role_in_calendars(&key));
        }
        let Some(row) = self.selected() else {
            return ctx.set_status(strings::NO_CALENDAR_SELECTED);
        };
        let Origin::Account { account, href, .. } = &row.origin else {
            return ctx.set_status(strings::FILE_ALWAYS_READ);
        };
        let role = CalendarsScreenState::next_role(row.role);
        let change = RoleChange {
            account: self
                .accounts
                .get(*account)
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            href: href.clone(),
            calendar: row.name.clone(),
            role,
            events: row.counts.map_or(0, |c| c.events),
        };
        let was_read = row.reads();
        let stops_reading = was_read && matches!(role, Role::Blocks | Role::Unused);
        if stops_reading && change.events > 0 {
            self.editing = Editing::ConfirmRole(change);
        } else {
            self.give_role(&change, was_read, ctx);
        }
    }

    /// Gives `change`'s calendar its role through the app, and says what that means.
    fn give_role(&mut self, change: &RoleChange, was_read: bool, ctx: &mut Ctx<'_>) {
        // The blocks go to one calendar: the one that had them loses them.
        let this = account_key(&change.account, &change.href);
        let blocks_before = self
            .rows
            .iter()
            .filter(|r| matches!(r.role, Role::Blocks | Role::Both))
            .find(|r| r.key(&self.accounts) != this)
            .map(|r| r.name.clone());
        match accounts::use_calendar(ctx.journal, &change.account, &change.href, change.role) {
            Ok(_) => {
                let reads = matches!(change.role, Role::Read | Role::Both);
                let removed = if was_read && !reads { change.events } else { 0 };
                let blocks_left = match change.role {
                    Role::Blocks | Role::Both => blocks_before.as_deref(),
                    Role::Read | Role::Unused => None,
                };
                let refresh = ctx.keys.key(Table::Calendars, &Action::RefreshCalendars);
                ctx.set_status(strings::role_changed(
                    &change.calendar,
                    change.role,
                    was_read,
                    removed,
                    blocks_left,
                    &refresh,
                ));
                ctx.change(if removed > 0 {
                    Changed::CALENDARS | Changed::EVENTS
                } else {
                    Changed::CALENDARS
                });
            }
            Err(e) => ctx.report(&e),
        }
    }
}
