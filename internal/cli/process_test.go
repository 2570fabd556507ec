package cli

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// The real-process tests run this test binary as khabar: with
// KHABAR_TEST_MAIN=1 in its environment it runs Main on the arguments
// after "--" with the process's own streams, and exits with its code.
func TestMain(m *testing.M) {
	if os.Getenv("KHABAR_TEST_MAIN") == "1" {
		args := os.Args[1:]
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		os.Exit(Main(args, System()))
	}
	os.Exit(m.Run())
}

// khabarCmd returns a command that runs khabar with args in a process of
// its own.
func khabarCmd(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	cmd := exec.Command(exe, append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "KHABAR_TEST_MAIN=1")
	return cmd
}

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// inTerminal runs the shell command line in a terminal made by script(1)
// (util-linux), skipping the test when there is none, and returns what
// the terminal showed.
func inTerminal(t *testing.T, line string) string {
	t.Helper()
	if _, err := exec.LookPath("script"); err != nil {
		t.Skip("no script(1) to make a terminal")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	khabar := "KHABAR_TEST_MAIN=1 " + shellQuote(exe) + " -test.run=^$ --"
	cmd := exec.Command("script", "-qec", strings.ReplaceAll(line, "khabar", khabar), "/dev/null")
	cmd.Stdin = strings.NewReader("")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("script -qec %q: %v\n%s", line, err, out)
	}
	return strings.ReplaceAll(string(out), "\r\n", "\n")
}

// TestIsTerminal: /dev/null and a pipe are not terminals, though
// /dev/null is a character device.
func TestIsTerminal(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for name, f := range map[string]*os.File{os.DevNull: null, "a pipe": w} {
		if isTerminal(f) {
			t.Errorf("isTerminal(%s) = true, want false", name)
		}
	}
}

// TestProcessStdin: a real khabar process given no PATH reads a pipe or
// /dev/null on standard input, and runs on the embedded sample pages only
// when standard input is a terminal.
func TestProcessStdin(t *testing.T) {
	dupes := `{"id":"a","text":"داعش يهاجم قرية في شمال العراق ويقتل عشرة"}` + "\n" +
		`{"id":"b","text":"داعش يهاجم قرية في شمال العراق ويقتل عشرة"}` + "\n"
	cmd := khabarCmd(t, "dedup", "--json", "--level", "document", "--format", "jsonl")
	cmd.Stdin = strings.NewReader(dupes)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("khabar dedup < pipe: %v, %s", err, errOut.String())
	}
	if got := clusterLines(t, out.String()); len(got) != 1 || got[0] != "exact: a:1 b:1" {
		t.Errorf("khabar dedup --json --level document < pipe = %q, want the one cluster of the piped documents", got)
	}

	for _, args := range [][]string{{"dedup", "--json"}, {"analyze", "--json"}} {
		null, err := os.Open(os.DevNull)
		if err != nil {
			t.Fatal(err)
		}
		cmd := khabarCmd(t, args...)
		cmd.Stdin = null
		got, err := cmd.Output()
		null.Close()
		if err != nil || strings.Contains(string(got), "000_0a357c2f619dea6d.txt") {
			t.Errorf("khabar %q < /dev/null: %v, output %q; want no sample pages", args, err, got)
		}
	}

	// Standard input a terminal, standard output a pipe: the seeds.
	shown := inTerminal(t, "khabar dedup --json | cat")
	if !strings.Contains(shown, `"doc":"000_0a357c2f619dea6d.txt"`) {
		t.Errorf("khabar dedup --json at a terminal: %q, want the sample pages' clusters", shown)
	}
}

// TestProcessProgress: a real process shows its progress line on a
// terminal's standard error and clears it, keeps standard output (here
// /dev/null, then a file) clean, and shows nothing with --quiet.
func TestProcessProgress(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; i < progressEvery+5; i++ {
		b.WriteString(`{"id":"` + strconv.Itoa(i) + `","text":"نص"}` + "\n")
	}
	in := dir + "/in.jsonl"
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	shown := inTerminal(t, "khabar tokens "+shellQuote(in)+" > /dev/null")
	if !strings.Contains(shown, "\rkhabar: reading: 10,000 documents") || !strings.HasSuffix(shown, "\r\033[K") {
		t.Errorf("khabar tokens at a terminal showed %q, want the progress line, cleared", shown)
	}
	if shown := inTerminal(t, "khabar --quiet tokens "+shellQuote(in)+" > /dev/null"); shown != "" {
		t.Errorf("khabar --quiet tokens at a terminal showed %q, want nothing", shown)
	}
	out := dir + "/out.txt"
	inTerminal(t, "khabar tokens "+shellQuote(in)+" > "+shellQuote(out))
	data, err := os.ReadFile(out)
	if err != nil || strings.ContainsAny(string(data), "\r\033") || strings.Count(string(data), "\n") != progressEvery+5 {
		t.Errorf("khabar tokens > file: %v, %d lines, holds terminal codes: %v", err, strings.Count(string(data), "\n"), strings.ContainsAny(string(data), "\r\033"))
	}
}
