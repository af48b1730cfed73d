package linker

import (
	_ "embed"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"sync"
)

// A small model of the territorial class, beside the rules: a logistic
// regression over the content lemmas of a passage, the concepts of the
// rules' lexicon (pairs of neighbouring lemmas were tried and added
// nothing in cross-validation) and the mean of its content words' GloVe
// vectors, trained on the labelled development passages in
// testdata/territorial-dev (go test -run TestTrainModel -train rewrites
// model.json; training is deterministic, and TestTrainModel checks the
// committed weights against a fresh run).
//
// The vectors (testdata/glove) give the model words it never saw in
// training: "relinquish" lies near "cede". Since the model is linear, the
// weights of the mean vector fold into one number per word, the word's
// Embedding score, and the passage's term is the mean of its words'
// scores; the vectors themselves are needed only to train.

// modelJSON is the committed model.
//
//go:embed model.json
var modelJSON []byte

// model is a trained logistic regression.
type model struct {
	Bias    float64            `json:"bias"`
	Weights map[string]float64 `json:"weights"`
	// Embedding is each vocabulary word's share of the mean-vector term:
	// its vector dotted with the vector weights.
	Embedding map[string]float64 `json:"embedding"`
	// Threshold is the probability above which the model calls a passage
	// territorial.
	Threshold float64 `json:"threshold"`
	// RuleFloor is the probability below which the model overrules a
	// rule's call on a passage that names no region and has at least
	// RuleFloorWords content words.
	RuleFloor      float64 `json:"rule_floor"`
	RuleFloorWords int     `json:"rule_floor_words"`
}

// territorialModel decodes the committed model when it is first asked
// for: about 10 ms, which a program that links no text need not spend.
var territorialModel = sync.OnceValue(func() *model {
	var m model
	if err := json.Unmarshal(modelJSON, &m); err != nil {
		panic("linker: model.json: " + err.Error())
	}
	return &m
})

// conceptNames names the concepts as model features.
var conceptNames = []string{"land", "area", "areaweak", "place", "named", "cede", "strong", "take", "keep", "loss",
	"demand", "claim", "withdraw", "freeze", "line", "war", "border", "bordercue", "status", "occupy", "topic", "now",
	"change", "recognise", "russia", "gains", "guarantee", "belong", "fraction", "country", "constitution", "accept",
	"absorb", "cedealone", "lineword", "move"}

// contentOf returns the words of a passage that the model reads: all but
// stopwords and numbers. It filters ts in place.
func contentOf(ts []token) []token {
	return slices.DeleteFunc(ts, func(t token) bool { return stopwords[t.word] || isNumber(t.word) })
}

// features lists the sparse features of a passage's content words, sorted,
// each once.
func features(ts []token) []string {
	set := map[string]bool{}
	for _, t := range ts {
		set["w:"+t.lemma] = true
		for b := range conceptNames {
			if t.c&(1<<b) != 0 {
				set["c:"+conceptNames[b]] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// isNumber reports whether w is written in digits ("2025", "15.5").
func isNumber(w string) bool {
	return w != "" && strings.Trim(w, "0123456789.,") == ""
}

// meanPrior is how many words of no meaning (zero vectors) the mean starts
// with, so that a passage of a word or two does not stand on that word's
// vector alone: the vector weights were trained on passages of twenty to
// sixty content words.
const meanPrior = 2

// embedded returns the vocabulary form of a content word, its word or else
// its lemma, or "" when the vectors have neither.
func embedded(t token, has func(string) bool) string {
	switch {
	case has(t.word):
		return t.word
	case has(t.lemma):
		return t.lemma
	}
	return ""
}

// probabilityOf is the model's probability that a passage is territorial,
// given its content words.
func (m *model) probabilityOf(ts []token) float64 {
	z := m.Bias
	for _, f := range features(ts) {
		z += m.Weights[f]
	}
	var sum float64
	n := 0
	has := func(w string) bool { _, ok := m.Embedding[w]; return ok }
	for _, t := range ts {
		if w := embedded(t, has); w != "" {
			sum += m.Embedding[w]
			n++
		}
	}
	z += sum / float64(n+meanPrior)
	return 1 / (1 + math.Exp(-z))
}

// ruleStands reports whether a rule's call on a passage that names no
// region stands, given the model's probability p and the passage's number
// of content words.
func (m *model) ruleStands(p float64, words int) bool {
	return p >= m.RuleFloor || words < m.RuleFloorWords
}
