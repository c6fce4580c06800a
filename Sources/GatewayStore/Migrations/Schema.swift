/// The schema, as the list of migrations that build it. Append; never edit
/// a migration that has shipped.
public enum Schema {
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "cases, their append-only history and step deadlines", sql: """
            CREATE TABLE cases (
                id TEXT PRIMARY KEY,
                process_id TEXT NOT NULL,
                reference TEXT,
                opened_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                -- 'active' or 'ended'; active_step, deadline_at and outcome repeat what
                -- position holds, as columns that listings can filter and sort on.
                status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
                active_step INTEGER,
                deadline_at INTEGER,
                deadline_passed INTEGER NOT NULL DEFAULT 0,
                outcome TEXT CHECK (outcome IN ('approved', 'rejected')),
                position TEXT NOT NULL,
                pending_outcome TEXT,
                activations INTEGER NOT NULL,
                -- The number of history entries: a writer must name the version it
                -- read, so two writers cannot both append entry N.
                version INTEGER NOT NULL
            );
            CREATE INDEX cases_by_process ON cases (process_id, status);

            CREATE TABLE case_history (
                case_id TEXT NOT NULL REFERENCES cases (id),
                sequence INTEGER NOT NULL,
                at INTEGER NOT NULL,
                step INTEGER,
                kind TEXT NOT NULL,
                entry TEXT NOT NULL,
                PRIMARY KEY (case_id, sequence)
            ) WITHOUT ROWID;

            -- The history is a record of what officers and systems did: it is only appended to.
            CREATE TRIGGER case_history_no_update BEFORE UPDATE ON case_history
            BEGIN SELECT RAISE(ABORT, 'case_history is append-only'); END;
            CREATE TRIGGER case_history_no_delete BEFORE DELETE ON case_history
            BEGIN SELECT RAISE(ABORT, 'case_history is append-only'); END;

            -- Step deadlines as rows, so the sweeper finds them after a restart (DESIGN.md rule 7).
            CREATE TABLE deadlines (
                case_id TEXT NOT NULL REFERENCES cases (id),
                activation INTEGER NOT NULL,
                step INTEGER NOT NULL,
                due_at INTEGER NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'passed', 'cancelled')),
                PRIMARY KEY (case_id, activation)
            );
            CREATE INDEX deadlines_pending ON deadlines (due_at) WHERE state = 'pending';
            """),
    ]
}
