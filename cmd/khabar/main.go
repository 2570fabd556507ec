// Command khabar cleans and sorts Arabic news text: it finds duplicated
// passages and labels articles by topic. Run "khabar --help".
package main

import (
	"os"

	"github.com/khabar-nlp/khabar/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.System()))
}
