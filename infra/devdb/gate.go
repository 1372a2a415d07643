package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log"
	"net"
	"sync"
)

// MongoDB wire protocol constants (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/).
const (
	headerLen = 16       // messageLength, requestID, responseTo, opCode
	maxMsgLen = 48 << 20 // anything larger is garbage, not a message
	opMsg     = 2013
	opQuery   = 2004 // legacy; drivers still open with an isMaster in it

	// OP_MSG flagBits.
	checksumPresent = 1 << 0
	moreToCome      = 1 << 1  // sender expects no reply
	exhaustAllowed  = 1 << 16 // receiver may stream several replies
)

var (
	castagnoli   = crc32.MakeTable(crc32.Castagnoli)
	errBadLength = errors.New("bad message length")
)

// Gate is a MongoDB wire-protocol proxy that lets only one request/reply
// exchange reach the upstream server at a time, across all connections.
//
// FerretDB 1.24 implements update and findAndModify as a read followed by a
// separate write, without a lock, so two concurrent $inc's can both read the
// same old value and one increment is lost. Serialising whole wire messages
// makes every single-document operation atomic again, at the cost of all
// concurrency, which a development database does not need.
type Gate struct {
	dial        func() (net.Conn, error) // opens a fresh upstream connection
	passthrough bool                     // -no-gate: copy bytes both ways, no lock
	// Lookup, when set, answers devdb's own devdbFindIds command (lookup.go)
	// under the lock instead of forwarding it. Set before Serve.
	Lookup *FieldLookup

	mu sync.Mutex // held from writing a request upstream until its reply is read

	connMu sync.Mutex // guards the fields below
	closed bool
	l      net.Listener
	conns  map[net.Conn]struct{} // client and upstream conns, closed by Close
	wg     sync.WaitGroup        // Serve and its handlers
}

// NewGate returns a gate that opens one upstream connection per client
// connection with dial. If passthrough is set, it forwards bytes unchanged
// and takes no lock; that is only useful to measure what the gate prevents.
func NewGate(dial func() (net.Conn, error), passthrough bool) *Gate {
	return &Gate{dial: dial, passthrough: passthrough, conns: map[net.Conn]struct{}{}}
}

// Serve accepts client connections on l until Close is called (then it
// returns nil) or Accept fails.
func (g *Gate) Serve(l net.Listener) error {
	g.connMu.Lock()
	if g.closed {
		g.connMu.Unlock()
		return l.Close()
	}
	g.l = l
	// Counted under connMu so that Close's Wait cannot miss it; the handlers'
	// Adds below then happen while the count is non-zero, which is allowed.
	g.wg.Add(1)
	g.connMu.Unlock()
	defer g.wg.Done()

	for {
		c, err := l.Accept()
		if err != nil {
			if g.isClosed() {
				return nil
			}
			return err
		}
		if !g.track(c) {
			c.Close()
			continue
		}
		g.wg.Add(1)
		go func() {
			defer g.wg.Done()
			g.handle(c)
		}()
	}
}

// Close stops accepting, closes every connection and waits for the handlers.
func (g *Gate) Close() {
	g.connMu.Lock()
	g.closed = true
	if g.l != nil {
		g.l.Close()
	}
	for c := range g.conns {
		c.Close()
	}
	g.connMu.Unlock()
	g.wg.Wait()
}

func (g *Gate) isClosed() bool {
	g.connMu.Lock()
	defer g.connMu.Unlock()
	return g.closed
}

// track registers c so that Close can interrupt blocked reads on it.
func (g *Gate) track(c net.Conn) bool {
	g.connMu.Lock()
	defer g.connMu.Unlock()
	if g.closed {
		return false
	}
	g.conns[c] = struct{}{}
	return true
}

func (g *Gate) untrack(c net.Conn) {
	c.Close()
	g.connMu.Lock()
	delete(g.conns, c)
	g.connMu.Unlock()
}

// handle serves one client; returning closes both sides, so whichever side
// goes away first takes the other with it.
func (g *Gate) handle(client net.Conn) {
	defer g.untrack(client)

	// A private upstream connection per client keeps per-connection server
	// state (cursors, auth) where the client expects it.
	up, err := g.dial()
	if err != nil {
		log.Printf("devdb: gate: dial upstream: %v", err)
		return
	}
	if !g.track(up) {
		up.Close()
		return
	}
	defer g.untrack(up)

	if g.passthrough {
		pipe(client, up)
		return
	}
	g.relay(client, up)
}

// relay forwards whole messages from client to upstream and replies back.
func (g *Gate) relay(client, up net.Conn) {
	cr, ur := bufio.NewReader(client), bufio.NewReader(up)
	for {
		req, err := readMessage(cr)
		if err != nil {
			// Clients hanging up is routine; garbage on the wire is not.
			if errors.Is(err, errBadLength) {
				log.Printf("devdb: gate: closing %v: %v", client.RemoteAddr(), err)
			}
			return
		}
		reply, err := g.exchange(up, ur, req)
		if err != nil {
			return
		}
		if reply == nil {
			continue
		}
		// Written outside the lock: a slow client must not stall everyone.
		if _, err := client.Write(reply); err != nil {
			return
		}
	}
}

// exchange sends req upstream and reads its reply while holding the
// process-wide lock. It returns a nil reply when the client expects none.
func (g *Gate) exchange(up io.Writer, ur io.Reader, req []byte) ([]byte, error) {
	oneWay := makeTwoWay(req)

	if g.Lookup != nil && isLookup(req) {
		g.mu.Lock()
		defer g.mu.Unlock()
		if oneWay {
			return nil, nil
		}
		return g.Lookup.answerLookup(context.Background(), req), nil
	}

	// A server check goes past the lock: it reads no data, and a driver
	// whose check waited behind one long request (a big scan on a busy
	// machine) would take the server for gone and drop every connection.
	if !isServerCheck(req) {
		g.mu.Lock()
		defer g.mu.Unlock()
	}

	if _, err := up.Write(req); err != nil {
		return nil, err
	}
	reply, err := readMessage(ur)
	if oneWay {
		return nil, err
	}
	return reply, err
}

// makeTwoWay clears moreToCome and exhaustAllowed on an OP_MSG so that
// every request gets exactly one reply, and reports whether moreToCome was
// set (the client then expects no reply, so the caller drops it).
//
// FerretDB 1.24 ignores moreToCome and replies anyway: forwarding the flag
// and not reading would leave that reply to be mistaken for the next one.
// A spec-following server would send nothing, so always asking for a reply
// works with both, and also keeps unacknowledged (w:0) writes inside the
// lock until they are done. Legacy OP_QUERY always has one reply already.
func makeTwoWay(msg []byte) (oneWay bool) {
	if binary.LittleEndian.Uint32(msg[12:16]) != opMsg || len(msg) < headerLen+4 {
		return false
	}
	flags := binary.LittleEndian.Uint32(msg[headerLen:])
	cleared := flags &^ (moreToCome | exhaustAllowed)
	if cleared == flags {
		return false
	}
	binary.LittleEndian.PutUint32(msg[headerLen:], cleared)
	// The optional trailing CRC-32C covers the flags we just changed.
	if flags&checksumPresent != 0 && len(msg) >= headerLen+8 {
		end := len(msg) - 4
		binary.LittleEndian.PutUint32(msg[end:], crc32.Checksum(msg[:end], castagnoli))
	}
	return flags&moreToCome != 0
}

// readMessage reads one whole wire message, header included.
func readMessage(r io.Reader) ([]byte, error) {
	var size [4]byte
	if _, err := io.ReadFull(r, size[:]); err != nil {
		return nil, err
	}
	n := int32(binary.LittleEndian.Uint32(size[:]))
	if n < headerLen || n > maxMsgLen {
		return nil, fmt.Errorf("%w %d", errBadLength, n)
	}
	msg := make([]byte, n)
	copy(msg, size[:])
	if _, err := io.ReadFull(r, msg[4:]); err != nil {
		return nil, err
	}
	return msg, nil
}

// pipe copies bytes both ways until either direction stops; the caller then
// closes both connections, which ends the other copy.
func pipe(a, b net.Conn) {
	done := make(chan struct{}, 2)
	go func() { io.Copy(a, b); done <- struct{}{} }()
	go func() { io.Copy(b, a); done <- struct{}{} }()
	<-done
}

// serverChecks are the commands a driver's monitor and handshake send: they
// read no collection, so they need not wait for the lock.
var serverChecks = map[string]bool{"hello": true, "isMaster": true, "ismaster": true, "ping": true}

// isServerCheck reports whether msg is one of serverChecks: an OP_MSG whose
// body (section kind 0) starts with that command's name, or a legacy
// OP_QUERY whose query document does.
func isServerCheck(msg []byte) bool {
	if len(msg) < headerLen+5 {
		return false
	}
	body := msg[headerLen:]
	switch binary.LittleEndian.Uint32(msg[12:16]) {
	case opMsg:
		// flags (4), then the first section; its kind 0 is the command body.
		if body[4] != 0 {
			return false
		}
		return serverChecks[firstKey(body[5:])]
	case opQuery:
		// flags (4), the collection's C string, skip and return counts (8).
		rest := body[4:]
		end := bytes.IndexByte(rest, 0)
		if end < 0 || len(rest) < end+1+8 {
			return false
		}
		return serverChecks[firstKey(rest[end+1+8:])]
	}
	return false
}

// firstKey returns the name of a BSON document's first element, or "".
func firstKey(doc []byte) string {
	// length (4), then the element: type byte and its C-string name.
	if len(doc) < 6 {
		return ""
	}
	name := doc[5:]
	end := bytes.IndexByte(name, 0)
	if end < 0 {
		return ""
	}
	return string(name[:end])
}
