package linker

import (
	_ "embed"
	"encoding/json"
	"math"
	"slices"
	"strings"
)

// A small model of the territorial class, beside the rules: a logistic
// regression over the content lemmas of a passage and the concepts of the
// rules' lexicon (pairs of neighbouring lemmas were tried and added
// nothing in cross-validation), trained on the
// labelled development passages in testdata/territorial-dev (go test
// -run TestTrainModel -train rewrites model.json; training is
// deterministic, and TestModelIsTrained checks the committed weights
// against a fresh run).

// modelJSON is the committed model.
//
//go:embed model.json
var modelJSON []byte

// model is a trained logistic regression.
type model struct {
	Bias    float64            `json:"bias"`
	Weights map[string]float64 `json:"weights"`
	// Threshold is the probability above which the model calls a passage
	// territorial.
	Threshold float64 `json:"threshold"`
}

var territorialModel = func() *model {
	var m model
	if err := json.Unmarshal(modelJSON, &m); err != nil {
		panic("linker: model.json: " + err.Error())
	}
	return &m
}()

// conceptNames names the concepts as model features.
var conceptNames = []string{"land", "area", "areaweak", "place", "named", "cede", "strong", "take", "keep", "loss",
	"demand", "claim", "withdraw", "freeze", "line", "war", "border", "bordercue", "status", "occupy", "topic", "now",
	"change", "recognise", "russia", "gains", "guarantee", "belong", "fraction", "country", "constitution", "accept",
	"absorb", "cedealone", "lineword", "move"}

// features lists the features of a lowercased passage, sorted, each once.
func features(lower string) []string {
	ts := tokens(lower)
	set := map[string]bool{}
	for _, t := range ts {
		if stopwords[t.word] || isNumber(t.word) {
			continue
		}
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

func isNumber(w string) bool {
	return strings.Trim(w, "0123456789.,") == ""
}

// probability is the model's probability that a passage is territorial.
func (m *model) probability(fs []string) float64 {
	z := m.Bias
	for _, f := range fs {
		z += m.Weights[f]
	}
	return 1 / (1 + math.Exp(-z))
}
