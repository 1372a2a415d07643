// Command devdb runs FerretDB (SQLite backend) embedded, as the local
// MongoDB-compatible development database, behind a gate that makes
// single-document operations atomic. See README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP `host:port` for clients (port 0 picks a free port)")
	data := flag.String("data", "", "data `directory` for the SQLite files (created if missing; required)")
	noGate := flag.Bool("no-gate", false, "forward bytes without the lock (for measuring lost updates only)")
	withStdin := flag.Bool("exit-with-stdin", false, "shut down when standard input closes (the parent process died)")
	flag.Parse()

	if *data == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "devdb: -data is required and no arguments are accepted")
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*listen, *data, !*noGate, *withStdin); err != nil {
		fmt.Fprintln(os.Stderr, "devdb:", err)
		os.Exit(1)
	}
}

func run(listen, data string, gated, withStdin bool) error {
	// Installed first so a signal during startup still shuts down cleanly.
	sigCtx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if withStdin {
		sigCtx = stopWhenStdinCloses(sigCtx)
	}

	dir, err := prepareDataDir(data)
	if err != nil {
		return err
	}

	// Listening before starting FerretDB makes "port in use" fail fast.
	l, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	defer l.Close()

	// Unix socket paths are limited to ~107 bytes, so keep it short and
	// private rather than under the (possibly long) data directory.
	sockDir, err := os.MkdirTemp("", "cdb")
	if err != nil {
		return err
	}
	defer os.RemoveAll(sockDir)
	sock := filepath.Join(sockDir, "s")

	fdb, err := newFerretDB(dir, sock)
	if err != nil {
		return err
	}

	fdbCtx, cancelFDB := context.WithCancel(context.Background())
	fdbDone := make(chan struct{})
	go func() {
		defer close(fdbDone)
		fdb.Run(fdbCtx)
	}()
	// Run must return before we exit so that SQLite is closed cleanly.
	defer func() {
		cancelFDB()
		<-fdbDone
	}()

	if err := waitForSocket(sigCtx, sock, fdbDone); err != nil {
		if sigCtx.Err() != nil {
			return nil // asked to stop while starting: not a failure
		}
		return err
	}

	gate := NewGate(func() (net.Conn, error) { return net.Dial("unix", sock) }, !gated)
	gate.Lookup = NewFieldLookup(dir)
	defer gate.Close() // runs before FerretDB is stopped: clients go first
	serveErr := make(chan error, 1)
	go func() { serveErr <- gate.Serve(l) }()

	indexCtx, stopIndexing := context.WithCancel(context.Background())
	indexDone := make(chan struct{})
	go func() {
		defer close(indexDone)
		NewIDIndexer(dir, &gate.mu).Run(indexCtx, 200*time.Millisecond)
	}()
	// Stopped before FerretDB (defers run last-in, first-out).
	defer func() {
		stopIndexing()
		<-indexDone
	}()

	// os.Stdout is unbuffered, so the line is out as soon as Println returns.
	fmt.Println(uri(l.Addr()))

	select {
	case <-sigCtx.Done():
		return nil
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-fdbDone:
		return errors.New("FerretDB stopped unexpectedly")
	}
}

// newFerretDB configures FerretDB over SQLite files in dir, serving the Unix socket sock.
// The embedded package disables telemetry itself; nothing here enables it.
func newFerretDB(dir, sock string) (*ferretdb.FerretDB, error) {
	return ferretdb.New(&ferretdb.Config{
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
		Listener:  ferretdb.ListenerConfig{Unix: sock},
		// Error, not Warn: FerretDB warns ~20 times per disconnect about endSessions, which it lacks.
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
	})
}

// prepareDataDir creates dir if needed and checks it is writable now,
// because SQLite would only fail on the first write, long after startup.
func prepareDataDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	// FerretDB parses "file:<dir>/" as a URL without unescaping the path.
	if strings.ContainsAny(abs, "?#%") {
		return "", fmt.Errorf("data directory %q must not contain ?, # or %%", abs)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return "", fmt.Errorf("data directory: %w", err)
	}
	f, err := os.CreateTemp(abs, ".devdb-probe-*")
	if err != nil {
		return "", fmt.Errorf("data directory not writable: %w", err)
	}
	f.Close()
	os.Remove(f.Name())
	return abs, nil
}

// waitForSocket polls until FerretDB accepts connections on sock.
func waitForSocket(ctx context.Context, sock string, fdbDone <-chan struct{}) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.Dial("unix", sock)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("FerretDB did not start: %w", err)
		}
		select {
		case <-ctx.Done():
			return errors.New("interrupted during startup")
		case <-fdbDone:
			return errors.New("FerretDB stopped during startup")
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// uri is what clients use; the listener's own host keeps it truthful.
func uri(addr net.Addr) string {
	return "mongodb://" + addr.String() + "/"
}

// stopWhenStdinCloses cancels the context when standard input reaches EOF.
// The app holds our stdin open; if it dies, even by kill -9, the pipe closes
// and we shut down instead of lingering as an orphan holding the data dir.
func stopWhenStdinCloses(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	return ctx
}
