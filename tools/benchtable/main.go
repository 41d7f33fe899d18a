// Command benchtable reads `go test -bench` output on stdin and prints one table: every
// benchmark's figures and, for those the issues set a target for, the reference it is
// held against and whether it meets it. `go tool task bench` pipes into it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go test -run '^$' -bench . -benchmem ./... | go run ./tools/benchtable")
		fmt.Fprintln(flag.CommandLine.Output(), "\nPrints each benchmark's figures and checks the targets the issues set (see targets.go).")
		flag.PrintDefaults()
	}
	echo := flag.Bool("echo", true, "copy the raw go test output to stdout as it arrives")
	flag.Parse()
	results, err := read(os.Stdin, *echo)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(2)
	}
	if !report(os.Stdout, results, targets) {
		os.Exit(1)
	}
}

// read collects the results in r, echoing the lines to stdout when echo is set.
func read(r io.Reader, echo bool) ([]result, error) {
	var out []result
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if echo {
			fmt.Println(line)
		}
		if res, ok := parseLine(line); ok {
			out = append(out, res)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read benchmark output: %w", err)
	}
	return out, nil
}
