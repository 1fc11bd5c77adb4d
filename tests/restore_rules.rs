//! `bearing restore` refuses an export with a row bearing could not read back, naming the
//! row and the field, and leaves no journal behind.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use bearing::testkit::Env;

#[test]
fn restore_refuses_rows_bearing_could_not_read_back_naming_the_row_and_field() {
    let env = Env::new();
    env.ok(&[
        "reflect",
        "--at",
        "2026-11-02 09:00",
        "Explained the why to @Sam #why",
    ]);
    env.ok(&["reflect", "--at", "2026-11-03 18:30", "A second one #why"]);
    env.ok(&[
        "block",
        "add",
        "Vision work",
        "--start",
        "2026-11-03 09:00",
        "--minutes",
        "120",
        "--weekly",
    ]);
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Sam",
        "--topic",
        "Missed deadlines",
        "--on",
        "2026-11-04 10:00",
    ]);
    let good: serde_json::Value =
        serde_json::from_str(&env.ok(&["export", "--format", "json"])).unwrap();
    type Edit = fn(&mut serde_json::Value);
    let cases: Vec<(&str, Edit, &[&str])> = vec![
        (
            "a time that is not one",
            |d| d["tables"]["entries"][1]["at"] = "not a date".into(),
            &["entries row 2 (id 2)", "at", "'not a date'", "not a time"],
        ),
        (
            "a day that does not exist",
            |d| d["tables"]["entries"][0]["day"] = "2026-02-30".into(),
            &["entries row 1 (id 1)", "day", "'2026-02-30'", "not a day"],
        ),
        (
            "a day that is not the time's",
            |d| d["tables"]["entries"][0]["day"] = "2026-11-09".into(),
            &[
                "entries row 1 (id 1)",
                "day is '2026-11-09'",
                "falls on 2026-11-02",
            ],
        ),
        (
            "a kind bearing does not know",
            |d| d["tables"]["entries"][0]["kind"] = "poem".into(),
            &[
                "entries row 1",
                "kind",
                "not one of reflection, note, review",
            ],
        ),
        (
            "a number where a time goes",
            |d| d["tables"]["entries"][0]["at_utc"] = "soon".into(),
            &["entries row 1", "at_utc", "not a whole number"],
        ),
        (
            "a status bearing does not know",
            |d| d["tables"]["conversations"][0]["status"] = "postponed".into(),
            &["conversations row 1", "status", "'postponed'"],
        ),
        (
            "a zone that does not exist",
            |d| d["tables"]["blocks"][0]["tzid"] = "Mars/Olympus".into(),
            &["blocks row 1", "tzid", "not a time zone"],
        ),
        (
            "a block of a whole day",
            |d| d["tables"]["blocks"][0]["minutes"] = 5000.into(),
            &["blocks row 1", "minutes", "not from 5 to 720"],
        ),
        (
            "a block that repeats every zero weeks",
            |d| {
                d["tables"]["blocks"][0]["rrule"] = "FREQ=WEEKLY;INTERVAL=0;BYDAY=TU".into();
            },
            &["blocks row 1", "rrule", "not a block's repeat rule"],
        ),
        (
            "a delegation due on no day",
            |d| {
                d["tables"]["delegations"] = serde_json::json!([{
                    "id": 1, "person_id": 1, "task": "Report", "done_looks_like": "Sent",
                    "authority": "", "check_in_on": null, "due_on": "not a date",
                    "status": "open", "since": "2026-11-01", "closed_on": null
                }]);
            },
            &["delegations row 1", "due_on", "'not a date'"],
        ),
        (
            "someone who is not in the file",
            |d| d["tables"]["conversations"][0]["person_id"] = 99.into(),
            &[
                "conversations row 1 (id 1)",
                "refers to a row the file does not have",
            ],
        ),
        (
            "the same tag twice",
            |d| {
                let tags = d["tables"]["tags"].as_array_mut().unwrap();
                let mut twin = tags[0].clone();
                twin["id"] = 77.into();
                tags.push(twin);
            },
            &["tags row 2 (id 77)", "repeats"],
        ),
        (
            "a body left out",
            |d| {
                d["tables"]["entries"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("body");
            },
            &["entries row 1", "body is missing"],
        ),
    ];
    let file = env.dir.path().join("edited.json");
    let target = env.dir.path().join("restored").join("journal.db");
    for (what, edit, said) in cases {
        let mut doc = good.clone();
        edit(&mut doc);
        std::fs::write(&file, serde_json::to_string(&doc).unwrap()).unwrap();
        let stderr = env.fails(&[
            "--db",
            target.to_str().unwrap(),
            "restore",
            file.to_str().unwrap(),
        ]);
        for s in said {
            assert!(stderr.contains(s), "{what}: wanted {s:?} in: {stderr}");
        }
        assert!(stderr.contains("nothing was restored"), "{what}: {stderr}");
        for raw in [
            "constraint",
            "CHECK",
            "UNIQUE",
            "FOREIGN KEY",
            "NOT NULL",
            "holds a value bearing cannot read",
        ] {
            assert!(!stderr.contains(raw), "{what}: {raw} in {stderr}");
        }
        assert!(
            !target.parent().unwrap().exists(),
            "{what}: a journal was left"
        );
    }
    // Unedited, the same file restores, and the journal reads whole.
    std::fs::write(&file, serde_json::to_string(&good).unwrap()).unwrap();
    env.ok(&[
        "--db",
        target.to_str().unwrap(),
        "restore",
        file.to_str().unwrap(),
    ]);
    let listed = env.ok(&["--db", target.to_str().unwrap(), "list", "--json"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&listed)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    env.ok(&[
        "--db",
        target.to_str().unwrap(),
        "export",
        "--format",
        "markdown",
    ]);
}
