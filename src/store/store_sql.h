/*
 * store_sql: the SQL text of every prepared statement (enum q, store_int.h),
 * written once for both databases.  Not an ordinary header: each dialect
 * file (store_sqlite_sql.c, store_pg_sql.c) includes it exactly once, after
 * defining the dialect's macros, and it defines that dialect's table
 * SQL_TABLE.  Parameters are ?N in both (the PostgreSQL driver turns them
 * into $N); a text column orders and compares bytewise in both (the
 * PostgreSQL schema declares text columns COLLATE "C").
 *
 * The dialect macros (string literals, or macros that make one):
 *   SQL_NATURAL(col)    an ascending ORDER BY term: col in natural order
 *                       (monev_natural: digit runs by value), NULLs first
 *   SQL_LIKE            LIKE as SQLite's: ASCII letters match either case
 *   SQL_INDEXED_BY(ix)  the index a SQLite query must use ("" elsewhere)
 *   SQL_CROSS_JOIN      an inner join whose order SQLite must keep
 *   SQL_JSON_EACH(p)    a table of the texts of JSON array p, column value
 *   SQL_JSON_CODE(col)  the member "code" of the JSON object text col
 *   SQL_MAX(args)       the largest of the (non-NULL) values args
 *   SQL_BOOL(cond)      cond as an integer 1 or 0
 *   SQL_INT(n)          parameter ?n, known to be a 64-bit integer
 *   SQL_TEXT(n)         parameter ?n, known to be a text (where it is first
 *                       met in "?n IS NULL")
 *   SQL_UNUSED_INT(n)   " AND <always true>" naming the 64-bit integer
 *                       parameter ?n, which the statement is bound with but
 *                       does not use ("" where that needs nothing)
 * and the statements that are wholly the dialect's: SQL_BEGIN (the write
 * transaction, holding the one writer's lock), SQL_BEGIN_READ (a read
 * snapshot), SQL_DATA_VERSION, SQL_USER_VERSION, SQL_LINK_MAPPED (built
 * from LINK_MAPPED_COLUMNS and LINK_MAPPED_FROM below), and
 * SQL_BACKGROUND_TRY / SQL_BACKGROUND_END (take and give back the lock of
 * background job ?1 for the connection; the first gives one row, 1 when
 * the lock is now held, 0 when another connection holds it).
 */
#define CYCLE_COLUMNS                                                                              \
        "SELECT c.id, c.year, c.framework_id, c.framework_version, c.status, t.hundredths "        \
        "FROM cycle c LEFT JOIN target t ON t.year = c.year "
#define ASSESS_COLUMNS                                                                             \
        "SELECT indicator, level, fakta, analisis, status, updated_at FROM assessment "
#define ASSIGN_COLUMNS                                                                             \
        "SELECT a.indicator, a.opd_id, o.code, o.name, a.deadline "                                \
        "FROM assignment a JOIN opd o ON o.id = a.opd_id "
#define USER_COLUMNS                                                                               \
        "SELECT u.id, u.username, u.name, u.role, u.opd_id, o.code, u.password_hash, "             \
        "u.must_change, u.disabled, u.created_at "                                                 \
        "FROM user_account u LEFT JOIN opd o ON o.id = u.opd_id "
/* ?1 = a LIKE pattern ("%" matches every account). */
#define USER_MATCH                                                                                 \
        "WHERE u.username " SQL_LIKE " ?1 ESCAPE '\\' OR u.name " SQL_LIKE " ?1 ESCAPE '\\' OR "   \
        "coalesce(o.code, '') " SQL_LIKE " ?1 ESCAPE '\\' OR coalesce(o.name, '') " SQL_LIKE       \
        " ?1 ESCAPE '\\' "
#define AUDIT_COLUMNS                                                                              \
        "SELECT seq, at, actor, action, object, \"before\", \"after\", prev_hash, hash, "          \
        "coalesce(key_id, '') FROM audit_log "
#define EV_COLUMNS                                                                                 \
        "e.id, e.sha256, e.size, e.mime, e.filename, e.title, e.doc_number, e.doc_date, "          \
        "e.issuer, e.valid_until, e.replaces, e.uploaded_by, u.name, e.created_at "
#define LINK_COLUMNS                                                                               \
        "SELECT l.indicator, l.code, l.level, l.needs_confirm, l.review, "                         \
        "l.review_note, " EV_COLUMNS                                                               \
        "FROM evidence_link l JOIN evidence e ON e.id = l.evidence_id "                            \
        "LEFT JOIN user_account u ON u.id = e.uploaded_by "
/* Q_LINK_MAPPED's pieces (the statement is the dialect's SQL_LINK_MAPPED):
 * the links of documents among the codes ?3 (a JSON array) of the cycles
 * of framework ?2 before year ?1, each with its cycle's year c.year; the
 * dialect keeps each document's newest link, newest year first, then
 * codes in natural order, at most ?4 rows. */
#define LINK_MAPPED_COLUMNS                                                                        \
        "l.indicator, l.code, l.level, l.needs_confirm, l.review, l.review_note, " EV_COLUMNS
#define LINK_MAPPED_FROM                                                                           \
        "FROM evidence_link l JOIN cycle c ON c.id = l.cycle_id "                                  \
        "JOIN evidence e ON e.id = l.evidence_id "                                                 \
        "LEFT JOIN user_account u ON u.id = e.uploaded_by "                                        \
        "WHERE c.year < ?1 AND c.framework_id = ?2 "                                               \
        "AND l.indicator IN (SELECT value FROM " SQL_JSON_EACH("?3") ") "
/* Documents of cycle ?1 for reuse on indicator ?2, each with its first
 * code in the cycle (the covering index evidence_link_cycle_evidence), that
 * are not linked to ?2 and match ?3 (a LIKE pattern, NULL = all); ?4 rows
 * after ?5; ?6 OPD and ?7 user of a reader limited to what it may read. */
#define REUSE_SELECT                                                                               \
        "SELECT l.indicator, l.code, l.level, l.needs_confirm, l.review, "                         \
        "l.review_note, " EV_COLUMNS "FROM evidence e " SQL_CROSS_JOIN " evidence_link l "         \
        "ON l.id = (SELECT k.id FROM evidence_link k " SQL_INDEXED_BY(                             \
            "evidence_link_cycle_evidence") "WHERE k.cycle_id = ?1 AND k.evidence_id = e.id "      \
                                            "ORDER BY k.code LIMIT 1) "                            \
                                            "LEFT JOIN user_account u ON u.id = e.uploaded_by "
#define REUSE_FILTER                                                                               \
        "NOT EXISTS (SELECT 1 FROM evidence_link h WHERE h.cycle_id = ?1 AND h.indicator = ?2 "    \
        "AND h.evidence_id = e.id) "                                                               \
        "AND (" SQL_TEXT(                                                                          \
            3) " IS NULL OR e.title " SQL_LIKE " ?3 ESCAPE '\\' OR e.doc_number " SQL_LIKE         \
               " ?3 ESCAPE '\\' "                                                                  \
               "OR EXISTS (SELECT 1 FROM evidence_link k " SQL_INDEXED_BY(                         \
                   "evidence_link_cycle_evidence") "WHERE k.cycle_id = ?1 AND k.evidence_id = "    \
                                                   "e.id AND "                                     \
                                                   "k.code " SQL_LIKE " ?3 ESCAPE '\\')) "         \
                                                   "ORDER BY e.id DESC " SQL_LIMIT(4) " OFFSET ?5"
#define REUSE_VISIBLE                                                                              \
        "SELECT v.evidence_id FROM assignment a JOIN evidence_link v "                             \
        "ON v.cycle_id = a.cycle_id AND v.indicator = a.indicator WHERE a.opd_id = ?6 "            \
        "UNION SELECT v.evidence_id FROM assignment_team t JOIN evidence_link v "                  \
        "ON v.cycle_id = t.cycle_id AND v.indicator = t.indicator WHERE t.opd_id = ?6 "            \
        "UNION SELECT id FROM evidence WHERE " SQL_INT(7) " > 0 AND uploaded_by = ?7"
/* Failed attempts of one key (the username ?1 or the address ?2) at or
 * after ?3 and after the key's last success; ids give the order in which
 * attempts were recorded, so two in the same second still count right. */
/* The login throttle's counts (see store_login_counts): ?1 username, ?2
 * address, ?3 the window's start, ?4 how far back a success makes an
 * address known. */
#define LOGIN_PAIR "username = ?1 AND addr = ?2"
#define LOGIN_COUNTS                                                                               \
        "SELECT (SELECT count(*) FROM login_attempt WHERE " LOGIN_PAIR " AND ok = 0 AND at >= ?3 " \
        "AND id > coalesce((SELECT max(id) FROM login_attempt WHERE " LOGIN_PAIR " AND ok = 1), "  \
        "0)), "                                                                                    \
        "(SELECT count(*) FROM login_attempt WHERE addr = ?2 AND ok = 0 AND at >= ?3), "           \
        "(SELECT count(*) FROM login_attempt a WHERE a.username = ?1 AND a.ok = 0 AND a.at >= ?3 " \
        "AND NOT EXISTS (SELECT 1 FROM login_attempt k WHERE k.username = ?1 AND k.addr = a.addr " \
        "AND k.ok = 1 AND k.at >= ?4)), " SQL_BOOL(                                                \
            "EXISTS (SELECT 1 FROM login_attempt WHERE " LOGIN_PAIR " AND ok = 1 AND at >= ?4)")
#define TOKEN_COLUMNS                                                                              \
        "SELECT id, user_id, name, created_at, last_used, coalesce(expires_at, 0), "               \
        "coalesce(revoked_at, 0) FROM api_token "

const char *const SQL_TABLE[Q_COUNT] = {
    [Q_BEGIN] = SQL_BEGIN,
    [Q_BEGIN_READ] = SQL_BEGIN_READ,
    [Q_DATA_VERSION] = SQL_DATA_VERSION,
    [Q_TEAM_CLEAR] = "DELETE FROM assignment_team WHERE cycle_id = ?1 AND indicator = ?2",
    [Q_TEAM_ADD_OPD] =
        "INSERT INTO assignment_team (cycle_id, indicator, opd_id) VALUES (?1, ?2, ?3)",
    [Q_TEAM_ADD_PIC] =
        "INSERT INTO assignment_team (cycle_id, indicator, user_id) VALUES (?1, ?2, ?3)",
    [Q_TEAM_LIST] =
        "SELECT t.opd_id, o.code, t.user_id, u.username, u.name FROM assignment_team t "
        "LEFT JOIN opd o ON o.id = t.opd_id LEFT JOIN user_account u ON u.id = t.user_id "
        "WHERE t.cycle_id = ?1 AND t.indicator = ?2 ORDER BY " SQL_NATURAL("o.code"),
    [Q_SETTING_GET] = "SELECT value FROM setting WHERE key = ?1",
    [Q_SETTING_PUT] = "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [Q_SETTING_DEL] = "DELETE FROM setting WHERE key = ?1",
    [Q_OFFICIAL_DEL] = "DELETE FROM official_result WHERE cycle_id = ?1",
    [Q_OFFICIAL_ADD] =
        "INSERT INTO official_result (cycle_id, indicator, level) VALUES (?1, ?2, ?3)",
    [Q_OFFICIAL_LIST] = "SELECT o.indicator, o.level FROM official_result o JOIN cycle c ON "
                        "c.id = o.cycle_id WHERE c.year = ?1 ORDER BY " SQL_NATURAL("o.indicator"),
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_SAVEPOINT] = "SAVEPOINT store_op",
    [Q_RELEASE] = "RELEASE store_op",
    [Q_ROLLBACK_TO] = "ROLLBACK TO store_op",
    [Q_USER_VERSION] = SQL_USER_VERSION,
    [Q_AGENCY_SET] = "INSERT INTO agency (id, name, kind) VALUES (1, ?1, ?2) "
                     "ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind",
    [Q_AGENCY_GET] = "SELECT name, kind, region_code FROM agency WHERE id = 1",
    [Q_AGENCY_REGION_SET] = "UPDATE agency SET region_code = ?1 WHERE id = 1",
    [Q_AGENCY_TZ_GET] = "SELECT timezone FROM agency WHERE id = 1",
    [Q_AGENCY_TZ_SET] = "UPDATE agency SET timezone = ?1 WHERE id = 1",
    [Q_OPD_ADD] = "INSERT INTO opd (code, name) VALUES (?1, ?2)",
    [Q_OPD_GET] = "SELECT id, code, name FROM opd WHERE code = ?1",
    [Q_OPD_LIST] = "SELECT id, code, name FROM opd ORDER BY " SQL_NATURAL("code"),
    [Q_PERSON_ADD] = "INSERT INTO person (name, position, opd_id, email) VALUES (?1, ?2, ?3, ?4)",
    [Q_PERSON_LIST] = "SELECT p.id, p.name, p.position, o.code, p.email "
                      "FROM person p LEFT JOIN opd o ON o.id = p.opd_id ORDER BY p.id",
    [Q_FW_NEWEST] = "SELECT version, sha256 FROM framework WHERE id = ?1 "
                    "ORDER BY version DESC LIMIT 1",
    [Q_FW_INSERT] = "INSERT INTO framework (id, version, title, sha256, source, created_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_FW_GET] = "SELECT id, version, title, sha256, source, created_at FROM framework "
                 "WHERE id = ?1 AND (?2 = 0 OR version = ?2) ORDER BY version DESC LIMIT 1",
    [Q_FW_LIST] = "SELECT id, version, title, sha256, NULL, created_at FROM framework "
                  "ORDER BY id, version",
    [Q_FW_EXISTS] = "SELECT 1 FROM framework WHERE id = ?1 AND version = ?2",
    [Q_TARGET_SET] = "INSERT INTO target (year, hundredths, source) VALUES (?1, ?2, ?3) "
                     "ON CONFLICT (year) DO UPDATE "
                     "SET hundredths = excluded.hundredths, source = excluded.source",
    [Q_TARGET_GET] = "SELECT year, hundredths, source FROM target WHERE year = ?1",
    [Q_TARGET_LIST] = "SELECT year, hundredths, source FROM target ORDER BY year",
    [Q_CYCLE_CREATE] = "INSERT INTO cycle (year, framework_id, framework_version, status, "
                       "created_at) VALUES (?1, ?2, ?3, 'open', ?4)",
    [Q_CYCLE_GET] = CYCLE_COLUMNS "WHERE c.year = ?1",
    [Q_CYCLE_LIST] = CYCLE_COLUMNS "ORDER BY c.year",
    [Q_CYCLE_SET_STATUS] = "UPDATE cycle SET status = ?2 WHERE year = ?1",
    [Q_CYCLE_REF] = "SELECT id, status FROM cycle WHERE year = ?1",
    [Q_CYCLE_SET_FW] = "UPDATE cycle SET framework_version = ?2 WHERE year = ?1 AND "
                       "EXISTS (SELECT 1 FROM framework f WHERE f.id = cycle.framework_id AND "
                       "f.version = ?2)",
    [Q_ASSESS_SET] = "INSERT INTO assessment (cycle_id, indicator, level, fakta, analisis, "
                     "status, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6) "
                     "ON CONFLICT (cycle_id, indicator) DO UPDATE SET level = excluded.level, "
                     "fakta = coalesce(excluded.fakta, assessment.fakta), "
                     "analisis = coalesce(excluded.analisis, assessment.analisis), "
                     "updated_at = excluded.updated_at",
    [Q_ASSESS_GET] = ASSESS_COLUMNS "WHERE cycle_id = ?1 AND indicator = ?2",
    [Q_EXTERNAL_SET] = "INSERT INTO external_value (cycle_id, indicator, value, source, "
                       "source_date, level, conv_row, updated_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                       "ON CONFLICT (cycle_id, indicator) DO UPDATE SET value = excluded.value, "
                       "source = excluded.source, source_date = excluded.source_date, "
                       "level = excluded.level, conv_row = excluded.conv_row, "
                       "updated_at = excluded.updated_at",
    [Q_EXTERNAL_GET] = "SELECT indicator, value, source, source_date, level, conv_row, "
                       "updated_at FROM external_value WHERE cycle_id = ?1 AND indicator = ?2",
    [Q_EXTERNAL_LIST] = "SELECT indicator, value, source, source_date, level, conv_row, "
                        "updated_at FROM external_value WHERE cycle_id = ?1 "
                        "ORDER BY " SQL_NATURAL("indicator"),
    [Q_ASSESS_LIST] = ASSESS_COLUMNS "WHERE cycle_id = ?1 ORDER BY " SQL_NATURAL("indicator"),
    [Q_OPD_ID] = "SELECT id FROM opd WHERE code = ?1",
    [Q_ASSIGN_SET] = "INSERT INTO assignment (cycle_id, indicator, opd_id, deadline) "
                     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (cycle_id, indicator) DO UPDATE "
                     "SET opd_id = excluded.opd_id, deadline = excluded.deadline",
    [Q_ASSIGN_DELETE] = "DELETE FROM assignment WHERE cycle_id = ?1 AND indicator = ?2",
    [Q_ASSIGN_GET] = ASSIGN_COLUMNS "WHERE a.cycle_id = ?1 AND a.indicator = ?2",
    [Q_ASSIGN_LIST] = ASSIGN_COLUMNS "WHERE a.cycle_id = ?1 ORDER BY " SQL_NATURAL("a.indicator"),
    [Q_USER_ADD] = "INSERT INTO user_account (username, name, role, opd_id, password_hash, "
                   "must_change, disabled, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)",
    [Q_USER_GET] = USER_COLUMNS "WHERE u.username = ?1",
    [Q_USER_GET_ID] = USER_COLUMNS "WHERE u.id = ?1",
    [Q_USER_LIST] = USER_COLUMNS "ORDER BY " SQL_NATURAL("u.username"),
    [Q_USER_SET_PASSWORD] = "UPDATE user_account SET password_hash = ?2, must_change = ?3 "
                            "WHERE id = ?1",
    [Q_USER_SET_DISABLED] = "UPDATE user_account SET disabled = ?2 WHERE id = ?1",
    [Q_USER_UPDATE] = "UPDATE user_account SET name = ?2, role = ?3, opd_id = ?4 WHERE id = ?1",
    [Q_USER_STATE] = "SELECT disabled FROM user_account WHERE id = ?1",
    [Q_USER_SEARCH] =
        USER_COLUMNS USER_MATCH "ORDER BY " SQL_NATURAL("u.username") " " SQL_LIMIT(2) " OFFSET ?3",
    [Q_USER_SEARCH_COUNT] =
        "SELECT count(*) FROM user_account u LEFT JOIN opd o ON o.id = u.opd_id " USER_MATCH,
    [Q_SESSION_CREATE] = "INSERT INTO session (token_hash, user_id, created_at, last_seen) "
                         "VALUES (?1, ?2, ?3, ?3)",
    [Q_SESSION_GET] = "SELECT user_id, created_at, last_seen FROM session WHERE token_hash = ?1",
    [Q_SESSION_TOUCH] =
        "UPDATE session SET last_seen = " SQL_MAX("last_seen, ?2") " WHERE token_hash = ?1",
    [Q_SESSION_DELETE] = "DELETE FROM session WHERE token_hash = ?1",
    [Q_SESSION_DELETE_USER] = "DELETE FROM session WHERE user_id = ?1",
    [Q_SESSION_PURGE] = "DELETE FROM session WHERE last_seen < ?1 OR created_at < ?2",
    [Q_PENDING_PUT] =
        "INSERT INTO pending_form (id, path, fields, created_at) VALUES (?1, ?2, ?3, ?4)",
    [Q_PENDING_CLAIM] = "UPDATE pending_form SET username = ?2 WHERE id = ?1 AND username IS NULL",
    [Q_PENDING_GET] = "SELECT path, fields FROM pending_form WHERE id = ?1 AND username = ?2 "
                      "AND created_at >= ?3",
    [Q_PENDING_DELETE] = "DELETE FROM pending_form WHERE id = ?1 AND username = ?2",
    [Q_PENDING_PURGE] = "DELETE FROM pending_form WHERE created_at < ?1",
    [Q_TOKEN_CREATE] = "INSERT INTO api_token (token_hash, user_id, name, created_at, expires_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5)",
    [Q_TOKEN_GET] = TOKEN_COLUMNS "WHERE token_hash = ?1",
    [Q_TOKEN_LIST] = TOKEN_COLUMNS "WHERE user_id = ?1 ORDER BY id DESC",
    [Q_TOKEN_OWNER] = TOKEN_COLUMNS "WHERE id = ?1",
    [Q_TOKEN_REVOKE] = "UPDATE api_token SET revoked_at = " SQL_MAX(
        "?2, created_at") " "
                          "WHERE id = ?1 AND revoked_at IS NULL",
    [Q_TOKEN_REVOKE_USER] = "UPDATE api_token SET revoked_at = " SQL_MAX(
        "?2, created_at") " "
                          "WHERE user_id = ?1 AND revoked_at IS NULL "
                          "AND coalesce(expires_at, " SQL_INT(2) " + 1) > ?2",
    [Q_TOKEN_TOUCH] = "UPDATE api_token SET last_used = " SQL_MAX(
        "coalesce(last_used, ?2), ?2, created_at") " WHERE id = ?1",
    [Q_LOGIN_RECORD] = "INSERT INTO login_attempt (username, addr, ok, at) VALUES (?1, ?2, ?3, ?4)",
    [Q_LOGIN_COUNTS] = LOGIN_COUNTS,
    [Q_LOGIN_PURGE] = "DELETE FROM login_attempt WHERE (ok = 0 AND at < ?1) OR at < ?2",
    [Q_AUDIT_HEAD] = "SELECT seq, hash, coalesce(key_id, '') FROM audit_log "
                     "ORDER BY seq DESC LIMIT 1",
    [Q_AUDIT_INSERT] = "INSERT INTO audit_log (seq, at, actor, action, object, \"before\", "
                       "\"after\", prev_hash, hash, key_id) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    /* ?1 '' = every object; else the object ?1 and those under "?1/"
     * ('0' is the byte after '/', so the range is an index search). */
    [Q_AUDIT_LIST] = AUDIT_COLUMNS "WHERE seq > ?2 AND (?1 = '' OR object = ?1 OR "
                                   "(object >= ?1 || '/' AND object < ?1 || '0')) "
                                   "ORDER BY seq " SQL_LIMIT(3),
    [Q_AUDIT_ALL] = AUDIT_COLUMNS "ORDER BY seq",
    [Q_AUDIT_FIND] = "SELECT min(seq) FROM audit_log WHERE hash = ?1",
    [Q_AUDIT_UNKEYED] = "SELECT count(*) FROM audit_log WHERE key_id IS NULL",
    [Q_ASSESS_STATE] = "SELECT id, status, level FROM assessment "
                       "WHERE cycle_id = ?1 AND indicator = ?2",
    [Q_ASSESS_MOVE] = "UPDATE assessment SET status = ?3, updated_at = ?4 "
                      "WHERE id = ?1 AND status = ?2",
    [Q_ASSESS_UNFINAL] = "SELECT indicator, status FROM assessment "
                         "WHERE cycle_id = ?1 AND status <> 'final' "
                         "ORDER BY " SQL_NATURAL("indicator"),
    [Q_ASSESS_FINALIZE] = "UPDATE assessment SET status = 'final', updated_at = ?2 "
                          "WHERE cycle_id = ?1 AND status = 'verified'",
    [Q_ASSESS_PREV] = "SELECT prev_level FROM assessment WHERE cycle_id = ?1 AND indicator = ?2",
    [Q_NOTE_ADD] = "INSERT INTO assessment_note (cycle_id, indicator, at, actor, from_status, "
                   "to_status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [Q_NOTE_LIST] = "SELECT at, actor, from_status, to_status, note FROM assessment_note "
                    "WHERE cycle_id = ?1 AND indicator = ?2 ORDER BY id",
    [Q_CARRY_ASSESS] = "INSERT INTO assessment (cycle_id, indicator, level, fakta, analisis, "
                       "status, updated_at, prev_level) "
                       "SELECT ?1, indicator, NULL, fakta, analisis, 'draft', ?3, level "
                       "FROM assessment WHERE cycle_id = ?2 AND indicator = ?4 "
                       "ON CONFLICT DO NOTHING",
    [Q_CARRY_ASSIGN] =
        "INSERT INTO assignment (cycle_id, indicator, opd_id, deadline) "
        "SELECT ?1, indicator, opd_id, NULL FROM assignment "
        "WHERE cycle_id = ?2 AND indicator = ?4" SQL_UNUSED_INT(3) " ON CONFLICT DO NOTHING",
    [Q_CARRY_LINKS] = "INSERT INTO evidence_link (cycle_id, indicator, evidence_id, level, code, "
                      "needs_confirm, review, review_note, created_at) "
                      "SELECT ?1, indicator, evidence_id, level, code, 1, 0, NULL, ?3 "
                      "FROM evidence_link WHERE cycle_id = ?2 AND indicator = ?4 "
                      "ON CONFLICT DO NOTHING",
    [Q_CARRY_SEQ] =
        "INSERT INTO evidence_seq (cycle_id, indicator, level, made) "
        "SELECT ?1, indicator, level, made FROM evidence_seq "
        "WHERE cycle_id = ?2 AND indicator = ?4" SQL_UNUSED_INT(3) " ON CONFLICT DO NOTHING",
    [Q_EV_ADD] = "INSERT INTO evidence (sha256, size, mime, filename, title, doc_number, "
                 "doc_date, issuer, valid_until, replaces, uploaded_by, created_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [Q_EV_GET] = "SELECT " EV_COLUMNS "FROM evidence e "
                 "LEFT JOIN user_account u ON u.id = e.uploaded_by WHERE e.id = ?1",
    [Q_EV_EXISTS] = "SELECT 1 FROM evidence WHERE id = ?1",
    [Q_EV_VISIBLE] = "SELECT " SQL_BOOL("(" SQL_INT(2) " > 0 AND e.uploaded_by = ?2) OR (" SQL_INT(
        3) " > 0 AND EXISTS ("
           "SELECT 1 FROM evidence_link l JOIN assignment a "
           "ON a.cycle_id = l.cycle_id AND a.indicator = l.indicator "
           "WHERE l.evidence_id = e.id AND a.opd_id = ?3)) "
           "OR (" SQL_INT(
               3) " > 0 AND EXISTS (SELECT 1 FROM evidence_link l JOIN assignment_team t "
                  "ON t.cycle_id = l.cycle_id AND t.indicator = l.indicator "
                  "WHERE l.evidence_id = e.id AND t.opd_id = ?3))") " FROM evidence e WHERE e.id = "
                                                                    "?1",
    [Q_EV_CODE] = "SELECT l.code FROM evidence_link l JOIN cycle c ON c.id = l.cycle_id "
                  "WHERE l.evidence_id = ?1 ORDER BY c.year DESC, l.id DESC LIMIT 1",
    [Q_EV_HASHES] = "SELECT DISTINCT sha256 FROM evidence ORDER BY sha256",
    [Q_SEQ_NEXT] = "INSERT INTO evidence_seq (cycle_id, indicator, level, made) "
                   "VALUES (?1, ?2, ?3, 1) ON CONFLICT (cycle_id, indicator, level) "
                   "DO UPDATE SET made = evidence_seq.made + 1 RETURNING made",
    [Q_LINK_STATE] = "SELECT id, level, code, needs_confirm, review, review_note "
                     "FROM evidence_link "
                     "WHERE cycle_id = ?1 AND indicator = ?2 AND evidence_id = ?3",
    [Q_LINK_ADD] = "INSERT INTO evidence_link (cycle_id, indicator, evidence_id, level, code, "
                   "needs_confirm, review, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6)",
    [Q_LINK_DELETE] = "DELETE FROM evidence_link WHERE id = ?1",
    [Q_LINK_REVIEW] = "UPDATE evidence_link SET review = ?2, review_note = ?3 WHERE id = ?1",
    [Q_LINK_CONFIRM] = "UPDATE evidence_link SET needs_confirm = 0 WHERE id = ?1",
    [Q_LINK_LIST] =
        LINK_COLUMNS "WHERE l.cycle_id = ?1 AND (" SQL_TEXT(2) " IS NULL OR l.indicator = ?2) "
                                                               "ORDER BY " SQL_NATURAL("l.code"),
    /* Driven by the evidence rows newest first, so a page costs its own
     * rows (with index lookups), not the cycle's; the OPD variant by the
     * documents the OPD may read (see Q_EV_VISIBLE). */
    [Q_EV_REUSABLE] = REUSE_SELECT "WHERE " REUSE_FILTER,
    [Q_EV_REUSABLE_OPD] = REUSE_SELECT "WHERE e.id IN (" REUSE_VISIBLE ") AND " REUSE_FILTER,
    [Q_EV_COUNTS] = "SELECT indicator, count(*), max(level) FROM evidence_link "
                    "WHERE cycle_id = ?1 GROUP BY indicator ORDER BY " SQL_NATURAL("indicator"),
    [Q_USER_FIND] = USER_COLUMNS
    "WHERE u.disabled = 0 AND (" SQL_TEXT(1) " IS NULL OR u.username " SQL_LIKE " ?1 "
                                             "ESCAPE '\\' OR u.name " SQL_LIKE " ?1 ESCAPE '\\') "
                                             "ORDER BY " SQL_NATURAL("u.username") " " SQL_LIMIT(2),
    [Q_LINK_MAPPED] = SQL_LINK_MAPPED, /* LINK_MAPPED_COLUMNS */
    /* the newest close or reopen of cycle ?1 ("cycle/<year>") */
    [Q_CYCLE_REOPENED] = "SELECT action FROM audit_log WHERE object = ?1 AND action IN "
                         "('cycle.close', 'cycle.reopen') ORDER BY seq DESC LIMIT 1",
    /* every code ever given by a link below the object prefix [?1, ?2) */
    [Q_CODE_HISTORY] = "SELECT " SQL_JSON_CODE(
        "\"after\"") ", object FROM audit_log "
                     "WHERE object >= ?1 AND object < ?2 AND action = 'evidence.link' "
                     "AND " SQL_JSON_CODE("\"after\"") " IS NOT NULL ORDER BY seq",
    [Q_ASSESSOR_GET] =
        "SELECT level, note FROM assessor_level WHERE cycle_id = ?1 AND indicator = ?2",
    [Q_ASSESSOR_PUT] =
        "INSERT INTO assessor_level (cycle_id, indicator, level, note, set_by, set_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (cycle_id, indicator) DO UPDATE "
        "SET level = excluded.level, note = excluded.note, set_by = excluded.set_by, "
        "set_at = excluded.set_at",
    [Q_ASSESSOR_LIST] =
        "SELECT a.indicator, a.level, a.note, a.set_by, a.set_at FROM assessor_level a "
        "JOIN cycle c ON c.id = a.cycle_id WHERE c.year = ?1 "
        "ORDER BY " SQL_NATURAL("a.indicator"),
    [Q_BACKGROUND_TRY] = SQL_BACKGROUND_TRY,
    [Q_BACKGROUND_END] = SQL_BACKGROUND_END,
};
