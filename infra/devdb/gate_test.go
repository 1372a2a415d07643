package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Fake commands, carried in the byte after the flags.
const (
	cmdInc  = 'i' // counter++, the FerretDB way: read, pause, write
	cmdGet  = 'g'
	cmdSlow = 's' // a long request: holds the gate for a second
)

// fakeUpstream speaks just enough of the wire framing and, like FerretDB
// 1.24, does read-modify-write with no lock.
type fakeUpstream struct {
	addr    string
	counter atomic.Int64
	// alwaysReply answers moreToCome messages too, as FerretDB 1.24 does.
	alwaysReply bool
}

func startUpstream(t *testing.T, alwaysReply bool) *fakeUpstream {
	t.Helper()
	l := listen(t)
	u := &fakeUpstream{addr: l.Addr().String(), alwaysReply: alwaysReply}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go u.serve(c)
		}
	}()
	return u
}

func (u *fakeUpstream) serve(c net.Conn) {
	defer c.Close()
	for {
		req, err := readMessage(c)
		if err != nil {
			return
		}
		if req[headerLen+4] == cmdSlow {
			time.Sleep(time.Second)
		}
		if req[headerLen+4] == cmdInc {
			v := u.counter.Load()
			time.Sleep(5 * time.Millisecond) // widen the race window
			u.counter.Store(v + 1)
		}
		flags := binary.LittleEndian.Uint32(req[headerLen:])
		if flags&moreToCome != 0 && !u.alwaysReply {
			continue
		}
		id := int32(binary.LittleEndian.Uint32(req[4:]))
		reply := message(100+id, opMsg, 0, byte(u.counter.Load()))
		binary.LittleEndian.PutUint32(reply[8:], uint32(id)) // responseTo
		if _, err := c.Write(reply); err != nil {
			return
		}
	}
}

// message builds header + flags + one payload byte.
func message(id int32, opCode, flags uint32, payload byte) []byte {
	m := make([]byte, headerLen+5)
	binary.LittleEndian.PutUint32(m[0:], uint32(len(m)))
	binary.LittleEndian.PutUint32(m[4:], uint32(id))
	binary.LittleEndian.PutUint32(m[12:], opCode)
	binary.LittleEndian.PutUint32(m[16:], flags)
	m[20] = payload
	return m
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// startGate serves a gate in front of upstream and returns its address.
func startGate(t *testing.T, upstream string, passthrough bool) string {
	t.Helper()
	l := listen(t)
	g := NewGate(func() (net.Conn, error) { return net.Dial("tcp", upstream) }, passthrough)
	served := make(chan error, 1)
	go func() { served <- g.Serve(l) }()
	t.Cleanup(func() {
		g.Close()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return l.Addr().String()
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(5 * time.Second)) // a hang fails, not stalls
	return c
}

// send writes req and reads one reply, which must answer req.
func send(c net.Conn, req []byte) ([]byte, error) {
	if _, err := c.Write(req); err != nil {
		return nil, err
	}
	reply, err := readMessage(c)
	if err != nil {
		return nil, err
	}
	if got, want := reply[8:12], req[4:8]; string(got) != string(want) {
		return nil, fmt.Errorf("reply responseTo %v, want requestID %v", got, want)
	}
	return reply, nil
}

func roundTrip(t *testing.T, c net.Conn, req []byte) []byte {
	t.Helper()
	reply, err := send(c, req)
	if err != nil {
		t.Fatal(err)
	}
	return reply
}

// concurrentIncs has 50 clients increment at once and returns the counter.
func concurrentIncs(t *testing.T, u *fakeUpstream, addr string) int64 {
	u.counter.Store(0)
	var wg sync.WaitGroup
	for i := range 50 {
		c := dial(t, addr)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := send(c, message(int32(i), opMsg, 0, cmdInc)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	return u.counter.Load()
}

func TestGateMakesIncrementsAtomic(t *testing.T) {
	u := startUpstream(t, false)

	if got := concurrentIncs(t, u, startGate(t, u.addr, false)); got != 50 {
		t.Errorf("through the gate: counter = %d, want 50", got)
	}
	// The same load without the lock must lose updates, or this test
	// could not catch a broken gate.
	for name, addr := range map[string]string{
		"direct to upstream":   u.addr,
		"-no-gate passthrough": startGate(t, u.addr, true),
	} {
		got := concurrentIncs(t, u, addr)
		t.Logf("%s: counter = %d", name, got)
		if got >= 50 {
			t.Errorf("%s: counter = %d, want lost updates (< 50)", name, got)
		}
	}
}

func TestGateMoreToCome(t *testing.T) {
	for name, alwaysReply := range map[string]bool{"spec upstream": false, "FerretDB-like upstream": true} {
		t.Run(name, func(t *testing.T) {
			u := startUpstream(t, alwaysReply)
			c := dial(t, startGate(t, u.addr, false))

			// One-way: the client must get no reply for it, and whatever
			// the upstream does must not shift later replies.
			if _, err := c.Write(message(1, opMsg, moreToCome, cmdInc)); err != nil {
				t.Fatal(err)
			}
			if got := roundTrip(t, c, message(2, opMsg, 0, cmdGet))[20]; got != 1 {
				t.Errorf("counter after one-way inc = %d, want 1", got)
			}
			roundTrip(t, c, message(3, opQuery, 0, cmdGet))
			roundTrip(t, c, message(4, opMsg, 0, cmdGet))
		})
	}
}

func TestGateRejectsBadLength(t *testing.T) {
	u := startUpstream(t, false)
	addr := startGate(t, u.addr, false)
	for name, n := range map[string]uint32{"too large": 48<<20 + 1, "too small": 15} {
		t.Run(name, func(t *testing.T) {
			c := dial(t, addr)
			var b [headerLen]byte
			binary.LittleEndian.PutUint32(b[:], n)
			if _, err := c.Write(b[:]); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Read(b[:]); !errors.Is(err, io.EOF) {
				t.Errorf("read after bad length: %v, want EOF (connection closed)", err)
			}
		})
	}
}

func TestMakeTwoWayFixesChecksum(t *testing.T) {
	m := message(1, opMsg, checksumPresent|moreToCome|exhaustAllowed, cmdInc)
	m = append(m, 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(m, uint32(len(m)))

	if !makeTwoWay(m) {
		t.Fatal("moreToCome not reported")
	}
	if flags := binary.LittleEndian.Uint32(m[headerLen:]); flags != checksumPresent {
		t.Errorf("flags = %#x, want only checksumPresent", flags)
	}
	end := len(m) - 4
	if got, want := binary.LittleEndian.Uint32(m[end:]), crc32.Checksum(m[:end], castagnoli); got != want {
		t.Errorf("checksum = %#x, want %#x", got, want)
	}
}

// commandMsg builds an OP_MSG whose body (section kind 0) is the BSON document
// {name: 1}.
func commandMsg(id int32, name string) []byte {
	doc := []byte{0, 0, 0, 0, 0x10} // length, then an int32 element
	doc = append(doc, name...)
	doc = append(doc, 0, 1, 0, 0, 0, 0) // name's end, value 1, document's end
	binary.LittleEndian.PutUint32(doc, uint32(len(doc)))
	m := make([]byte, headerLen+5, headerLen+5+len(doc))
	binary.LittleEndian.PutUint32(m[4:], uint32(id))
	binary.LittleEndian.PutUint32(m[12:], opMsg)
	m = append(m, doc...)
	binary.LittleEndian.PutUint32(m[0:], uint32(len(m)))
	return m
}

func TestServerChecksPassALongRequest(t *testing.T) {
	u := startUpstream(t, false)
	addr := startGate(t, u.addr, false)
	slow := dial(t, addr)
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		close(started)
		_, err := send(slow, message(1, opMsg, 0, cmdSlow))
		done <- err
	}()
	<-started
	time.Sleep(200 * time.Millisecond) // the slow request now holds the lock

	check := dial(t, addr)
	for i, name := range []string{"hello", "isMaster", "ping"} {
		began := time.Now()
		roundTrip(t, check, commandMsg(int32(10+i), name))
		if took := time.Since(began); took > 500*time.Millisecond {
			t.Errorf("%s waited %v behind the long request", name, took)
		}
	}
	// Anything else still waits for the lock.
	began := time.Now()
	roundTrip(t, dial(t, addr), commandMsg(20, "find"))
	if took := time.Since(began); took < 300*time.Millisecond {
		t.Errorf("find took %v: it did not wait for the long request", took)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestIsServerCheck(t *testing.T) {
	for name, want := range map[string]bool{"hello": true, "isMaster": true, "ismaster": true, "ping": true, "find": false, "update": false, "findAndModify": false} {
		if got := isServerCheck(commandMsg(1, name)); got != want {
			t.Errorf("%s: isServerCheck = %v, want %v", name, got, want)
		}
	}
	// A legacy OP_QUERY handshake: flags, "admin.$cmd", skip, return, {isMaster: 1}.
	q := make([]byte, headerLen+4)
	binary.LittleEndian.PutUint32(q[12:], opQuery)
	q = append(q, "admin.$cmd"...)
	q = append(q, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff)
	q = append(q, commandMsg(1, "isMaster")[headerLen+5:]...)
	binary.LittleEndian.PutUint32(q[0:], uint32(len(q)))
	if !isServerCheck(q) {
		t.Error("legacy isMaster: not a server check")
	}
	if isServerCheck(message(1, opMsg, 0, cmdInc)) {
		t.Error("a fake increment counted as a server check")
	}
}
