package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB itself uses
)

// idExpression is how FerretDB 1.24's SQLite backend looks a document up by
// _id (metadata.IDColumn): in find/delete pushdown and in every UPDATE. Its
// own unique index is on _ferretdb_sjson->"_id", which SQLite does not treat
// as the same expression, so each of those lookups scans the whole table.
const idExpression = `_ferretdb_sjson->'$._id'`

// idIndexPrefix names our indexes; FerretDB's are "<table>_<index name>".
const idIndexPrefix = "devdb_id_"

// IDIndexer gives every collection table in the data directory an index on
// idExpression, so that an _id lookup or write costs one index search rather
// than a pass over the collection, as on MongoDB. FerretDB keeps its index
// list in its own metadata, so an extra SQLite index is invisible to clients;
// dropping a collection drops its table and the index with it.
type IDIndexer struct {
	dir  string
	lock sync.Locker // held while creating an index, so no request runs meanwhile
	seen map[string]fileState
}

type fileState struct {
	size    int64
	modTime time.Time
	walSize int64
	walMod  time.Time
}

// NewIDIndexer indexes the SQLite files in dir, taking lock around each
// CREATE INDEX.
func NewIDIndexer(dir string, lock sync.Locker) *IDIndexer {
	return &IDIndexer{dir: dir, lock: lock, seen: map[string]fileState{}}
}

// Run sweeps every interval until ctx ends. A collection created between
// sweeps works meanwhile, only without the index.
func (x *IDIndexer) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := x.Sweep(ctx); err != nil && ctx.Err() == nil {
			log.Printf("devdb: indexing _id: %v", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Sweep indexes the collections of every database file that changed since
// the last sweep.
func (x *IDIndexer) Sweep(ctx context.Context) error {
	files, err := filepath.Glob(filepath.Join(x.dir, "*.sqlite"))
	if err != nil {
		return err
	}
	present := map[string]bool{}
	for _, file := range files {
		present[file] = true
		state, ok := stateOf(file)
		if !ok || x.seen[file] == state {
			continue
		}
		if err := x.indexFile(ctx, file); err != nil {
			if os.IsNotExist(err) || ctx.Err() != nil {
				continue // dropped meanwhile, or shutting down
			}
			return fmt.Errorf("%s: %w", filepath.Base(file), err)
		}
		// Our own CREATE INDEX changed the file: remember the state after it.
		if state, ok = stateOf(file); ok {
			x.seen[file] = state
		}
	}
	for file := range x.seen {
		if !present[file] {
			delete(x.seen, file)
		}
	}
	return nil
}

func stateOf(file string) (fileState, bool) {
	main, err := os.Stat(file)
	if err != nil {
		return fileState{}, false
	}
	s := fileState{size: main.Size(), modTime: main.ModTime()}
	if wal, err := os.Stat(file + "-wal"); err == nil {
		s.walSize, s.walMod = wal.Size(), wal.ModTime()
	}
	return s, true
}

func (x *IDIndexer) indexFile(ctx context.Context, file string) error {
	if _, err := os.Stat(file); err != nil {
		return err
	}
	// mode=rw: never create a database FerretDB has just dropped.
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	missing, err := tablesWithoutIDIndex(ctx, db)
	if err != nil || len(missing) == 0 {
		return err
	}
	x.lock.Lock()
	defer x.lock.Unlock()
	for _, table := range missing {
		q := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %q ON %q (%s)", idIndexPrefix+table, table, idExpression)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// tablesWithoutIDIndex lists FerretDB's collection tables that lack our index.
func tablesWithoutIDIndex(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT c.table_name FROM _ferretdb_collections c
		WHERE NOT EXISTS (
			SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = ? || c.table_name
		)`, idIndexPrefix)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, nil // a database file FerretDB has not finished creating
		}
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			return nil, err
		}
		tables = append(tables, table)
	}
	return tables, rows.Err()
}
