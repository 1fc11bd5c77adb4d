//! The published blocks on the Calendars screen: where each stands and the conflicts with
//! the calendar, loaded through the app; a conflict settled (bearing's version kept, or
//! the calendar's taken), a block deleted in the calendar published again or no longer
//! published, each after a yes.

use super::state::{BlockRow, CalendarsScreenState, Editing, Pane, Settle};
use crate::app::accounts::publish::{self, Keep, PublicationStatus};
use crate::tui::action::Action;
use crate::tui::changed::Changed;
use crate::tui::context::Ctx;
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::ui::clamp_selection;

impl CalendarsScreenState {
    /// Loads the published blocks and the conflicts; the selection stays on the row it
    /// was on (a conflict by its id, a block by its id), or on the block of a conflict
    /// settled meanwhile, else where it was.
    pub(super) fn reload_blocks(&mut self, ctx: &mut Ctx<'_>) {
        let keep: Vec<String> = self.selected_block().map_or_else(Vec::new, |r| {
            let mut keys = vec![row_key(&r)];
            if let BlockRow::Conflict(c) = r
                && let Some(id) = c.block_id
            {
                keys.push(format!("block:{id}"));
            }
            keys
        });
        let loaded = publish::publications(ctx.journal)
            .and_then(|p| Ok((p, publish::conflicts(ctx.journal)?)));
        (self.publications, self.conflicts) = match loaded {
            Ok(both) => both,
            Err(e) => return ctx.report(&e),
        };
        let at = keep
            .iter()
            .find_map(|k| self.block_rows().position(|r| row_key(&r) == *k));
        match at {
            Some(i) => self.blocks.select(Some(i)),
            None => {
                let n = self.block_count();
                clamp_selection(&mut self.blocks, n);
            }
        }
        if !self.has_blocks() {
            self.pane = Pane::Calendars;
        }
    }

    /// Asks before settling the selected conflict with `action`'s side.
    pub(super) fn ask_resolve(&mut self, action: &Action, ctx: &mut Ctx<'_>) {
        let keep = if *action == Action::KeepTheirs {
            Keep::Theirs
        } else {
            Keep::Mine
        };
        match self.blocks_selection() {
            Some(BlockRow::Conflict(c)) => {
                self.editing = Editing::ConfirmSettle(Settle::Resolve {
                    id: c.id,
                    block: c.block.clone(),
                    keep,
                });
            }
            _ => self.say_select(strings::SELECT_A_CONFLICT, ctx),
        }
    }

    /// Asks before publishing the selected block again (`PublishAgain`, when it was
    /// deleted in the calendar) or no longer publishing it.
    pub(super) fn ask_publish(&mut self, action: &Action, ctx: &mut Ctx<'_>) {
        let stop = *action == Action::StopPublishing;
        let Some(BlockRow::Publication(p)) = self.blocks_selection() else {
            return self.say_select(strings::SELECT_A_BLOCK, ctx);
        };
        let Some(id) = p.block_id else {
            // Deleted in bearing: it comes off the calendar with the next push anyway.
            return ctx.set_status(strings::comes_off_anyway(&p.block));
        };
        if !stop && p.status != PublicationStatus::DeletedThere {
            return ctx.set_status(strings::already_published(&p.block, p.status.words()));
        }
        self.editing = Editing::ConfirmSettle(Settle::Publish {
            id,
            block: p.block.clone(),
            stop,
        });
    }

    /// The blocks list's selection, when the blocks list has the keys.
    fn blocks_selection(&self) -> Option<BlockRow<'_>> {
        match self.pane {
            Pane::Blocks => self.selected_block(),
            Pane::Calendars => None,
        }
    }

    /// Says what to select first (and, from the calendars, the key that reaches the
    /// blocks list).
    fn say_select(&self, what: &str, ctx: &mut Ctx<'_>) {
        if !self.has_blocks() {
            return ctx.set_status(strings::NO_BLOCKS_PUBLISHED);
        }
        let key = match self.pane {
            Pane::Calendars => Some(ctx.keys.key(Table::Calendars, &Action::CursorRight)),
            Pane::Blocks => None,
        };
        ctx.set_status(strings::select_first(what, key.as_deref()));
    }

    /// Does what the user said yes to, through the app, and says what it means.
    pub(super) fn settle(&mut self, settle: &Settle, ctx: &mut Ctx<'_>) {
        let done = match settle {
            Settle::Resolve { id, block, keep } => {
                publish::resolve(ctx.journal, *id, *keep).map(|()| {
                    let changed = match keep {
                        Keep::Mine => Changed::PUBLISHED,
                        Keep::Theirs => Changed::PUBLISHED | Changed::BLOCKS,
                    };
                    (
                        strings::resolved(*id, block, *keep == Keep::Theirs),
                        changed,
                    )
                })
            }
            Settle::Publish { id, stop, .. } => publish::publish(ctx.journal, *id, *stop)
                .map(|title| (strings::published(&title, *stop), Changed::PUBLISHED)),
        };
        match done {
            Ok((said, changed)) => {
                ctx.set_status(said);
                ctx.change(changed);
            }
            Err(e) => {
                ctx.report(&e);
                // What failed may be stale (settled in another window): show what is.
                ctx.change(Changed::PUBLISHED);
            }
        }
    }
}

/// What identifies a row of the blocks list across reloads.
fn row_key(row: &BlockRow<'_>) -> String {
    match row {
        BlockRow::Conflict(c) => format!("conflict:{}", c.id),
        BlockRow::Publication(p) => match p.block_id {
            Some(id) => format!("block:{id}"),
            None => format!("gone:{}", p.block),
        },
    }
}
