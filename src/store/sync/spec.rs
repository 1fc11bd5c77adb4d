//! What the journal sync carries: the tables, each row's stable id, and the fields.
//! Everything else (drafts, notices, calendars and their events, CalDAV accounts and
//! publications, config) is this device's own. Tags and the people an entry or a
//! conversation mentions are read again from the text on every device, so they are not
//! carried: the text is.

/// How a field is carried and merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A value (a title, a date, a number): the latest change wins.
    Value,
    /// A text a person writes at length (an entry, a conversation's answers): changes
    /// written at once on two devices keep both, the loser as a copy.
    Text,
    /// A person's name: changes written at once on two devices keep both, the loser as
    /// another name of theirs (an alias), so `@Samuel` still finds the person renamed
    /// Sammy at the same moment elsewhere.
    Name,
    /// A reference to a row of another table, carried as that row's stable id.
    Ref(&'static Table),
    /// An agenda item's id (`r12.1`, `a5`, `c4@20261201`, `d3@20261203`): the number in
    /// it names a local row (entry, added item, conversation, delegation), carried as
    /// that row's stable id.
    AgendaItem,
}

/// A carried field: a column of its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The column.
    pub name: &'static str,
    /// How it is carried.
    pub kind: Kind,
}

/// A carried table.
#[derive(Debug, PartialEq, Eq)]
pub struct Table {
    /// The table.
    pub name: &'static str,
    /// The row's stable id as SQL over the row, its columns written `$.column`: a `sid`
    /// column bearing fills when the row is made, or the row's natural key.
    pub sid: &'static str,
    /// Whether the stable id is kept in a `sid` column (else it is made from the key).
    pub sid_column: bool,
    /// The carried fields, in the order a canonical export writes them.
    pub fields: &'static [Field],
}

const fn value(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Value,
    }
}

const fn text(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Text,
    }
}

const fn refers(name: &'static str, to: &'static Table) -> Field {
    Field {
        name,
        kind: Kind::Ref(to),
    }
}

/// People: one per folded name, so two devices that both write `@Zoë` make one person.
pub static PEOPLE: Table = Table {
    name: "people",
    sid: "$.sid",
    sid_column: true,
    fields: &[
        Field {
            name: "name",
            kind: Kind::Name,
        },
        value("key"),
        value("report"),
        value("archived"),
    ],
};

/// A person's old names (after a rename or a merge).
pub static ALIASES: Table = Table {
    name: "person_aliases",
    sid: "'alias:' || $.key",
    sid_column: false,
    fields: &[value("key"), value("name"), refers("person_id", &PEOPLE)],
};

/// A person's e-mail addresses.
pub static ADDRESSES: Table = Table {
    name: "person_addresses",
    sid: "'address:' || $.address",
    sid_column: false,
    fields: &[value("address"), refers("person_id", &PEOPLE)],
};

/// Reflections, notes and weekly reviews (one per week: its id is made from the week).
pub static ENTRIES: Table = Table {
    name: "entries",
    sid: "$.sid",
    sid_column: true,
    fields: &[
        value("kind"),
        value("at"),
        value("at_utc"),
        value("day"),
        value("week"),
        value("created_at"),
        text("body"),
    ],
};

/// Difficult conversations, prepared, held and followed up.
pub static CONVERSATIONS: Table = Table {
    name: "conversations",
    sid: "$.sid",
    sid_column: true,
    fields: &[
        refers("person_id", &PEOPLE),
        value("topic"),
        value("planned_at"),
        value("event_uid"),
        value("stay_interview"),
        value("status"),
        value("held_at"),
        value("followup_on"),
        value("created_at"),
        text("situation"),
        text("behaviour"),
        text("impact"),
        text("outcome"),
        text("opening"),
        text("questions"),
        text("reactions"),
        text("care"),
        text("challenge"),
        text("happened"),
        text("agreed"),
        text("felt"),
        text("followup_notes"),
    ],
};

/// Delegations.
pub static DELEGATIONS: Table = Table {
    name: "delegations",
    sid: "$.sid",
    sid_column: true,
    fields: &[
        refers("person_id", &PEOPLE),
        value("task"),
        value("done_looks_like"),
        value("authority"),
        value("check_in_on"),
        value("due_on"),
        value("status"),
        value("since"),
        value("closed_on"),
    ],
};

/// Agenda items added for a person directly.
pub static AGENDA_ITEMS: Table = Table {
    name: "agenda_items",
    sid: "$.sid",
    sid_column: true,
    fields: &[
        refers("person_id", &PEOPLE),
        value("text"),
        value("added_at"),
    ],
};

/// The agenda items marked discussed, by the item's id with its row's stable id in it.
pub static AGENDA_DONE: Table = Table {
    name: "agenda_done",
    sid: "'done:' || $.item",
    sid_column: false,
    fields: &[
        Field {
            name: "item",
            kind: Kind::AgendaItem,
        },
        value("done_at"),
    ],
};

/// Leadership blocks: their UID is their stable id already.
pub static BLOCKS: Table = Table {
    name: "blocks",
    sid: "$.uid",
    sid_column: false,
    fields: &[
        value("uid"),
        value("title"),
        value("tzid"),
        value("start_local"),
        value("minutes"),
        value("rrule"),
        value("created_at"),
        text("intention"),
    ],
};

/// A block's occurrences skipped, moved or marked.
pub static BLOCK_EXCEPTIONS: Table = Table {
    name: "block_exceptions",
    sid: "(SELECT uid FROM blocks WHERE id = $.block_id) || '/' || $.original",
    sid_column: false,
    fields: &[
        refers("block_id", &BLOCKS),
        value("original"),
        value("mark"),
        value("kept_minutes"),
        value("reason"),
        value("moved_to"),
        value("removed"),
    ],
};

/// Classifications the user made of a calendar's events (by UID: the same event on every
/// device that reads the calendar).
pub static CLASSIFICATIONS: Table = Table {
    name: "classifications",
    sid: "'class:' || $.uid || '/' || $.occ_key",
    sid_column: false,
    fields: &[value("uid"), value("occ_key"), value("category")],
};

/// Every carried table, in the order changes are applied: a row after the rows it
/// refers to.
pub static TABLES: [&Table; 11] = [
    &PEOPLE,
    &ALIASES,
    &ADDRESSES,
    &ENTRIES,
    &CONVERSATIONS,
    &DELEGATIONS,
    &AGENDA_ITEMS,
    &AGENDA_DONE,
    &BLOCKS,
    &BLOCK_EXCEPTIONS,
    &CLASSIFICATIONS,
];

/// The carried table called `name`.
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().copied().find(|t| t.name == name)
}

impl Table {
    /// The row's stable id as SQL over the row called `row` (`new`, `old`, or a table
    /// alias).
    pub fn sid_sql(&self, row: &str) -> String {
        let own = self.sid.replace("$.", &format!("{row}."));
        if self.name == "agenda_done" {
            // The item's id with the stable id of its row in it.
            return format!("'done:' || {}", agenda_item_sql(row));
        }
        own
    }

    /// Field `f` as carried, as SQL over the row called `row`.
    pub fn field_sql(&self, f: &Field, row: &str) -> String {
        match f.kind {
            Kind::Value | Kind::Text | Kind::Name => format!("{row}.{}", f.name),
            Kind::Ref(to) => format!(
                "(SELECT {} FROM {} WHERE id = {row}.{})",
                to.sid.replace("$.", ""),
                to.name,
                f.name
            ),
            Kind::AgendaItem => agenda_item_sql(row),
        }
    }

    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// The letters of agenda items' ids and the tables their numbers name.
pub const AGENDA_SOURCES: [(char, &Table); 4] = [
    ('r', &ENTRIES),
    ('a', &AGENDA_ITEMS),
    ('c', &CONVERSATIONS),
    ('d', &DELEGATIONS),
];

/// SQL turning the `item` of an `agenda_done` row called `row` into its carried form:
/// its number replaced by its row's stable id (`r12.1` to `r<sid>.1`). `CAST` reads the
/// leading number of the rest; what follows it is kept. An item whose row is gone (or an
/// unknown letter) is carried as it is.
fn agenda_item_sql(row: &str) -> String {
    let n = format!("CAST(substr({row}.item, 2) AS INTEGER)");
    let rest = format!("substr({row}.item, 2 + length({n}))");
    let mut cases = String::new();
    for (letter, table) in AGENDA_SOURCES {
        cases.push_str(&format!(
            " WHEN '{letter}' THEN '{letter}' || (SELECT sid FROM {} WHERE id = {n}) || {rest}",
            table.name
        ));
    }
    format!("coalesce(CASE substr({row}.item, 1, 1){cases} END, {row}.item)")
}
