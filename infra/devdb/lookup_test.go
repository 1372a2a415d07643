package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/FerretDB/wire/wirebson"
	"github.com/FerretDB/wire/wireclient"
)

func oid(n byte) wirebson.ObjectID {
	return wirebson.ObjectID{0x65, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n}
}

// idText is how a test compares ids: ObjectIds by their hex, strings as they are.
func idText(v any) string {
	if o, ok := v.(wirebson.ObjectID); ok {
		return fmt.Sprintf("oid:%x", o[:])
	}
	return fmt.Sprintf("%T:%v", v, v)
}

func sortedIDs(values []any) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		out = append(out, idText(v))
	}
	sort.Strings(out)
	return out
}

// scanIDs is FerretDB's own answer to a filter (a pass over every document): the ids it finds.
func scanIDs(t *testing.T, conn *wireclient.Conn, collection string, filter *wirebson.Document) []string {
	t.Helper()
	found := command(t, conn, "find", collection, "filter", filter, "projection", wirebson.MustDocument("_id", int32(1)))
	batch := found.Get("cursor").(*wirebson.Document).Get("firstBatch").(*wirebson.Array)
	var ids []any
	for i := 0; i < batch.Len(); i++ {
		ids = append(ids, batch.Get(i).(*wirebson.Document).Get("_id"))
	}
	return sortedIDs(ids)
}

func TestFieldLookupFindsWhatAFilterFinds(t *testing.T) {
	dir, conn := startFerretDB(t)
	me, other := oid(1), oid(2)
	docs := wirebson.MustArray()
	for i := 0; i < 40; i++ {
		person := other
		if i%7 == 0 {
			person = me
		}
		subject := wirebson.MustDocument("kind", "policy_version", "id", fmt.Sprintf("v%d", i))
		if i%5 == 0 {
			subject = wirebson.MustDocument("kind", "person", "id", fmt.Sprintf("%x", me[:]))
		}
		var id any = oid(byte(100 + i))
		if i%2 == 0 {
			id = fmt.Sprintf("t1:%012d", i) // string ids, as the audit trail's
		}
		if err := docs.Add(wirebson.MustDocument("_id", id, "tenantId", "t1", "personId", person, "subject", subject)); err != nil {
			t.Fatal(err)
		}
	}
	// A string that reads like my ObjectId's hex: the lookup may return it; the client checks the type.
	if err := docs.Add(wirebson.MustDocument("_id", "t1:lookalike", "personId", fmt.Sprintf("%x", me[:]))); err != nil {
		t.Fatal(err)
	}
	command(t, conn, "insert", "events", "documents", docs)

	x := NewFieldLookup(dir)
	ctx := context.Background()
	got, err := x.FindIDs(ctx, "shop", "events", "personId", fmt.Sprintf("%x", me[:]))
	if err != nil {
		t.Fatal(err)
	}
	want := scanIDs(t, conn, "events", wirebson.MustDocument("personId", me))
	lookalike := idText("t1:lookalike")
	if g := sortedIDs(got); strings.Join(without(g, lookalike), ",") != strings.Join(want, ",") || len(want) != 6 {
		t.Fatalf("lookup by personId found %v, the filter %v", g, want)
	}

	// A nested field, and after more writes (the index made on first use keeps up).
	command(t, conn, "insert", "events", "documents", wirebson.MustArray(
		wirebson.MustDocument("_id", "t1:late", "personId", me, "subject", wirebson.MustDocument("kind", "person", "id", fmt.Sprintf("%x", me[:]))),
	))
	command(t, conn, "delete", "events", "deletes", wirebson.MustArray(
		wirebson.MustDocument("q", wirebson.MustDocument("_id", "t1:000000000000"), "limit", int32(1)),
	))
	got, err = x.FindIDs(ctx, "shop", "events", "subject.id", fmt.Sprintf("%x", me[:]))
	if err != nil {
		t.Fatal(err)
	}
	want = scanIDs(t, conn, "events", wirebson.MustDocument("subject.id", fmt.Sprintf("%x", me[:])))
	if g := sortedIDs(got); strings.Join(g, ",") != strings.Join(want, ",") || len(want) != 8 {
		t.Fatalf("lookup by subject.id found %v, the filter %v", g, want)
	}
	if plan := planFor(t, dir, "events", `_ferretdb_sjson->>'$.subject.id'`); !strings.Contains(plan, "USING INDEX "+fieldIndexPrefix) {
		t.Fatalf("the lookup should use its index; plan: %s", plan)
	}

	// Nothing to find: no such value, collection or database.
	for _, c := range [][3]string{{"shop", "events", "nobody"}, {"shop", "absent", "x"}, {"nodb", "events", "x"}} {
		got, err := x.FindIDs(ctx, c[0], c[1], "personId", c[2])
		if err != nil || len(got) != 0 {
			t.Fatalf("%v: got %v, %v; want nothing", c, got, err)
		}
	}
	// A path that is not plain field names is refused (it would be part of SQL).
	if _, err := x.FindIDs(ctx, "shop", "events", "personId') --", "x"); err == nil {
		t.Fatal("a path with SQL in it should be refused")
	}
}

func without(ids []string, drop string) []string {
	out := ids[:0:0]
	for _, id := range ids {
		if id != drop {
			out = append(out, id)
		}
	}
	return out
}

func TestGateAnswersTheLookupAndForwardsTheRest(t *testing.T) {
	dir, sock, conn := startFerretDBAt(t)
	me := oid(1)
	command(t, conn, "insert", "cards", "documents", wirebson.MustArray(
		wirebson.MustDocument("_id", oid(10), "personId", me),
		wirebson.MustDocument("_id", oid(11), "personId", oid(2)),
	))
	l := listen(t)
	g := NewGate(func() (net.Conn, error) { return net.Dial("unix", sock) }, false)
	g.Lookup = NewFieldLookup(dir)
	served := make(chan error, 1)
	go func() { served <- g.Serve(l) }()
	t.Cleanup(func() { g.Close(); <-served })

	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	client := wireclient.New(c, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
	defer client.Close()
	reply := func(pairs ...any) *wirebson.Document { return request(t, client, pairs...) }
	found := reply(lookupCommand, "cards", "path", "personId", "equals", fmt.Sprintf("%x", me[:]))
	ids, _ := found.Get("ids").(*wirebson.Array)
	if ok, _ := found.Get("ok").(float64); ok != 1 || ids == nil || ids.Len() != 1 || ids.Get(0) != oid(10) {
		t.Fatalf("lookup through the gate: %s", wirebson.LogMessage(found))
	}
	refused := reply(lookupCommand, "cards", "path", "a b", "equals", "x")
	if ok, _ := refused.Get("ok").(float64); ok != 0 || !strings.Contains(wirebson.LogMessage(refused), "field names") {
		t.Fatalf("a bad path should be refused with the reason: %s", wirebson.LogMessage(refused))
	}
	// Preparing makes the index and finds nothing; an array is searched when named.
	prepared := reply(prepareCommand, "cards", "path", "ownerId")
	if ok, _ := prepared.Get("ok").(float64); ok != 1 || prepared.Get("ids") != nil {
		t.Fatalf("prepare through the gate: %s", wirebson.LogMessage(prepared))
	}
	if plan := planFor(t, dir, "cards", `_ferretdb_sjson->>'$.ownerId'`); !strings.Contains(plan, "USING INDEX "+fieldIndexPrefix) {
		t.Fatalf("prepare should have made the index; plan: %s", plan)
	}
	command(t, conn, "insert", "cards", "documents", wirebson.MustArray(
		wirebson.MustDocument("_id", oid(12), "sentTo", wirebson.MustArray(oid(2), me)),
	))
	inArray := reply(lookupCommand, "cards", "path", "sentTo", "array", "sentTo", "equals", fmt.Sprintf("%x", me[:]))
	if ids, _ := inArray.Get("ids").(*wirebson.Array); ids == nil || ids.Len() != 1 || ids.Get(0) != oid(12) {
		t.Fatalf("array lookup through the gate: %s", wirebson.LogMessage(inArray))
	}
	badArray := reply(prepareCommand, "cards", "path", "sentTo", "array", "sent")
	if ok, _ := badArray.Get("ok").(float64); ok != 0 || !strings.Contains(wirebson.LogMessage(badArray), prepareCommand) {
		t.Fatalf("a bad array should be refused: %s", wirebson.LogMessage(badArray))
	}
	// Every other command still reaches FerretDB.
	read := reply("find", "cards", "filter", wirebson.MustDocument("_id", oid(11)))
	if batch := read.Get("cursor").(*wirebson.Document).Get("firstBatch").(*wirebson.Array); batch.Len() != 1 {
		t.Fatalf("find through the gate: %s", wirebson.LogMessage(read))
	}
}

// arrayLookup looks up a text in an array of the collection, failing the test on an error.
func arrayLookup(t *testing.T, x *FieldLookup, collection, path, array, equals string) []string {
	t.Helper()
	got, err := x.Find(context.Background(), Lookup{DB: "shop", Collection: collection, Path: path, Array: array}, equals)
	if err != nil {
		t.Fatal(err)
	}
	return sortedIDs(got)
}

func TestArrayLookupFindsWhatAFilterFindsAndKeepsUp(t *testing.T) {
	dir, conn := startFerretDB(t)
	me, other := oid(1), oid(2)
	mine := fmt.Sprintf("%x", me[:])
	step := func(by any) *wirebson.Document { return wirebson.MustDocument("what", "comment", "by", by) }
	docs := wirebson.MustArray()
	for i := 0; i < 30; i++ {
		timeline := wirebson.MustArray(step(other))
		if i%4 == 0 {
			_ = timeline.Add(step(me))
		}
		if i%8 == 0 {
			_ = timeline.Add(step(me)) // named twice: found once
		}
		sentTo := wirebson.MustArray(other)
		if i%3 == 0 {
			_ = sentTo.Add(me)
		}
		var id any = oid(byte(100 + i))
		if i%2 == 0 {
			id = fmt.Sprintf("t1:%012d", i)
		}
		_ = docs.Add(wirebson.MustDocument("_id", id, "timeline", timeline, "sentTo", sentTo))
	}
	// Elements of other shapes beside the sub-documents, an empty array and none at all.
	_ = docs.Add(wirebson.MustDocument("_id", "odd", "timeline", wirebson.MustArray("text", int32(3), step(me)), "sentTo", wirebson.MustArray()))
	_ = docs.Add(wirebson.MustDocument("_id", "none"))
	_ = docs.Add(wirebson.MustDocument("_id", "someone else", "timeline", wirebson.MustArray(step(other)), "sentTo", wirebson.MustArray(mine+"x")))
	command(t, conn, "insert", "incidents", "documents", docs)

	x := NewFieldLookup(dir)
	same := func(when string) {
		t.Helper()
		for _, c := range [][2]string{{"timeline.by", "timeline"}, {"sentTo", "sentTo"}} {
			got := arrayLookup(t, x, "incidents", c[0], c[1], mine)
			want := scanIDs(t, conn, "incidents", wirebson.MustDocument(c[0], me))
			if strings.Join(got, ",") != strings.Join(want, ",") || len(want) == 0 {
				t.Fatalf("%s: lookup of %s found %v, the filter %v", when, c[0], got, want)
			}
		}
	}
	same("first lookup")
	if n := len(arrayLookup(t, x, "incidents", "timeline.by", "timeline", mine)); n != 9 {
		t.Fatalf("want 8 incidents and the odd one, got %d", n)
	}

	// Writes after the index was made: a step added, a timeline emptied, a document replaced, deleted, inserted.
	command(t, conn, "update", "incidents", "updates", wirebson.MustArray(
		wirebson.MustDocument("q", wirebson.MustDocument("_id", oid(101)), "u", wirebson.MustDocument("$push", wirebson.MustDocument("timeline", step(me)))),
		wirebson.MustDocument("q", wirebson.MustDocument("_id", "t1:000000000000"), "u", wirebson.MustDocument("$set", wirebson.MustDocument("timeline", wirebson.MustArray(), "sentTo", wirebson.MustArray()))),
		wirebson.MustDocument("q", wirebson.MustDocument("_id", "someone else"), "u", wirebson.MustDocument("sentTo", wirebson.MustArray(me))),
	))
	command(t, conn, "delete", "incidents", "deletes", wirebson.MustArray(
		wirebson.MustDocument("q", wirebson.MustDocument("_id", "odd"), "limit", int32(1)),
	))
	command(t, conn, "insert", "incidents", "documents", wirebson.MustArray(
		wirebson.MustDocument("_id", oid(200), "timeline", wirebson.MustArray(step(me)), "sentTo", wirebson.MustArray(me)),
	))
	same("after writes")

	// Dropped and made again (FerretDB gives it the same table name): the old index is not used.
	command(t, conn, "drop", "incidents")
	command(t, conn, "insert", "incidents", "documents", wirebson.MustArray(
		wirebson.MustDocument("_id", "new", "timeline", wirebson.MustArray(step(me)), "sentTo", wirebson.MustArray(other, me)),
	))
	same("after the collection was made again")
	if got := arrayLookup(t, x, "incidents", "timeline.by", "timeline", mine); strings.Join(got, ",") != idText("new") {
		t.Fatalf("after the drop: %v", got)
	}
	command(t, conn, "delete", "incidents", "deletes", wirebson.MustArray(wirebson.MustDocument("q", wirebson.MustDocument(), "limit", int32(0))))
	if got := arrayLookup(t, x, "incidents", "timeline.by", "timeline", mine); len(got) != 0 {
		t.Fatalf("after deleting everything: %v", got)
	}

	// An array that is not the path or a prefix of it at a dot, and a path with SQL in it, are refused.
	for _, l := range []Lookup{
		{DB: "shop", Collection: "incidents", Path: "timeline.by", Array: "time"},
		{DB: "shop", Collection: "incidents", Path: "timeline.by", Array: "by"},
		{DB: "shop", Collection: "incidents", Path: "timeline.by') --", Array: "timeline"},
	} {
		if _, err := x.Find(context.Background(), l, mine); err == nil {
			t.Fatalf("%+v should be refused", l)
		}
	}
}
