package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// official drives official.mjs: the official automerge-repo clients of the
// latency sample rooms, in one Node process.
type official struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan officialLine
}

type officialPerson struct {
	Name  string `json:"name"`
	Role  string `json:"role"`
	Node  int    `json:"node"`
	Base  string `json:"base"`  // the node's URL: tickets come from there
	Token string `json:"token"` // the person's session
}

type officialRoom struct {
	ID   string `json:"id"`
	Docs struct {
		Code    string `json:"code"`
		Problem string `json:"problem"`
		Notes   string `json:"notes"`
	} `json:"docs"`
	Clients []officialPerson `json:"clients"`
}

type officialConfig struct {
	CollabPackage string         `json:"collabPackage"`
	Debounce      int            `json:"debounce"`
	DurationMs    int64          `json:"durationMs"`
	MinGapMs      int64          `json:"minGapMs"`
	MaxGapMs      int64          `json:"maxGapMs"`
	NotesShare    float64        `json:"notesShare"`
	DrainMs       int64          `json:"drainMs"`
	Rooms         []officialRoom `json:"rooms"`
}

// officialLine is any line official.mjs writes.
type officialLine struct {
	Type       string         `json:"type"`
	ConnectMs  int64          `json:"connectMs"`
	Samples    [][5]float64   `json:"samples"` // ms, sender's node, receiver's node, notes, ms since typing began
	Problems   []string       `json:"problems"`
	Final      map[string]int `json:"final"` // document URL → characters the clients hold
	Reconnects []struct {
		Name   string `json:"name"`
		At     *int64 `json:"at"`
		Closed int    `json:"closed"`
		Reason string `json:"reason"`
	} `json:"reconnects"`
	ConvergeMs     int64   `json:"convergeMs"`
	Keystrokes     int     `json:"keystrokes"`
	TypingMs       int64   `json:"typingMs"`
	CPUS           float64 `json:"cpuS"`
	LoopDelayP99Ms float64 `json:"loopDelayP99Ms"`
	LateP99Ms      float64 `json:"lateP99Ms"`
	err            error
}

// startOfficial starts node on official.mjs with cfg; the clients connect
// at once (ready), and type after begin.
func startOfficial(ctx context.Context, dir string, cfg officialConfig) (*official, error) {
	cmd := exec.CommandContext(ctx, "node", filepath.Join(dir, "official.mjs"))
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	o := &official{cmd: cmd, stdin: stdin, lines: make(chan officialLine, 4)}
	go func() {
		defer close(o.lines)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			var l officialLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				line := sc.Text()
				if len(line) > 300 {
					line = line[:300] + "…"
				}
				l = officialLine{Type: "error", err: fmt.Errorf("official.mjs wrote a line this cannot read (%v): %s", err, line)}
			}
			o.lines <- l
		}
	}()
	b, _ := json.Marshal(cfg)
	if _, err := stdin.Write(append(b, '\n')); err != nil {
		o.kill()
		return nil, err
	}
	return o, nil
}

// next waits for the next line of type want.
func (o *official) next(want string, timeout time.Duration) (officialLine, error) {
	select {
	case l, ok := <-o.lines:
		switch {
		case !ok:
			return l, fmt.Errorf("official.mjs ended before %q", want)
		case l.err != nil:
			return l, l.err
		case l.Type != want:
			return l, fmt.Errorf("official.mjs: got %q, want %q", l.Type, want)
		}
		return l, nil
	case <-time.After(timeout):
		return officialLine{}, fmt.Errorf("official.mjs: no %q in %s", want, timeout)
	}
}

func (o *official) begin() error {
	_, err := io.WriteString(o.stdin, "start\n")
	return err
}

// cpuSec is the Node process's CPU so far (its own clock: it is our child).
func (o *official) cpuSec() float64 {
	st, _ := readStat(o.cmd.Process.Pid)
	return st.cpuSec
}

func (o *official) kill() {
	_ = o.stdin.Close()
	if o.cmd.Process != nil {
		_ = o.cmd.Process.Kill()
	}
	_ = o.cmd.Wait()
}
