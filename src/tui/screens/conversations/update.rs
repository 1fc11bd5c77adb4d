//! What the Conversations screen does with an action: move through the list, note,
//! write, hold, follow up and close conversations, all through `app::conversations`.

use super::state::{
    ConversationsState, ConvoEditor, Editing, FollowUpField, NewField, TextField, field_texts,
};
use crate::app::{Field, conversations};
use crate::domain::conversation::{Conversation, ConversationError, Status};
use crate::domain::dates;
use crate::domain::time::{localize_in, read_date, read_date_time};
use crate::tui::action::Action;
use crate::tui::changed::Changed;
use crate::tui::context::{Ctx, EditTarget, Request};
use crate::tui::form::{FieldError, Form};
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::ui::{clamp_selection, step_selection};

/// The form for a new conversation, with `person` filled in when given (the cursor then
/// starts at the topic).
pub fn new_form(person: &str, ctx: &Ctx<'_>) -> Form<NewField> {
    let mut form = Form::named(
        strings::NEW_CONVERSATION_TITLE,
        &[
            (
                NewField::With,
                strings::FIELD_WITH,
                strings::HINT_WITH,
                person.to_string(),
            ),
            (
                NewField::Topic,
                strings::FIELD_TOPIC,
                strings::HINT_TOPIC,
                String::new(),
            ),
            (
                NewField::When,
                strings::FIELD_WHEN,
                strings::HINT_WHEN,
                String::new(),
            ),
            (
                NewField::Stay,
                strings::FIELD_STAY,
                strings::HINT_STAY,
                String::new(),
            ),
        ],
        ctx.theme,
    );
    if !person.is_empty() {
        form.focus_on(NewField::Topic, ctx.theme);
    }
    form
}

/// Notes the conversation a new-conversation form describes (`value` reads its fields),
/// or says which field to fix. A name nobody has is asked about first and taken as
/// someone new when submitted again unchanged (`warned` keeps it). The screens that show
/// the form decide what follows.
pub fn add_from(
    value: impl Fn(NewField) -> String,
    warned: &mut Option<String>,
    ctx: &mut Ctx<'_>,
) -> Result<Conversation, FieldError<NewField>> {
    let stay_interview = match value(NewField::Stay).to_lowercase().as_str() {
        "" | "n" | "no" => false,
        "y" | "yes" | "stay" => true,
        _ => return Err(FieldError::new(NewField::Stay, strings::YES_OR_NO)),
    };
    let when = value(NewField::When);
    let planned_at = if when.is_empty() {
        None
    } else {
        Some(
            read_date_time(&when, ctx.now.at.naive_local())
                .and_then(|t| localize_in(&ctx.now.zone, t))
                .map_err(|e| FieldError::at(NewField::When)(&e))?,
        )
    };
    let person = value(NewField::With);
    let new = conversations::NewConversation {
        new_person: warned.as_deref() == Some(person.trim()),
        person,
        topic: value(NewField::Topic),
        planned_at,
        stay_interview,
        event: None,
    };
    let c = conversations::add(ctx.journal, ctx.now, &new).map_err(|e| {
        let field = match e.field() {
            Some(Field::Topic) => NewField::Topic,
            Some(Field::PlannedAt) => NewField::When,
            Some(Field::NewPerson) => {
                *warned = Some(new.person.trim().to_string());
                return FieldError::new(
                    NewField::With,
                    strings::confirm_new_person(crate::domain::person::clean(&new.person)),
                );
            }
            _ => NewField::With,
        };
        FieldError::new(field, crate::describe(&e))
    })?;
    ctx.change(Changed::CONVERSATIONS | Changed::PEOPLE);
    Ok(c)
}

impl ConversationsState {
    /// Loads every conversation, grouped; the selected one stays selected.
    pub fn reload(&mut self, ctx: &mut Ctx<'_>) {
        let keep = self.selected().map(|c| c.id);
        match conversations::list(ctx.journal, ctx.now, &Default::default()) {
            Ok(list) => {
                self.list = list;
                match keep.and_then(|id| self.list.iter().position(|c| c.id == id)) {
                    Some(i) => self.selection.select(Some(i)),
                    None => clamp_selection(&mut self.selection, self.list.len()),
                }
                self.load_page(ctx);
            }
            Err(e) => ctx.report(&e),
        }
    }

    /// Selects conversation `id` and opens it for writing at its first text; `noted`
    /// when it was just noted, here or on another screen (the status line says so).
    pub fn open_by_id(&mut self, id: i64, noted: bool, ctx: &mut Ctx<'_>) {
        let Some(i) = self.list.iter().position(|c| c.id == id) else {
            ctx.set_error(strings::ITEM_GONE);
            return;
        };
        self.selection.select(Some(i));
        self.load_page(ctx);
        let Some(c) = self.selected().cloned() else {
            return;
        };
        let when = c
            .planned_at
            .map(|t| t.format(dates::DAY_TIME_YEAR).to_string());
        self.open(c, TextField::FIRST_TEXT, ctx);
        if noted {
            let next = ctx.keys.key(Table::Conversation, &Action::NextField);
            let done = ctx.keys.key(Table::Conversation, &Action::Back);
            ctx.set_status(strings::conversation_noted(when.as_deref(), &next, &done));
        }
    }

    /// Resets the preview and looks for a calendar meeting at the selected one's time.
    fn load_page(&mut self, ctx: &mut Ctx<'_>) {
        self.preview_scroll = 0;
        self.clash = None;
        let Some(c) = self.selected() else {
            return;
        };
        match conversations::clash(ctx.journal, ctx.settings, ctx.now, c) {
            Ok(clash) => self.clash = clash,
            Err(e) => ctx.report(&e),
        }
    }

    fn open(&mut self, c: Conversation, focus: TextField, ctx: &Ctx<'_>) {
        self.editing = Editing::Writing(Box::new(ConvoEditor::open(
            c,
            ctx.now.zone,
            focus,
            ctx.theme,
        )));
    }

    /// Saves the open conversation's texts if they changed since last saved: the
    /// autosave. False when saving failed (the status line says why; the text stays).
    pub fn flush(&mut self, ctx: &mut Ctx<'_>) -> bool {
        let Editing::Writing(open) = &mut self.editing else {
            return true;
        };
        if !open.editor.needs_saving() {
            return true;
        }
        let stay = open.conversation.stay_interview;
        let result = read(open, ctx)
            .map_err(|e| strings::field_refused(e.field.label(stay), &e.message))
            .and_then(|mine| {
                match conversations::save(ctx.journal, &open.conversation, &mine) {
                    Ok(saved) => Ok((mine, saved)),
                    // Deleted elsewhere while written here: the text goes to the draft.
                    Err(crate::app::Error::Missing { .. }) => Err(String::new()),
                    Err(e) => Err(strings::autosave_failed(&crate::describe(&e))),
                }
            });
        if result.as_ref().is_err_and(String::is_empty) {
            let text = kept_text(&open.editor.texts(), stay);
            let id = open.conversation.id;
            self.editing = Editing::Nothing;
            ctx.request(Request::KeepInDraft(text));
            ctx.set_error(strings::conversation_gone_kept(id));
            ctx.change(Changed::CONVERSATIONS);
            return true;
        }
        match result {
            Ok((mine, saved)) => {
                let mut texts = field_texts(&mut saved.conversation.clone(), ctx.now.zone);
                // The time as typed stays unless someone else moved it.
                if saved.conversation.planned_at == mine.planned_at {
                    texts[TextField::When.position()] =
                        open.editor.field(TextField::When.position());
                }
                open.editor.adopt(&texts, ctx.theme);
                open.conversation = saved.conversation;
                open.editor.saved(ctx.now.at);
                if !saved.conflicts.is_empty() {
                    let labels: Vec<String> =
                        saved.conflicts.iter().map(|l| (*l).to_string()).collect();
                    ctx.set_error(strings::edited_in_two_places(&labels));
                }
                true
            }
            Err(message) => {
                ctx.set_error(message);
                false
            }
        }
    }

    /// Shows what another window or command saved in the open conversation meanwhile,
    /// unless the editor holds unsaved text (its save then merges them).
    pub fn catch_up(&mut self, ctx: &mut Ctx<'_>) {
        let Editing::Writing(open) = &mut self.editing else {
            return;
        };
        if open.editor.needs_saving() {
            return;
        }
        if let Ok(mut stored) = conversations::get(ctx.journal, open.conversation.id)
            && stored.version != open.conversation.version
        {
            open.editor
                .adopt(&field_texts(&mut stored, ctx.now.zone), ctx.theme);
            open.conversation = stored;
        }
    }

    /// `$EDITOR` gave back the text of field `field` of conversation `id`: it replaces
    /// that field (the conversation is opened again if it was closed meanwhile) and is
    /// saved.
    pub fn external_edit_finished(
        &mut self,
        id: i64,
        field: usize,
        result: &Result<crate::io::editor::Edited, String>,
        ctx: &mut Ctx<'_>,
    ) {
        let edited = match result {
            Ok(edited) => edited,
            Err(e) => return ctx.set_error(strings::external_edit_failed(e)),
        };
        if self.writing().is_none_or(|open| open.conversation.id != id) {
            self.open_by_id(id, false, ctx);
        }
        let Editing::Writing(open) = &mut self.editing else {
            return;
        };
        open.editor.set_focus(field);
        if let Err(too_big) = open.editor.replace(&edited.text, ctx.theme) {
            return ctx.report_too_big(too_big);
        }
        if self.flush(ctx) {
            match &edited.note {
                Some(note) => ctx.set_error(strings::external_edit_note(note)),
                None => ctx.set_status(strings::CONVERSATION_SAVED),
            }
        }
    }

    /// Applies a Conversations screen action; false if `action` is not one.
    pub fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        match &mut self.editing {
            Editing::New(form) => match action {
                Action::CancelForm => self.editing = Editing::Nothing,
                Action::Save => match add_from(|f| form.value(f), &mut self.new_person, ctx) {
                    Ok(c) => {
                        self.editing = Editing::Nothing;
                        self.list.push(c.clone());
                        self.open_by_id(c.id, true, ctx);
                    }
                    Err(e) => form.fail(e, ctx.theme),
                },
                Action::Quit => return false,
                other => {
                    form.apply(other, ctx.theme);
                }
            },
            Editing::FollowUp { id, form } => match action {
                Action::CancelForm => self.editing = Editing::Nothing,
                Action::Save => match follow_up_from(*id, form, ctx) {
                    Ok(message) => {
                        self.editing = Editing::Nothing;
                        ctx.set_status(message);
                    }
                    Err(e) => form.fail(e, ctx.theme),
                },
                Action::Quit => return false,
                other => {
                    form.apply(other, ctx.theme);
                }
            },
            Editing::Writing(_) => return self.update_writing(action, ctx),
            Editing::Nothing => return self.update_list(action, ctx),
        }
        true
    }

    /// Keys typed into the open conversation, and its Save and Back.
    fn update_writing(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        let Editing::Writing(open) = &mut self.editing else {
            return false;
        };
        if let Some(typed) = open.editor.apply(action) {
            if let Err(too_big) = typed {
                ctx.report_too_big(too_big);
            }
            return true;
        }
        match action {
            Action::Save => {
                open.editor.dirty = true;
                if self.flush(ctx) {
                    ctx.set_status(strings::CONVERSATION_SAVED);
                }
            }
            Action::OpenExternalEditor => {
                let (id, field) = (open.conversation.id, open.editor.focus());
                let text = open.editor.field(field);
                // What was typed is saved first: the editor starts from it.
                if self.flush(ctx) {
                    ctx.request(Request::ExternalEdit {
                        target: EditTarget::ConversationField { id, field },
                        text,
                    });
                }
            }
            Action::Back => {
                if self.flush(ctx) {
                    self.editing = Editing::Nothing;
                    ctx.set_status(strings::CONVERSATION_SAVED);
                    ctx.change(Changed::CONVERSATIONS);
                }
            }
            _ => return false,
        }
        true
    }

    /// The list's actions.
    fn update_list(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        match action {
            Action::CursorDown | Action::CursorUp => {
                let down = *action == Action::CursorDown;
                if step_selection(&mut self.selection, self.list.len(), down) {
                    self.load_page(ctx);
                }
            }
            Action::ScrollPreviewDown => {
                self.preview_scroll = self.preview_scroll.saturating_add(3)
            }
            Action::ScrollPreviewUp => self.preview_scroll = self.preview_scroll.saturating_sub(3),
            Action::NewConversation => self.editing = Editing::New(new_form("", ctx)),
            Action::OpenConversation => match self.selected().cloned() {
                Some(c) => self.open(c, TextField::FIRST_TEXT, ctx),
                None => ctx.set_status(strings::NO_CONVERSATION),
            },
            Action::MarkHeld => self.change_status(Status::Held, ctx),
            Action::MarkFollowedUp => self.change_status(Status::FollowedUp, ctx),
            Action::CloseConversation => self.change_status(Status::Closed, ctx),
            Action::CancelConversation => self.change_status(Status::Cancelled, ctx),
            Action::SetFollowUp => self.open_follow_up(ctx),
            _ => return false,
        }
        true
    }

    fn change_status(&mut self, to: Status, ctx: &mut Ctx<'_>) {
        let Some(id) = self.selected().map(|c| c.id) else {
            ctx.set_status(strings::NO_CONVERSATION);
            return;
        };
        match conversations::mark(ctx.journal, ctx.now, id, to) {
            Ok(c) => {
                ctx.set_status(strings::now_status(&c.topic, &c.person, to.label()));
                ctx.change(Changed::CONVERSATIONS | Changed::PEOPLE);
                // Just held: write down what happened while it is fresh.
                if to == Status::Held {
                    self.open(c, TextField::WHAT_HAPPENED, ctx);
                    let next = ctx.keys.key(Table::Conversation, &Action::NextField);
                    ctx.set_status(strings::held_now_record(&next));
                }
            }
            Err(e) => ctx.set_error(strings::sentence(&crate::describe(&e))),
        }
    }

    fn open_follow_up(&mut self, ctx: &mut Ctx<'_>) {
        let Some(c) = self.selected() else {
            ctx.set_status(strings::NO_CONVERSATION);
            return;
        };
        if c.status != Status::Held {
            let refusal = ConversationError::FollowUpNotHeld {
                id: c.id,
                status: c.status.label(),
            };
            let held = ctx.keys.key(Table::Conversations, &Action::MarkHeld);
            ctx.set_error(strings::follow_up_once_held(&refusal.to_string(), &held));
            return;
        }
        let current = c
            .followup_on
            .map(|d| d.format(dates::TYPED_DAY).to_string())
            .unwrap_or_default();
        let form = Form::named(
            strings::FOLLOW_UP_TITLE,
            &[
                (
                    FollowUpField::On,
                    strings::FIELD_FOLLOW_UP_ON,
                    strings::HINT_FOLLOW_UP_ON,
                    current,
                ),
                (
                    FollowUpField::Notes,
                    strings::FIELD_FOLLOW_UP_NOTES,
                    strings::HINT_FOLLOW_UP_NOTES,
                    c.outcome.followup_notes.clone(),
                ),
            ],
            ctx.theme,
        );
        self.editing = Editing::FollowUp { id: c.id, form };
    }
}

/// Sets the follow-up the form describes; the status line's message, or the field to fix.
fn follow_up_from(
    id: i64,
    form: &Form<FollowUpField>,
    ctx: &mut Ctx<'_>,
) -> Result<String, FieldError<FollowUpField>> {
    let on = FieldError::at(FollowUpField::On);
    let day =
        read_date(&form.value(FollowUpField::On), ctx.now.at.naive_local()).map_err(|e| on(&e))?;
    let notes = form.text(FollowUpField::Notes).trim().to_string();
    let c = conversations::follow_up(ctx.journal, id, day, Some(notes)).map_err(|e| on(&e))?;
    ctx.change(Changed::CONVERSATIONS | Changed::PEOPLE);
    Ok(strings::follow_up_set(
        &c.person,
        &crate::tui::ui::day_label(day, ctx.today),
    ))
}

/// The conversation with the editor's text, or the field to blame and why.
fn read(open: &ConvoEditor, ctx: &Ctx<'_>) -> Result<Conversation, FieldError<TextField>> {
    let editor = &open.editor;
    let mut c = open.conversation.clone();
    c.topic = editor.field(TextField::Topic.position()).trim().to_string();
    if c.topic.is_empty() {
        return Err(FieldError::at(TextField::Topic)(
            &ConversationError::EmptyTopic,
        ));
    }
    let when = editor.field(TextField::When.position());
    c.planned_at = if when.trim().is_empty() {
        None
    } else {
        Some(
            read_date_time(&when, ctx.now.at.naive_local())
                .and_then(|t| localize_in(&ctx.now.zone, t))
                .map_err(|e| FieldError::at(TextField::When)(&e))?,
        )
    };
    for (i, (_, value)) in c.text_fields_mut().into_iter().enumerate() {
        *value = editor
            .field(TextField::Text(i).position())
            .trim_end()
            .to_string();
    }
    Ok(c)
}

/// What the editor holds of a conversation deleted elsewhere, as a draft's text: the
/// topic, then each field written, under its label.
fn kept_text(texts: &[String], stay: bool) -> String {
    let labels = crate::domain::conversation::text_labels(stay);
    let mut out = texts.first().cloned().unwrap_or_default();
    for (label, text) in labels.iter().zip(texts.iter().skip(2)) {
        if !text.trim().is_empty() {
            out.push_str(&format!("\n\n{label}:\n{}", text.trim_end()));
        }
    }
    out
}
