//! What the People screen does with an action: move through everyone, and change the
//! selected person (rename, merge, link an address, mark a report), their agenda and
//! delegations, or start a conversation with them, all through `app`.

use chrono::NaiveDate;

use super::state::{CloseField, DelegationField, Editing, PeopleState, PersonField};
use crate::app::{Field, coaching, people};
use crate::domain::coaching::DelegationStatus;
use crate::domain::person;
use crate::domain::time::read_date;
use crate::tui::action::Action;
use crate::tui::changed::Changed;
use crate::tui::context::{Ctx, Request};
use crate::tui::form::{FieldError, Form};
use crate::tui::screens::conversations::{add_from, new_form};
use crate::tui::strings;
use crate::tui::theme::Theme;
use crate::tui::ui::{clamp_selection, step_selection};

/// How many recent reflections the person's page shows.
const RECENT_MENTIONS: usize = 5;

/// The form of one field about a person.
fn person_form(
    title: String,
    (field, label, hint): (PersonField, &'static str, &'static str),
    theme: &Theme,
) -> Form<PersonField> {
    Form::named(title, &[(field, label, hint, String::new())], theme)
}

/// The form that delegates a task to `name`.
fn delegation_form(name: &str, theme: &Theme) -> Form<DelegationField> {
    let empty = |field, label, hint| (field, label, hint, String::new());
    Form::named(
        strings::delegate_title(name),
        &[
            empty(
                DelegationField::Task,
                strings::FIELD_TASK,
                strings::HINT_TASK,
            ),
            empty(
                DelegationField::Done,
                strings::FIELD_DONE,
                strings::HINT_DONE,
            ),
            empty(
                DelegationField::Authority,
                strings::FIELD_AUTHORITY,
                strings::HINT_AUTHORITY,
            ),
            empty(
                DelegationField::CheckIn,
                strings::FIELD_CHECK_IN,
                strings::HINT_CHECK_IN,
            ),
            empty(DelegationField::Due, strings::FIELD_DUE, strings::HINT_DUE),
        ],
        theme,
    )
}

/// The form that closes one of `name`'s delegations, `first` filled in, as done.
fn close_form(name: &str, first: i64, theme: &Theme) -> Form<CloseField> {
    Form::named(
        strings::close_delegation_title(name),
        &[
            (
                CloseField::Delegation,
                strings::FIELD_DELEGATION,
                strings::HINT_DELEGATION,
                first.to_string(),
            ),
            (
                CloseField::How,
                strings::FIELD_HOW,
                strings::HINT_HOW,
                "done".to_string(),
            ),
        ],
        theme,
    )
}

/// Whether a refusal keeps `form` open: it then shows the refusal at its field.
fn kept<F: Copy + PartialEq>(
    result: Result<(), FieldError<F>>,
    form: &mut Form<F>,
    theme: &Theme,
) -> bool {
    match result {
        Ok(()) => false,
        Err(e) => {
            form.fail(e, theme);
            true
        }
    }
}

impl PeopleState {
    /// Loads everyone and the selected person's page; the selection stays on the person
    /// it was on (or follows the one just renamed or merged), wherever the new order puts
    /// them.
    pub fn reload(&mut self, ctx: &mut Ctx<'_>) {
        let keep = self
            .follow
            .take()
            .or_else(|| self.selected().map(|p| p.name.clone()));
        self.checkin_days = ctx.config.people.checkin_days;
        self.min_one_on_one_minutes = ctx.config.people.min_one_on_one_minutes;
        match people::overview(ctx.journal, ctx.settings, ctx.config, ctx.now) {
            Ok(overview) => {
                let at = keep.and_then(|k| {
                    let key = person::key(&k);
                    overview
                        .people
                        .iter()
                        .position(|p| person::key(&p.name) == key)
                });
                let n = overview.people.len();
                self.people = overview.people;
                self.reports = overview.reports;
                self.coverage = overview.coverage;
                match at {
                    Some(i) => self.list.select(Some(i)),
                    None => clamp_selection(&mut self.list, n),
                }
                self.load_page(ctx);
            }
            Err(e) => ctx.report(&e),
        }
    }

    /// Loads the selected person's page: agenda, delegations, conversations, mentions.
    fn load_page(&mut self, ctx: &mut Ctx<'_>) {
        let Some(name) = self.selected().map(|p| p.name.clone()) else {
            self.conversations.clear();
            self.mentions.clear();
            self.agenda.clear();
            self.delegations.clear();
            return;
        };
        match people::page(ctx.journal, ctx.today, &name, RECENT_MENTIONS) {
            Ok(page) => {
                self.agenda = page.agenda;
                self.delegations = page.delegations;
                self.conversations = page.conversations;
                self.mentions = page.mentions;
            }
            Err(e) => ctx.report(&e),
        }
    }

    /// Applies a People screen action; false if `action` is not one.
    pub fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        if matches!(self.editing, Editing::Nothing) {
            return self.update_list(action, ctx);
        }
        match action {
            Action::CancelForm => self.editing = Editing::Nothing,
            Action::Save => self.submit(ctx),
            Action::Quit => return false,
            other => self.type_into_form(other, ctx.theme),
        }
        true
    }

    /// A key typed into the open form.
    fn type_into_form(&mut self, action: &Action, theme: &Theme) {
        match &mut self.editing {
            Editing::Nothing => {}
            Editing::Rename { form, .. }
            | Editing::Merge { form, .. }
            | Editing::Link { form, .. }
            | Editing::AddAgenda { form, .. } => {
                form.apply(action, theme);
            }
            Editing::Delegate { form, .. } => {
                form.apply(action, theme);
            }
            Editing::Close(form) => {
                form.apply(action, theme);
            }
            Editing::NewConversation(form) => {
                form.apply(action, theme);
            }
        }
    }

    /// The list's actions: moving, and what is done to the selected person.
    fn update_list(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        use Action as A;
        if let A::CursorDown | A::CursorUp = action {
            let down = *action == A::CursorDown;
            if step_selection(&mut self.list, self.people.len(), down) {
                self.load_page(ctx);
            }
            return true;
        }
        if !matches!(
            action,
            A::NewConversation
                | A::RenamePerson
                | A::MergePerson
                | A::LinkAddress
                | A::AddAgendaItem
                | A::ToggleReport
                | A::AgendaDone
                | A::NewDelegation
                | A::CloseDelegation
        ) {
            return false;
        }
        let Some(name) = self.selected().map(|p| p.name.clone()) else {
            ctx.set_status(strings::NOBODY_SELECTED);
            return true;
        };
        let theme = ctx.theme;
        self.editing = match action {
            A::NewConversation => Editing::NewConversation(new_form(&name, ctx)),
            A::RenamePerson => Editing::Rename {
                form: person_form(
                    strings::rename_title(&name),
                    (
                        PersonField::NewName,
                        strings::FIELD_NEW_NAME,
                        strings::HINT_NEW_NAME,
                    ),
                    theme,
                ),
                name,
            },
            A::MergePerson => Editing::Merge {
                form: person_form(
                    strings::merge_title(&name),
                    (
                        PersonField::Into,
                        strings::FIELD_MERGE_INTO,
                        strings::HINT_MERGE_INTO,
                    ),
                    theme,
                ),
                name,
            },
            A::LinkAddress => Editing::Link {
                form: person_form(
                    strings::link_title(&name),
                    (
                        PersonField::Address,
                        strings::FIELD_ADDRESS,
                        strings::HINT_ADDRESS,
                    ),
                    theme,
                ),
                name,
            },
            A::AddAgendaItem => Editing::AddAgenda {
                form: person_form(
                    strings::add_agenda_title(&name),
                    (
                        PersonField::AgendaText,
                        strings::FIELD_AGENDA_TEXT,
                        strings::HINT_AGENDA_TEXT,
                    ),
                    theme,
                ),
                name,
            },
            A::NewDelegation => Editing::Delegate {
                form: delegation_form(&name, theme),
                name,
            },
            A::CloseDelegation => match self.open_delegations().next().map(|d| d.id) {
                Some(first) => Editing::Close(close_form(&name, first, theme)),
                None => {
                    ctx.set_status(strings::no_open_delegations(&name));
                    Editing::Nothing
                }
            },
            A::ToggleReport => {
                self.toggle_report(&name, ctx);
                Editing::Nothing
            }
            A::AgendaDone => {
                self.discuss_first(&name, ctx);
                Editing::Nothing
            }
            _ => Editing::Nothing,
        };
        true
    }

    /// Marks `name` a direct report, or no longer.
    fn toggle_report(&mut self, name: &str, ctx: &mut Ctx<'_>) {
        let report = !self.reports.iter().any(|r| r == name);
        match people::set_report(ctx.journal, name, report) {
            Ok(marked) => {
                ctx.set_status(strings::report_now(&marked.person, report));
                ctx.change(Changed::PEOPLE);
            }
            Err(e) => ctx.report(&e),
        }
    }

    /// Marks the first item of `name`'s agenda discussed.
    fn discuss_first(&mut self, name: &str, ctx: &mut Ctx<'_>) {
        let Some(item) = self.agenda.first().cloned() else {
            ctx.set_status(strings::agenda_empty(name));
            return;
        };
        match coaching::mark_discussed(ctx.journal, ctx.now, Some(name), &item.id) {
            Ok(()) => {
                ctx.set_status(strings::agenda_item_done(&item.text));
                // Only this page shows it; the screens that show agendas load them when
                // shown.
                self.load_page(ctx);
            }
            Err(e) => ctx.report(&e),
        }
    }

    /// Saves the open form; a refusal keeps it open at the field to fix.
    fn submit(&mut self, ctx: &mut Ctx<'_>) {
        let mut editing = std::mem::take(&mut self.editing);
        let theme = ctx.theme;
        let keep = match &mut editing {
            Editing::Nothing => false,
            Editing::Rename { name, form } => {
                let result = self.rename(name, form.value(PersonField::NewName), ctx);
                kept(result, form, theme)
            }
            Editing::Merge { name, form } => {
                let result = self.merge(name, form.value(PersonField::Into), ctx);
                kept(result, form, theme)
            }
            Editing::Link { name, form } => {
                let result = self.link(name, form.value(PersonField::Address), ctx);
                kept(result, form, theme)
            }
            Editing::AddAgenda { name, form } => {
                let result = self.add_agenda(name, form.value(PersonField::AgendaText), ctx);
                kept(result, form, theme)
            }
            Editing::Delegate { name, form } => {
                let result = self.delegate(name, form, ctx);
                kept(result, form, theme)
            }
            Editing::Close(form) => {
                let result = self.close(form, ctx);
                kept(result, form, theme)
            }
            // The person is the one selected: known.
            Editing::NewConversation(form) => match add_from(|f| form.value(f), &mut None, ctx) {
                Ok(c) => {
                    ctx.request(Request::OpenConversation {
                        id: c.id,
                        noted: true,
                    });
                    false
                }
                Err(e) => {
                    form.fail(e, theme);
                    true
                }
            },
        };
        if keep {
            self.editing = editing;
        }
    }

    /// Renames `name` to `to`; the selection follows them.
    fn rename(&mut self, name: &str, to: String, ctx: &mut Ctx<'_>) -> Submitted {
        let at = FieldError::at(PersonField::NewName);
        people::rename(ctx.journal, name, &to).map_err(|e| at(&crate::describe(&e)))?;
        ctx.set_status(strings::renamed(name, &to));
        self.follow = Some(person::clean(&to).to_string());
        ctx.change(Changed::PEOPLE);
        Ok(())
    }

    /// Merges `name` into `into`; the selection follows them.
    fn merge(&mut self, name: &str, into: String, ctx: &mut Ctx<'_>) -> Submitted {
        let at = FieldError::at(PersonField::Into);
        people::merge(ctx.journal, name, &into).map_err(|e| at(&crate::describe(&e)))?;
        ctx.set_status(strings::merged(name, &into));
        self.follow = Some(person::clean(&into).to_string());
        ctx.change(Changed::PEOPLE);
        Ok(())
    }

    /// Links `address` to `name`.
    fn link(&mut self, name: &str, address: String, ctx: &mut Ctx<'_>) -> Submitted {
        let at = FieldError::at(PersonField::Address);
        let linked =
            people::link(ctx.journal, name, &address).map_err(|e| at(&crate::describe(&e)))?;
        ctx.set_status(strings::linked(&linked.address, &linked.person));
        self.follow = Some(name.to_string());
        ctx.change(Changed::PEOPLE);
        Ok(())
    }

    /// Adds `text` to `name`'s agenda.
    fn add_agenda(&mut self, name: &str, text: String, ctx: &mut Ctx<'_>) -> Submitted {
        let at = FieldError::at(PersonField::AgendaText);
        let item = crate::app::coaching::add_agenda_item(ctx.journal, ctx.now, name, &text)
            .map_err(|e| at(&crate::describe(&e)))?;
        ctx.set_status(strings::agenda_added(name, &item.text));
        self.follow = Some(name.to_string());
        ctx.change(Changed::PEOPLE);
        Ok(())
    }

    /// Delegates the task the form describes to `name`.
    fn delegate(
        &mut self,
        name: &str,
        form: &Form<DelegationField>,
        ctx: &mut Ctx<'_>,
    ) -> Submitted<DelegationField> {
        let now = ctx.now.at.naive_local();
        let day = |field| -> Result<Option<NaiveDate>, FieldError<DelegationField>> {
            let text = form.value(field);
            if text.trim().is_empty() {
                return Ok(None);
            }
            read_date(&text, now)
                .map(Some)
                .map_err(|e| FieldError::at(field)(&e))
        };
        let new = coaching::NewDelegation {
            person: name.to_string(),
            task: form.value(DelegationField::Task),
            done_looks_like: form.value(DelegationField::Done),
            authority: form.value(DelegationField::Authority),
            check_in: day(DelegationField::CheckIn)?,
            due: day(DelegationField::Due)?,
            new_person: false,
        };
        let d = coaching::delegate(ctx.journal, ctx.today, &new).map_err(|e| {
            let field = match e.field() {
                Some(Field::DoneLooksLike) => DelegationField::Done,
                Some(Field::CheckIn) => DelegationField::CheckIn,
                _ => DelegationField::Task,
            };
            FieldError::new(field, crate::describe(&e))
        })?;
        ctx.set_status(strings::delegated(&d.task, &d.person));
        // Only this page shows it; the screens that show delegations load them when
        // shown.
        self.load_page(ctx);
        Ok(())
    }

    /// Closes the delegation the form names, as done or dropped.
    fn close(&mut self, form: &Form<CloseField>, ctx: &mut Ctx<'_>) -> Submitted<CloseField> {
        let not_theirs = || FieldError::new(CloseField::Delegation, strings::NOT_A_DELEGATION);
        let id: i64 = form
            .value(CloseField::Delegation)
            .trim_start_matches('#')
            .parse()
            .map_err(|_| not_theirs())?;
        if !self.open_delegations().any(|d| d.id == id) {
            return Err(not_theirs());
        }
        let how = match form.value(CloseField::How).to_lowercase().as_str() {
            "done" | "d" => DelegationStatus::Done,
            "dropped" | "drop" => DelegationStatus::Dropped,
            _ => return Err(FieldError::new(CloseField::How, strings::DONE_OR_DROPPED)),
        };
        let d = coaching::close_delegation(ctx.journal, ctx.today, id, how)
            .map_err(|e| FieldError::new(CloseField::Delegation, crate::describe(&e)))?;
        ctx.set_status(strings::delegation_closed(&d.task, how.as_str()));
        self.load_page(ctx);
        Ok(())
    }
}

/// What saving a form gives: nothing, or the field to fix.
type Submitted<F = PersonField> = Result<(), FieldError<F>>;
