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
//
// answers {ids: [...], ok: 1}: the _id of every document whose field at path
// holds that text, as a string or as an ObjectId's hex. FerretDB 1.24 decodes
// every document of a collection for any filter but an exact _id; this is an
// index search instead (a SQLite index on that field, made on first use), so
// a client can find a few documents among many by a field, then read each by
// _id. The answer may include documents whose field holds the same text as
// another type (a string equal to an ObjectId's hex): the client checks what
// it reads. A field inside an array is not searched; only a field that is
// never an array may be looked up so.
const lookupCommand = "devdbFindIds"

// fieldIndexPrefix names our field indexes: "devdb_f_<table>_<path>".
const fieldIndexPrefix = "devdb_f_"

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

// FindIDs returns the _id of every document of db.collection whose field at
// path holds equals (strings and ObjectIds compare by their text).
func (x *FieldLookup) FindIDs(ctx context.Context, db, collection, path, equals string) ([]any, error) {
	if !lookupPath.MatchString(path) {
		return nil, fmt.Errorf("path %q must be field names joined by dots", path)
	}
	if db == "" || strings.ContainsAny(db, `/\`) || collection == "" {
		return nil, errors.New("a database and a collection are required")
	}
	file := filepath.Join(x.dir, db+".sqlite")
	if _, err := os.Stat(file); err != nil {
		if os.IsNotExist(err) {
			return []any{}, nil // no such database: nothing matches
		}
		return nil, err
	}
	conn, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)

	var table string
	err = conn.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, collection).Scan(&table)
	if errors.Is(err, sql.ErrNoRows) || (err != nil && strings.Contains(err.Error(), "no such table")) {
		return []any{}, nil // no such collection (or database not finished): nothing matches
	}
	if err != nil {
		return nil, err
	}
	field := fmt.Sprintf(`_ferretdb_sjson->>'$.%s'`, path)
	index := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %q ON %q (%s)", fieldIndexPrefix+table+"_"+path, table, field)
	if _, err := conn.ExecContext(ctx, index); err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, fmt.Sprintf(
		`SELECT _ferretdb_sjson->>'$._id', _ferretdb_sjson->>'$."$s".p._id.t' FROM %q WHERE %s = ?`, table, field,
	), equals)
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
			return nil, fmt.Errorf("%s: an _id of type %q cannot be looked up", collection, kind)
		}
	}
	return ids, rows.Err()
}

// isLookup reports whether msg is an OP_MSG carrying lookupCommand.
func isLookup(msg []byte) bool {
	return len(msg) > headerLen+5 && binary.LittleEndian.Uint32(msg[12:16]) == opMsg &&
		msg[headerLen+4] == 0 && firstKey(msg[headerLen+5:]) == lookupCommand
}

// answerLookup runs the lookup msg asks for and returns the whole reply
// message: the ids, or ok: 0 with the reason.
func (x *FieldLookup) answerLookup(ctx context.Context, msg []byte) []byte {
	ids, err := x.lookup(ctx, msg)
	var reply *wirebson.Document
	if err != nil {
		reply = wirebson.MustDocument(
			"ok", float64(0), "errmsg", lookupCommand+": "+err.Error(), "code", int32(2), "codeName", "BadValue",
		)
	} else {
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

func (x *FieldLookup) lookup(ctx context.Context, msg []byte) ([]any, error) {
	section := msg[headerLen+5:]
	if len(section) < 4 {
		return nil, errors.New("no command document")
	}
	n := int(binary.LittleEndian.Uint32(section))
	if n < 5 || n > len(section) {
		return nil, errors.New("bad command document")
	}
	cmd, err := wirebson.RawDocument(section[:n]).Decode()
	if err != nil {
		return nil, err
	}
	text := func(name string) (string, error) {
		v, ok := cmd.Get(name).(string)
		if !ok {
			return "", fmt.Errorf("%s must be a string", name)
		}
		return v, nil
	}
	var args [4]string
	for i, name := range []string{lookupCommand, "path", "equals", "$db"} {
		if args[i], err = text(name); err != nil {
			return nil, err
		}
	}
	return x.FindIDs(ctx, args[3], args[0], args[1], args[2])
}
