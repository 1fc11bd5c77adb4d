//! The journal's schema, as ordered migrations tracked by `PRAGMA user_version`.
//! Never edit a migration that has shipped; add a new one.

use rusqlite_migration::{M, Migrations};

const STEPS: &[M<'static>] = &[
    // 1: entries with tags, people, a full-text index, and editor drafts.
    M::up(
        r#"
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('reflection', 'note')),
            at TEXT NOT NULL,            -- RFC 3339 local time with offset, as written
            at_utc INTEGER NOT NULL,     -- unix seconds, for ordering
            day TEXT NOT NULL,           -- local YYYY-MM-DD
            body TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX entries_by_day ON entries (day, at_utc);
        CREATE INDEX entries_by_time ON entries (at_utc);

        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE    -- lower-case, without '#'
        );
        CREATE TABLE entry_tags (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags (id),
            pos INTEGER NOT NULL,
            PRIMARY KEY (entry_id, tag_id)
        ) WITHOUT ROWID;
        CREATE INDEX entry_tags_by_tag ON entry_tags (tag_id, entry_id);

        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,          -- as first written, without '@'
            key TEXT NOT NULL UNIQUE     -- lower-case name, for case-insensitive matching
        );
        CREATE TABLE entry_people (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people (id),
            pos INTEGER NOT NULL,
            PRIMARY KEY (entry_id, person_id)
        ) WITHOUT ROWID;
        CREATE INDEX entry_people_by_person ON entry_people (person_id, entry_id);

        CREATE VIRTUAL TABLE entries_fts USING fts5 (
            body,
            content = 'entries',
            content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
            INSERT INTO entries_fts (rowid, body) VALUES (new.id, new.body);
        END;
        CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
            INSERT INTO entries_fts (entries_fts, rowid, body) VALUES ('delete', old.id, old.body);
        END;
        CREATE TRIGGER entries_fts_update AFTER UPDATE OF body ON entries BEGIN
            INSERT INTO entries_fts (entries_fts, rowid, body) VALUES ('delete', old.id, old.body);
            INSERT INTO entries_fts (rowid, body) VALUES (new.id, new.body);
        END;

        CREATE TABLE drafts (
            slot TEXT PRIMARY KEY,       -- which editor the text belongs to
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            saved_at TEXT NOT NULL
        );
        "#,
    ),
    // 2: leadership time blocks and per-occurrence changes.
    M::up(
        r#"
        CREATE TABLE blocks (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16))) || '@bearing'),
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            intention TEXT NOT NULL DEFAULT '',
            tzid TEXT NOT NULL,              -- IANA zone of the wall-clock times
            start_local TEXT NOT NULL,       -- first occurrence, YYYY-MM-DDTHH:MM:SS in tzid
            minutes INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 720),
            rrule TEXT,                      -- RFC 5545 RRULE value; NULL for a one-off
            sequence INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE TABLE block_exceptions (
            block_id INTEGER NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
            original TEXT NOT NULL,          -- scheduled local start (RECURRENCE-ID)
            mark TEXT CHECK (mark IN ('kept', 'partly_kept', 'skipped')),
            kept_minutes INTEGER,
            reason TEXT,
            moved_to TEXT,                   -- new local start, if moved
            removed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (block_id, original)
        ) WITHOUT ROWID;
        "#,
    ),
    // 3: imported calendars, their occurrences, and the user's classifications.
    M::up(
        r#"
        CREATE TABLE calendars (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,            -- the file, URL or '-' it came from
            content TEXT NOT NULL,           -- the file itself, to expand beyond the horizon
            content_hash TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            horizon_end INTEGER NOT NULL,    -- occurrences are stored up to here (unix seconds)
            max_length INTEGER NOT NULL      -- longest occurrence in seconds, for window queries
        );
        CREATE TABLE event_occurrences (
            id INTEGER PRIMARY KEY,
            calendar_id INTEGER NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            occ_key INTEGER NOT NULL,        -- scheduled start (UTC seconds), the RECURRENCE-ID
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            categories TEXT NOT NULL,        -- joined with U+001F
            organizer TEXT NOT NULL,
            attendees INTEGER NOT NULL,
            start_utc INTEGER NOT NULL,
            end_utc INTEGER NOT NULL,
            all_day INTEGER NOT NULL,
            recurring INTEGER NOT NULL
        );
        CREATE INDEX event_occurrences_by_start ON event_occurrences (start_utc);
        CREATE INDEX event_occurrences_by_uid ON event_occurrences (uid, occ_key);
        CREATE INDEX event_occurrences_by_calendar ON event_occurrences (calendar_id);
        -- Keyed by UID, not by row, so choices survive re-imports. occ_key is the
        -- occurrence, or -9223372036854775808 for the whole series.
        CREATE TABLE classifications (
            uid TEXT NOT NULL,
            occ_key INTEGER NOT NULL,
            category TEXT NOT NULL CHECK (category IN ('managing', 'leading', 'excluded', 'unclassified')),
            PRIMARY KEY (uid, occ_key)
        ) WITHOUT ROWID;
        "#,
    ),
    // 4: difficult conversations, and one full-text index across the journal (entries at
    // even rowids 2*id, conversations at odd rowids 2*id+1).
    M::up(
        r#"
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people (id),
            topic TEXT NOT NULL CHECK (length(trim(topic)) > 0),
            planned_at TEXT,                 -- RFC 3339 local time with offset
            event_uid TEXT,                  -- a linked imported event
            stay_interview INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'held', 'followed_up', 'closed', 'cancelled')),
            held_at TEXT,
            followup_on TEXT,                -- YYYY-MM-DD
            situation TEXT NOT NULL DEFAULT '',
            behaviour TEXT NOT NULL DEFAULT '',
            impact TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL DEFAULT '',
            opening TEXT NOT NULL DEFAULT '',
            questions TEXT NOT NULL DEFAULT '',
            reactions TEXT NOT NULL DEFAULT '',
            care TEXT NOT NULL DEFAULT '',
            challenge TEXT NOT NULL DEFAULT '',
            happened TEXT NOT NULL DEFAULT '',
            agreed TEXT NOT NULL DEFAULT '',
            felt TEXT NOT NULL DEFAULT '',
            followup_notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX conversations_by_person ON conversations (person_id);
        CREATE INDEX conversations_by_status ON conversations (status, followup_on);

        DROP TRIGGER entries_fts_insert;
        DROP TRIGGER entries_fts_delete;
        DROP TRIGGER entries_fts_update;
        DROP TABLE entries_fts;
        CREATE VIRTUAL TABLE journal_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');
        INSERT INTO journal_fts (rowid, body) SELECT 2 * id, body FROM entries;
        CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
            INSERT INTO journal_fts (rowid, body) VALUES (2 * new.id, new.body);
        END;
        CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
            DELETE FROM journal_fts WHERE rowid = 2 * old.id;
        END;
        CREATE TRIGGER entries_fts_update AFTER UPDATE OF body ON entries BEGIN
            UPDATE journal_fts SET body = new.body WHERE rowid = 2 * new.id;
        END;
        CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN
            INSERT INTO journal_fts (rowid, body) VALUES (2 * new.id + 1, concat_ws(char(10),
                new.topic, new.situation, new.behaviour, new.impact, new.outcome, new.opening,
                new.questions, new.reactions, new.care, new.challenge, new.happened, new.agreed,
                new.felt, new.followup_notes));
        END;
        CREATE TRIGGER conversations_fts_update AFTER UPDATE ON conversations BEGIN
            UPDATE journal_fts SET body = concat_ws(char(10),
                new.topic, new.situation, new.behaviour, new.impact, new.outcome, new.opening,
                new.questions, new.reactions, new.care, new.challenge, new.happened, new.agreed,
                new.felt, new.followup_notes) WHERE rowid = 2 * new.id + 1;
        END;
        CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
            DELETE FROM journal_fts WHERE rowid = 2 * old.id + 1;
        END;
        "#,
    ),
    // 5: weekly reviews are entries too, one per week. SQLite cannot change a CHECK
    // constraint in place, so the table is rebuilt (foreign keys are off while migrating;
    // the check below proves the rebuild kept every reference whole).
    M::up(
        r#"
        CREATE TABLE entries_new (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('reflection', 'note', 'review')),
            at TEXT NOT NULL,
            at_utc INTEGER NOT NULL,
            day TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            week TEXT,                   -- a review's week: its first day, YYYY-MM-DD
            CHECK ((kind = 'review') = (week IS NOT NULL))
        );
        INSERT INTO entries_new (id, kind, at, at_utc, day, body, created_at, updated_at)
            SELECT id, kind, at, at_utc, day, body, created_at, updated_at FROM entries;
        DROP TABLE entries;
        ALTER TABLE entries_new RENAME TO entries;
        CREATE INDEX entries_by_day ON entries (day, at_utc);
        CREATE INDEX entries_by_time ON entries (at_utc);
        CREATE UNIQUE INDEX entries_review_week ON entries (week) WHERE week IS NOT NULL;
        CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
            INSERT INTO journal_fts (rowid, body) VALUES (2 * new.id, new.body);
        END;
        CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
            DELETE FROM journal_fts WHERE rowid = 2 * old.id;
        END;
        CREATE TRIGGER entries_fts_update AFTER UPDATE OF body ON entries BEGIN
            UPDATE journal_fts SET body = new.body WHERE rowid = 2 * new.id;
        END;
        "#,
    )
    .foreign_key_check(),
    // 6: finding each person's last 1:1 reads a year of events by time and title; this
    // index answers it without reading the rows (12 ms to 6 ms at ten years).
    M::up(
        "CREATE INDEX event_occurrences_by_start_title
             ON event_occurrences (start_utc, title, attendees, all_day);",
    ),
];

/// 7: a renamed or merged person keeps their old names as aliases; `@mentions` written in
/// a conversation are recorded like an entry's; a weekly review's index holds the answers,
/// not the questions and title bearing writes around them (searching "protect" matched
/// every review). The questions are those of `domain::review::QUESTIONS` when this shipped.
const STEP_7: &str = r#"
    CREATE TABLE person_aliases (
        key TEXT PRIMARY KEY,        -- person_key of the old name
        name TEXT NOT NULL,          -- the old name as it was written
        person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE
    );
    CREATE INDEX person_aliases_by_person ON person_aliases (person_id);
    CREATE TABLE conversation_people (
        conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        PRIMARY KEY (conversation_id, person_id)
    ) WITHOUT ROWID;
    CREATE INDEX conversation_people_by_person ON conversation_people (person_id);

    DROP TRIGGER entries_fts_insert;
    DROP TRIGGER entries_fts_update;
    CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
        INSERT INTO journal_fts (rowid, body) VALUES (2 * new.id, CASE WHEN new.kind = 'review'
            THEN replace(replace(replace(replace(
                CASE WHEN new.body LIKE 'Weekly review, week of%'
                    THEN substr(new.body, instr(new.body || char(10), char(10)) + 1)
                    ELSE new.body END,
                'What moved the split this week?', ''),
                'What will you drop or delegate next week?', ''),
                'Which block will you protect next week?', ''),
                'Who needs a check-in?', '')
            ELSE new.body END);
    END;
    CREATE TRIGGER entries_fts_update AFTER UPDATE OF body ON entries BEGIN
        UPDATE journal_fts SET body = CASE WHEN new.kind = 'review'
            THEN replace(replace(replace(replace(
                CASE WHEN new.body LIKE 'Weekly review, week of%'
                    THEN substr(new.body, instr(new.body || char(10), char(10)) + 1)
                    ELSE new.body END,
                'What moved the split this week?', ''),
                'What will you drop or delegate next week?', ''),
                'Which block will you protect next week?', ''),
                'Who needs a check-in?', '')
            ELSE new.body END
        WHERE rowid = 2 * new.id;
    END;
    UPDATE entries SET body = body WHERE kind = 'review';
"#;

/// 8: calendars are sources: when each was last read well, why its last refresh failed,
/// and a key that tells the same source under another name; people have addresses, so
/// a 1:1 on the calendar is theirs whatever its title says.
const STEP_8: &str = r#"
    ALTER TABLE calendars ADD COLUMN refreshed_at TEXT;     -- last good read of the source
    ALTER TABLE calendars ADD COLUMN last_error TEXT;       -- why the last refresh failed
    ALTER TABLE calendars ADD COLUMN source_key TEXT;       -- the source, normalised
    ALTER TABLE calendars ADD COLUMN calname TEXT;          -- the file's own X-WR-CALNAME
    UPDATE calendars SET refreshed_at = imported_at;
    CREATE TABLE person_addresses (
        address TEXT PRIMARY KEY,    -- lower-case e-mail address
        person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE
    );
    CREATE INDEX person_addresses_by_person ON person_addresses (person_id);
"#;

/// 9: an occurrence refers to its series and to the text it shares with its siblings,
/// stored once (an hourly event with a 50 KB description made a 1 GB journal), and a
/// series remembers a hash of what was stored for it, so a refresh rewrites only the
/// series that changed. Attendees with their answers, free time and tentative events
/// are kept, so hours the manager never spent are not counted. Calendars imported before
/// carry no attendees yet: their hash is cleared, so the next import or refresh (or the
/// interface's start) rebuilds them from the file each keeps.
const STEP_9: &str = r#"
    CREATE TABLE event_series (
        id INTEGER PRIMARY KEY,
        calendar_id INTEGER NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
        uid TEXT NOT NULL,
        recurring INTEGER NOT NULL,
        content_hash TEXT NOT NULL,      -- of everything stored for the series
        UNIQUE (calendar_id, uid)
    );
    CREATE TABLE event_details (
        id INTEGER PRIMARY KEY,
        series_id INTEGER NOT NULL REFERENCES event_series (id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        categories TEXT NOT NULL,        -- joined with U+001F
        organizer TEXT NOT NULL,
        attendees INTEGER NOT NULL,
        attendee_list TEXT NOT NULL,     -- address U+001E PARTSTAT, joined with U+001F
        transparent INTEGER NOT NULL,
        tentative INTEGER NOT NULL
    );
    CREATE INDEX event_details_by_series ON event_details (series_id, title);
    CREATE TABLE event_occurrences_new (
        id INTEGER PRIMARY KEY,
        series_id INTEGER NOT NULL REFERENCES event_series (id) ON DELETE CASCADE,
        details_id INTEGER NOT NULL REFERENCES event_details (id) ON DELETE CASCADE,
        occ_key INTEGER NOT NULL,        -- scheduled start (UTC seconds), the RECURRENCE-ID
        start_utc INTEGER NOT NULL,
        end_utc INTEGER NOT NULL,
        all_day INTEGER NOT NULL
    );
    INSERT INTO event_series (calendar_id, uid, recurring, content_hash)
        SELECT calendar_id, uid, max(recurring), '' FROM event_occurrences GROUP BY calendar_id, uid;
    INSERT INTO event_details (series_id, title, description, categories, organizer, attendees,
                               attendee_list, transparent, tentative)
        SELECT DISTINCT s.id, o.title, o.description, o.categories, o.organizer, o.attendees, '', 0, 0
        FROM event_occurrences o JOIN event_series s ON s.calendar_id = o.calendar_id AND s.uid = o.uid;
    INSERT INTO event_occurrences_new (id, series_id, details_id, occ_key, start_utc, end_utc, all_day)
        SELECT o.id, s.id, d.id, o.occ_key, o.start_utc, o.end_utc, o.all_day
        FROM event_occurrences o
        JOIN event_series s ON s.calendar_id = o.calendar_id AND s.uid = o.uid
        JOIN event_details d ON d.series_id = s.id AND d.title = o.title
            AND d.description = o.description AND d.categories = o.categories
            AND d.organizer = o.organizer AND d.attendees = o.attendees;
    DROP TABLE event_occurrences;
    ALTER TABLE event_occurrences_new RENAME TO event_occurrences;
    CREATE INDEX event_occurrences_by_start ON event_occurrences (start_utc, all_day, details_id);
    CREATE INDEX event_occurrences_by_series ON event_occurrences (series_id, occ_key);
    CREATE INDEX event_occurrences_by_details ON event_occurrences (details_id);
    UPDATE calendars SET content_hash = '';
"#;

/// 10: coaching: direct reports, delegations with what done looks like, the agenda items
/// a manager marked discussed, and cancelled occurrences kept (marked), so a 1:1 called
/// off is seen.
const STEP_10: &str = r#"
    ALTER TABLE people ADD COLUMN report INTEGER NOT NULL DEFAULT 0;   -- a direct report
    ALTER TABLE event_details ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;  -- called off
    UPDATE calendars SET content_hash = '';  -- rebuilt with their cancelled occurrences
    CREATE TABLE delegations (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people (id),
        task TEXT NOT NULL CHECK (length(trim(task)) > 0),
        done_looks_like TEXT NOT NULL CHECK (length(trim(done_looks_like)) > 0),
        authority TEXT NOT NULL DEFAULT '',
        check_in_on TEXT,                -- YYYY-MM-DD
        due_on TEXT,                     -- YYYY-MM-DD
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
        since TEXT NOT NULL,             -- YYYY-MM-DD, the day it was handed over
        closed_on TEXT                   -- YYYY-MM-DD
    );
    CREATE INDEX delegations_by_person ON delegations (person_id, status);
    CREATE TABLE agenda_done (
        item TEXT PRIMARY KEY,           -- an agenda item's id (r12.1, c4@20261201, d3@20261203)
        done_at TEXT NOT NULL            -- RFC 3339
    );
"#;

/// 11: a faster first import. An occurrence's details always belong to its own series
/// and are removed only with it (the series' cascade removes both), so the foreign key
/// and the index that served it on `details_id` cost every insert and protect nothing;
/// reads reach details by their primary key. (A third of a 150,000-occurrence import.)
/// Each calendar keeps its number of occurrences, which an import or refresh adjusts by
/// what it wrote, instead of counting them again. A calendar's file moves to a table of
/// its own: in the calendar's row, every column after it (the longest occurrence, which
/// every window query reads) was read through megabytes of file, and every change to the
/// row wrote the file again.
const STEP_11: &str = r#"
    CREATE TABLE event_occurrences_new (
        id INTEGER PRIMARY KEY,
        series_id INTEGER NOT NULL REFERENCES event_series (id) ON DELETE CASCADE,
        details_id INTEGER NOT NULL,     -- event_details (id) of the same series
        occ_key INTEGER NOT NULL,        -- scheduled start (UTC seconds), the RECURRENCE-ID
        start_utc INTEGER NOT NULL,
        end_utc INTEGER NOT NULL,
        all_day INTEGER NOT NULL
    );
    INSERT INTO event_occurrences_new (id, series_id, details_id, occ_key, start_utc, end_utc, all_day)
        SELECT id, series_id, details_id, occ_key, start_utc, end_utc, all_day FROM event_occurrences;
    DROP TABLE event_occurrences;
    ALTER TABLE event_occurrences_new RENAME TO event_occurrences;
    CREATE INDEX event_occurrences_by_start ON event_occurrences (start_utc, all_day, details_id);
    CREATE INDEX event_occurrences_by_series ON event_occurrences (series_id, occ_key);
    ALTER TABLE calendars ADD COLUMN occurrences INTEGER NOT NULL DEFAULT 0;
    UPDATE calendars SET occurrences = (
        SELECT count(*) FROM event_occurrences o JOIN event_series s ON s.id = o.series_id
        WHERE s.calendar_id = calendars.id);
    CREATE TABLE calendar_files (
        calendar_id INTEGER PRIMARY KEY REFERENCES calendars (id) ON DELETE CASCADE,
        content TEXT NOT NULL            -- the file itself, to expand beyond the horizon
    );
    INSERT INTO calendar_files (calendar_id, content) SELECT id, content FROM calendars;
    ALTER TABLE calendars DROP COLUMN content;
"#;

/// 12: a faster first import again. Each occurrence's series is written by bearing just
/// before it, in the same transaction, so checking the foreign key on every insert (a
/// tenth of writing 150,000 occurrences) protects nothing; a trigger removes a series'
/// occurrences with it, as the key's cascade did.
const STEP_12: &str = r#"
    CREATE TABLE event_occurrences_new (
        id INTEGER PRIMARY KEY,
        series_id INTEGER NOT NULL,      -- event_series (id); removed with it (trigger below)
        details_id INTEGER NOT NULL,     -- event_details (id) of the same series
        occ_key INTEGER NOT NULL,        -- scheduled start (UTC seconds), the RECURRENCE-ID
        start_utc INTEGER NOT NULL,
        end_utc INTEGER NOT NULL,
        all_day INTEGER NOT NULL
    );
    INSERT INTO event_occurrences_new (id, series_id, details_id, occ_key, start_utc, end_utc, all_day)
        SELECT id, series_id, details_id, occ_key, start_utc, end_utc, all_day FROM event_occurrences
        WHERE series_id IN (SELECT id FROM event_series);
    DROP TABLE event_occurrences;
    ALTER TABLE event_occurrences_new RENAME TO event_occurrences;
    CREATE INDEX event_occurrences_by_start ON event_occurrences (start_utc, all_day, details_id);
    CREATE INDEX event_occurrences_by_series ON event_occurrences (series_id, occ_key);
    CREATE TRIGGER event_series_removed AFTER DELETE ON event_series BEGIN
        DELETE FROM event_occurrences WHERE series_id = old.id;
    END;
"#;

/// 13: numbers a manager can trust. One person per name folded for case and accents
/// (`zoe` and `Zoë` are merged, with their mentions, conversations, delegations,
/// addresses and old names; the merges are kept as notices to tell the user once).
/// People can be archived (someone who left). Agenda items added directly, not from a
/// reflection. A whole calendar can be classified. Calendars are read again from the files they keep, with the reading rules
/// of this version (organisers are people, mailing lists and rooms are not, zones a file
/// defines, folds inside a character).
const STEP_13: &str = r#"
    ALTER TABLE people ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;  -- left; kept for history
    CREATE TABLE agenda_items (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people (id),
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        added_at TEXT NOT NULL           -- RFC 3339
    );
    CREATE INDEX agenda_items_by_person ON agenda_items (person_id);
    CREATE TABLE notices (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL               -- told to the user once, then removed
    );
    ALTER TABLE calendars ADD COLUMN category TEXT   -- everything in it, unless said otherwise
        CHECK (category IN ('managing', 'leading', 'excluded', 'unclassified'));
    UPDATE calendars SET content_hash = '';
"#;

/// 14: two writers of one item. Entries and conversations carry a version, one more on
/// every change (a trigger bumps it for any `UPDATE` that does not), so an editor's save
/// can tell "changed since I loaded it" from "unchanged": timestamps are too coarse (two
/// quick writes share a millisecond).
const STEP_14: &str = r#"
    ALTER TABLE entries ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE conversations ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    CREATE TRIGGER entries_version AFTER UPDATE ON entries
        WHEN new.version = old.version BEGIN
        UPDATE entries SET version = old.version + 1 WHERE id = new.id;
    END;
    CREATE TRIGGER conversations_version AFTER UPDATE ON conversations
        WHEN new.version = old.version BEGIN
        UPDATE conversations SET version = old.version + 1 WHERE id = new.id;
    END;
"#;

/// 15: a window of occurrences is read from the index alone. The index by start holds
/// every column a window's query reads (end, series and occurrence key beside the start,
/// all-day flag and text it held), so a year's audit no longer looks each of its
/// 15,000 occurrences up in the table (half of SQLite's work for it). It starts with the
/// columns it had, so every query it served it serves as before; an import drops and
/// builds it again by this definition, which it reads from the schema.
const STEP_15: &str = r#"
    DROP INDEX event_occurrences_by_start;
    CREATE INDEX event_occurrences_by_start
        ON event_occurrences (start_utc, all_day, details_id, end_utc, series_id, occ_key);
"#;

/// 16: CalDAV accounts (rows of this device: the journal sync leaves them out), the
/// calendars found in each with the roles the user gave them, each object of a read
/// calendar as the server sent it (what a refresh compares and reads again), and each
/// block series published to a calendar with the version both sides last agreed on.
const STEP_16: &str = r#"
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,               -- the address the user gave (never credentials)
        server TEXT NOT NULL,            -- the origin discovery ended on
        user TEXT NOT NULL,
        principal TEXT NOT NULL,
        home TEXT NOT NULL,              -- the calendar home
        password_command TEXT,           -- prints the password (or the OAuth client secret)
        secret TEXT,                     -- password or refresh token: encrypted journals only
        kind TEXT NOT NULL DEFAULT 'caldav' CHECK (kind IN ('caldav', 'google')),
        client_id TEXT,                  -- Google: the user's own OAuth client
        ca_file TEXT,                    -- certificate authorities to trust instead
        created_at TEXT NOT NULL
    );
    CREATE TABLE account_calendars (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        href TEXT NOT NULL,
        display_name TEXT NOT NULL,
        color TEXT,
        supports_sync INTEGER NOT NULL DEFAULT 0,
        read INTEGER NOT NULL DEFAULT 0,     -- its events count in Week, Audit, People
        blocks INTEGER NOT NULL DEFAULT 0,   -- it receives the published blocks
        calendar_id INTEGER REFERENCES calendars (id) ON DELETE SET NULL,
        sync_token TEXT,
        ctag TEXT,
        synced_at TEXT,                      -- last good sync
        last_error TEXT,                     -- why the last sync failed
        UNIQUE (account_id, href)
    );
    CREATE UNIQUE INDEX account_calendars_one_for_blocks ON account_calendars (blocks)
        WHERE blocks = 1;
    CREATE TABLE caldav_objects (
        account_calendar_id INTEGER NOT NULL REFERENCES account_calendars (id) ON DELETE CASCADE,
        href TEXT NOT NULL,
        etag TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (account_calendar_id, href)
    ) WITHOUT ROWID;
    CREATE TABLE block_publications (
        block_uid TEXT PRIMARY KEY,
        account_calendar_id INTEGER NOT NULL REFERENCES account_calendars (id) ON DELETE CASCADE,
        href TEXT NOT NULL,
        etag TEXT,                       -- NULL until the server holds it
        base TEXT,                       -- the block both sides last agreed on (JSON)
        state TEXT NOT NULL DEFAULT 'publish'
            CHECK (state IN ('publish', 'stop', 'gone')),
        last_error TEXT
    );
    CREATE TABLE block_conflicts (
        id INTEGER PRIMARY KEY,
        block_uid TEXT NOT NULL,
        what TEXT NOT NULL,              -- what differed, in words
        field TEXT NOT NULL,             -- which part: title, intention, schedule, occurrence
        theirs TEXT NOT NULL,            -- the calendar's block (JSON)
        created_at TEXT NOT NULL
    );
"#;

/// 17: the journal sync. The rows it carries get a stable id, the same on every device:
/// a person's is made from their folded name and a weekly review's from its week (two
/// devices that both make one make the same), any other's is random; blocks have theirs
/// (their UID), and the rows with a natural key (old names, addresses, classifications,
/// block occurrences, agenda marks) are named by it. This device gets an id; a trigger
/// notes each change to a carried row (`sync::install_triggers`, run by the hook);
/// `sync_fields` keeps the version each carried field was last sent or taken with,
/// `sync_tombs` what is known of rows deleted, `sync_outbox` the changes gathered and not
/// yet pushed, `sync_devices` how far each other device's batches were read, `sync_place`
/// where the batches live and the journal keys (rows of this device, never exported).
const STEP_17: &str = r#"
    ALTER TABLE people ADD COLUMN sid TEXT;
    ALTER TABLE entries ADD COLUMN sid TEXT;
    ALTER TABLE conversations ADD COLUMN sid TEXT;
    ALTER TABLE delegations ADD COLUMN sid TEXT;
    ALTER TABLE agenda_items ADD COLUMN sid TEXT;
    UPDATE people SET sid = 'person:' || key;
    UPDATE entries SET sid = CASE WHEN kind = 'review' THEN 'review:' || week
                                  ELSE lower(hex(randomblob(16))) END;
    UPDATE conversations SET sid = lower(hex(randomblob(16)));
    UPDATE delegations SET sid = lower(hex(randomblob(16)));
    UPDATE agenda_items SET sid = lower(hex(randomblob(16)));
    CREATE UNIQUE INDEX people_by_sid ON people (sid);
    CREATE UNIQUE INDEX entries_by_sid ON entries (sid);
    CREATE UNIQUE INDEX conversations_by_sid ON conversations (sid);
    CREATE UNIQUE INDEX delegations_by_sid ON delegations (sid);
    CREATE UNIQUE INDEX agenda_items_by_sid ON agenda_items (sid);
    -- Giving a new row its id is not a change an editor must hear of.
    DROP TRIGGER entries_version;
    DROP TRIGGER conversations_version;
    CREATE TRIGGER entries_version AFTER UPDATE ON entries
        WHEN new.version = old.version AND old.sid IS NOT NULL BEGIN
        UPDATE entries SET version = old.version + 1 WHERE id = new.id;
    END;
    CREATE TRIGGER conversations_version AFTER UPDATE ON conversations
        WHEN new.version = old.version AND old.sid IS NOT NULL BEGIN
        UPDATE conversations SET version = old.version + 1 WHERE id = new.id;
    END;
    CREATE TRIGGER people_sid AFTER INSERT ON people WHEN new.sid IS NULL BEGIN
        UPDATE people SET sid = 'person:' || new.key WHERE id = new.id;
    END;
    CREATE TRIGGER entries_sid AFTER INSERT ON entries WHEN new.sid IS NULL BEGIN
        UPDATE entries SET sid = CASE WHEN new.kind = 'review' THEN 'review:' || new.week
                                      ELSE lower(hex(randomblob(16))) END
        WHERE id = new.id;
    END;
    CREATE TRIGGER conversations_sid AFTER INSERT ON conversations WHEN new.sid IS NULL BEGIN
        UPDATE conversations SET sid = lower(hex(randomblob(16))) WHERE id = new.id;
    END;
    CREATE TRIGGER delegations_sid AFTER INSERT ON delegations WHEN new.sid IS NULL BEGIN
        UPDATE delegations SET sid = lower(hex(randomblob(16))) WHERE id = new.id;
    END;
    CREATE TRIGGER agenda_items_sid AFTER INSERT ON agenda_items WHEN new.sid IS NULL BEGIN
        UPDATE agenda_items SET sid = lower(hex(randomblob(16))) WHERE id = new.id;
    END;
    CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        device TEXT NOT NULL,            -- this device's id: 26 characters of base32
        last_version TEXT,               -- the latest version made or seen (the clock)
        applying INTEGER NOT NULL DEFAULT 0, -- 1 while other devices' changes are merged
        warned_folder INTEGER NOT NULL DEFAULT 0, -- told it lies in a folder a sync tool manages
        file TEXT                        -- the file the id was given in (device:inode)
    );
    INSERT INTO sync_state (id, device) VALUES (1, '');  -- the hook gives the id
    CREATE TABLE sync_dirty (
        tbl TEXT NOT NULL,
        sid TEXT NOT NULL,
        gone TEXT,                       -- a deleted row's values (JSON)
        PRIMARY KEY (tbl, sid)
    ) WITHOUT ROWID;
    CREATE TABLE sync_fields (
        tbl TEXT NOT NULL,
        sid TEXT NOT NULL,
        field TEXT NOT NULL,
        version TEXT NOT NULL,
        hash INTEGER NOT NULL,           -- of the value carried with it
        PRIMARY KEY (tbl, sid, field)
    ) WITHOUT ROWID;
    CREATE TABLE sync_tombs (
        tbl TEXT NOT NULL,
        sid TEXT NOT NULL,
        seen TEXT,                       -- the latest version its deletions had seen
        row TEXT NOT NULL,               -- its values (JSON), to bring it back
        PRIMARY KEY (tbl, sid)
    ) WITHOUT ROWID;
    CREATE TABLE sync_outbox (
        id INTEGER PRIMARY KEY,
        row TEXT NOT NULL                -- a row's change (JSON)
    );
    CREATE TABLE sync_devices (
        device TEXT PRIMARY KEY,
        applied INTEGER NOT NULL DEFAULT 0,  -- the last of its batches merged here
        hash BLOB,                           -- that batch's hash (the next names it)
        stopped TEXT,                        -- why its stream stopped, if it did
        seen_at TEXT                         -- when a batch of it was last merged
    );
    CREATE TABLE sync_place (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        kind TEXT NOT NULL CHECK (kind IN ('folder', 'webdav')),
        location TEXT NOT NULL,          -- the folder, or the WebDAV address
        user TEXT,                       -- WebDAV: the user name
        password_command TEXT,           -- WebDAV: prints the password
        ring BLOB NOT NULL,              -- the journal keys, unwrapped
        sent INTEGER NOT NULL DEFAULT 0, -- this device's last batch written there
        sent_hash BLOB,                  -- its hash (the next names it)
        synced_at TEXT,                  -- the last sync that went through
        last_error TEXT                  -- why the last sync failed
    );
"#;

/// Snapshots of the journal sync: how far each other device's versions were merged here
/// (`upto`, first filled from the versions held: a version carried over since is later),
/// and the snapshots this device wrote (`snapshot`: its last batch the newest covers,
/// `snapshot_before`: the one before's, whose batches may go), and the changes this journal
/// refused (`sync_refused`: a name someone else holds here), tried again on each merge.
const STEP_18: &str = r#"
    ALTER TABLE sync_devices ADD COLUMN upto TEXT;  -- its latest version merged here
    UPDATE sync_devices SET upto = (
        SELECT max(version) FROM sync_fields WHERE substr(version, 21) = sync_devices.device);
    ALTER TABLE sync_place ADD COLUMN snapshot INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sync_place ADD COLUMN snapshot_before INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sync_place ADD COLUMN ca_file TEXT;  -- WebDAV: authorities to trust
    CREATE TABLE sync_refused (          -- changes this journal refused, tried again later
        id INTEGER PRIMARY KEY,
        tbl TEXT NOT NULL,
        sid TEXT NOT NULL,
        row TEXT NOT NULL                -- the change (JSON)
    );
"#;

/// Number of migrations, which is also the newest schema version.
pub const COUNT: usize = STEPS.len() + 12;

/// The ordered migrations.
pub static MIGRATIONS: std::sync::LazyLock<Migrations<'static>> = std::sync::LazyLock::new(|| {
    let mut all = STEPS.to_vec();
    all.push(M::up_with_hook(STEP_7, |tx: &rusqlite::Transaction<'_>| {
        super::people::record_all_conversation_mentions(tx)
            .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
    }));
    all.push(M::up_with_hook(STEP_8, |tx: &rusqlite::Transaction<'_>| {
        super::calendars::fill_source_keys(tx)
            .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
    }));
    all.push(M::up(STEP_9).foreign_key_check());
    all.push(M::up(STEP_10));
    all.push(M::up(STEP_11).foreign_key_check());
    all.push(M::up(STEP_12));
    all.push(
        M::up_with_hook(STEP_13, |tx: &rusqlite::Transaction<'_>| {
            super::people::refold_keys(tx)
                .map(drop)
                .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
        })
        .foreign_key_check(),
    );
    all.push(M::up(STEP_14));
    all.push(M::up(STEP_15));
    all.push(M::up(STEP_16).foreign_key_check());
    all.push(M::up_with_hook(
        STEP_17,
        |tx: &rusqlite::Transaction<'_>| {
            super::sync::new_device_id(tx)
                .and_then(|()| super::sync::install_triggers(tx).map_err(Into::into))
                .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
        },
    ));
    all.push(M::up(STEP_18));
    Migrations::new(all)
});
