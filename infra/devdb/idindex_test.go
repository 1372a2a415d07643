package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/FerretDB/wire"
	"github.com/FerretDB/wire/wirebson"
	"github.com/FerretDB/wire/wireclient"
)

// startFerretDB runs the real embedded FerretDB on a fresh data directory and
// returns the directory and a client connection to it.
func startFerretDB(t *testing.T) (string, *wireclient.Conn) {
	t.Helper()
	dir, _, conn := startFerretDBAt(t)
	return dir, conn
}

// startFerretDBAt is startFerretDB that also returns FerretDB's Unix socket.
func startFerretDBAt(t *testing.T) (string, string, *wireclient.Conn) {
	t.Helper()
	dir := t.TempDir()
	sockDir, err := os.MkdirTemp("", "cdbt")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(sockDir) })
	sock := filepath.Join(sockDir, "s")
	fdb, err := newFerretDB(dir, sock)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); fdb.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	if err := waitForSocket(ctx, sock, done); err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	conn := wireclient.New(c, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
	t.Cleanup(func() { conn.Close() })
	return dir, sock, conn
}

// request runs one command on database "shop" and returns its reply, ok or not.
func request(t *testing.T, conn *wireclient.Conn, pairs ...any) *wirebson.Document {
	t.Helper()
	_, body, err := conn.Request(context.Background(), wire.MustOpMsg(append(pairs, "$db", "shop")...))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := body.(*wire.OpMsg).RawDocument()
	if err != nil {
		t.Fatal(err)
	}
	reply, err := raw.DecodeDeep()
	if err != nil {
		t.Fatal(err)
	}
	return reply
}

// command runs one command and returns its reply, failing the test unless ok.
func command(t *testing.T, conn *wireclient.Conn, pairs ...any) *wirebson.Document {
	t.Helper()
	reply := request(t, conn, pairs...)
	if ok, _ := reply.Get("ok").(float64); ok != 1 {
		t.Fatalf("%v failed: %v", pairs[0], wirebson.LogMessage(reply))
	}
	return reply
}

// planFor says how SQLite would run a lookup of a collection by expression
// (FerretDB's by _id: idExpression).
func planFor(t *testing.T, dir, collection, expression string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "shop.sqlite")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var table string
	if err := db.QueryRow(`SELECT table_name FROM _ferretdb_collections WHERE name = ?`, collection).Scan(&table); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "`+table+`" WHERE `+expression+` = ?`, `1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

func TestIDIndexerMakesIDLookupsUseAnIndex(t *testing.T) {
	dir, conn := startFerretDB(t)
	insert := func(ids ...int32) {
		docs := wirebson.MustArray()
		for _, id := range ids {
			if err := docs.Add(wirebson.MustDocument("_id", id, "name", fmt.Sprintf("card-%d", id))); err != nil {
				t.Fatal(err)
			}
		}
		command(t, conn, "insert", "deliveries", "documents", docs)
	}
	insert(1, 2, 3)

	if plan := planFor(t, dir, "deliveries", idExpression); !strings.Contains(plan, "SCAN") {
		t.Fatalf("before indexing, FerretDB's _id lookup should scan the table; plan: %s", plan)
	}
	x := NewIDIndexer(dir, &sync.Mutex{})
	if err := x.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if plan := planFor(t, dir, "deliveries", idExpression); !strings.Contains(plan, "USING INDEX "+idIndexPrefix) {
		t.Fatalf("after indexing, the _id lookup should use our index; plan: %s", plan)
	}

	// FerretDB works as before: reads and writes by _id, and its index list shows only its own.
	reply := command(t, conn, "update", "deliveries", "updates", wirebson.MustArray(wirebson.MustDocument(
		"q", wirebson.MustDocument("_id", int32(2)),
		"u", wirebson.MustDocument("$set", wirebson.MustDocument("name", "sent")),
	)))
	if n, _ := reply.Get("nModified").(int32); n != 1 {
		t.Fatalf("update by _id modified %d documents, want 1", n)
	}
	found := command(t, conn, "find", "deliveries", "filter", wirebson.MustDocument("_id", int32(2)))
	batch := found.Get("cursor").(*wirebson.Document).Get("firstBatch").(*wirebson.Array)
	if batch.Len() != 1 || batch.Get(0).(*wirebson.Document).Get("name") != "sent" {
		t.Fatalf("find by _id after the update: %v", wirebson.LogMessage(found))
	}
	indexes := command(t, conn, "listIndexes", "deliveries")
	if listed := indexes.Get("cursor").(*wirebson.Document).Get("firstBatch").(*wirebson.Array); listed.Len() != 1 {
		t.Fatalf("listIndexes should show only _id_, got %v", wirebson.LogMessage(indexes))
	}
	command(t, conn, "createIndexes", "deliveries", "indexes", wirebson.MustArray(wirebson.MustDocument(
		"key", wirebson.MustDocument("name", int32(1)), "name", "name_1", "unique", true,
	)))
	refused := request(t, conn,
		"insert", "deliveries", "documents", wirebson.MustArray(wirebson.MustDocument("_id", int32(4), "name", "card-1")),
	)
	if !strings.Contains(wirebson.LogMessage(refused), "11000") {
		t.Fatalf("the unique index should still refuse a duplicate: %s", wirebson.LogMessage(refused))
	}

	// A dropped and recreated collection gets a new table, which the next sweep indexes too.
	command(t, conn, "drop", "deliveries")
	time.Sleep(10 * time.Millisecond) // a new modification time for the sweep to notice
	insert(7)
	if err := x.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if plan := planFor(t, dir, "deliveries", idExpression); !strings.Contains(plan, "USING INDEX "+idIndexPrefix) {
		t.Fatalf("a recreated collection should be indexed too; plan: %s", plan)
	}
}
