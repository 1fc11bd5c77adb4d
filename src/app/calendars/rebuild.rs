//! Calendars whose stored events are from an older journal format, rebuilt from the text
//! each keeps (after an upgrade or a restore), without reading their sources again.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::import::{ImportError, ImportRequest, import_calendar};
use crate::store::Store;

/// Rebuilds, from the file each keeps, the calendars whose stored events are from an
/// older journal format (their hash was cleared when the journal was upgraded or
/// restored). Returns their names. Nothing is read from their sources.
pub fn rebuild_stale_calendars(
    store: &mut Store,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<Vec<String>, ImportError> {
    let stale: Vec<crate::store::CalendarInfo> = store
        .list_calendars()?
        .into_iter()
        .filter(|c| c.content_hash.is_empty())
        .collect();
    if stale.is_empty() {
        return Ok(Vec::new());
    }
    let contents: HashMap<String, String> = super::stored_texts(store)?.into_iter().collect();
    let mut done = Vec::new();
    for cal in stale {
        let Some(text) = contents.get(&cal.name) else {
            continue;
        };
        let source = crate::domain::source::Source::parse(&cal.source);
        import_calendar(
            store,
            &ImportRequest {
                source: &source,
                text,
                name: Some(&cal.name),
                replace: true,
                force: true,
                calendar: Some(cal.id),
            },
            zone,
            now,
        )?;
        done.push(cal.name);
    }
    Ok(done)
}
