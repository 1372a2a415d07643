package main

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/FerretDB/wire/wirebson"
)

// lookupCommand is devdb's own command (MongoDB and FerretDB answer it with
// CommandNotFound, so a client can try it and fall back to a filter):
//
//	{devdbFindIds: "<collection>", path: "<field, dotted>", equals: "<text>", $db: "<db>"}
//	{devdbFindIds: "<collection>", path: "timeline.by", array: "timeline", equals: "<text>", $db: "<db>"}
//
// answers {ids: [...], ok: 1}: the _id of every document whose field at path
// holds that text, as a string or as an ObjectId's hex. FerretDB 1.24 decodes
// every document of a collection for any filter but an exact _id; this is an
// index search instead, so a client can find a few documents among many by a
// field, then read each by _id. The answer may include documents whose field
// holds the same text as another type (a string equal to an ObjectId's hex):
// the client checks what it reads.
//
// Without array, path must never run through an array (a field inside one is
// not searched); the index is a SQLite index on the field. With array (path
// itself, or a prefix of it at a dot), the array at that prefix is searched:
// a document matches when one of its elements holds the text at the rest of
// the path (or is the text, when array is the whole path), as the filter
// {path: text} matches an array of sub-documents (or of values) in MongoDB.
// One level of array only. Its index is a side table of (text, _id) rows kept
// by triggers on the collection's table, so every write keeps it current.
const lookupCommand = "devdbFindIds"

// prepareCommand makes a lookup's index without looking anything up (the
// same arguments but equals), so that a client can have it made at start-up
// rather than by the first request that needs it:
//
//	{devdbPrepareLookup: "<collection>", path: "...", [array: "..."], $db: "<db>"} → {ok: 1}
const prepareCommand = "devdbPrepareLookup"

// fieldIndexPrefix names our field indexes: "devdb_f_<table>_<path>".
const fieldIndexPrefix = "devdb_f_"

// arrayIndexPrefix names the side tables of array lookups (and their
// indexes and triggers): "devdb_a_<table>_<array>:<rest of path>".
const arrayIndexPrefix = "devdb_a_"

// lookupPath is a dotted path of plain field names: it becomes part of the
// index expression, which SQLite does not let us pass as a parameter.
var lookupPath = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// FieldLookup answers lookupCommand from the SQLite files in dir. The caller
// holds the gate's lock, so no other request runs meanwhile.
type FieldLookup struct {
	dir string
}

// NewFieldLookup serves lookups on the database files in dir.
func NewFieldLookup(dir string) *FieldLookup {
	return &FieldLookup{dir: dir}
}

// Lookup names what is looked up: a collection's field, and the array (a
// prefix of path, or path itself) whose elements are searched, if any.
type Lookup struct {
	DB, Collection, Path, Array string
}

// FindIDs returns the _id of every document of db.collection whose field at
// path holds equals (strings and ObjectIds compare by their text).
func (x *FieldLookup) FindIDs(ctx context.Context, db, collection, path, equals string) ([]any, error) {
	return x.Find(ctx, Lookup{DB: db, Collection: collection, Path: path}, equals)
}

// Find returns the _id of every document the lookup finds holding equals,
// making its index first if it is not there yet.
func (x *FieldLookup) Find(ctx context.Context, l Lookup, equals string) ([]any, error) {
	conn, table, err := x.open(ctx, l)
	if conn == nil || err != nil {
		return []any{}, err // no such database or collection: nothing matches
	}
	defer conn.Close()
	query, err := prepare(ctx, conn, table, l)
	if err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, query, equals)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := []any{}
	for rows.Next() {
		var id, kind string
		if err := rows.Scan(&id, &kind); err != nil {
			return nil, err
		}
		switch kind {
		case "string":
			ids = append(ids, id)
		case "objectId":
			b, err := hex.DecodeString(id)
			if err != nil || len(b) != 12 {
				return nil, fmt.Errorf("bad ObjectId %q", id)
			}
			ids = append(ids, wirebson.ObjectID(b))
		default:
			return nil, fmt.Errorf("%s: an _id of type %q cannot be looked up", l.Collection, kind)
		}
	}
	return ids, rows.Err()
}

// Prepare makes the lookup's index if it is not there yet (nothing, when the
// collection does not exist).
func (x *FieldLookup) Prepare(ctx context.Context, l Lookup) error {
	conn, table, err := x.open(ctx, l)
	if conn == nil || err != nil {
		return err
	}
	defer conn.Close()
	_, err = prepare(ctx, conn, table, l)
	return err
}

// open checks the lookup's names and opens its database file, returning the
// collection's table; a nil connection when there is no such database or
// collection.
func (x *FieldLookup) open(ctx context.Context, l Lookup) (*sql.DB, string, error) {
	if !lookupPath.MatchString(l.Path) {
		return nil, "", fmt.Errorf("path %q must be field names joined by dots", l.Path)
	}
	if l.Array != "" && l.Array != l.Path && !strings.HasPrefix(l.Path, l.Array+".") {
		return nil, "", fmt.Errorf("array %q must be path %q or a prefix of it at a dot", l.Array, l.Path)
	}
	if l.DB == "" || strings.ContainsAny(l.DB, `/\`) || l.Collection == "" {
		return nil, "", errors.New("a database and a collection are required")
	}
	file := filepath.Join(x.dir, l.DB+".sqlite")
	if _, err := os.Stat(file); err != nil {
		if os.IsNotExist(err) {
			return nil, "", nil
		}
		return nil, "", err
	}
	conn, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, "", err
	}
	conn.SetMaxOpenConns(1)
	var table string
	err = conn.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, l.Collection).Scan(&table)
	if errors.Is(err, sql.ErrNoRows) || (err != nil && strings.Contains(err.Error(), "no such table")) {
		conn.Close()
		return nil, "", nil // no such collection (or database not finished)
	}
	if err != nil {
		conn.Close()
		return nil, "", err
	}
	return conn, table, nil
}

// idColumns are a document's _id as text and its type, as FerretDB stores them.
const idColumns = `_ferretdb_sjson->>'$._id', _ferretdb_sjson->>'$."$s".p._id.t'`

// prepare makes the lookup's index on table if it is missing and returns the
// query that finds the ids (one parameter: the text).
func prepare(ctx context.Context, conn *sql.DB, table string, l Lookup) (string, error) {
	if l.Array == "" {
		field := fmt.Sprintf(`_ferretdb_sjson->>'$.%s'`, l.Path)
		index := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %q ON %q (%s)", fieldIndexPrefix+table+"_"+l.Path, table, field)
		if _, err := conn.ExecContext(ctx, index); err != nil {
			return "", err
		}
		return fmt.Sprintf(`SELECT %s FROM %q WHERE %s = ?`, idColumns, table, field), nil
	}
	rest := strings.TrimPrefix(strings.TrimPrefix(l.Path, l.Array), ".")
	side := arrayIndexPrefix + table + "_" + l.Array + ":" + rest
	if err := makeSideTable(ctx, conn, table, side, l.Array, rest); err != nil {
		return "", err
	}
	return fmt.Sprintf(`SELECT DISTINCT id, kind FROM %q WHERE value = ?`, side), nil
}

// makeSideTable makes (once) the side table of an array lookup: a row (the
// text, the _id, its type) for each element of each document's array that
// holds a text at rest (is a text, when rest is empty), indexed by the text,
// filled from the table and kept by triggers on it. The triggers go with the
// table when FerretDB drops the collection; a side table found without them
// (a collection dropped, then made again under the same table name) is stale
// and made again. One transaction: never half made.
func makeSideTable(ctx context.Context, conn *sql.DB, table, side, array, rest string) error {
	var triggers int
	err := conn.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name IN (?, ?, ?)`,
		table, side+"_i", side+"_u", side+"_d",
	).Scan(&triggers)
	if err != nil || triggers == 3 {
		return err
	}
	// The text an element holds at rest, or NULL. CASE evaluates only the
	// branch it takes, so a text element is never parsed as JSON.
	element := `CASE WHEN e.type = 'text' THEN e.value END`
	if rest != "" {
		at := fmt.Sprintf(`'$.%s'`, rest)
		element = fmt.Sprintf(`CASE WHEN e.type = 'object' AND json_type(e.value, %s) = 'text' THEN e.value->>%s END`, at, at)
	}
	// Each (text, _id, type) of the documents in from, whose sjson is doc.
	rows := func(doc, from string) string {
		return fmt.Sprintf(
			`SELECT DISTINCT %[1]s, %[2]s->>'$._id', %[2]s->>'$."$s".p._id.t' FROM %[4]s json_each(%[2]s, '$.%[3]s') e `+
				`WHERE json_type(%[2]s, '$.%[3]s') = 'array' AND %[1]s IS NOT NULL`,
			element, doc, array, from,
		)
	}
	forget := fmt.Sprintf(
		`DELETE FROM %q WHERE id = OLD._ferretdb_sjson->>'$._id' AND kind = OLD._ferretdb_sjson->>'$."$s".p._id.t';`, side,
	)
	remember := fmt.Sprintf(`INSERT INTO %q (value, id, kind) %s;`, side, rows("NEW._ferretdb_sjson", ""))
	statements := []string{
		fmt.Sprintf(`DROP TABLE IF EXISTS %q`, side),
		fmt.Sprintf(`CREATE TABLE %q (value TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL)`, side),
		fmt.Sprintf(`CREATE INDEX %q ON %q (value)`, side+"_v", side),
		fmt.Sprintf(`CREATE INDEX %q ON %q (id)`, side+"_id", side),
		fmt.Sprintf(`INSERT INTO %q (value, id, kind) %s`, side, rows("t._ferretdb_sjson", fmt.Sprintf("%q t,", table))),
		fmt.Sprintf(`CREATE TRIGGER %q AFTER INSERT ON %q BEGIN %s END`, side+"_i", table, remember),
		fmt.Sprintf(`CREATE TRIGGER %q AFTER UPDATE ON %q BEGIN %s %s END`, side+"_u", table, forget, remember),
		fmt.Sprintf(`CREATE TRIGGER %q AFTER DELETE ON %q BEGIN %s END`, side+"_d", table, forget),
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	for _, q := range statements {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("making the index of %s: %w", side, err)
		}
	}
	return tx.Commit()
}

// isLookup reports whether msg is an OP_MSG carrying lookupCommand or prepareCommand.
func isLookup(msg []byte) bool {
	if len(msg) <= headerLen+5 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg || msg[headerLen+4] != 0 {
		return false
	}
	name := firstKey(msg[headerLen+5:])
	return name == lookupCommand || name == prepareCommand
}

// answerLookup runs the lookup (or the preparation) msg asks for and returns
// the whole reply message: the ids, or ok: 0 with the reason.
func (x *FieldLookup) answerLookup(ctx context.Context, msg []byte) []byte {
	name, ids, err := x.lookup(ctx, msg)
	var reply *wirebson.Document
	switch {
	case err != nil:
		reply = wirebson.MustDocument(
			"ok", float64(0), "errmsg", name+": "+err.Error(), "code", int32(2), "codeName", "BadValue",
		)
	case name == prepareCommand:
		reply = wirebson.MustDocument("ok", float64(1))
	default:
		reply = wirebson.MustDocument("ids", wirebson.MustArray(ids...), "ok", float64(1))
	}
	body, err := reply.Encode()
	if err != nil {
		panic(err) // only strings, ObjectIds and numbers: always encodable
	}
	out := make([]byte, headerLen+5, headerLen+5+len(body))
	binary.LittleEndian.PutUint32(out[0:], uint32(headerLen+5+len(body)))
	binary.LittleEndian.PutUint32(out[8:], binary.LittleEndian.Uint32(msg[4:8])) // responseTo: the request's id
	binary.LittleEndian.PutUint32(out[12:], opMsg)
	// flags 0, then section kind 0 (already zero)
	return append(out, body...)
}

// lookup decodes the command in msg and runs it: its name, and the ids found
// (none for prepareCommand).
func (x *FieldLookup) lookup(ctx context.Context, msg []byte) (string, []any, error) {
	name := lookupCommand
	section := msg[headerLen+5:]
	if len(section) < 4 {
		return name, nil, errors.New("no command document")
	}
	n := int(binary.LittleEndian.Uint32(section))
	if n < 5 || n > len(section) {
		return name, nil, errors.New("bad command document")
	}
	cmd, err := wirebson.RawDocument(section[:n]).Decode()
	if err != nil {
		return name, nil, err
	}
	if cmd.Get(prepareCommand) != nil {
		name = prepareCommand
	}
	text := func(field string, optional bool) (string, error) {
		v, ok := cmd.Get(field).(string)
		if !ok && !(optional && cmd.Get(field) == nil) {
			return "", fmt.Errorf("%s must be a string", field)
		}
		return v, nil
	}
	var l Lookup
	for _, arg := range []struct {
		field    string
		to       *string
		optional bool
	}{{name, &l.Collection, false}, {"path", &l.Path, false}, {"array", &l.Array, true}, {"$db", &l.DB, false}} {
		if *arg.to, err = text(arg.field, arg.optional); err != nil {
			return name, nil, err
		}
	}
	if name == prepareCommand {
		return name, nil, x.Prepare(ctx, l)
	}
	equals, err := text("equals", false)
	if err != nil {
		return name, nil, err
	}
	ids, err := x.Find(ctx, l, equals)
	return name, ids, err
}
