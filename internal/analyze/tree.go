package analyze

// DefaultTrees are the boosted trees of the default boundary model, fitted
// with DefaultWeights by "bash bench/pages.sh fit" (see "Boosted trees" in
// segment.go).
var DefaultTrees = []Tree{}
