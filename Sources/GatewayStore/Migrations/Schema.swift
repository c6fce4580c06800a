/// The schema, as the list of migrations that build it. Append; never edit
/// a migration that has shipped.
public enum Schema {
    /// The newest schema version this gerbang knows: its last migration's.
    public static var version: Int { migrations.map(\.version).max() ?? 0 }

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
        Migration(version: 2, name: "inbox, outbox, sync log, permits and their commitments, case keys, poll cursors", sql: """
            -- Every inbound message, kept as received; the unique key makes a repeat a no-op (DESIGN.md rule 2).
            CREATE TABLE inbox (
                id INTEGER PRIMARY KEY,
                source TEXT NOT NULL,
                kind TEXT NOT NULL,
                dedup_key TEXT NOT NULL UNIQUE,
                received_at INTEGER NOT NULL,
                body BLOB NOT NULL,
                headers TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('processed', 'rejected', 'ignored')),
                error TEXT,
                cases TEXT NOT NULL DEFAULT '[]'
            );
            CREATE INDEX inbox_by_state ON inbox (state, received_at);

            -- Where each feed was last read, moved in the same transaction as what it fetched (rule 5).
            CREATE TABLE poll_cursors (
                feed TEXT PRIMARY KEY,
                cursor TEXT NOT NULL,
                updated_at INTEGER NOT NULL
            );

            -- Messages to send, written with the change that causes them (rule 3).
            CREATE TABLE outbox (
                id TEXT PRIMARY KEY,
                idempotency_key TEXT NOT NULL UNIQUE,
                target TEXT NOT NULL,
                kind TEXT NOT NULL,
                case_id TEXT,
                id_izin TEXT,
                request TEXT NOT NULL,
                on_delivered TEXT,
                state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                delivered_at INTEGER,
                last_status INTEGER,
                last_error TEXT
            );
            CREATE INDEX outbox_due ON outbox (target, next_attempt_at) WHERE state = 'pending';
            CREATE INDEX outbox_by_case ON outbox (case_id);

            -- Every exchange with a national system, in and out, for operators.
            CREATE TABLE sync_log (
                id INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                system TEXT NOT NULL,
                method TEXT NOT NULL,
                direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                case_id TEXT,
                id_izin TEXT,
                message_id TEXT,
                attempt INTEGER,
                http_status INTEGER,
                latency_ms REAL,
                outcome TEXT NOT NULL,
                error TEXT
            );
            CREATE INDEX sync_log_by_case ON sync_log (case_id, at);
            CREATE INDEX sync_log_by_system ON sync_log (system, at);

            -- Permits (id_izin) with their commitments and whether they are effective.
            CREATE TABLE permits (
                id_izin TEXT PRIMARY KEY,
                nib TEXT NOT NULL,
                kd_izin TEXT,
                nama_izin TEXT,
                sop TEXT,
                case_id TEXT,
                commitments TEXT NOT NULL,
                effectiveness TEXT NOT NULL,
                oss_status TEXT,
                oss_status_at INTEGER,
                updated_at INTEGER NOT NULL
            );

            -- External references (a permit, a SIINas request, a SIPRO registration) to the case they belong to.
            CREATE TABLE case_keys (
                key TEXT PRIMARY KEY,
                case_id TEXT NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE sequences (
                name TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            ) WITHOUT ROWID;

            -- Messages that arrived before their case reached the step awaiting them.
            CREATE TABLE parked_messages (
                id INTEGER PRIMARY KEY,
                case_id TEXT NOT NULL,
                message TEXT NOT NULL,
                event TEXT NOT NULL,
                parked_at INTEGER NOT NULL
            );
            CREATE INDEX parked_by_case ON parked_messages (case_id);

            CREATE TABLE documents (
                id TEXT PRIMARY KEY,
                case_id TEXT,
                step INTEGER,
                name TEXT NOT NULL,
                content_type TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                size INTEGER NOT NULL,
                bytes BLOB NOT NULL,
                created_at INTEGER NOT NULL
            );

            CREATE TABLE escalations (
                id INTEGER PRIMARY KEY,
                case_id TEXT NOT NULL,
                step INTEGER NOT NULL,
                role TEXT NOT NULL,
                escalated_to TEXT,
                deadline INTEGER NOT NULL,
                at INTEGER NOT NULL
            );
            """),
        Migration(version: 3, name: "officer tokens (hashed, revocable) and paused deliveries", sql: """
            -- Officers' bearer tokens, stored as SHA-256 so a copy of the database does not hand them out.
            CREATE TABLE officer_tokens (
                id TEXT PRIMARY KEY,
                officer TEXT NOT NULL,
                roles TEXT NOT NULL,
                token_sha256 TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
            );

            -- National systems whose deliveries an operator paused; the outbox keeps their messages meanwhile.
            CREATE TABLE paused_targets (
                target TEXT PRIMARY KEY,
                paused_at INTEGER NOT NULL,
                note TEXT
            );

            CREATE INDEX documents_by_case ON documents (case_id, created_at);
            """),
        Migration(version: 4, name: "login sessions of the status page", sql: """
            -- A login to the pages, kept as the SHA-256 of its cookie so a copy of the database
            -- cannot be used to log in; the token it was opened with must still be valid at each
            -- request, so revoking the token ends its sessions too.
            CREATE TABLE sessions (
                id_sha256 TEXT PRIMARY KEY,
                token_sha256 TEXT NOT NULL,
                officer TEXT NOT NULL,
                roles TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                ended_at INTEGER
            ) WITHOUT ROWID;
            CREATE INDEX sessions_by_token ON sessions (token_sha256);
            """),
        Migration(version: 5, name: "cases may end not effective (belum berlaku efektif)", sql: """
            CREATE TABLE cases_rebuilt (
                id TEXT PRIMARY KEY,
                process_id TEXT NOT NULL,
                reference TEXT,
                opened_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
                active_step INTEGER,
                deadline_at INTEGER,
                deadline_passed INTEGER NOT NULL DEFAULT 0,
                outcome TEXT CHECK (outcome IN ('approved', 'rejected', 'notEffective')),
                position TEXT NOT NULL,
                pending_outcome TEXT,
                activations INTEGER NOT NULL,
                version INTEGER NOT NULL
            );
            INSERT INTO cases_rebuilt (id, process_id, reference, opened_at, updated_at, status, active_step, deadline_at, deadline_passed,
                                       outcome, position, pending_outcome, activations, version)
            SELECT id, process_id, reference, opened_at, updated_at, status, active_step, deadline_at, deadline_passed,
                   outcome, position, pending_outcome, activations, version FROM cases;
            DROP TABLE cases;
            ALTER TABLE cases_rebuilt RENAME TO cases;
            CREATE INDEX cases_by_process ON cases (process_id, status);
            """, rebuildsTables: true),
        Migration(version: 6, name: "what OSS says of a permit: its number, its signed document, approval by silence", sql: """
            -- The number OSS gave a permit this agency issued (receiveLicense, status 49 then 50).
            ALTER TABLE permits ADD COLUMN nomor_izin TEXT;
            -- The link to OSS's signed permit (receiveFileDS, inqueryFileDS).
            ALTER TABLE permits ADD COLUMN file_ds TEXT;
            -- When OSS reported the permit approved by itself (57, fiktif positif): kept even when later statuses follow.
            ALTER TABLE permits ADD COLUMN approved_by_oss_at INTEGER;
            """),
        Migration(version: 7, name: "links to documents the agency sends national systems", sql: """
            -- A document OSS is given as a link (file_lampiran: files travel as URLs). The token is the link's
            -- capability, random and unguessable, handed to OSS in the message that carries it.
            CREATE TABLE document_links (
                token TEXT PRIMARY KEY,
                document_id TEXT NOT NULL REFERENCES documents (id),
                created_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        Migration(version: 8, name: "the identifiers OSS wants back with a permit's status; links that expire", sql: """
            -- From the NIB's checklist item and project: receiveLicenseStatus and receiveLicense require them back
            -- (PIA src/endpoint.js lists them without brackets).
            ALTER TABLE permits ADD COLUMN id_proyek TEXT;
            ALTER TABLE permits ADD COLUMN oss_id TEXT;
            ALTER TABLE permits ADD COLUMN id_produk TEXT;
            ALTER TABLE permits ADD COLUMN kd_daerah TEXT;
            -- A document link stops opening at this time (documents.linkDays); NULL for links made before it existed.
            ALTER TABLE document_links ADD COLUMN expires_at INTEGER;
            """),
        Migration(version: 9, name: "cases frozen or ended by OSS's NIB; outbound messages cancelled with their case", sql: """
            -- A case waits frozen while OSS has frozen its NIB (status_nib 05), and ends revoked or cancelled when
            -- OSS revokes or cancels it (tipe_dokumen 3 and 4). SQLite changes a CHECK only by rebuilding the table.
            CREATE TABLE cases_rebuilt (
                id TEXT PRIMARY KEY,
                process_id TEXT NOT NULL,
                reference TEXT,
                opened_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'ended')),
                active_step INTEGER,
                deadline_at INTEGER,
                deadline_passed INTEGER NOT NULL DEFAULT 0,
                outcome TEXT CHECK (outcome IN ('approved', 'rejected', 'notEffective', 'revoked', 'cancelled')),
                position TEXT NOT NULL,
                pending_outcome TEXT,
                activations INTEGER NOT NULL,
                version INTEGER NOT NULL
            );
            INSERT INTO cases_rebuilt SELECT id, process_id, reference, opened_at, updated_at, status, active_step, deadline_at,
                                             deadline_passed, outcome, position, pending_outcome, activations, version FROM cases;
            DROP TABLE cases;
            ALTER TABLE cases_rebuilt RENAME TO cases;
            CREATE INDEX cases_by_process ON cases (process_id, status);

            -- A message whose case OSS revoked is kept, marked cancelled, never sent.
            CREATE TABLE outbox_rebuilt (
                id TEXT PRIMARY KEY,
                idempotency_key TEXT NOT NULL UNIQUE,
                target TEXT NOT NULL,
                kind TEXT NOT NULL,
                case_id TEXT,
                id_izin TEXT,
                request TEXT NOT NULL,
                on_delivered TEXT,
                state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead', 'cancelled')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                delivered_at INTEGER,
                last_status INTEGER,
                last_error TEXT
            );
            INSERT INTO outbox_rebuilt SELECT id, idempotency_key, target, kind, case_id, id_izin, request, on_delivered, state, attempts,
                                              next_attempt_at, created_at, delivered_at, last_status, last_error FROM outbox;
            DROP TABLE outbox;
            ALTER TABLE outbox_rebuilt RENAME TO outbox;
            CREATE INDEX outbox_due ON outbox (target, next_attempt_at) WHERE state = 'pending';
            CREATE INDEX outbox_by_case ON outbox (case_id);
            """, rebuildsTables: true),
        Migration(version: 10, name: "permits found by their NIB", sql: """
            -- Every receiveNIB looks up the permits of its NIB (a revocation, a freeze, an update reaches their cases):
            -- without this, each push read the whole table (bench ingest: 2,000 pushes/s fell to 740).
            CREATE INDEX permits_by_nib ON permits (nib);
            """),
        Migration(version: 11, name: "outbound messages in flight to a receiver without idempotency", sql: """
            -- Set just before a message goes to OSS, which keeps no idempotency (oss-rba.md §1.9), cleared by the
            -- attempt's result: a message found with it set after a crash may have been applied, and is checked first.
            ALTER TABLE outbox ADD COLUMN in_flight_since INTEGER;
            """),
        Migration(version: 12, name: "outbound messages held behind a dead letter of their case", sql: """
            -- A case's messages to one system go in order: one queued after a dead letter of its case to the same
            -- system is held (held_behind: the dead letter's id) until the dead letter is replayed. SIPRO refuses
            -- "ready for pickup" before the permit number; OSS must see a permit's statuses in order.
            CREATE TABLE outbox_rebuilt (
                id TEXT PRIMARY KEY,
                idempotency_key TEXT NOT NULL UNIQUE,
                target TEXT NOT NULL,
                kind TEXT NOT NULL,
                case_id TEXT,
                id_izin TEXT,
                request TEXT NOT NULL,
                on_delivered TEXT,
                state TEXT NOT NULL CHECK (state IN ('pending', 'held', 'delivered', 'dead', 'cancelled')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                delivered_at INTEGER,
                last_status INTEGER,
                last_error TEXT,
                in_flight_since INTEGER,
                held_behind TEXT
            );
            INSERT INTO outbox_rebuilt SELECT id, idempotency_key, target, kind, case_id, id_izin, request, on_delivered, state, attempts,
                                              next_attempt_at, created_at, delivered_at, last_status, last_error, in_flight_since, NULL
                                       FROM outbox ORDER BY rowid;
            DROP TABLE outbox;
            ALTER TABLE outbox_rebuilt RENAME TO outbox;
            CREATE INDEX outbox_due ON outbox (target, next_attempt_at) WHERE state = 'pending';
            CREATE INDEX outbox_by_case ON outbox (case_id);
            -- What waited behind a dead letter before this version is held now.
            UPDATE outbox SET state = 'held',
                   held_behind = (SELECT dead.id FROM outbox dead WHERE dead.target = outbox.target AND dead.case_id = outbox.case_id
                                  AND dead.state = 'dead' AND dead.rowid < outbox.rowid ORDER BY dead.rowid LIMIT 1)
            WHERE state = 'pending' AND EXISTS (SELECT 1 FROM outbox dead WHERE dead.target = outbox.target
                                                AND dead.case_id = outbox.case_id AND dead.state = 'dead' AND dead.rowid < outbox.rowid);
            """, rebuildsTables: true),
        Migration(version: 13, name: "outbound messages by permit", sql: """
            -- gerbang permits shows, per permit, the last push to OSS about it.
            CREATE INDEX outbox_by_permit ON outbox (id_izin, target);
            """),
        Migration(version: 14, name: "when each permit is next asked about at OSS", sql: """
            -- The reconciler asks OSS (checkLicenseStatus) within a budget of calls a minute: never-asked permits
            -- first (oss_check_due_at NULL), then the longest due; one found unchanged waits longer each time.
            ALTER TABLE permits ADD COLUMN oss_check_due_at INTEGER;
            ALTER TABLE permits ADD COLUMN oss_unchanged_checks INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX permits_oss_check ON permits (oss_check_due_at);
            """),
        Migration(version: 15, name: "listings read newest cases and oldest permits without sorting them all", sql: """
            -- Listings show cases newest first and permits least recently changed first, a page at a time: with
            -- these a page reads its rows in order instead of sorting every case or permit (20,000 after a year).
            CREATE INDEX cases_by_opening ON cases (opened_at, id);
            CREATE INDEX permits_by_update ON permits (updated_at, id_izin, effectiveness);
            -- The status page's counts per SOP, state and step come from this index alone; it serves what
            -- cases_by_process (process_id, status) did, so the writer keeps as many indexes to update.
            DROP INDEX cases_by_process;
            CREATE INDEX cases_by_process ON cases (process_id, status, outcome, deadline_passed, active_step, deadline_at);
            -- The status page counts each system's exchanges of the last hour from the index alone.
            DROP INDEX sync_log_by_system;
            CREATE INDEX sync_log_by_system ON sync_log (system, at, outcome);
            """),
        Migration(version: 16, name: "counts kept by triggers for the status page and metrics", sql: tallies.map(\.sql).joined() + """
            -- The late cases of each step, most overdue first, and the newest cases of each SOP: index walks
            -- that stop at the few a page shows. Neither column of the second changes after a case opens, so it
            -- costs the writer one entry a case, not one an update.
            CREATE INDEX cases_late ON cases (process_id, active_step, deadline_at) WHERE status = 'active' AND deadline_passed = 1;
            CREATE INDEX cases_by_process_opening ON cases (process_id, opened_at);

            -- Each system's exchanges per minute: the status page's error rate of the last hour. The outcomes are
            -- SyncLogEntry.failedOutcomes and .notExchanges written out: a later change to either needs a
            -- migration (SyncLogStoreTests compares them).
            CREATE TABLE sync_log_minutes (
                system TEXT NOT NULL,
                minute INTEGER NOT NULL,
                exchanges INTEGER NOT NULL,
                failures INTEGER NOT NULL,
                PRIMARY KEY (system, minute)
            ) WITHOUT ROWID;
            INSERT INTO sync_log_minutes
                SELECT system, at / 60000, count(*), sum(outcome IN ('rejected', 'refused', 'retrying', 'dead', 'failed', 'forbidden', 'blocked', 'throttled'))
                FROM sync_log WHERE system != 'gateway' AND outcome NOT IN ('queued', 'parked', 'ignored')
                  AND at >= (SELECT max(at) - 86400000 FROM sync_log)
                GROUP BY system, at / 60000;
            -- The gateway's own events (system 'gateway') are no exchange with a national system.
            CREATE TRIGGER sync_log_counted AFTER INSERT ON sync_log
            WHEN new.system != 'gateway' AND new.outcome NOT IN ('queued', 'parked', 'ignored') BEGIN
                INSERT INTO sync_log_minutes
                VALUES (new.system, new.at / 60000, 1,
                        new.outcome IN ('rejected', 'refused', 'retrying', 'dead', 'failed', 'forbidden', 'blocked', 'throttled'))
                ON CONFLICT DO UPDATE SET exchanges = exchanges + 1, failures = failures + excluded.failures;
            END;
            -- A day of minutes is kept: what is older goes when a system's new minute is first counted, once a
            -- minute (a range delete costs more than the counting; each exchange would pay it).
            CREATE TRIGGER sync_log_minutes_pruned AFTER INSERT ON sync_log_minutes BEGIN
                DELETE FROM sync_log_minutes WHERE system = new.system AND minute < new.minute - 1440;
            END;
            """),
        Migration(version: 17, name: "SOP versions: each definition used, and the version each case follows", sql: """
            -- Each SOP definition the gateway has put in force, under a version per SOP, with the SHA-256 of its
            -- canonical JSON: a case keeps the version it opened on and finishes on it after the file changes.
            CREATE TABLE sop_versions (
                sop_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                digest TEXT NOT NULL,
                definition TEXT NOT NULL,
                stored_at INTEGER NOT NULL,
                PRIMARY KEY (sop_id, version),
                UNIQUE (sop_id, digest)
            ) WITHOUT ROWID;
            -- NULL: opened before versions were kept; the gateway's start gives such cases the version in force.
            ALTER TABLE cases ADD COLUMN sop_version INTEGER;
            """),
        Migration(version: 18, name: "retention: archived inbox messages and archive files", sql: """
            -- A message whose body and headers were moved to an archive file (gerbang archive) leaves the inbox for
            -- this table, densely packed: its dedup key still answers a repeat as a duplicate (DESIGN.md rule 2), and
            -- its inbox pages are freed for new messages (an emptied row left in place kept its page half empty).
            CREATE TABLE inbox_archived (
                id INTEGER PRIMARY KEY,
                source TEXT NOT NULL,
                kind TEXT NOT NULL,
                dedup_key TEXT NOT NULL UNIQUE,
                received_at INTEGER NOT NULL,
                state TEXT NOT NULL,
                error TEXT,
                cases TEXT NOT NULL DEFAULT '[]',
                archived_in TEXT NOT NULL
            );
            -- Each archive file's length as of the last batch whose rows were deleted: lines past it were written by
            -- a batch that did not commit, and are cut before the next is appended (so no line is archived twice).
            CREATE TABLE archive_files (
                path TEXT PRIMARY KEY,
                bytes INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        Migration(version: 19, name: "NIB checks queued by the push, done after its answer", sql: """
            -- A NIB new to the gateway is checked with OSS (checkNIB) after its push is answered, never before it: the
            -- push's commit queues the check here, and the check's own commit applies what OSS said and removes it.
            -- While a NIB waits here its cases wait on OSS, not on an officer. Asked in the order queued (id): a
            -- backlog (OSS slow, a burst beyond polling.nibChecksPerMinute) is walked from its oldest, never sorted.
            CREATE TABLE nib_checks (
                id INTEGER PRIMARY KEY,
                nib TEXT NOT NULL UNIQUE,
                queued_at INTEGER NOT NULL
            );
            """),
        Migration(version: 20, name: "permits found by when their statutory deadlines need a sweep", sql: """
            -- The sweep of statutory deadlines (every second, in the writer) read and decoded every permit not yet
            -- effective: 10% of the writer's time under ingest with 20,000 permits. It now reads the few whose earliest
            -- deadline not yet warned of is within the warning, or whose earliest deadline not yet recorded as passed
            -- has come (PermitCommitments.sweepDue): the columns are written with the commitments.
            ALTER TABLE permits ADD COLUMN warn_due_at INTEGER;
            ALTER TABLE permits ADD COLUMN breach_due_at INTEGER;
            UPDATE permits SET
                warn_due_at = (SELECT CAST(round(min(json_extract(c.value, '$.dueAt'))) AS INTEGER)
                               FROM json_each(permits.commitments, '$.commitments') c
                               WHERE json_extract(c.value, '$.state') = 'pending' AND json_extract(c.value, '$.warnedAt') IS NULL),
                breach_due_at = (SELECT CAST(round(min(json_extract(c.value, '$.dueAt'))) AS INTEGER)
                                 FROM json_each(permits.commitments, '$.commitments') c
                                 WHERE json_extract(c.value, '$.state') = 'pending' AND json_extract(c.value, '$.breachedAt') IS NULL)
            WHERE effectiveness = 'pending';
            CREATE INDEX permits_warn_due ON permits (warn_due_at) WHERE warn_due_at IS NOT NULL;
            CREATE INDEX permits_breach_due ON permits (breach_due_at) WHERE breach_due_at IS NOT NULL;
            """),
        Migration(version: 21, name: "cases, permits and the sync log's minutes counted by their stores, once a transaction", sql: """
            -- A trigger ran a sub-program for every row inserted (a sync log entry's WHEN is part of it, the gateway's
            -- own entries included): a quarter of the writer's time under ingest. The stores count the rows they insert
            -- instead, and the connection adds each key's count once, just before its transaction commits
            -- (SQLiteConnection.addToCounters); updates and deletes of cases and permits are still counted by triggers.
            DROP TRIGGER sync_log_counted;
            """ + countedByStore.map(\.countedByStore).joined()),
        Migration(version: 22, name: "the constraints of a case's state and an inbox row's state as comparisons", sql: """
            -- SQLite 3.40 checks `x IN (a, b, c)` (more than two values) by building a temporary b-tree of the list for
            -- every row it writes: three a push (a case's status and outcome, its inbox row's state), 12% of the writer's
            -- time under ingest. The same constraints, written as comparisons; SQLite changes a CHECK only by rebuilding
            -- the table. The outbox and the deadlines, written once a step, keep theirs.
            """ + casesRebuilt(outcomes: ["approved", "rejected", "notEffective", "revoked", "cancelled"]) + """
            CREATE TABLE inbox_rebuilt (
                id INTEGER PRIMARY KEY,
                source TEXT NOT NULL,
                kind TEXT NOT NULL,
                dedup_key TEXT NOT NULL UNIQUE,
                received_at INTEGER NOT NULL,
                body BLOB NOT NULL,
                headers TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state = 'processed' OR state = 'rejected' OR state = 'ignored'),
                error TEXT,
                cases TEXT NOT NULL DEFAULT '[]'
            );
            INSERT INTO inbox_rebuilt SELECT id, source, kind, dedup_key, received_at, body, headers, state, error, cases FROM inbox ORDER BY id;
            DROP TABLE inbox;
            ALTER TABLE inbox_rebuilt RENAME TO inbox;
            CREATE INDEX inbox_by_state ON inbox (state, received_at);

            """ + caseTally.storeCountedTriggers, rebuildsTables: true),
        Migration(version: 23, name: "permits due for an OSS check found without sorting them all", sql: """
            -- The reconciler's query sorted every permit whose status is not final each minute (0.4 s and a temporary
            -- b-tree with 750,000, holding the read connection meanwhile). This index holds only those, in the order
            -- asked (never asked first: NULL sorts first), so the query walks it and stops at its budget. PermitStore's
            -- notFinal is its WHERE, word for word.
            DROP INDEX permits_oss_check;
            CREATE INDEX permits_oss_due ON permits (oss_check_due_at, id_izin)
            WHERE (oss_status IS NULL OR (oss_status != '50' AND oss_status != '57' AND oss_status != '58' AND oss_status != '90'
                                          AND oss_status != '93'));
            """),
        Migration(version: 24, name: "permits of a revoked or cancelled NIB no longer asked about at OSS", sql: """
            -- A NIB OSS revoked or cancelled ends its permits (effectiveness 'ended'): the reconciler asked OSS about
            -- them for ever. PermitStore's notFinal is the index's WHERE, word for word, as in migration 23.
            DROP INDEX permits_oss_due;
            CREATE INDEX permits_oss_due ON permits (oss_check_due_at, id_izin)
            WHERE (oss_status IS NULL OR (oss_status != '50' AND oss_status != '57' AND oss_status != '58' AND oss_status != '90'
                                          AND oss_status != '93')) AND effectiveness != 'ended';
            """),
        Migration(version: 25, name: "a case OSS approved by itself ends approvedByOSS", sql: """
            -- OSS status 57 (fiktif positif, UU 11/2020 Pasal 175 angka 6) ends any open case of the permit with an outcome
            -- of its own. SQLite changes a CHECK only by rebuilding the table (as migration 22 did).
            """ + casesRebuilt(outcomes: ["approved", "rejected", "notEffective", "revoked", "cancelled", "approvedByOSS"])
            + caseTally.storeCountedTriggers, rebuildsTables: true),
        Migration(version: 26, name: "an officer's name and NIP with their token", sql: """
            -- OSS wants the officer who set a status (nip_status) and the permit's signer (nama_ttd, nip_ttd): the
            -- officer's own, given with their token (gerbang token add --nama --nip), not one name from the configuration.
            ALTER TABLE officer_tokens ADD COLUMN nama TEXT;
            ALTER TABLE officer_tokens ADD COLUMN nip TEXT;
            """),
        Migration(version: 27, name: "a case the agency closed ends withdrawn", sql: """
            -- The Kepala Dinas or an administrator may close a case before its SOP ends, with a reason (the applicant
            -- withdrew): an outcome of its own. SQLite changes a CHECK only by rebuilding the table (as migration 25 did).
            """ + casesRebuilt(outcomes: ["approved", "rejected", "notEffective", "revoked", "cancelled", "approvedByOSS", "withdrawn"])
            + caseTally.storeCountedTriggers, rebuildsTables: true),
        Migration(version: 28, name: "a permit watched at OSS while its case waits for what only OSS shows", sql: """
            -- SOP 004 step 8 waits for the applicant's upload, which only checkLicenseStatus shows (file_lampiran). The
            -- agency's 50 before it is a final status, after which the reconciler asked no more: the case waited for
            -- ever. A watched permit is asked about until its case ends, final or not. PermitStore's askedAtOSS is the
            -- index's WHERE, word for word, as in migration 24.
            ALTER TABLE permits ADD COLUMN oss_watched INTEGER NOT NULL DEFAULT 0;
            DROP INDEX permits_oss_due;
            CREATE INDEX permits_oss_due ON permits (oss_check_due_at, id_izin)
            WHERE (oss_status IS NULL OR (oss_status != '50' AND oss_status != '57' AND oss_status != '58' AND oss_status != '90'
                                          AND oss_status != '93') OR oss_watched = 1) AND effectiveness != 'ended';
            """),
    ]

    /// The cases table rebuilt with a CHECK on its outcome that lets these values through, its rows copied and its
    /// indexes made again (SQLite changes a CHECK only by rebuilding the table: migrations 22 and 25). The comparisons
    /// are written out, not an IN list: SQLite 3.40 builds an IN list's b-tree for every row it writes.
    static func casesRebuilt(outcomes: [String]) -> String {
        let allowed = outcomes.map { "outcome = '\($0)'" }.joined(separator: " OR ")
        // On a line of its own: the text it follows ends without a newline (a comment would swallow it).
        return "\n" + """
            CREATE TABLE cases_rebuilt (
                id TEXT PRIMARY KEY,
                process_id TEXT NOT NULL,
                reference TEXT,
                opened_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status = 'active' OR status = 'frozen' OR status = 'ended'),
                active_step INTEGER,
                deadline_at INTEGER,
                deadline_passed INTEGER NOT NULL DEFAULT 0,
                outcome TEXT CHECK (\(allowed)),
                position TEXT NOT NULL,
                pending_outcome TEXT,
                activations INTEGER NOT NULL,
                version INTEGER NOT NULL,
                sop_version INTEGER
            );
            INSERT INTO cases_rebuilt SELECT id, process_id, reference, opened_at, updated_at, status, active_step, deadline_at, deadline_passed,
                                             outcome, position, pending_outcome, activations, version, sop_version FROM cases;
            DROP TABLE cases;
            ALTER TABLE cases_rebuilt RENAME TO cases;
            CREATE INDEX cases_by_opening ON cases (opened_at, id);
            CREATE INDEX cases_by_process ON cases (process_id, status, outcome, deadline_passed, active_step, deadline_at);
            CREATE INDEX cases_late ON cases (process_id, active_step, deadline_at) WHERE status = 'active' AND deadline_passed = 1;
            CREATE INDEX cases_by_process_opening ON cases (process_id, opened_at);

            """
    }

    /// Row counts the triggers of migration 16 keep (``Tally``): cases per SOP, state and step; permits per
    /// effectiveness; outbox messages per target and state. A NULL outcome or step is counted under '' or -1.
    /// Each costs the writer a trigger's run per row written: the inbox's states, read by `/metrics` alone, are
    /// still counted by a scan.
    public static let tallies = [caseTally, permitTally, Tally("outbox_tallies", of: "outbox", by: [.init("target"), .init("state")])]

    /// Cases per SOP, state, outcome ('' for none), whether late, and step (-1 for none); counted by CaseStore on insert.
    static let caseTally = Tally("case_tallies", of: "cases", by: [.init("process_id"), .init("status"), .init("outcome", "coalesce(ROW.outcome, '')"),
                                                                  .init("deadline_passed"), .init("active_step", "coalesce(ROW.active_step, -1)")])
    /// Permits per effectiveness; counted by PermitStore on insert.
    static let permitTally = Tally("permit_tallies", of: "permits", by: [.init("effectiveness")])
    /// The tallies whose inserted rows their stores count (migration 21); the outbox's, written once a delivery, keeps its trigger.
    static let countedByStore = [caseTally, permitTally]
}
